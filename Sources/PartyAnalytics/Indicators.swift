/// The SPEC §5 indicators of one report year, computed by `computeIndicators(store:year:)`.
///
/// Encoded as the `partystats indicators --json` document (see `docs/json-schema.md`).
/// Money is kept as integer fen in Swift and written to JSON as a decimal string in 元.
public struct Indicators: Codable, Sendable, Equatable {
    /// The report year.
    public var year: Int
    /// Counted members (rows with `duplicate_of IS NULL`).
    public var members: MemberCounts
    /// Each member count except the total divided by `members.total`; `nil` when the total is 0.
    public var ratios: MemberRatios
    /// Age at Y-12-31 in the bands of SPEC §5, then `unknown`.
    public var ageBands: [Bucket]
    /// Joining date periods of SPEC §5, then `unknown`.
    public var joiningPeriods: [Bucket]
    /// Members by canonical education level (`未知` when blank).
    public var education: [String: Int]
    /// Members by occupation as written (`未知` when blank).
    public var occupation: [String: Int]
    /// Members by gender (`男`, `女`, `未知`).
    public var gender: [String: Int]
    /// Members by ethnicity (`未知` when blank).
    public var ethnicity: [String: Int]
    /// Counted mobile members by destination as written (`未知` when blank).
    public var mobileDestinations: [String: Int]
    /// Sums over the year's branch returns.
    public var organisations: Organisations
    /// Sums over the year's branch returns per unit category (`未注明` without a category).
    public var organisationsByCategory: [String: Organisations]
    /// Organisation coverage, overall and per unit category.
    public var coverage: Coverage
    /// Townships with a party-member service centre.
    public var serviceCentres: ServiceCentreCoverage
    /// Assistance disbursements.
    public var funding: Funding
    /// Every figure per township, in branch-return order, then other townships by name.
    public var townships: [TownshipIndicators]
    /// Cross-table checks (表内/表间审核).
    public var checks: [Check]
    /// People on the rosters who are no longer members, counted apart (not in `members`).
    public var formerMembers = FormerMembers()
    /// Above the county: the level and what its forms leave out (JSON `level`; nil, and
    /// absent from the JSON, in a county store).
    public var rollUp: RollUpInfo?

    enum CodingKeys: String, CodingKey {
        case year, members, ratios, education, occupation, gender, ethnicity, organisations,
             coverage, funding, townships, checks
        case ageBands = "age_bands"
        case joiningPeriods = "joining_periods"
        case serviceCentres = "service_centres"
        case mobileDestinations = "mobile_destinations"
        case organisationsByCategory = "organisations_by_category"
        case formerMembers = "former_members"
        case rollUp = "level"
    }

    /// Creates indicators from their parts (normally done by `computeIndicators`).
    public init(year: Int, members: MemberCounts, ageBands: [Bucket], joiningPeriods: [Bucket],
                education: [String: Int], occupation: [String: Int], gender: [String: Int],
                ethnicity: [String: Int], mobileDestinations: [String: Int],
                organisations: Organisations, organisationsByCategory: [String: Organisations], coverage: Coverage,
                serviceCentres: ServiceCentreCoverage, funding: Funding,
                townships: [TownshipIndicators], checks: [Check]) {
        self.year = year
        self.members = members
        self.ratios = MemberRatios(members)
        self.ageBands = ageBands
        self.joiningPeriods = joiningPeriods
        self.education = education
        self.occupation = occupation
        self.gender = gender
        self.ethnicity = ethnicity
        self.mobileDestinations = mobileDestinations
        self.organisations = organisations
        self.organisationsByCategory = organisationsByCategory
        self.coverage = coverage
        self.serviceCentres = serviceCentres
        self.funding = funding
        self.townships = townships
        self.checks = checks
    }
}

/// Member counts of SPEC §5 (for the county or for one township).
public struct MemberCounts: Codable, Sendable, Equatable {
    /// Counted members.
    public var total = 0
    /// `gender = 女`.
    public var women = 0
    /// Ethnicity known and not 汉族.
    public var minority = 0
    /// `is_rural`, or `branch_category` 农村 when `is_rural` was not in the return.
    public var rural = 0
    /// `is_mobile`.
    public var mobile = 0
    /// `lost_contact`.
    public var lostContact = 0
    /// `hardship`.
    public var hardship = 0
    /// `status = 预备党员`.
    public var probationary = 0
    /// 大专及以上: 研究生, 大学本科, 大学专科.
    public var college = 0
    /// JSON keys left out of the encoding: the counts a higher level's forms do not
    /// carry (`Indicators.rollUp`); empty in a county store.
    public var omitted: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case total, women, minority, rural, mobile, hardship, probationary, college
        case lostContact = "lost_contact"
    }

    /// All counts zero.
    public init() {}

    /// Decodes the JSON form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        total = try c.decode(Int.self, forKey: .total)
        women = try c.decodeIfPresent(Int.self, forKey: .women) ?? 0
        minority = try c.decodeIfPresent(Int.self, forKey: .minority) ?? 0
        rural = try c.decodeIfPresent(Int.self, forKey: .rural) ?? 0
        mobile = try c.decodeIfPresent(Int.self, forKey: .mobile) ?? 0
        lostContact = try c.decodeIfPresent(Int.self, forKey: .lostContact) ?? 0
        hardship = try c.decodeIfPresent(Int.self, forKey: .hardship) ?? 0
        probationary = try c.decodeIfPresent(Int.self, forKey: .probationary) ?? 0
        college = try c.decodeIfPresent(Int.self, forKey: .college) ?? 0
    }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for (name, value) in fields where !omitted.contains(name) {
            try c.encode(value, forKey: CodingKeys(rawValue: name)!)
        }
    }

    /// The counts as (JSON key, value) pairs in SPEC order.
    public var fields: [(name: String, value: Int)] {
        [("total", total), ("women", women), ("minority", minority), ("rural", rural),
         ("mobile", mobile), ("lost_contact", lostContact), ("hardship", hardship),
         ("probationary", probationary), ("college", college)]
    }

    static func + (a: MemberCounts, b: MemberCounts) -> MemberCounts {
        var c = MemberCounts()
        c.total = a.total + b.total
        c.women = a.women + b.women
        c.minority = a.minority + b.minority
        c.rural = a.rural + b.rural
        c.mobile = a.mobile + b.mobile
        c.lostContact = a.lostContact + b.lostContact
        c.hardship = a.hardship + b.hardship
        c.probationary = a.probationary + b.probationary
        c.college = a.college + b.college
        return c
    }
}

/// `MemberCounts` divided by the total: 0–1, `nil` (JSON `null`) when the total is 0.
/// Every count except `total` itself.
public struct MemberRatios: Codable, Sendable, Equatable {
    /// Women per member.
    public var women: Double?
    /// Members of a minority (not 汉族) per member.
    public var minority: Double?
    /// Rural members per member.
    public var rural: Double?
    /// Mobile members per member.
    public var mobile: Double?
    /// Members out of contact per member.
    public var lostContact: Double?
    /// Members in hardship per member.
    public var hardship: Double?
    /// Probationary members per member.
    public var probationary: Double?
    /// Members with 大专及以上 per member.
    public var college: Double?
    /// JSON keys left out (as `MemberCounts.omitted`).
    public var omitted: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case women, minority, rural, mobile, hardship, probationary, college
        case lostContact = "lost_contact"
    }

    /// Ratios of `counts` to `counts.total`.
    public init(_ counts: MemberCounts) {
        let t = counts.total
        women = ratio(counts.women, t)
        minority = ratio(counts.minority, t)
        rural = ratio(counts.rural, t)
        mobile = ratio(counts.mobile, t)
        lostContact = ratio(counts.lostContact, t)
        hardship = ratio(counts.hardship, t)
        probationary = ratio(counts.probationary, t)
        college = ratio(counts.college, t)
    }

    /// The ratios as (JSON key, value) pairs in SPEC order.
    public var fields: [(name: String, value: Double?)] {
        [("women", women), ("minority", minority), ("rural", rural),
         ("mobile", mobile), ("lost_contact", lostContact), ("hardship", hardship),
         ("probationary", probationary), ("college", college)]
    }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for (name, value) in fields where !omitted.contains(name) {
            try c.encode(value, forKey: CodingKeys(rawValue: name)!)
        }
    }
}

/// One bucket of an ordered breakdown (age band, joining period).
public struct Bucket: Codable, Sendable, Equatable {
    /// Stable ASCII key, e.g. `<=30`, `31-35`, `>=61`, `unknown`.
    public var key: String
    /// Chinese label for tables, e.g. `30岁及以下`.
    public var label: String
    /// Counted members in the bucket.
    public var members: Int

    /// Creates a bucket.
    public init(key: String, label: String, members: Int) {
        self.key = key
        self.label = label
        self.members = members
    }
}

/// Sums over branch returns (for the county or one township).
public struct Organisations: Codable, Sendable, Equatable {
    /// 党委.
    public var committees = 0
    /// 党总支.
    public var generalBranches = 0
    /// 党支部.
    public var branches = 0
    /// Members reported by the branch returns; `nil` when no return had the column.
    public var membersReported: Int?
    /// Organisations of 党组织概况表 sheets by type (党委, 党总支, 党支部, 联合党支部,
    /// 临时党支部 …); `nil` when no such sheet was imported (then absent from the JSON).
    public var byType: [String: Int]?

    enum CodingKeys: String, CodingKey {
        case committees, branches
        case generalBranches = "general_branches"
        case membersReported = "members_reported"
        case byType = "by_type"
    }

    /// All zero, nothing reported.
    public init() {}

    static func + (a: Organisations, b: Organisations) -> Organisations {
        var c = Organisations()
        c.committees = a.committees + b.committees
        c.generalBranches = a.generalBranches + b.generalBranches
        c.branches = a.branches + b.branches
        switch (a.membersReported, b.membersReported) {
        case (nil, nil): c.membersReported = nil
        case let (x, y): c.membersReported = (x ?? 0) + (y ?? 0)
        }
        if a.byType != nil || b.byType != nil {
            c.byType = (a.byType ?? [:]).merging(b.byType ?? [:], uniquingKeysWith: +)
        }
        return c
    }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(committees, forKey: .committees)
        try c.encode(generalBranches, forKey: .generalBranches)
        try c.encode(branches, forKey: .branches)
        try c.encode(membersReported, forKey: .membersReported)
        try c.encodeIfPresent(byType, forKey: .byType)
    }
}

/// Units with a party organisation among all units.
public struct CoverageFigure: Codable, Sendable, Equatable {
    /// Units (单位总数).
    public var units = 0
    /// Units with a party organisation (已建立党组织单位数).
    public var covered = 0
    /// `covered / units`, `nil` when `units` is 0.
    public var ratio: Double? { PartyAnalytics.ratio(covered, units) }

    enum CodingKeys: String, CodingKey { case units, covered, ratio }

    /// Creates a figure.
    public init(units: Int = 0, covered: Int = 0) {
        self.units = units
        self.covered = covered
    }

    /// Decodes the JSON form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        units = try c.decode(Int.self, forKey: .units)
        covered = try c.decode(Int.self, forKey: .covered)
    }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(units, forKey: .units)
        try c.encode(covered, forKey: .covered)
        try c.encode(ratio, forKey: .ratio)
    }

    static func + (a: CoverageFigure, b: CoverageFigure) -> CoverageFigure {
        CoverageFigure(units: a.units + b.units, covered: a.covered + b.covered)
    }
}

/// Coverage overall and per unit category (`未注明` when the return has no category).
public struct Coverage: Codable, Sendable, Equatable {
    /// All categories together.
    public var overall: CoverageFigure
    /// Per canonical category name (or as written when unknown).
    public var byCategory: [String: CoverageFigure]

    enum CodingKeys: String, CodingKey {
        case overall
        case byCategory = "by_category"
    }

    /// Creates coverage figures.
    public init(overall: CoverageFigure, byCategory: [String: CoverageFigure]) {
        self.overall = overall
        self.byCategory = byCategory
    }
}

/// Service-centre coverage: townships with a centre / townships in the branch returns.
public struct ServiceCentreCoverage: Codable, Sendable, Equatable {
    /// Townships in the year's branch returns.
    public var townships: Int
    /// Townships whose returns report at least one centre; `nil` when no return had the column.
    public var withCentre: Int?
    /// Sum of the service-centre column (number of centres); `nil` when absent.
    public var centres: Int?
    /// `withCentre / townships`; `nil` when either is unknown or `townships` is 0.
    public var ratio: Double? { withCentre.flatMap { PartyAnalytics.ratio($0, townships) } }

    enum CodingKeys: String, CodingKey {
        case townships, centres, ratio
        case withCentre = "with_centre"
    }

    /// Creates a figure.
    public init(townships: Int, withCentre: Int?, centres: Int?) {
        self.townships = townships
        self.withCentre = withCentre
        self.centres = centres
    }

    /// Decodes the JSON form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        townships = try c.decode(Int.self, forKey: .townships)
        withCentre = try c.decodeIfPresent(Int.self, forKey: .withCentre)
        centres = try c.decodeIfPresent(Int.self, forKey: .centres)
    }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(townships, forKey: .townships)
        try c.encode(withCentre, forKey: .withCentre)
        try c.encode(centres, forKey: .centres)
        try c.encode(ratio, forKey: .ratio)
    }
}

/// `part / whole`, or `nil` when `whole` is 0.
func ratio(_ part: Int, _ whole: Int) -> Double? {
    whole == 0 ? nil : Double(part) / Double(whole)
}
