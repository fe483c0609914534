import GRDB
import SQLiteBinding
import XCTest

final class RowScanTests: XCTestCase {
    func testReadsIntegersNullsAndTextBytesInPlaceAndCanRunAgain() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE t (y INTEGER, n INTEGER, s TEXT);
                INSERT INTO t VALUES (2024, 1, '城关镇'), (2024, NULL, ''), (2024, 7, NULL), (2023, 9, 'x');
                """)
            let statement = try db.makeStatement(sql: "SELECT n, s FROM t WHERE y = :y ORDER BY rowid")
            for _ in 0..<2 {
                var seen: [String] = []
                try RowScan.forEach(statement, arguments: ["y": 2024], db: db) { row in
                    let n = row.int(0).map(String.init) ?? "NULL"
                    let s = row.text(1).map { String(decoding: $0, as: UTF8.self) } ?? "NULL"
                    seen.append("\(n) \(s)")
                }
                XCTAssertEqual(seen, ["1 城关镇", "NULL ", "7 NULL"])
            }
            var count = 0
            try RowScan.forEach(statement, arguments: ["y": 2023], db: db) { _ in count += 1 }
            XCTAssertEqual(count, 1)
        }
    }

    func testAnErrorWhileSteppingIsThrown() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2)")
            // abs() of the smallest integer overflows at the second row.
            let statement = try db.makeStatement(sql: "SELECT abs(CASE a WHEN 2 THEN -9223372036854775808 ELSE a END) FROM t")
            var rows = 0
            XCTAssertThrowsError(try RowScan.forEach(statement, arguments: [], db: db) { _ in rows += 1 }) { error in
                XCTAssertTrue(error is DatabaseError, "\(error)")
            }
            XCTAssertEqual(rows, 1)
        }
    }
}
