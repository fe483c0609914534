/// Year-over-year comparison (SPEC §5), the `partystats compare --json` document.
public struct YearComparison: Codable, Sendable, Equatable {
    /// The earlier year.
    public var from: Int
    /// The later year.
    public var to: Int
    /// County-wide member flows; JSON adds the `arithmetic` string of the identity.
    public var members: MemberFlows
    /// Every numeric indicator of both years with delta and relative change.
    public var indicators: [IndicatorChange]
    /// Members per township in both years with their flows.
    public var townships: [TownshipChange]
    /// Above the county: the level (JSON `level`, absent in a county store).
    public var rollUp: RollUpInfo?

    enum CodingKeys: String, CodingKey {
        case from, to, members, indicators, townships
        case rollUp = "level"
    }

    /// Creates a comparison from its parts (normally done by `compare(store:from:to:)`).
    public init(from: Int, to: Int, members: MemberFlows, indicators: [IndicatorChange], townships: [TownshipChange]) {
        self.from = from
        self.to = to
        self.members = members
        self.indicators = indicators
        self.townships = townships
    }
}

/// The unit of an indicator value, which decides its JSON form.
public enum IndicatorUnit: String, Codable, Sendable {
    /// A count (JSON integer).
    case count
    /// A 0–1 ratio (JSON number).
    case ratio
    /// Money (JSON decimal string in 元, two places).
    case yuan
}

/// One numeric indicator value.
public enum IndicatorValue: Sendable, Equatable {
    /// A count of members, organisations, units or records.
    case count(Int)
    /// A 0–1 ratio.
    case ratio(Double)
    /// An amount of money in fen.
    case fen(Int64)

    /// The value as a `Double` (money in 元).
    public var doubleValue: Double {
        switch self {
        case .count(let n): Double(n)
        case .ratio(let r): r
        case .fen(let f): Double(f) / 100
        }
    }

    /// `self − other`, in the same unit.
    func minus(_ other: IndicatorValue) -> IndicatorValue {
        switch (self, other) {
        case let (.count(a), .count(b)): .count(a - b)
        case let (.fen(a), .fen(b)): .fen(a - b)
        default: .ratio(doubleValue - other.doubleValue)
        }
    }

    func encode(to c: inout KeyedEncodingContainer<IndicatorChange.CodingKeys>,
                forKey key: IndicatorChange.CodingKeys) throws {
        switch self {
        case .count(let n): try c.encode(n, forKey: key)
        case .ratio(let r): try c.encode(r, forKey: key)
        case .fen(let f): try c.encode(yuanString(fen: f), forKey: key)
        }
    }

    static func decode(_ c: KeyedDecodingContainer<IndicatorChange.CodingKeys>, _ key: IndicatorChange.CodingKeys,
                       unit: IndicatorUnit) throws -> IndicatorValue? {
        switch unit {
        case .count: try c.decodeIfPresent(Int.self, forKey: key).map(IndicatorValue.count)
        case .ratio: try c.decodeIfPresent(Double.self, forKey: key).map(IndicatorValue.ratio)
        case .yuan: try c.decodeIfPresent(String.self, forKey: key).map { .fen(try decodeYuan($0, in: c, key: key)) }
        }
    }
}

/// One indicator in both years.
public struct IndicatorChange: Codable, Sendable, Equatable {
    /// Stable dotted name, e.g. `members.total`, `coverage.by_category.农村.ratio`, `funding.total`.
    public var name: String
    /// Chinese label for tables, e.g. `党员总数`.
    public var label: String
    /// The unit (count, ratio, yuan).
    public var unit: IndicatorUnit
    /// Value in the earlier year; `nil` when undefined (a ratio over 0, an unreported column).
    public var from: IndicatorValue?
    /// Value in the later year; `nil` when undefined.
    public var to: IndicatorValue?
    /// `to − from` in the same unit; `nil` when either is `nil`.
    public var delta: IndicatorValue? {
        guard let from, let to else { return nil }
        return to.minus(from)
    }
    /// `(to − from) / from`; `nil` when either is `nil` or `from` is 0.
    public var change: Double? {
        guard let from, let to, from.doubleValue != 0 else { return nil }
        return (to.doubleValue - from.doubleValue) / from.doubleValue
    }

    enum CodingKeys: String, CodingKey { case name, label, unit, from, to, delta, change }

    /// Creates an indicator row.
    public init(name: String, label: String, unit: IndicatorUnit, from: IndicatorValue?, to: IndicatorValue?) {
        self.name = name
        self.label = label
        self.unit = unit
        self.from = from
        self.to = to
    }

    /// Decodes the JSON form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        label = try c.decode(String.self, forKey: .label)
        unit = try c.decode(IndicatorUnit.self, forKey: .unit)
        from = try IndicatorValue.decode(c, .from, unit: unit)
        to = try IndicatorValue.decode(c, .to, unit: unit)
    }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(label, forKey: .label)
        try c.encode(unit, forKey: .unit)
        for (key, value) in [(CodingKeys.from, from), (.to, to), (.delta, delta)] {
            if let value { try value.encode(to: &c, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
        try c.encode(change, forKey: .change)
    }
}

/// Members of one township in both years, with its flows.
///
/// `members_to = members_from + joined − left + transferred_in − transferred_out
/// + without_id_to − without_id_from`.
public struct TownshipChange: Codable, Sendable, Equatable {
    /// Display name (the later year's spelling when the township is in both).
    public var township: String
    /// Counted members in the earlier year.
    public var membersFrom: Int
    /// Counted members in the later year.
    public var membersTo: Int
    /// IDs new to the county, counted here in the later year.
    public var joined: Int
    /// IDs counted here in the earlier year and absent from the county in the later one.
    public var left: Int
    /// IDs counted elsewhere in the earlier year and here in the later one.
    public var transferredIn: Int
    /// IDs counted here in the earlier year and elsewhere in the later one.
    public var transferredOut: Int
    /// Counted rows without a usable ID here in the earlier year.
    public var withoutIDFrom: Int
    /// Counted rows without a usable ID here in the later year.
    public var withoutIDTo: Int
    /// False above the county, where members come from forms and are not matched by ID:
    /// the flows are unknown and left out of the JSON.
    public var matchedByID = true
    /// `membersTo − membersFrom`.
    public var delta: Int { membersTo - membersFrom }
    /// `delta / membersFrom`, `nil` when `membersFrom` is 0.
    public var change: Double? { ratio(delta, membersFrom) }

    enum CodingKeys: String, CodingKey {
        case township, joined, left, delta, change
        case membersFrom = "members_from"
        case membersTo = "members_to"
        case transferredIn = "transferred_in"
        case transferredOut = "transferred_out"
        case withoutIDFrom = "without_id_from"
        case withoutIDTo = "without_id_to"
    }

    /// Creates a township row.
    public init(township: String, membersFrom: Int, membersTo: Int, joined: Int, left: Int,
                transferredIn: Int, transferredOut: Int, withoutIDFrom: Int, withoutIDTo: Int) {
        self.township = township
        self.membersFrom = membersFrom
        self.membersTo = membersTo
        self.joined = joined
        self.left = left
        self.transferredIn = transferredIn
        self.transferredOut = transferredOut
        self.withoutIDFrom = withoutIDFrom
        self.withoutIDTo = withoutIDTo
    }

    /// Decodes the JSON form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        township = try c.decode(String.self, forKey: .township)
        membersFrom = try c.decode(Int.self, forKey: .membersFrom)
        membersTo = try c.decode(Int.self, forKey: .membersTo)
        joined = try c.decode(Int.self, forKey: .joined)
        left = try c.decode(Int.self, forKey: .left)
        transferredIn = try c.decode(Int.self, forKey: .transferredIn)
        transferredOut = try c.decode(Int.self, forKey: .transferredOut)
        withoutIDFrom = try c.decode(Int.self, forKey: .withoutIDFrom)
        withoutIDTo = try c.decode(Int.self, forKey: .withoutIDTo)
    }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(township, forKey: .township)
        try c.encode(membersFrom, forKey: .membersFrom)
        try c.encode(membersTo, forKey: .membersTo)
        try c.encode(delta, forKey: .delta)
        try c.encode(change, forKey: .change)
        // Above the county members are not matched by ID: no flows to show.
        guard matchedByID else { return }
        try c.encode(joined, forKey: .joined)
        try c.encode(left, forKey: .left)
        try c.encode(transferredIn, forKey: .transferredIn)
        try c.encode(transferredOut, forKey: .transferredOut)
        try c.encode(withoutIDFrom, forKey: .withoutIDFrom)
        try c.encode(withoutIDTo, forKey: .withoutIDTo)
    }
}
