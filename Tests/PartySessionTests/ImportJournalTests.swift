import Foundation
import GRDB
import PartyImport
import PartySession
@testable import PartyStore
import TestSupport
import XCTest

/// An import that has the store to itself writes with a rollback journal (pages
/// written once) and leaves the store in WAL; one that shares the store stays in WAL,
/// so that readers keep their snapshot.
final class ImportJournalTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try TestSupport.temporaryDirectory("store-journal") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func roster(_ name: String, rows: Int) throws -> String {
        var csv = "乡镇,姓名,性别\n"
        for i in 0..<rows { csv += "城关镇,党员\(i),\(i % 3 == 0 ? "女" : "男")\n" }
        return try TestSupport.write(Array(csv.utf8), to: name, in: dir)
    }

    private func journalMode(_ store: Store) throws -> String? {
        try store.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    }

    func testAnImportAloneUsesARollbackJournalAndLeavesTheStoreInWAL() throws {
        let path = dir.appendingPathComponent("s.sqlite").path
        let store = try Store(path: path)
        XCTAssertEqual(try journalMode(store), "wal")
        let file = try roster("a.csv", rows: 30_000)
        var sawJournal = false, sawWAL = false
        let result = try store.importing([file], year: 2024) { _ in
            sawJournal = sawJournal || FileManager.default.fileExists(atPath: path + "-journal")
            sawWAL = sawWAL || FileManager.default.fileExists(atPath: path + "-wal")
        }
        XCTAssertEqual(result.report.imported, 30_000)
        XCTAssertTrue(sawJournal, "no rollback journal while the import ran")
        XCTAssertFalse(sawWAL, "the import wrote a WAL")
        XCTAssertEqual(try journalMode(store), "wal")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-journal"))
        let reopened = try Store(path: path)
        XCTAssertEqual(try journalMode(reopened), "wal")
        XCTAssertEqual(try reopened.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM member") }, 30_000)
        XCTAssertEqual(try reopened.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }, "ok")
    }

    func testAnImportWhileAnotherConnectionReadsStaysInWALAndKeepsTheReadersSnapshot() throws {
        let path = dir.appendingPathComponent("s.sqlite").path
        let store = try Store(path: path)
        _ = try store.importing([try roster("a.csv", rows: 200)], year: 2023)

        // Another connection's view: a read transaction open across the import.
        let reader = try DatabaseQueue(path: path)
        let readerStarted = DispatchSemaphore(value: 0), importDone = DispatchSemaphore(value: 0)
        let counts = LockedCounts()
        let readerThread = Thread {
            try? reader.read { db in
                counts.append(try Int.fetchOne(db, sql: "SELECT count(*) FROM member") ?? -1)
                readerStarted.signal()
                importDone.wait()
                counts.append(try Int.fetchOne(db, sql: "SELECT count(*) FROM member") ?? -1)
            }
            counts.finish()
        }
        readerThread.start()
        readerStarted.wait()
        let started = Date()
        let result = try store.importing([try roster("b.csv", rows: 5_000)], year: 2024)
        importDone.signal()
        XCTAssertEqual(result.report.imported, 5_000)
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "the import waited for the reader's lock")
        XCTAssertEqual(counts.waitForFinish(), [200, 200], "the reader's snapshot changed")
        XCTAssertEqual(try journalMode(store), "wal")
        XCTAssertEqual(try reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM member") }, 5_200)
    }
}

/// Counts read on the reader's thread, handed to the test's.
private final class LockedCounts: @unchecked Sendable {
    private let condition = NSCondition()
    private var values: [Int] = []
    private var done = false

    func append(_ value: Int) { condition.lock(); values.append(value); condition.unlock() }
    func finish() { condition.lock(); done = true; condition.broadcast(); condition.unlock() }
    func waitForFinish() -> [Int] {
        condition.lock()
        defer { condition.unlock() }
        while !done { condition.wait() }
        return values
    }
}
