import Foundation
import GRDB
import PartyImport
import PartySession
import PartyStore
import TestSupport
import XCTest

final class ImportSessionTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try TestSupport.temporaryDirectory("store")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        try TestSupport.write(Array(text.utf8), to: name, in: dir)
    }

    private func count(_ store: Store, _ sql: String) throws -> Int {
        try store.dbQueue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    private static let branch = "乡镇,单位类别,党委,党支部,党员数\n源潭镇,农村,1,20,2\n张店镇,社区,1,5,1\n"
    private static let roster = "乡镇,姓名,身份证号\n源潭镇,甲,11010519491231002X\n源潭镇,乙,\n张店镇,丙,11010519491231002X\n,,\n张店镇,,\n"

    func testMembersWrittenInBatchesKeepOrderIdsSheetsAndDuplicates() throws {
        // More members than one many-row insert holds, over two files (each file's
        // last few are written one at a time), with a repeated ID across the files.
        func roster(_ from: Int, _ count: Int, repeat repeated: Int?) -> String {
            var text = "乡镇,姓名,身份证号\n"
            for i in from..<(from + count) {
                let id = i == repeated ? "11010519491231002X" : ""
                text += "源潭镇,人\(i),\(i == from ? "11010519491231002X" : id)\n"
            }
            return text
        }
        let files = [try write("a_roster.csv", roster(0, 150, repeat: nil)), try write("b_roster.csv", roster(150, 70, repeat: nil))]
        let store = try Store(path: dir.appendingPathComponent("batch.sqlite").path)
        _ = try store.importing(files, year: 2024)
        let rows = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.id, m.name, m.row, m.duplicate_of, f.path FROM member m
                JOIN sheet s ON s.id = m.sheet_id JOIN source_file f ON f.id = s.file_id ORDER BY m.id
                """)
        }
        XCTAssertEqual(rows.count, 220)
        XCTAssertEqual(rows.map { $0["name"] as String }, (0..<220).map { "人\($0)" }, "stored in import order")
        XCTAssertEqual(rows.map { $0["id"] as Int64 }, (1...220).map(Int64.init), "ids as promised, from 1 without gaps")
        XCTAssertEqual(rows.map { $0["row"] as Int }, (0..<150).map { $0 + 2 } + (0..<70).map { $0 + 2 })
        XCTAssertEqual(rows.filter { ($0["path"] as String).hasSuffix("b_roster.csv") }.count, 70, "each member under its own file's sheet")
        let duplicates = rows.filter { ($0["duplicate_of"] as Int64?) != nil }
        XCTAssertEqual(duplicates.map { $0["name"] as String }, ["人150"], "the second file's first ID repeats the first file's")
        XCTAssertEqual(duplicates.first?["duplicate_of"] as Int64?, 1)
    }

    func testAMemberSQLiteSkipsSilentlyFailsTheImport() throws {
        // Members are inserted 64 at a time with OR IGNORE (a batch cut short leaves rows
        // unbound); each batch checks SQLite wrote every member bound. A trigger that
        // makes SQLite skip one member stands for any row it could drop unseen.
        let file = try write("a_roster.csv", "乡镇,姓名\n" + (0..<100).map { "源潭镇,人\($0)\n" }.joined())
        let store = try Store(path: dir.appendingPathComponent("skip.sqlite").path)
        for skipped in ["人10", "人90"] {  // in a full batch, and in the sheet's short last one
            try store.dbQueue.write { db in
                try db.execute(sql: "DROP TRIGGER IF EXISTS skip_one")
                try db.execute(sql: """
                    CREATE TRIGGER skip_one BEFORE INSERT ON member WHEN NEW.name = '\(skipped)'
                    BEGIN SELECT RAISE(IGNORE); END
                    """)
            }
            XCTAssertThrowsError(try store.importing([file], year: 2024)) { error in
                XCTAssertEqual((error as? StoreError)?.code, "store.write", "\(error)")
            }
            XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member"), 0, "nothing written")
        }
        try store.dbQueue.write { try $0.execute(sql: "DROP TRIGGER skip_one") }
        XCTAssertEqual(try store.importing([file], year: 2024).report.imported, 100)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member"), 100)
    }

    func testImportStoresRecordsWithProvenanceAndMode0600() throws {
        let files = [try write("a_branch.csv", Self.branch), try write("b_roster.csv", Self.roster)]
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        let result = try store.importing(files, year: 2024)
        XCTAssertEqual(result.report.imported, 5)
        XCTAssertEqual(result.report.rejected, 1)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member WHERE year = 2024"), 3)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member WHERE duplicate_of IS NULL"), 2)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM organisation"), 2)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM problem WHERE severity = 'reject'"), 1)
        XCTAssertEqual(try count(store, "SELECT row FROM member WHERE name = '丙'"), 4)
        XCTAssertEqual(try count(store, """
            SELECT COUNT(*) FROM member m JOIN sheet s ON s.id = m.sheet_id JOIN source_file f ON f.id = s.file_id
            WHERE f.path LIKE '%b_roster.csv' AND length(f.sha256) = 64
            """), 3)
        let sheet = try store.dbQueue.read { try Row.fetchOne($0, sql: "SELECT * FROM sheet WHERE name = 'b_roster'") }
        XCTAssertEqual(sheet?["rows_read"], 6, "header, 3 members, a blank row and a reject")
        XCTAssertEqual(sheet?["imported"], 3)
        XCTAssertEqual(sheet?["rejected"], 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(try store.years(), [2024])
    }

    /// The same content under another name replaces the stored file: the session hashes
    /// first the files whose size is a stored file's, and replaces before it reads (no
    /// run is rolled back and run again). The stored hash is the file's.
    func testTheSameContentUnderAnotherNameReplacesTheStoredFile() throws {
        let first = try write("a_roster.csv", Self.roster)
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        _ = try store.importing([first], year: 2024)
        let tables = ["source_file", "sheet", "member", "problem", "member_tally"]
        func counts() throws -> [Int] { try tables.map { try count(store, "SELECT COUNT(*) FROM \($0)") } }
        let before = try counts()
        let renamed = try write("renamed_roster.csv", Self.roster)
        let other = try write("other_roster.csv", "乡镇,姓名,身份证号\n源潭镇,丁,\n")
        // The pipeline reports progress at the end of each file it reads (these are far
        // shorter than its progress interval): each file once, so the import ran once.
        var filesRead: [String] = []
        let again = try store.importing([other, renamed], year: 2024) { filesRead.append($0.file) }
        XCTAssertEqual(filesRead, [other, renamed], "each file read once: the import was not run again")
        XCTAssertEqual(again.replaced, [renamed])
        XCTAssertFalse(again.rolledBack)
        let after = try counts()
        XCTAssertEqual(after[0], 2, "the renamed copy and the other file")
        XCTAssertEqual(after[2], before[2] + 1, "the copy's members once, and the other file's one")
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member WHERE duplicate_of IS NOT NULL"), 1,
                       "within the copy only: no member is a duplicate of the replaced file's")
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM source_file WHERE path LIKE '%a_roster.csv'"), 0)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM import_run"), 2, "one run per import")
        let stored = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: "SELECT path, size, sha256 FROM source_file ORDER BY path").map {
                [$0["path"] as String, "\($0["size"] as Int64)", $0["sha256"] as String]
            }
        }
        let expected = try [other, renamed].sorted().map { path -> [String] in
            let print = try ImportPipeline.fingerprint(path)
            return [path, "\(print.size)", print.sha256]
        }
        XCTAssertEqual(stored, expected)
        XCTAssertEqual(try ImportPipeline.fingerprint(renamed).sha256.count, 64)
        try store.dbQueue.read { db in
            XCTAssertEqual(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"), [])
        }
    }

    func testReimportingTheSameContentReplacesIt() throws {
        let files = [try write("a_branch.csv", Self.branch), try write("b_roster.csv", Self.roster)]
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        _ = try store.importing(files, year: 2024)
        // Every table read from files, as many rows after the replacing import as before:
        // the import runs with foreign keys off and deletes what the replaced files'
        // keys would have cascaded to itself.
        let tables = ["source_file", "sheet", "member", "organisation", "disbursement", "declared_total", "problem",
                      "member_tally"]
        func counts() throws -> [Int] { try tables.map { try count(store, "SELECT COUNT(*) FROM \($0)") } }
        let before = try counts()
        XCTAssertEqual(before.filter { $0 > 0 }.count, 6, "\(zip(tables, before).map { "\($0) \($1)" })")
        let again = try store.importing(files, year: 2024)
        XCTAssertEqual(try counts(), before)
        try store.dbQueue.read { db in
            XCTAssertEqual(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"), [], "no row refers to a deleted one")
            XCTAssertEqual(try Int.fetchOne(db, sql: "PRAGMA foreign_keys"), 1, "foreign keys back on after the import")
        }
        XCTAssertEqual(again.replaced.count, 2)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member"), 3)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM source_file"), 2)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM problem"), again.report.problems.count)
        // The roster alone again: the stored branch return still names the townships.
        _ = try store.importing([files[1]], year: 2024)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member"), 3)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member WHERE township = '未知'"), 0)
    }

    func testReplacingDeletesFromEveryTableThatRefersToTheFileAndRefusesAKeyItCannotCascade() throws {
        let files = [try write("b_roster.csv", Self.roster)]
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        _ = try store.importing(files, year: 2024)
        // A table the import does not know, referring to sheets: replaced with them.
        try store.dbQueue.write { db in
            try db.execute(sql: """
                CREATE TABLE note (sheet_id INTEGER REFERENCES sheet(id) ON DELETE CASCADE, text TEXT);
                INSERT INTO note SELECT id, name FROM sheet;
                """)
        }
        _ = try store.importing(files, year: 2024)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM note"), 0)
        // A key without ON DELETE CASCADE would have made SQLite refuse the delete.
        try store.dbQueue.write { db in
            try db.execute(sql: "CREATE TABLE pin (sheet_id INTEGER REFERENCES sheet(id)); INSERT INTO pin SELECT id FROM sheet")
        }
        XCTAssertThrowsError(try store.importing(files, year: 2024)) { error in
            XCTAssertEqual((error as? StoreError)?.code, "store.schema", "\(error)")
        }
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member"), 3, "nothing changed")
    }

    func testDuplicatesAcrossImportsOfOneYear() throws {
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        _ = try store.importing([try write("a.csv", "姓名,身份证号\n甲,11010519491231002X\n")], year: 2024)
        let second = try store.importing([try write("b.csv", "姓名,身份证号\n乙,11010519491231002X\n")], year: 2024)
        XCTAssertEqual(second.report.problems.map(\.code), ["township.unknown", "member.duplicate"])
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member WHERE duplicate_of IS NULL"), 1)
        // Another year is independent.
        _ = try store.importing([try write("c.csv", "姓名,身份证号\n乙,11010519491231002X\n")], year: 2023)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member WHERE year = 2023 AND duplicate_of IS NULL"), 1)
    }

    func testABrokenFileLeavesTheStoreUntouched() throws {
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        _ = try store.importing([try write("a_branch.csv", Self.branch)], year: 2023)
        let good = try write("b_roster.csv", Self.roster)
        let broken = try write("c_broken.csv", "姓名,身份证号\n甲,\"open\n")
        XCTAssertThrowsError(try store.importing([good, broken], year: 2024)) { error in
            XCTAssertEqual((error as? ImportFailure)?.errors.first?.code, "csv.unbalanced_quote")
        }
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM member"), 0)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM source_file"), 1)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM import_run"), 1)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM organisation WHERE year = 2023"), 2)
    }

    func testStrictWritesNothingWhenRowsAreRejected() throws {
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        let result = try ImportSession(store: store).importReturns(files: [try write("b_roster.csv", Self.roster)], year: 2024,
                                             mapping: Mapping(), strict: true)
        XCTAssertTrue(result.rolledBack)
        XCTAssertEqual(result.report.rejected, 1)
        XCTAssertEqual(try count(store, "SELECT COUNT(*) FROM source_file"), 0)
    }
}

extension Store {
    /// Imports `files` through an ``ImportSession`` with no mapping (the tests' shorthand).
    func importing(_ files: [String], year: Int, strict: Bool = false,
                   progress: ((ImportProgress) -> Void)? = nil) throws -> ImportOutcome {
        try ImportSession(store: self).importReturns(files: files, year: year, mapping: Mapping(), strict: strict,
                                                     progress: progress)
    }
}
