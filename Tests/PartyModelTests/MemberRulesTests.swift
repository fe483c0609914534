import PartyModel
import XCTest

/// The member figures' rules, on stored text and on typed dates alike.
final class MemberRulesTests: XCTestCase {
    private func bytes<R>(_ text: String?, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        guard let text else { return body(nil) }
        return Array(text.utf8).withUnsafeBufferPointer { body($0) }
    }

    /// Stored texts, with the age at the end of 2024, its band and the joining period
    /// they give (the figures SQLite gave for the same rules written in SQL, before
    /// they were written once here).
    func testAgeBandAndPeriodOfStoredText() {
        let expected: [(String?, Int?, Int, Int)] = [
            (nil, nil, 8, 4), ("", nil, 8, 4), ("1990-05-01", 34, 1, 2), ("1990-05", 34, 1, 2),
            ("2024-12-31", 0, 0, 3), ("2025-01-01", nil, 8, 3), ("1949-10-01", 75, 7, 1), ("1949-09-30", 75, 7, 0),
            ("1949-10", 75, 7, 1), ("1978-12-18", 46, 4, 1), ("1978-12-19", 46, 4, 2), ("1978-12", 46, 4, 1),
            ("2012-11-08", 12, 0, 2), ("2012-11-09", 12, 0, 3), ("2012-11", 12, 0, 2), ("1990", nil, 8, 4),
            ("1990-5-01", nil, 8, 4), ("199O-05-01", nil, 8, 4), ("1990-05-1", 34, 1, 4), ("1990/05/01", nil, 8, 4),
            (" 1990-05-01", nil, 8, 4), ("1990-05-01x", 34, 1, 4), ("1990-05-01 08:00", 34, 1, 4), ("0000-00", 2024, 7, 0),
            ("9999-99-99", nil, 8, 3), ("１９９０-05-01", nil, 8, 4), ("1990-05-", 34, 1, 4),
        ]
        for (text, age, band, period) in expected {
            let label = text ?? "NULL"
            XCTAssertEqual(bytes(text) { MemberRules.age(birth: $0, year: 2024) }, age, label)
            XCTAssertEqual(AgeBand.index(age: age), band, label)
            XCTAssertEqual(bytes(text) { MemberRules.period(joined: $0) }, period, label)
        }
    }

    /// A typed date and its stored ISO text give the same age and period.
    func testTypedDatesAgreeWithTheirStoredText() throws {
        let dates = ["1949-09-30", "1949-10-01", "1949-09", "1949-10", "1978-12-18", "1978-12-19", "1978-12",
                     "2012-11-08", "2012-11-09", "2012-11", "2012-12", "1990-05-01", "2024-12-31", "2025-01", "1900-01"]
        for text in dates {
            let date = try XCTUnwrap(PartyDate(iso: text), text)
            XCTAssertEqual(AgeBand.age(birth: date, atEndOf: 2024), bytes(date.iso) { MemberRules.age(birth: $0, year: 2024) }, text)
            XCTAssertEqual(JoiningPeriod.index(date), bytes(date.iso) { MemberRules.period(joined: $0) }, text)
        }
        XCTAssertNil(AgeBand.age(birth: nil, atEndOf: 2024))
        XCTAssertEqual(JoiningPeriod.index(nil), JoiningPeriod.unknown)
    }

    func testBandsAtTheirEdges() {
        let edges: [(Int?, Int)] = [(nil, 8), (0, 0), (30, 0), (31, 1), (35, 1), (36, 2), (55, 5), (56, 6), (60, 6), (61, 7), (130, 7)]
        for (age, band) in edges { XCTAssertEqual(AgeBand.index(age: age), band, "\(age.map(String.init) ?? "nil")") }
        XCTAssertEqual(AgeBand.keys.count, AgeBand.labels.count)
        XCTAssertEqual(JoiningPeriod.keys.count, JoiningPeriod.labels.count)
    }

    /// Rural from the flag when present, else from the branch category's exact bytes.
    func testRural() {
        let cases: [(Int64?, String?, Bool)] = [
            (nil, nil, false), (1, nil, true), (0, "农村", false), (nil, "农村", true), (nil, "行政村", true), (nil, "村", true),
            (nil, "社区", false), (nil, " 农村", false), (2, nil, true), (nil, "", false),
        ]
        for (flag, category, rural) in cases {
            XCTAssertEqual(bytes(category) { MemberRules.isRural(isRural: flag, category: $0) }, rural, "\(flag as Any) \(category as Any)")
        }
    }

    func testLabelsTrimAndFoldBlanks() {
        bytes("  汉族 ") { b in
            XCTAssertEqual(String(decoding: MemberRules.trim(b!), as: UTF8.self), "汉族")
            XCTAssertTrue(MemberRules.isOne(of: MemberRules.majorityOrUnknown, MemberRules.trim(b!)))
        }
        bytes("   ") { XCTAssertEqual(MemberRules.label($0) { String(decoding: $0, as: UTF8.self) }, "未知") }
        XCTAssertEqual(MemberRules.label(nil) { String(decoding: $0, as: UTF8.self) }, "未知")
        bytes(" 回族") { XCTAssertEqual(MemberRules.label($0) { String(decoding: $0, as: UTF8.self) }, "回族") }
        bytes("女") { XCTAssertTrue(MemberRules.equal($0, MemberRules.woman)) }
        XCTAssertFalse(MemberRules.equal(nil, MemberRules.woman))
    }
}
