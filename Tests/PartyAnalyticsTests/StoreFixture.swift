import Foundation
import GRDB
import PartyStore
import TestSupport

/// A temporary store filled row by row with SQL, for hand-computed expectations.
final class StoreFixture {
    let directory: URL
    let store: Store
    private var sheets: [String: Int64] = [:]

    init() throws {
        directory = try TestSupport.temporaryDirectory("analytics")
        store = try Store(path: directory.appendingPathComponent("test.sqlite").path)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The id of a sheet named `name` in file `file` for `year`, created on first use.
    func sheet(_ year: Int, file: String = "报表.xlsx", name: String = "Sheet1", kind: String = "roster") throws -> Int64 {
        let key = "\(year)|\(file)|\(name)"
        if let id = sheets[key] { return id }
        let id = try store.dbQueue.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO import_run (year, started_at, tool_version) VALUES (?, '2026-01-01T00:00:00Z', 'test')",
                           arguments: [year])
            let run = db.lastInsertedRowID
            try db.execute(sql: """
                INSERT INTO source_file (import_id, year, path, size, sha256, format, encoding, imported, rejected)
                VALUES (?, ?, ?, 0, ?, 'xlsx', NULL, 0, 0)
                """, arguments: [run, year, file, key])
            let fileID = db.lastInsertedRowID
            let ordinal = sheets.count + 1
            try db.execute(sql: """
                INSERT INTO sheet (file_id, year, name, ordinal, kind, rows_read, imported, rejected, skipped_json, warnings)
                VALUES (?, ?, ?, ?, ?, 0, 0, 0, '{}', 0)
                """, arguments: [fileID, year, name, ordinal, kind])
            return db.lastInsertedRowID
        }
        sheets[key] = id
        return id
    }

    /// Inserts a member row and returns its id.
    @discardableResult
    func member(_ year: Int, _ name: String, id: String?, township: String, gender: String? = nil,
                ethnicity: String? = nil, birth: String? = nil, joined: String? = nil, status: String? = nil,
                education: String? = nil, occupation: String? = nil, branchCategory: String? = nil,
                rural: Int? = nil, mobile: Int? = nil, destination: String? = nil, lost: Int? = nil,
                hardship: Int? = nil, duplicateOf: Int64? = nil) throws -> Int64 {
        let sheet = try sheet(year, file: "\(township)名册.xlsx")
        return try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT INTO member (year, sheet_id, row, name, id_number, gender, ethnicity, birth_date, joined_on,
                    status, education, occupation, township, branch_category, is_rural, is_mobile,
                    mobile_destination, lost_contact, hardship, duplicate_of)
                VALUES (?, ?, 2, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [year, sheet, name, id, gender, ethnicity, birth, joined, status, education,
                                 occupation, township, branchCategory, rural, mobile, destination, lost,
                                 hardship, duplicateOf])
            return db.lastInsertedRowID
        }
    }

    /// Inserts a branch-return row.
    func organisation(_ year: Int, township: String, category: String?, units: Int? = nil, covered: Int? = nil,
                      committees: Int? = nil, generalBranches: Int? = nil, branches: Int? = nil,
                      reported: Int? = nil, centres: Int? = nil) throws {
        let sheet = try sheet(year, file: "基层党组织.xlsx", kind: "branch")
        try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT INTO organisation (year, sheet_id, row, township, category, units_total, units_covered,
                    committees, general_branches, branches, members_reported, service_centre)
                VALUES (?, ?, 3, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [year, sheet, township, category, units, covered, committees, generalBranches,
                                 branches, reported, centres])
        }
    }

    /// Inserts a disbursement row (`fen` in fen).
    func disbursement(_ year: Int, recipient: String?, id: String?, fen: Int64, date: String?, township: String,
                      category: String?, source: String, row: Int = 4) throws {
        let sheet = try sheet(year, file: "帮扶资金.xlsx", kind: "ledger")
        try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT INTO disbursement (year, sheet_id, row, recipient, recipient_id, amount_fen, date, township,
                    category, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [year, sheet, row, recipient, id, fen, date, township, category, source])
        }
    }

    /// Inserts a declared-total row.
    func declaredTotal(_ year: Int, file: String, sheet name: String, row: Int, field: String, column: String,
                       declared: Int64, computed: Int64, label: String = "合计") throws {
        let sheet = try sheet(year, file: file, name: name, kind: "branch")
        try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT INTO declared_total (year, sheet_id, row, label, field, "column", declared, computed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [year, sheet, row, label, field, column, declared, computed])
        }
    }
}
