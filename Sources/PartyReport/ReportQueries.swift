import GRDB
import PartyStore

/// Figures the report reads straight from the store: the import's own bookkeeping
/// (sources, problems) and the county stored by import (see docs/requests-analytics.md).
enum ReportQueries {
    /// One imported sheet of one source file.
    struct SourceSheet {
        var path: String
        var format: String
        var encoding: String?
        var sha256: String
        var sheet: String?
        var kind: String?
        var rowsRead: Int?
        var imported: Int
        var rejected: Int
        var warnings: Int?
    }

    /// Sources of `year` in import order: files by path, then sheets in workbook order.
    static func sources(_ db: Database, year: Int) throws -> [SourceSheet] {
        try Row.fetchAll(db, sql: """
            SELECT f.path, f.format, f.encoding, f.sha256, s.name, s.kind, s.rows_read,
                   COALESCE(s.imported, f.imported) AS imported, COALESCE(s.rejected, f.rejected) AS rejected,
                   s.warnings
            FROM source_file f LEFT JOIN sheet s ON s.file_id = f.id
            WHERE f.year = ? ORDER BY f.path, f.id, s.ordinal
            """, arguments: [year]).map { r in
            SourceSheet(path: r["path"], format: r["format"], encoding: r["encoding"], sha256: r["sha256"],
                        sheet: r["name"], kind: r["kind"], rowsRead: r["rows_read"], imported: r["imported"],
                        rejected: r["rejected"], warnings: r["warnings"])
        }
    }

    /// Problems of `year` by severity (`reject`, `warning`).
    static func problemCounts(_ db: Database, year: Int) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db,
                                    sql: "SELECT severity, COUNT(*) AS n FROM problem WHERE year = ? GROUP BY severity",
                                    arguments: [year]) {
            counts[row["severity"]] = row["n"]
        }
        return counts
    }

    /// Problems of `year` by code, most frequent first.
    static func problemCodes(_ db: Database, year: Int) throws -> [(code: String, severity: String, count: Int)] {
        try Row.fetchAll(db, sql: """
            SELECT code, severity, COUNT(*) AS n FROM problem WHERE year = ?
            GROUP BY code, severity ORDER BY n DESC, code
            """, arguments: [year]).map { row -> (code: String, severity: String, count: Int) in
                (row["code"], row["severity"], row["n"])
            }
    }

    /// The county stored by `import --mapping` (`county:`), when the store keeps one. Request 4.
    static func storedCounty(_ db: Database) throws -> String? {
        guard try db.tableExists("setting") else { return nil }
        let columns = try db.columns(in: "setting").map(\.name)
        guard columns.contains("key"), columns.contains("value") else { return nil }
        return try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'county'")
    }

    /// The SQL that streams 导入问题 in source order: file, sheet order, row.
    static let problemsSQL = """
        SELECT p.severity, p.code, p.file, p.sheet, p.row, p.column, p.header, p.value, p.message
        FROM problem p LEFT JOIN sheet s ON s.id = p.sheet_id
        WHERE p.year = ?
        ORDER BY p.file, COALESCE(s.ordinal, -1), COALESCE(p.row, -1), p.id
        """
}
