import XCTest
import GRDB
import PartyStore
@testable import PartyAnalytics

/// Member flows on `Fixtures.twoYears()`, counted by hand:
///
/// - 2023 counted (8): 城关镇 A B noID1 · 桐河乡 C D E noID2 · 湖阳镇 F (the duplicate of A is out)
/// - 2024 counted (8): 城关镇 A C G · 桐河乡 B E(no ID) H · 湖阳镇党委 F I (the duplicate of G is out)
/// - joined G H I = 3; left D E = 2 (E lost its ID); transferred B C = 2 (F only changed spelling);
///   without ID 2 → 1; 8 = 8 + 3 − 2 + 1 − 2.
final class YearComparisonTests: XCTestCase {
    func testCountyFlowsAndIdentity() throws {
        let f = try Fixtures.twoYears()
        let c = try compare(store: f.store, from: 2023, to: 2024)
        XCTAssertEqual(c.from, 2023)
        XCTAssertEqual(c.to, 2024)
        XCTAssertEqual(c.members, MemberFlows(from: 8, to: 8, joined: 3, left: 2, transferred: 2,
                                              withoutIDFrom: 2, withoutIDTo: 1))
        XCTAssertTrue(c.members.identityHolds)
        XCTAssertEqual(c.members.arithmetic, "8 = 8 + 3 − 2 + 1 − 2")
    }

    func testTownshipFlows() throws {
        let f = try Fixtures.twoYears()
        let c = try compare(store: f.store, from: 2023, to: 2024)
        XCTAssertEqual(c.townships, [
            TownshipChange(township: "城关镇", membersFrom: 3, membersTo: 3, joined: 1, left: 0, transferredIn: 1,
                           transferredOut: 1, withoutIDFrom: 1, withoutIDTo: 0),
            TownshipChange(township: "桐河乡", membersFrom: 4, membersTo: 3, joined: 1, left: 2, transferredIn: 1,
                           transferredOut: 1, withoutIDFrom: 1, withoutIDTo: 1),
            TownshipChange(township: "湖阳镇党委", membersFrom: 1, membersTo: 2, joined: 1, left: 0, transferredIn: 0,
                           transferredOut: 0, withoutIDFrom: 0, withoutIDTo: 0),
        ])
        XCTAssertEqual(c.townships[1].delta, -1)
        XCTAssertEqual(c.townships[1].change, -0.25)
        XCTAssertEqual(c.townships.map(\.membersTo).reduce(0, +), c.members.to)
    }

    func testIndicatorRows() throws {
        let f = try Fixtures.twoYears()
        let c = try compare(store: f.store, from: 2023, to: 2024)
        func row(_ name: String) throws -> IndicatorChange {
            try XCTUnwrap(c.indicators.first { $0.name == name }, name)
        }
        let total = try row("members.total")
        XCTAssertEqual(total.from, .count(8))
        XCTAssertEqual(total.delta, .count(0))
        XCTAssertEqual(total.change, 0)
        let rural = try row("members.rural")        // 丁 戊 → 戊 辛
        XCTAssertEqual(rural.from, .count(2))
        XCTAssertEqual(rural.to, .count(2))
        let minority = try row("members.minority")  // none → 庚 回族
        XCTAssertEqual(minority.from, .count(0))
        XCTAssertEqual(minority.to, .count(1))
        XCTAssertNil(minority.change)                // from is 0
        let coverage = try row("coverage.overall.ratio")   // 14/16 → 15/16
        XCTAssertEqual(coverage.unit, .ratio)
        XCTAssertEqual(coverage.from, .ratio(14.0 / 16))
        XCTAssertEqual(coverage.to, .ratio(15.0 / 16))
        XCTAssertEqual(try XCTUnwrap(coverage.delta?.doubleValue), 1.0 / 16, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(coverage.change), 1.0 / 14, accuracy: 1e-12)
        let community = try row("coverage.by_category.社区.ratio")   // 0 units in both years
        XCTAssertNil(community.from)
        XCTAssertNil(community.delta)
        let branches = try row("organisations.branches")   // 17 → 18
        XCTAssertEqual(branches.delta, .count(1))
        let funding = try row("funding.total")              // 1500.00 → 2000.00
        XCTAssertEqual(funding.unit, .yuan)
        XCTAssertEqual(funding.from, .fen(150_000))
        XCTAssertEqual(funding.delta, .fen(50_000))
        XCTAssertEqual(try XCTUnwrap(funding.change), 1.0 / 3, accuracy: 1e-12)
        let festival = try row("funding.by_category.节日慰问")   // absent in 2023
        XCTAssertEqual(festival.from, .fen(0))
        XCTAssertEqual(festival.to, .fen(20_000))
        XCTAssertNil(festival.change)
        XCTAssertEqual(Set(c.indicators.map(\.name)).count, c.indicators.count, "names are unique")
        XCTAssertTrue(c.indicators.contains { $0.name == "age_bands.>=61" })
        XCTAssertFalse(c.indicators.contains { $0.name == "ratios.total" })
    }

    func testSingleYearEntriesMatchComparisonRows() throws {
        let f = try Fixtures.twoYears()
        let c = try compare(store: f.store, from: 2023, to: 2024)
        let entries = try computeIndicators(store: f.store, year: 2024).entries
        XCTAssertEqual(entries.map(\.name), c.indicators.map(\.name))
        XCTAssertEqual(entries.map(\.value), c.indicators.map(\.to))
    }

    func testIdentityCheckInIndicators() throws {
        let f = try Fixtures.twoYears()
        let first = try computeIndicators(store: f.store, year: 2023)
        XCTAssertFalse(first.checks.contains { $0.code == "members.identity" }, "no earlier year")
        let checks = try computeIndicators(store: f.store, year: 2024).checks
        XCTAssertEqual(checks.map(\.code), ["members.mismatch", "member.duplicate", "members.identity"])
        XCTAssertEqual(checks[0].location, "桐河乡")   // reported 4, roster 3
        XCTAssertEqual(checks[0].count, 1)
        XCTAssertEqual(checks[1].location, "城关镇、桐河乡")
        XCTAssertEqual(checks[2], Check(code: .membersIdentity, severity: .info,
                                        message: "与 2023 年相比党员增减平衡：8 = 8 + 3 − 2 + 1 − 2",
                                        location: "2023→2024", count: 0))
    }

    func testBrokenIdentityThrowsAndIsReported() throws {
        let f = try Fixtures.twoYears()
        // A second counted row with A's ID in 2024: the store contradicts the uniqueness rule.
        try f.member(2024, "甲", id: Fixtures.idA, township: "湖阳镇党委")
        XCTAssertThrowsError(try compare(store: f.store, from: 2023, to: 2024)) { error in
            XCTAssertEqual((error as? AnalyticsError)?.code, "flows.identity")
            XCTAssertEqual((error as? AnalyticsError)?.message,
                           "内部一致性错误：2023→2024 年党员增减不平衡：9 ≠ 8 + 3 − 2 + 1 − 2")
        }
        let identity = try XCTUnwrap(computeIndicators(store: f.store, year: 2024).checks.last)
        XCTAssertEqual(identity.code, "members.identity")
        XCTAssertEqual(identity.severity, .error)
    }

    func testMissingYear() throws {
        let f = try Fixtures.twoYears()
        XCTAssertThrowsError(try compare(store: f.store, from: 2022, to: 2024)) { error in
            XCTAssertEqual(error as? AnalyticsError, AnalyticsError(
                code: .yearMissing, message: "数据库中没有 2022 年的数据；已有年份：2023、2024"))
        }
        let empty = try StoreFixture()
        XCTAssertThrowsError(try compare(store: empty.store, from: 2023, to: 2024)) { error in
            XCTAssertEqual((error as? AnalyticsError)?.message, "数据库中没有 2023 年的数据；已有年份：无（请先导入）")
        }
    }

    func testJSONShapeAndRoundTrip() throws {
        let f = try Fixtures.twoYears()
        let c = try compare(store: f.store, from: 2023, to: 2024)
        let data = try AnalyticsJSON.encode(c)
        XCTAssertEqual(try AnalyticsJSON.decode(YearComparison.self, from: data), c)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let members = try XCTUnwrap(object["members"] as? [String: Any])
        XCTAssertEqual(Set(members.keys), ["from", "to", "joined", "left", "transferred", "without_id_from",
                                           "without_id_to", "arithmetic"])
        let rows = try XCTUnwrap(object["indicators"] as? [[String: Any]])
        let funding = try XCTUnwrap(rows.first { $0["name"] as? String == "funding.total" })
        XCTAssertEqual(funding["from"] as? String, "1500.00")
        XCTAssertEqual(funding["delta"] as? String, "500.00")
        let ratio = try XCTUnwrap(rows.first { $0["name"] as? String == "coverage.by_category.社区.ratio" })
        XCTAssertTrue(ratio["from"] is NSNull)
        XCTAssertTrue(ratio["change"] is NSNull)
    }
}
