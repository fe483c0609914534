import Foundation
import SheetReader
import TestSupport
import XCTest

/// A cursor that makes `limit` rows (then an error, if `failAt` is set) and counts its calls.
private final class CountingCursor: SheetCursor, @unchecked Sendable {
    let limit: Int
    let failAt: Int?
    private let lock = NSLock()
    private var made = 0
    var calls: Int { lock.lock(); defer { lock.unlock() }; return made }

    init(limit: Int, failAt: Int? = nil) {
        self.limit = limit
        self.failAt = failAt
    }

    func next() throws -> SheetRow? {
        lock.lock()
        made += 1
        let n = made
        lock.unlock()
        if let failAt, n == failAt {
            throw ReadError(code: .csvParse, message: "第 \(n) 行读不出", file: "t.csv", row: n)
        }
        guard n <= limit else { return nil }
        return SheetRow(number: n, cells: [.text("行\(n)"), .number(Double(n))])
    }
}

final class PrefetchingCursorTests: XCTestCase {
    func testSameRowsInOrderAcrossBatches() throws {
        let cursor = PrefetchingCursor(CountingCursor(limit: 1_000), batchSize: 7, depth: 2)
        var numbers: [Int] = []
        while let row = try cursor.next() {
            numbers.append(row.number)
            XCTAssertEqual(row.cells.first, .text("行\(row.number)"))
        }
        XCTAssertEqual(numbers, Array(1...1_000))
        XCTAssertNil(try cursor.next(), "stays at the end")
        XCTAssertNil(cursor.bytesRead, "the inner cursor cannot tell its position")
    }

    func testTheErrorComesAfterTheRowsBeforeIt() throws {
        let cursor = PrefetchingCursor(CountingCursor(limit: 100, failAt: 20), batchSize: 8, depth: 2)
        var numbers: [Int] = []
        do {
            while let row = try cursor.next() { numbers.append(row.number) }
            XCTFail("no error")
        } catch let error as ReadError {
            XCTAssertEqual(error.code, "csv.parse")
            XCTAssertEqual(error.row, 20)
        }
        XCTAssertEqual(numbers, Array(1...19))
        XCTAssertNil(try cursor.next(), "nothing after the error")
    }

    func testDroppingItStopsTheReader() throws {
        let inner = CountingCursor(limit: .max)
        do {
            let cursor = PrefetchingCursor(inner, batchSize: 10, depth: 3)
            for _ in 0..<5 { _ = try cursor.next() }
        }
        // deinit waited for the background thread to stop: it read at most the batch
        // handed over, the batches queued and the one it was filling.
        let stopped = inner.calls
        XCTAssertLessThanOrEqual(stopped, 10 * (1 + 3 + 1) + 1)
        Thread.sleep(forTimeInterval: 0.05)
        XCTAssertEqual(inner.calls, stopped, "the reader kept going after the cursor was dropped")
    }

    func testCSVThroughPrefetchingIsTheSameAsDirect() throws {
        let dir = try TestSupport.temporaryDirectory("prefetch")
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = "姓名,乡镇,备注\r\n"
        for i in 0..<5_000 { text += "党员\(i),城关镇,\"多行\n备注 \(i)\"\r\n" }
        let path = try TestSupport.write(try TestSupport.encode(text, as: "GB18030"), to: "t.csv", in: dir)
        func all(_ cursor: any SheetCursor) throws -> [[String]] {
            var out: [[String]] = []
            while let row = try cursor.next() { out.append(["\(row.number)"] + row.cells.map { "\($0)" }) }
            return out
        }
        let direct = try all(try SheetReaders.open(path: path).openSheet(0))
        let prefetching = PrefetchingCursor(try SheetReaders.open(path: path).openSheet(0), batchSize: 64, depth: 2)
        XCTAssertEqual(try all(prefetching), direct)
        XCTAssertEqual(direct.count, 5_001)
        XCTAssertEqual(prefetching.bytesRead, Int64(try Data(contentsOf: URL(fileURLWithPath: path)).count))
    }
}
