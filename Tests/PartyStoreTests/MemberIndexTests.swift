import Foundation
import GRDB
import PartyImport
import PartySession
@testable import PartyStore
import TestSupport
import XCTest

/// Store migration v4 dropped the member ID index: imports no longer fill it, and
/// what it served (duplicates across imports, the recipients check) still works.
final class MemberIndexTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try TestSupport.temporaryDirectory("store-index") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func roster(_ name: String, rows: Int, seed: Int) throws -> String {
        var csv = "乡镇,姓名,身份证号\n"
        for i in 0..<rows {
            let body = "411328" + String(format: "1960%02d%02d", 1 + (i + seed) % 12, 1 + (i / 12) % 28) + String(format: "%03d", i % 1000)
            let digits = body.compactMap(\.wholeNumberValue)
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let check = "10X98765432".map(String.init)[zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11]
            csv += "城关镇,党员\(i),\(body)\(check)\n"
        }
        return try TestSupport.write(Array(csv.utf8), to: name, in: dir)
    }

    private func indexes(_ store: Store) throws -> [String] {
        try store.dbQueue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'member' AND sql IS NOT NULL ORDER BY name")
        }
    }

    func testMembersHaveOnlyTheDuplicatesIndexAndDuplicatesAreStillFound() throws {
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        XCTAssertEqual(try indexes(store), ["member_duplicates"])
        let a = try store.importing([try roster("a.csv", rows: 300, seed: 0)], year: 2024)
        XCTAssertEqual(a.report.imported, 300)
        // A second file repeating 50 of the first's IDs: found from the stored rows.
        let b = try store.importing([try roster("b.csv", rows: 50, seed: 0)], year: 2024)
        XCTAssertEqual(b.report.problemLog.count, 50)
        XCTAssertEqual(Set(b.report.problems.map(\.code)), ["member.duplicate"])
        let stored = try store.dbQueue.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM member WHERE year = 2024 AND duplicate_of IS NOT NULL")
        }
        XCTAssertEqual(stored, 50)
        XCTAssertEqual(try indexes(store), ["member_duplicates"])
        XCTAssertEqual(try store.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }, "ok")
        // Statistics after the imports: for the other tables, not for the member table
        // (its row count would cost a read of every member); the duplicates check still
        // finds a year's duplicates through their index.
        try store.dbQueue.read { db in
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'source_file'"), 1)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'member' AND idx IS NULL"), 0)
            let plan = try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT f.township, d.township, COUNT(*) FROM member d JOIN member f ON f.id = d.duplicate_of
                WHERE d.year = 2024 AND d.duplicate_of IS NOT NULL GROUP BY f.township, d.township
                """).map { $0["detail"] as String }
            XCTAssertTrue(plan.contains { $0.contains("USING INDEX member_duplicates") }, "\(plan)")
        }
    }

    func testAStoreFromBeforeV4LosesTheIDIndexOnOpen() throws {
        let path = dir.appendingPathComponent("old.sqlite").path
        do {
            let store = try Store(path: path)
            // As a v3 store had it: the index, and no record of migration v4.
            try store.dbQueue.write { db in
                try db.execute(sql: StoreSchema.memberIDIndex)
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v4-drop-member-id-index'")
            }
            XCTAssertEqual(try indexes(store), ["member_duplicates", "member_id_number"])
        }
        let reopened = try Store(path: path)
        XCTAssertEqual(try indexes(reopened), ["member_duplicates"])
    }

    func testAFailedImportWritesNothing() throws {
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        let good = try roster("a.csv", rows: 100, seed: 3)
        let broken = try TestSupport.write(Array("姓名,身份证号\n\"未闭合,1\n".utf8), to: "z.csv", in: dir)
        XCTAssertThrowsError(try store.importing([good, broken], year: 2024))
        XCTAssertEqual(try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM member") }, 0)
        let rejecting = try TestSupport.write(Array("姓名,身份证号\n,1\n甲,\n".utf8), to: "r.csv", in: dir)
        let strict = try store.importing([rejecting], year: 2024, strict: true)
        XCTAssertTrue(strict.rolledBack)
        XCTAssertEqual(try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM member") }, 0)
    }
}

final class StorePageSizeTests: XCTestCase {
    func testNewStoresUse16KiBPagesAndOldOnesKeepTheirs() throws {
        let dir = try TestSupport.temporaryDirectory("store-pages")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fresh = try Store(path: dir.appendingPathComponent("new.sqlite").path)
        XCTAssertEqual(try fresh.dbQueue.read { try Int.fetchOne($0, sql: "PRAGMA page_size") }, 16_384)
        XCTAssertEqual(try fresh.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }, "wal")
        // A store made with 4 KiB pages (as before) opens, migrates and keeps them.
        let oldPath = dir.appendingPathComponent("old.sqlite").path
        let old = try DatabaseQueue(path: oldPath)
        try old.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 4096; CREATE TABLE t (a); DROP TABLE t;")
        }
        try old.close()
        let reopened = try Store(path: oldPath)
        XCTAssertEqual(try reopened.dbQueue.read { try Int.fetchOne($0, sql: "PRAGMA page_size") }, 4_096)
        XCTAssertEqual(try reopened.years(), [])
    }
}

final class ConcurrentOpenTests: XCTestCase {
    /// Connections opening one new store at once all succeed: they race to switch it to
    /// WAL and to apply every migration (the same race as two `partystats import`s on a
    /// new store, which failed with `database is locked` and then with
    /// `UNIQUE constraint failed: grdb_migrations.identifier`).
    func testManyConnectionsOpenANewStoreAtOnce() throws {
        let dir = try TestSupport.temporaryDirectory("store-race")
        defer { try? FileManager.default.removeItem(at: dir) }
        for round in 0..<12 {
            let path = dir.appendingPathComponent("race-\(round).sqlite").path
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do { _ = try Store(path: path) } catch { failures.add("\(error)") }
            }
            XCTAssertEqual(failures.all, [], "round \(round)")
            let store = try Store(path: path)
            let applied = try store.dbQueue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
            XCTAssertEqual(applied, ["v1", "v2-duplicates-index", "v3-drop-member-year-index", "v4-drop-member-id-index", "v5-member-tally", "v6-org-unit", "v7-former-member", "v8-funding-tally"])
            XCTAssertEqual(try store.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }, "ok")
        }
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
