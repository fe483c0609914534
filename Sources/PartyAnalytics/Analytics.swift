import GRDB
import PartyModel
import PartyStore

/// Computes indicators, checks and year-over-year comparisons from a `Store`.
///
/// All aggregation runs in SQLite (`GROUP BY`); Swift only holds one row per
/// township × category, so memory does not grow with the number of members.
///
///     let analytics = Analytics(store: try Store(path: "partystats.sqlite"))
///     let indicators = try analytics.indicators(year: 2024)
///     let comparison = try analytics.compare(from: 2023, to: 2024)
public struct Analytics: Sendable {
    /// The store read from.
    public let store: Store

    /// Wraps `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Throws `AnalyticsError` code `year.missing` unless `year` has stored records, and
    /// `store.implausible` when one of its figures is out of range (``requirePlausibleFigures(_:)``).
    ///
    /// The message names the years that are stored:
    /// `数据库中没有 2025 年的数据；已有年份：2023、2024`.
    public func requireYear(_ year: Int) throws {
        let years = try storedYears()
        guard years.contains(year) else {
            let have = years.isEmpty ? "无（请先导入）" : years.map(String.init).joined(separator: "、")
            throw AnalyticsError(code: .yearMissing, message: "数据库中没有 \(year) 年的数据；已有年份：\(have)")
        }
        try requirePlausibleFigures(year)
    }

    /// Throws `AnalyticsError` code `store.implausible` when a stored figure of `year`
    /// passes its plausibility limit (`PlausibleLimit`) or is negative, naming the file,
    /// sheet, row and field (never the value, which may be an ID or phone number).
    ///
    /// Imports refuse such values (`count.implausible`, `amount.implausible`), so only a
    /// store written by an older version or edited by hand holds them; with every figure
    /// inside its limit no sum of a year can pass 64 bits (nor 2^53), so the indicators'
    /// sums, in SQL and in Swift, cannot overflow. Called by ``requireYear(_:)``.
    func requirePlausibleFigures(_ year: Int) throws {
        let members = PlausibleLimit.membersPerRow, units = PlausibleLimit.unitsPerRow
        let organisations = PlausibleLimit.organisationsPerRow, fen = PlausibleLimit.paymentFen
        // A sheet's tally counts at most every member of the nation (about 100 million).
        let tally = 1_000_000_000
        let found = try read { db in
            try Row.fetchOne(db, sql: """
                SELECT f.path, s.name AS sheet, o.row,
                       CASE WHEN o.members_reported NOT BETWEEN 0 AND \(members) THEN '党员数'
                            WHEN o.units_total NOT BETWEEN 0 AND \(units) OR o.units_covered NOT BETWEEN 0 AND \
                            \(units) THEN '单位数'
                            ELSE '党组织数' END AS field
                FROM organisation o JOIN sheet s ON s.id = o.sheet_id JOIN source_file f ON f.id = s.file_id
                WHERE o.year = ?1 AND (o.members_reported NOT BETWEEN 0 AND \(members)
                   OR o.units_total NOT BETWEEN 0 AND \(units) OR o.units_covered NOT BETWEEN 0 AND \(units)
                   OR o.committees NOT BETWEEN 0 AND \(organisations) OR o.general_branches NOT BETWEEN 0 AND \
                   \(organisations)
                   OR o.branches NOT BETWEEN 0 AND \(organisations) OR o.service_centre NOT BETWEEN 0 AND \
                   \(organisations))
                UNION ALL
                SELECT f.path, s.name, d.row, '金额' FROM disbursement d
                JOIN sheet s ON s.id = d.sheet_id JOIN source_file f ON f.id = s.file_id
                WHERE d.year = ?1 AND d.amount_fen NOT BETWEEN 0 AND \(fen)
                UNION ALL
                SELECT f.path, s.name, NULL, '党员统计' FROM member_tally t
                JOIN sheet s ON s.id = t.sheet_id JOIN source_file f ON f.id = s.file_id
                WHERE s.year = ?1 AND t.members NOT BETWEEN 0 AND \(tally)
                LIMIT 1
                """, arguments: [year])
        }
        guard let found else { return }
        let path: String = found[0], sheet: String = found[1], row: Int? = found[2], field: String = found[3]
        throw AnalyticsError(code: .storeImplausible, message: """
            数据库中 \(year) 年的数据有超出合理范围的数值：\(path) 工作表「\(sheet)」\(row.map { "第 \($0) 行" } ?? "")（\(field)）；\
            可能由旧版本导入或被手工修改，请重新导入该文件
            """)
    }

    /// The stored report years, ascending.
    func storedYears() throws -> [Int] {
        try mapErrors { try store.years() }
    }

    /// Runs `body` in a read transaction, turning SQLite errors into one-line `AnalyticsError`s.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try mapErrors { try store.dbQueue.read { db in try body(db) } }
    }

    private func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            let detail = (error.message ?? "SQLite \(error.resultCode)")
                .split(whereSeparator: \.isNewline).joined(separator: " ")
            throw AnalyticsError(code: .storeQuery, message: "读取数据库失败：\(detail)")
        }
    }
}

/// The SPEC §5 indicators of `year`. Same as `Analytics(store:).indicators(year:)`.
/// - Throws: `AnalyticsError` (`year.missing`, `store.query`).
public func computeIndicators(store: Store, year: Int) throws -> Indicators {
    try Analytics(store: store).indicators(year: year)
}

/// Year-over-year comparison from `from` to `to`. Same as `Analytics(store:).compare(from:to:)`.
/// - Throws: `AnalyticsError` (`year.missing`, `store.query`, `flows.identity`).
public func compare(store: Store, from: Int, to: Int) throws -> YearComparison {
    try Analytics(store: store).compare(from: from, to: to)
}
