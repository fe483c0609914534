import GRDB
import SQLiteBinding
import XCTest

final class RowInsertTests: XCTestCase {
    func testBindsEveryKindAndReusesTheStatement() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT, b INTEGER, c INTEGER, d TEXT NOT NULL)")
            let insert = try db.makeStatement(sql: "INSERT INTO t (a, b, c, d) VALUES (?,?,?,?)")
            var first = RowInsert(insert, db: db)
            try first.bind("城关镇 \"引号\"")
            try first.bind(Int64(1) << 40)
            try first.bind(true)
            try first.bind("")
            try first.run()
            XCTAssertEqual(db.lastInsertedRowID, 1)
            // The next row starts from cleared bindings.
            var second = RowInsert(insert, db: db)
            try second.bind(String?.none)
            try second.bind(Int?.none)
            try second.bind(false)
            try second.bind("x")
            try second.run()
            let rows = try Row.fetchAll(db, sql: "SELECT a, b, c, d, typeof(a), typeof(d) FROM t ORDER BY rowid")
            XCTAssertEqual(rows[0]["a"] as String?, "城关镇 \"引号\"")
            XCTAssertEqual(rows[0]["b"] as Int64?, 1 << 40)
            XCTAssertEqual(rows[0]["c"] as Int?, 1)
            XCTAssertEqual(rows[0][5] as String, "text", "an empty string is bound as text, not NULL")
            XCTAssertEqual(rows[1][4] as String, "null", "nil binds NULL over the last row's text")
            XCTAssertNil(rows[1]["b"] as Int64?, "nil binds NULL over the last row's integer")
            XCTAssertEqual(rows[1]["c"] as Int?, 0)
        }
    }

    func testAFailedStepThrowsTheSQLiteError() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (d TEXT NOT NULL)")
            let insert = try db.makeStatement(sql: "INSERT INTO t (d) VALUES (?)")
            var row = RowInsert(insert, db: db)
            try row.bind(String?.none)
            XCTAssertThrowsError(try row.run()) { error in
                XCTAssertEqual((error as? DatabaseError)?.resultCode, .SQLITE_CONSTRAINT)
            }
            // The statement is usable again afterwards.
            var again = RowInsert(insert, db: db)
            try again.bind("ok")
            try again.run()
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM t"), 1)
        }
    }
}

final class BindBufferTests: XCTestCase {
    /// Texts bound in place from a BindBuffer are stored exactly, row after row, when
    /// they fill several chunks and when one is larger than a chunk.
    func testTextsBoundInPlaceAreStoredExactly() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT, b TEXT, c TEXT)")
            let insert = try db.makeStatement(sql: "INSERT INTO t (a, b, c) VALUES (?,?,?)")
            let texts = BindBuffer()
            var expected: [[String]] = []
            for i in 0..<200 {
                let row = ["城关镇第\(i)党支部", String(repeating: "党员名册", count: i * 100), i % 7 == 0 ? "" : "\(i)"]
                var insertRow = RowInsert(insert, db: db, texts: texts)
                for value in row { try insertRow.bind(value) }
                try insertRow.run()
                expected.append(row)
            }
            let stored = try Row.fetchAll(db, sql: "SELECT a, b, c FROM t ORDER BY rowid").map { row in
                [row[0] as String, row[1] as String, row[2] as String]
            }
            XCTAssertEqual(stored.count, expected.count)
            XCTAssertEqual(stored, expected)
        }
    }

    /// Text bound from bytes (`bind(utf8:)`, as the store binds IDs and dates) is stored
    /// as those bytes, empty as "", nil as NULL, with or without a BindBuffer.
    func testTextBoundFromBytesIsStoredExactly() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT, b TEXT, c TEXT)")
            let insert = try db.makeStatement(sql: "INSERT INTO t (a, b, c) VALUES (?,?,?)")
            let texts = BindBuffer()
            for buffer in [texts, nil] {
                for text in ["410328199001011239", "2008-05-01", "城关镇"] {
                    var row = RowInsert(insert, db: db, texts: buffer)
                    try Array(text.utf8).withUnsafeBufferPointer { try row.bind(utf8: $0) }
                    try Array<UInt8>().withUnsafeBufferPointer { try row.bind(utf8: $0) }
                    try row.bind(utf8: nil)
                    try row.run()
                }
            }
            let stored = try Row.fetchAll(db, sql: "SELECT a, b, c IS NULL FROM t ORDER BY rowid").map { row in
                [row[0] as String, row[1] as String, "\(row[2] as Int)"]
            }
            let once = [["410328199001011239", "", "1"], ["2008-05-01", "", "1"], ["城关镇", "", "1"]]
            XCTAssertEqual(stored, once + once)
        }
    }
}
