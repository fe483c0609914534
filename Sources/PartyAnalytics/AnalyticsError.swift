import PartyModel

/// A failure while computing indicators or comparing years (`year.missing`,
/// `flows.identity`, …), printed as one line.
public typealias AnalyticsError = CodedError
