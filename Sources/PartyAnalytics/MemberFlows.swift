import GRDB
import PartyModel

/// Member flows between two years, matched by usable ID among counted rows (SPEC §5).
///
/// The identity `to = from + joined − left + without_id_to − without_id_from` holds
/// whenever usable IDs are unique among each year's counted members.
public struct MemberFlows: Codable, Sendable, Equatable {
    /// Counted members in the earlier year.
    public var from: Int
    /// Counted members in the later year.
    public var to: Int
    /// IDs counted in the later year and not in the earlier one.
    public var joined: Int
    /// IDs counted in the earlier year and not in the later one.
    public var left: Int
    /// IDs counted in both years with different townships.
    public var transferred: Int
    /// Counted rows without a usable ID in the earlier year.
    public var withoutIDFrom: Int
    /// Counted rows without a usable ID in the later year.
    public var withoutIDTo: Int
    /// False above the county (members from forms, not matched by ID): only `from` and
    /// `to` are known, and the JSON has only them.
    public var matchedByID = true

    enum CodingKeys: String, CodingKey {
        case from, to, joined, left, transferred, arithmetic
        case withoutIDFrom = "without_id_from"
        case withoutIDTo = "without_id_to"
    }

    /// Creates flows from their counts.
    public init(from: Int, to: Int, joined: Int, left: Int, transferred: Int, withoutIDFrom: Int, withoutIDTo: Int) {
        self.from = from
        self.to = to
        self.joined = joined
        self.left = left
        self.transferred = transferred
        self.withoutIDFrom = withoutIDFrom
        self.withoutIDTo = withoutIDTo
    }

    /// Whether `to == from + joined − left + withoutIDTo − withoutIDFrom`.
    public var identityHolds: Bool {
        to == from + joined - left + withoutIDTo - withoutIDFrom
    }

    /// The identity written out, e.g. `35,494 = 35,000 + 1,200 − 800 + 120 − 26`.
    /// When it fails, `≠` replaces `=`.
    public var arithmetic: String {
        "\(groupedNumber(to)) \(identityHolds ? "=" : "≠") \(groupedNumber(from)) + \(groupedNumber(joined)) − "
            + "\(groupedNumber(left)) + \(groupedNumber(withoutIDTo)) − \(groupedNumber(withoutIDFrom))"
    }

    /// Decodes the JSON form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        from = try c.decode(Int.self, forKey: .from)
        to = try c.decode(Int.self, forKey: .to)
        joined = try c.decode(Int.self, forKey: .joined)
        left = try c.decode(Int.self, forKey: .left)
        transferred = try c.decode(Int.self, forKey: .transferred)
        withoutIDFrom = try c.decode(Int.self, forKey: .withoutIDFrom)
        withoutIDTo = try c.decode(Int.self, forKey: .withoutIDTo)
    }

    /// Encodes the JSON form of SPEC §6 (snake_case keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        guard matchedByID else { return }
        try c.encode(joined, forKey: .joined)
        try c.encode(left, forKey: .left)
        try c.encode(transferred, forKey: .transferred)
        try c.encode(withoutIDFrom, forKey: .withoutIDFrom)
        try c.encode(withoutIDTo, forKey: .withoutIDTo)
        try c.encode(arithmetic, forKey: .arithmetic)
    }

    /// Counts the county-wide flows: the sum of the per-township flows.
    static func count(_ db: Database, from x: Int, to y: Int) throws -> MemberFlows {
        try county(TownshipFlows.byTownship(db, from: x, to: y))
    }

    /// The county-wide flows of per-township flows.
    static func county(_ flows: [String: TownshipFlows]) -> MemberFlows {
        let all = flows.values
        func sum(_ path: KeyPath<TownshipFlows, Int>) -> Int { all.reduce(0) { $0 + $1[keyPath: path] } }
        return MemberFlows(from: sum(\.membersFrom), to: sum(\.membersTo), joined: sum(\.joined), left: sum(\.left),
                           transferred: sum(\.transferredIn), withoutIDFrom: sum(\.withoutIDFrom),
                           withoutIDTo: sum(\.withoutIDTo))
    }
}

/// Per-township flow counts (townships matched across years by `TownshipName.key`).
struct TownshipFlows {
    var membersFrom = 0, membersTo = 0
    var joined = 0, left = 0, transferredIn = 0, transferredOut = 0
    var withoutIDFrom = 0, withoutIDTo = 0

    /// Flows per township key, from two aggregate queries.
    ///
    /// Usable IDs are matched by one `GROUP BY id_number` over a sequential scan of both
    /// years (no per-row index lookups, so a 5M-member year costs one sort, not 5M
    /// random reads); each ID yields its township in X and in Y (NULL when absent).
    static func byTownship(_ db: Database, from x: Int, to y: Int) throws -> [String: TownshipFlows] {
        var flows: [String: TownshipFlows] = [:]
        let arguments: StatementArguments = ["x": x, "y": y]
        let counts = try Row.fetchCursor(db, sql: """
            SELECT year, township, COUNT(*), SUM(CASE WHEN id_number IS NULL THEN 1 ELSE 0 END)
            FROM member NOT INDEXED WHERE year IN (:x, :y) AND duplicate_of IS NULL GROUP BY year, township
            """, arguments: arguments)
        while let row = try counts.next() {
            let year: Int = row[0]
            let key = TownshipName.key(row[1])
            let n: Int = row[2], withoutID: Int = row[3]
            if year == x {
                flows[key, default: TownshipFlows()].membersFrom += n
                flows[key, default: TownshipFlows()].withoutIDFrom += withoutID
            } else {
                flows[key, default: TownshipFlows()].membersTo += n
                flows[key, default: TownshipFlows()].withoutIDTo += withoutID
            }
        }
        let pairs = try Row.fetchCursor(db, sql: """
            SELECT tf, tt, COUNT(*) FROM (
                SELECT MAX(CASE WHEN year = :x THEN township END) AS tf,
                       MAX(CASE WHEN year = :y THEN township END) AS tt
                FROM member NOT INDEXED
                WHERE year IN (:x, :y) AND duplicate_of IS NULL AND id_number IS NOT NULL
                GROUP BY id_number)
            GROUP BY tf, tt
            """, arguments: arguments)
        while let row = try pairs.next() {
            let from = (row[0] as String?).map(TownshipName.key)
            let to = (row[1] as String?).map(TownshipName.key)
            let n: Int = row[2]
            switch (from, to) {
            case (nil, let to?): flows[to, default: TownshipFlows()].joined += n
            case (let from?, nil): flows[from, default: TownshipFlows()].left += n
            case let (from?, to?) where from != to:
                flows[from, default: TownshipFlows()].transferredOut += n
                flows[to, default: TownshipFlows()].transferredIn += n
            default: break
            }
        }
        return flows
    }

    /// `to = from + joined − left + in − out + without_id_to − without_id_from`.
    var identityHolds: Bool {
        membersTo == membersFrom + joined - left + transferredIn - transferredOut + withoutIDTo - withoutIDFrom
    }
}
