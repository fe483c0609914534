import PartyModel

/// Assistance-fund figures (for the county, or for one township).
///
/// Amounts are integer fen in Swift; JSON writes them as decimal strings in 元
/// with two places (`"350000.00"`).
public struct FundingFigures: Codable, Sendable, Equatable {
    /// Sum of all disbursements, in fen.
    public var totalFen: Int64 = 0
    /// Number of disbursement rows.
    public var records = 0
    /// Distinct recipients: by `recipient_id`, else by name + township.
    public var recipients = 0
    /// Fen per category (`未注明` when blank).
    public var byCategoryFen: [String: Int64] = [:]
    /// Fen per canonical funding source (`未注明` when blank).
    public var bySourceFen: [String: Int64] = [:]
    /// Fen per month `YYYY-MM` of the payment date (`未知` without a date).
    public var byMonthFen: [String: Int64] = [:]

    enum CodingKeys: String, CodingKey {
        case total, records, recipients
        case byCategory = "by_category"
        case bySource = "by_source"
        case byMonth = "by_month"
    }

    /// No disbursements.
    public init() {}

    /// Decodes the JSON form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        totalFen = try decodeYuan(c.decode(String.self, forKey: .total), in: c, key: .total)
        records = try c.decode(Int.self, forKey: .records)
        recipients = try c.decode(Int.self, forKey: .recipients)
        byCategoryFen = try decodeYuanMap(c, .byCategory)
        bySourceFen = try decodeYuanMap(c, .bySource)
        byMonthFen = try decodeYuanMap(c, .byMonth)
    }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(yuanString(fen: totalFen), forKey: .total)
        try c.encode(records, forKey: .records)
        try c.encode(recipients, forKey: .recipients)
        try c.encode(byCategoryFen.mapValues { yuanString(fen: $0) }, forKey: .byCategory)
        try c.encode(bySourceFen.mapValues { yuanString(fen: $0) }, forKey: .bySource)
        try c.encode(byMonthFen.mapValues { yuanString(fen: $0) }, forKey: .byMonth)
    }
}

/// County-level funding: the figures plus the amount per township.
public struct Funding: Codable, Sendable, Equatable {
    /// Totals, records, recipients and breakdowns.
    public var figures: FundingFigures
    /// Fen per township.
    public var byTownshipFen: [String: Int64]

    /// Sum of all disbursements, in fen.
    public var totalFen: Int64 { figures.totalFen }

    enum CodingKeys: String, CodingKey { case byTownship = "by_township" }

    /// Creates county-level funding figures.
    public init(figures: FundingFigures, byTownshipFen: [String: Int64]) {
        self.figures = figures
        self.byTownshipFen = byTownshipFen
    }

    /// Decodes the JSON form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        figures = try FundingFigures(from: decoder)
        byTownshipFen = try decodeYuanMap(decoder.container(keyedBy: CodingKeys.self), .byTownship)
    }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        try figures.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(byTownshipFen.mapValues { yuanString(fen: $0) }, forKey: .byTownship)
    }
}

/// Fen as a decimal string in 元 with two places (`Fen.yuanString`): `35000000` → `"350000.00"`.
func yuanString(fen: Int64) -> String {
    Fen(rawValue: fen).yuanString
}

func decodeYuan<K: CodingKey>(_ s: String, in c: KeyedDecodingContainer<K>, key: K) throws -> Int64 {
    guard case .success(let v) = Fen.parse(s) else {
        throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not a 元 amount: \(s)")
    }
    return v.rawValue
}

func decodeYuanMap<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> [String: Int64] {
    try c.decode([String: String].self, forKey: key).mapValues { try decodeYuan($0, in: c, key: key) }
}
