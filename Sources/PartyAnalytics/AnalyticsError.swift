/// A failure while computing indicators or comparing years, printed as one line.
public struct AnalyticsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable English identifier, e.g. `year.missing`, `flows.identity`.
    public var code: String
    /// Chinese message for the user.
    public var message: String

    /// Creates an error with a stable `code` and a Chinese `message`.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }
}
