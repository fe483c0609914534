import Foundation
@testable import PartyStore
import TestSupport
import XCTest

final class FileWritebackTests: XCTestCase {
    func testFlushesWhileAnotherHandleWritesAndStopsPromptly() throws {
        let dir = try TestSupport.temporaryDirectory("writeback")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("store.sqlite").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        XCTAssertNil(FileWriteback(path: dir.appendingPathComponent("missing").path))

        let writeback = try XCTUnwrap(FileWriteback(path: path, interval: 0.02))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        for _ in 0..<10 {
            try handle.write(contentsOf: Data(repeating: 7, count: 1 << 20))
            usleep(20_000)
        }
        try handle.close()
        let started = Date()
        writeback.stop()
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "stop waits for one sync at most")
        XCTAssertGreaterThanOrEqual(writeback.syncs, 3, "synced while the file was written")
        XCTAssertEqual(writeback.failure, 0)
        let syncs = writeback.syncs
        usleep(100_000)
        XCTAssertEqual(writeback.syncs, syncs, "no sync after stop")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)).count, 10 << 20)
    }
}
