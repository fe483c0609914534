import PartyModel

/// Every indicator for one township.
///
/// JSON keeps the flat SPEC §6 keys (`members` is the total, `mobile`, `mobile_ratio`,
/// `rural`, `funding` as a 元 string, `members_reported`) and adds the full breakdowns.
public struct TownshipIndicators: Codable, Sendable, Equatable {
    /// Display name (the branch return's spelling), or `未知`.
    public var township: String
    /// Counted members of the township's roster rows.
    public var members: MemberCounts
    /// Ratios to the township's counted members.
    public var ratios: MemberRatios { MemberRatios(members) }
    /// Age bands at Y-12-31.
    public var ageBands: [Bucket]
    /// Joining periods.
    public var joiningPeriods: [Bucket]
    /// Members by education level.
    public var education: [String: Int]
    /// Members by occupation.
    public var occupation: [String: Int]
    /// Members by gender.
    public var gender: [String: Int]
    /// Members by ethnicity.
    public var ethnicity: [String: Int]
    /// Counted mobile members by destination.
    public var mobileDestinations: [String: Int]
    /// Sums over the township's branch-return rows.
    public var organisations: Organisations
    /// Coverage over the township's branch-return rows.
    public var coverage: CoverageFigure
    /// Sum of the service-centre column; `nil` when the township's returns lack it.
    public var serviceCentres: Int?
    /// Disbursements attributed to the township.
    public var funding: FundingFigures

    enum CodingKeys: String, CodingKey {
        case township, members, women, minority, rural, mobile, hardship, probationary, college
        case lostContact = "lost_contact"
        case mobileRatio = "mobile_ratio"
        case ruralRatio = "rural_ratio"
        case membersReported = "members_reported"
        case funding
        case fundingDetail = "funding_detail"
        case ratios, education, occupation, gender, ethnicity, organisations, coverage
        case ageBands = "age_bands"
        case joiningPeriods = "joining_periods"
        case serviceCentres = "service_centres"
        case mobileDestinations = "mobile_destinations"
    }

    /// Creates a township's indicators.
    public init(township: String, members: MemberCounts, ageBands: [Bucket], joiningPeriods: [Bucket],
                education: [String: Int], occupation: [String: Int], gender: [String: Int],
                ethnicity: [String: Int], mobileDestinations: [String: Int],
                organisations: Organisations, coverage: CoverageFigure,
                serviceCentres: Int?, funding: FundingFigures) {
        self.township = township
        self.members = members
        self.ageBands = ageBands
        self.joiningPeriods = joiningPeriods
        self.education = education
        self.occupation = occupation
        self.gender = gender
        self.ethnicity = ethnicity
        self.mobileDestinations = mobileDestinations
        self.organisations = organisations
        self.coverage = coverage
        self.serviceCentres = serviceCentres
        self.funding = funding
    }

    /// Decodes the JSON form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        township = try c.decode(String.self, forKey: .township)
        var m = MemberCounts()
        m.total = try c.decode(Int.self, forKey: .members)
        m.women = try c.decode(Int.self, forKey: .women)
        m.minority = try c.decode(Int.self, forKey: .minority)
        m.rural = try c.decode(Int.self, forKey: .rural)
        m.mobile = try c.decode(Int.self, forKey: .mobile)
        m.lostContact = try c.decode(Int.self, forKey: .lostContact)
        m.hardship = try c.decode(Int.self, forKey: .hardship)
        m.probationary = try c.decode(Int.self, forKey: .probationary)
        m.college = try c.decode(Int.self, forKey: .college)
        members = m
        ageBands = try c.decode([Bucket].self, forKey: .ageBands)
        joiningPeriods = try c.decode([Bucket].self, forKey: .joiningPeriods)
        education = try c.decode([String: Int].self, forKey: .education)
        occupation = try c.decode([String: Int].self, forKey: .occupation)
        gender = try c.decode([String: Int].self, forKey: .gender)
        ethnicity = try c.decode([String: Int].self, forKey: .ethnicity)
        mobileDestinations = try c.decode([String: Int].self, forKey: .mobileDestinations)
        organisations = try c.decode(Organisations.self, forKey: .organisations)
        coverage = try c.decode(CoverageFigure.self, forKey: .coverage)
        serviceCentres = try c.decodeIfPresent(Int.self, forKey: .serviceCentres)
        funding = try c.decode(FundingFigures.self, forKey: .fundingDetail)
    }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(township, forKey: .township)
        try c.encode(members.total, forKey: .members)
        // Above the county the counts its forms do not carry are left out (`MemberCounts.omitted`).
        for (name, value) in members.fields.dropFirst() where !members.omitted.contains(name) {
            try c.encode(value, forKey: CodingKeys(rawValue: name)!)
        }
        if !members.omitted.contains("mobile") { try c.encode(ratios.mobile, forKey: .mobileRatio) }
        if !members.omitted.contains("rural") { try c.encode(ratios.rural, forKey: .ruralRatio) }
        var ratios = self.ratios
        ratios.omitted = members.omitted
        try c.encode(ratios, forKey: .ratios)
        try c.encode(organisations.membersReported, forKey: .membersReported)
        try c.encode(yuanString(fen: funding.totalFen), forKey: .funding)
        try c.encode(funding, forKey: .fundingDetail)
        try c.encode(ageBands, forKey: .ageBands)
        try c.encode(joiningPeriods, forKey: .joiningPeriods)
        try c.encode(education, forKey: .education)
        try c.encode(occupation, forKey: .occupation)
        try c.encode(gender, forKey: .gender)
        try c.encode(ethnicity, forKey: .ethnicity)
        try c.encode(mobileDestinations, forKey: .mobileDestinations)
        try c.encode(organisations, forKey: .organisations)
        try c.encode(coverage, forKey: .coverage)
        try c.encode(serviceCentres, forKey: .serviceCentres)
    }
}

/// One finding of the cross-table checks.
public struct Check: Codable, Sendable, Equatable {
    /// Stable English code: `total.mismatch`, `members.mismatch`, `member.duplicate`,
    /// `recipient.not_in_roster`, `members.identity`.
    public var code: String
    /// How serious the finding is.
    public var severity: CheckSeverity
    /// Chinese explanation with the figures.
    public var message: String
    /// Where: township, or file · sheet · row · column, or `X→Y` for year identities.
    public var location: String
    /// How many members, rows or amounts the finding covers, when that is a count.
    public var count: Int?

    /// Creates a check finding.
    public init(code: ProblemCode, severity: CheckSeverity, message: String, location: String, count: Int? = nil) {
        self.code = code.rawValue
        self.severity = severity
        self.message = message
        self.location = location
        self.count = count
    }

    enum CodingKeys: String, CodingKey { case code, severity, message, location, count }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(location, forKey: .location)
        try c.encode(count, forKey: .count)
    }
}

/// Severity of a `Check`.
public enum CheckSeverity: String, Codable, Sendable, Comparable {
    /// The store contradicts itself (e.g. the member identity fails).
    case error
    /// The returns disagree with each other; figures may be wrong.
    case warning
    /// Informational, e.g. the year-over-year identity that holds.
    case info

    /// Chinese label for tables.
    public var label: String {
        switch self {
        case .error: "错误"
        case .warning: "警告"
        case .info: "提示"
        }
    }

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        }
    }

    /// Orders severities from the least to the most serious.
    public static func < (a: CheckSeverity, b: CheckSeverity) -> Bool { a.rank < b.rank }
}
