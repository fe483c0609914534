import Foundation
import GRDB
import PartyImport
@testable import PartyStore
import TestSupport
import XCTest

/// A large import drops the member ID index and builds it again after its rows, in
/// the same transaction: the index is there afterwards, used, and a failed import
/// leaves it as it was.
final class IDIndexRebuildTests: XCTestCase {
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

    func testRebuildKeepsTheIndexAndTheDuplicates() throws {
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        let before = try indexes(store)
        XCTAssertTrue(before.contains("member_id_number"))
        let first = try roster("a.csv", rows: 300, seed: 0)
        // Every import here counts as large (threshold 1 row): the index is dropped and rebuilt.
        let a = try store.importReturns(files: [first], year: 2024, mapping: Mapping(), strict: false,
                                        progress: nil, idIndexRebuildRows: 1)
        XCTAssertEqual(a.report.imported, 300)
        XCTAssertEqual(try indexes(store), before)
        // A second file repeating the first's IDs: duplicates are still found (from the
        // stored rows, read before the index is dropped).
        let second = try roster("b.csv", rows: 50, seed: 0)
        let b = try store.importReturns(files: [second], year: 2024, mapping: Mapping(), strict: false,
                                        progress: nil, idIndexRebuildRows: 1)
        XCTAssertEqual(b.report.problemLog.count, 50)
        XCTAssertEqual(Set(b.report.problems.map(\.code)), ["member.duplicate"])
        XCTAssertEqual(try indexes(store), before)
        let plan = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM member WHERE year = 2024 AND id_number = '411328196001010000'")
                .map { $0["detail"] as String }
        }
        XCTAssertTrue(plan.joined().contains("member_id_number"), plan.joined())
        XCTAssertEqual(try store.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }, "ok")
    }

    func testAFailedLargeImportLeavesTheIndex() throws {
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        let good = try roster("a.csv", rows: 100, seed: 3)
        let broken = try TestSupport.write(Array("姓名,身份证号\n\"未闭合,1\n".utf8), to: "z.csv", in: dir)
        XCTAssertThrowsError(try store.importReturns(files: [good, broken], year: 2024, mapping: Mapping(), strict: false,
                                                     progress: nil, idIndexRebuildRows: 1))
        XCTAssertTrue(try indexes(store).contains("member_id_number"))
        XCTAssertEqual(try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM member") }, 0)
        // --strict rolls back after the rows went in: the index is back as well.
        let rejecting = try TestSupport.write(Array("姓名,身份证号\n,1\n甲,\n".utf8), to: "r.csv", in: dir)
        let strict = try store.importReturns(files: [rejecting], year: 2024, mapping: Mapping(), strict: true,
                                             progress: nil, idIndexRebuildRows: 1)
        XCTAssertTrue(strict.rolledBack)
        XCTAssertTrue(try indexes(store).contains("member_id_number"))
    }

    func testOnlyLargeImportsAgainstTheStoreRebuild() throws {
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        try store.dbQueue.read { db in
            // Empty store: 20 MB (about 200,000 rows) is large, 19 MB is not.
            XCTAssertTrue(try Store.shouldRebuildIDIndex(db, importBytes: 20_000_000, minimumRows: Store.idIndexRebuildRows))
            XCTAssertFalse(try Store.shouldRebuildIDIndex(db, importBytes: 19_000_000, minimumRows: Store.idIndexRebuildRows))
        }
        try store.dbQueue.write { db in
            try db.execute(sql: "INSERT INTO import_run (id, year, started_at, tool_version) VALUES (1, 2023, '', '')")
            try db.execute(sql: "INSERT INTO source_file (id, import_id, year, path, size, sha256, format, imported, rejected) VALUES (1, 1, 2023, 'x', 0, 'x', 'csv', 0, 0)")
            try db.execute(sql: "INSERT INTO sheet (id, file_id, year, name, ordinal, kind, rows_read, imported, rejected, skipped_json, warnings) VALUES (1, 1, 2023, 's', 0, 'roster', 0, 0, 0, '{}', 0)")
            try db.execute(sql: "INSERT INTO member (id, year, sheet_id, row, name, township) VALUES (1000000, 2023, 1, 2, '甲', '城关镇')")
        }
        try store.dbQueue.read { db in
            // A million stored: 50 MB (500,000 rows) still counts, 40 MB does not.
            XCTAssertTrue(try Store.shouldRebuildIDIndex(db, importBytes: 50_000_000, minimumRows: Store.idIndexRebuildRows))
            XCTAssertFalse(try Store.shouldRebuildIDIndex(db, importBytes: 40_000_000, minimumRows: Store.idIndexRebuildRows))
        }
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
            XCTAssertEqual(applied, ["v1", "v2-duplicates-index", "v3-drop-member-year-index"])
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
