import GRDB
import PartyModel

/// People on the year's rosters who are no longer members (减少原因, 出党, 死亡, 转出,
/// 党籍状态 出党/停止党籍; SPEC §9): not counted as members, counted here apart.
public struct FormerMembers: Codable, Sendable, Equatable {
    /// Rows of former members.
    public var total = 0
    /// Rows per reason (a canonical reason of ``FormerMembership/reasons`` or as written).
    public var byReason: [String: Int] = [:]

    enum CodingKeys: String, CodingKey {
        case total
        case byReason = "by_reason"
    }

    /// None.
    public init() {}
}

/// One former member as listed for review (the workbook's 数据核查 sheet).
public struct FormerMemberEntry: Sendable, Equatable {
    /// The file the row is in.
    public var file: String
    /// The sheet the row is in.
    public var sheet: String
    /// The row number as Excel shows it.
    public var row: Int
    /// The name as written (compacted).
    public var name: String
    /// The ID masked for people (``IDNumber/masked``), nil without a usable ID.
    public var maskedID: String?
    /// The township the row is attributed to.
    public var township: String
    /// Why the person is no longer a member (a canonical reason, or as written).
    public var reason: String
    /// ISO date, when the roster gives one.
    public var leftOn: String?
}

extension Analytics {
    /// The year's former members counted by reason.
    public func formerMembers(year: Int) throws -> FormerMembers {
        try read { db in try FormerMembers(db: db, year: year) }
    }

    /// The year's former members in import order, IDs masked.
    public func formerMemberList(year: Int) throws -> [FormerMemberEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.path, s.name, m.row, m.name, m.id_number, m.township, m.reason, m.left_on
                FROM former_member m JOIN sheet s ON s.id = m.sheet_id JOIN source_file f ON f.id = s.file_id
                WHERE m.year = ? ORDER BY m.id
                """, arguments: [year]).map { row in
                let id: String? = row[4]
                return FormerMemberEntry(file: row[0], sheet: row[1], row: row[2], name: row[3],
                                         maskedID: id.map(IDNumber.maskAll(in:)), township: row[5], reason: row[6],
                                         leftOn: row[7])
            }
        }
    }
}

extension FormerMembers {
    init(db: Database, year: Int) throws {
        self.init()
        let rows = try Row.fetchCursor(db,
                                       sql: "SELECT reason, COUNT(*) FROM former_member WHERE year = ? GROUP BY reason",
                                       arguments: [year])
        while let row = try rows.next() {
            let n: Int = row[1]
            byReason[row[0], default: 0] += n
            total += n
        }
    }
}
