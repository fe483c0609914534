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
        "\(groupedNumber(to)) \(identityHolds ? "=" : "≠") \(groupedNumber(from)) + \(groupedNumber(joined)) − \(groupedNumber(left)) + \(groupedNumber(withoutIDTo)) − \(groupedNumber(withoutIDFrom))"
    }

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

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(joined, forKey: .joined)
        try c.encode(left, forKey: .left)
        try c.encode(transferred, forKey: .transferred)
        try c.encode(withoutIDFrom, forKey: .withoutIDFrom)
        try c.encode(withoutIDTo, forKey: .withoutIDTo)
        try c.encode(arithmetic, forKey: .arithmetic)
    }

    /// Counts the county-wide flows with SQL (index `member(year, id_number)`).
    static func count(_ db: Database, from x: Int, to y: Int) throws -> MemberFlows {
        let row = try Row.fetchOne(db, sql: """
            SELECT
              (SELECT COUNT(*) FROM member WHERE year = :x AND duplicate_of IS NULL),
              (SELECT COUNT(*) FROM member WHERE year = :y AND duplicate_of IS NULL),
              (SELECT COUNT(DISTINCT t.id_number) FROM member t
                WHERE t.year = :y AND t.duplicate_of IS NULL AND t.id_number IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM member f WHERE f.year = :x AND f.duplicate_of IS NULL
                                  AND f.id_number = t.id_number)),
              (SELECT COUNT(DISTINCT f.id_number) FROM member f
                WHERE f.year = :x AND f.duplicate_of IS NULL AND f.id_number IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM member t WHERE t.year = :y AND t.duplicate_of IS NULL
                                  AND t.id_number = f.id_number)),
              (SELECT COUNT(*) FROM member WHERE year = :x AND duplicate_of IS NULL AND id_number IS NULL),
              (SELECT COUNT(*) FROM member WHERE year = :y AND duplicate_of IS NULL AND id_number IS NULL)
            """, arguments: ["x": x, "y": y])!
        let transferred = try TownshipFlows.pairs(db, from: x, to: y)
            .filter { TownshipName.key($0.from) != TownshipName.key($0.to) }
            .reduce(0) { $0 + $1.count }
        return MemberFlows(from: row[0], to: row[1], joined: row[2], left: row[3], transferred: transferred,
                           withoutIDFrom: row[4], withoutIDTo: row[5])
    }
}

/// Per-township flow counts used by `compare`.
struct TownshipFlows {
    var membersFrom = 0, membersTo = 0
    var joined = 0, left = 0, transferredIn = 0, transferredOut = 0
    var withoutIDFrom = 0, withoutIDTo = 0

    /// Counted members present (by ID) in both years: (township in X, township in Y, count).
    static func pairs(_ db: Database, from x: Int, to y: Int) throws -> [(from: String, to: String, count: Int)] {
        try Row.fetchAll(db, sql: """
            SELECT f.township, t.township, COUNT(*) FROM member t
            JOIN member f ON f.id_number = t.id_number AND f.year = :x AND f.duplicate_of IS NULL
            WHERE t.year = :y AND t.duplicate_of IS NULL AND t.id_number IS NOT NULL
            GROUP BY f.township, t.township
            """, arguments: ["x": x, "y": y]).map { ($0[0], $0[1], $0[2]) }
    }

    /// Flows per township key.
    static func byTownship(_ db: Database, from x: Int, to y: Int) throws -> [String: TownshipFlows] {
        var flows: [String: TownshipFlows] = [:]
        func add(_ sql: String, _ apply: (inout TownshipFlows, Int) -> Void) throws {
            for row in try Row.fetchAll(db, sql: sql, arguments: ["x": x, "y": y]) {
                apply(&flows[TownshipName.key(row[0]), default: TownshipFlows()], row[1])
            }
        }
        let counted = "duplicate_of IS NULL"
        try add("SELECT township, COUNT(*) FROM member WHERE year = :x AND \(counted) GROUP BY township") { $0.membersFrom += $1 }
        try add("SELECT township, COUNT(*) FROM member WHERE year = :y AND \(counted) GROUP BY township") { $0.membersTo += $1 }
        try add("SELECT township, COUNT(*) FROM member WHERE year = :x AND \(counted) AND id_number IS NULL GROUP BY township") { $0.withoutIDFrom += $1 }
        try add("SELECT township, COUNT(*) FROM member WHERE year = :y AND \(counted) AND id_number IS NULL GROUP BY township") { $0.withoutIDTo += $1 }
        try add("""
            SELECT t.township, COUNT(*) FROM member t
            WHERE t.year = :y AND t.\(counted) AND t.id_number IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM member f WHERE f.year = :x AND f.\(counted) AND f.id_number = t.id_number)
            GROUP BY t.township
            """) { $0.joined += $1 }
        try add("""
            SELECT f.township, COUNT(*) FROM member f
            WHERE f.year = :x AND f.\(counted) AND f.id_number IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM member t WHERE t.year = :y AND t.\(counted) AND t.id_number = f.id_number)
            GROUP BY f.township
            """) { $0.left += $1 }
        for pair in try pairs(db, from: x, to: y) where TownshipName.key(pair.from) != TownshipName.key(pair.to) {
            flows[TownshipName.key(pair.from), default: TownshipFlows()].transferredOut += pair.count
            flows[TownshipName.key(pair.to), default: TownshipFlows()].transferredIn += pair.count
        }
        return flows
    }

    /// `to = from + joined − left + in − out + without_id_to − without_id_from`.
    var identityHolds: Bool {
        membersTo == membersFrom + joined - left + transferredIn - transferredOut + withoutIDTo - withoutIDFrom
    }
}

