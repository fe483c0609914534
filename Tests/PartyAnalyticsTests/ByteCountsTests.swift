@testable import PartyStore
@testable import PartyAnalytics
import GRDB
import XCTest

final class ByteCountsTests: XCTestCase {
    private func add(_ text: String, to counts: inout ByteCounts) {
        Array(text.utf8).withUnsafeBufferPointer { counts.add($0) }
    }

    func testCountsByBytesInFirstSeenOrderThroughGrowth() {
        var counts = ByteCounts()
        let texts = (0..<300).map { "乡镇\($0)" } + ["", "e\u{0301}", "\u{00E9}"]
        for (i, text) in texts.enumerated() {
            for _ in 0...(i % 3) { add(text, to: &counts) }
        }
        add("乡镇0", to: &counts)
        let all = counts.all
        XCTAssertEqual(all.map(\.text), texts, "first-seen order, every text once")
        XCTAssertEqual(all[0].count, 2)
        XCTAssertEqual(all[299].count, 299 % 3 + 1)
        XCTAssertEqual(all[300].count, 1, "the empty text is a key like any other")
        XCTAssertEqual(all[301].count, 2, "canonically equal texts with other bytes are counted apart, as SQLite groups them")
        XCTAssertEqual(all[302].count, 3)
    }

    func testMemberBytesMirrorSQL() {
        Array("  汉族 ".utf8).withUnsafeBufferPointer { b in
            XCTAssertEqual(String(decoding: MemberBytes.trim(b), as: UTF8.self), "汉族")
            XCTAssertTrue(MemberBytes.isOne(of: MemberBytes.majorityOrUnknown, MemberBytes.trim(b)))
        }
        Array("   ".utf8).withUnsafeBufferPointer { b in
            XCTAssertEqual(MemberBytes.label(b) { String(decoding: $0, as: UTF8.self) }, "未知")
        }
        XCTAssertEqual(MemberBytes.label(nil) { String(decoding: $0, as: UTF8.self) }, "未知")
        Array("1978-12-18".utf8).withUnsafeBufferPointer { b in
            XCTAssertTrue(MemberBytes.lessOrEqual(b, MemberBytes.reform))
            XCTAssertFalse(MemberBytes.less(b, MemberBytes.reform))
            XCTAssertFalse(MemberBytes.less(b, MemberBytes.founding))
        }
    }
}

/// The rules of the member figures written in SQL, as the indicators computed them
/// before the scan read its columns in place: the oracle for `MemberBytes`.
private enum MemberRulesInSQL {
    static let rural = "COALESCE(is_rural, branch_category IN ('农村', '行政村', '村'), 0) <> 0"
    static let age = """
        CASE WHEN birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
                  AND CAST(substr(birth_date, 1, 4) AS INTEGER) <= :y
             THEN :y - CAST(substr(birth_date, 1, 4) AS INTEGER) END
        """
    static let joinedDay = """
        CASE WHEN joined_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' THEN joined_on || '-01'
             WHEN joined_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN joined_on END
        """
    static func period(of day: String) -> String {
        """
        CASE WHEN (\(day)) IS NULL THEN 4 WHEN (\(day)) < '1949-10-01' THEN 0
             WHEN (\(day)) <= '1978-12-18' THEN 1 WHEN (\(day)) <= '2012-11-08' THEN 2 ELSE 3 END
        """
    }
    static func band(of age: String) -> String {
        "CASE WHEN (\(age)) IS NULL THEN 8 WHEN (\(age)) <= 30 THEN 0 WHEN (\(age)) >= 61 THEN 7 ELSE ((\(age)) - 31) / 5 + 1 END"
    }
}

/// The byte-level age, joining period and rural agree with the SQL rules.
final class MemberBytesAgainstSQLTests: XCTestCase {
    func testAgePeriodAndRuralMatchMemberSQL() throws {
        let dates: [String?] = [nil, "", "1990-05-01", "1990-05", "2024-12-31", "2025-01-01", "1949-10-01", "1949-09-30",
                                "1949-10", "1978-12-18", "1978-12-19", "1978-12", "2012-11-08", "2012-11-09", "2012-11",
                                "1990", "1990-5-01", "199O-05-01", "1990-05-1", "1990/05/01", " 1990-05-01", "1990-05-01x",
                                "1990-05-01 08:00", "0000-00", "9999-99-99", "１９９０-05-01", "1990-05-"]
        let rural: [(Int64?, String?)] = [(nil, nil), (1, nil), (0, "农村"), (nil, "农村"), (nil, "行政村"), (nil, "村"),
                                          (nil, "社区"), (nil, " 农村"), (2, nil), (nil, "")]
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE member (birth_date TEXT, joined_on TEXT, is_rural INTEGER, branch_category TEXT)")
            for (i, date) in dates.enumerated() {
                let (isRural, category) = rural[i % rural.count]
                try db.execute(sql: "INSERT INTO member VALUES (?, ?, ?, ?)", arguments: [date, date, isRural, category])
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT birth_date, joined_on, is_rural, branch_category, \(MemberRulesInSQL.age) AS age,
                       \(MemberRulesInSQL.band(of: MemberRulesInSQL.age)) AS band,
                       \(MemberRulesInSQL.period(of: MemberRulesInSQL.joinedDay)) AS period,
                       CASE WHEN \(MemberRulesInSQL.rural) THEN 1 ELSE 0 END AS rural
                FROM member ORDER BY rowid
                """, arguments: ["y": 2024])
            XCTAssertEqual(rows.count, dates.count)
            for row in rows {
                func bytes<R>(_ text: String?, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
                    guard let text else { return body(nil) }
                    return Array(text.utf8).withUnsafeBufferPointer { body($0) }
                }
                let birth: String? = row["birth_date"], category: String? = row["branch_category"]
                XCTAssertEqual(bytes(birth) { MemberBytes.age(birth: $0, year: 2024) }, row["age"] as Int?, "\(birth ?? "NULL")")
                XCTAssertEqual(AgeBand.index(age: row["age"]), row["band"] as Int, "\(birth ?? "NULL")")
                XCTAssertEqual(bytes(birth) { MemberBytes.period(joined: $0) }, row["period"] as Int, "\(birth ?? "NULL")")
                XCTAssertEqual(bytes(category) { MemberBytes.isRural(isRural: row["is_rural"], category: $0) },
                               (row["rural"] as Int) != 0, "\(category ?? "NULL")")
            }
        }
    }
}
