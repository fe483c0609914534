import XCTest
import PartyStore
@testable import PartyAnalytics

/// Hand-computed expectations on `Fixtures.singleYear()` (worked out member by member in
/// the comments).
final class IndicatorsTests: XCTestCase {
    private var fixture: StoreFixture!
    private var indicators: Indicators!

    override func setUpWithError() throws {
        fixture = try Fixtures.singleYear()
        indicators = try computeIndicators(store: fixture.store, year: 2024)
    }

    override func tearDown() {
        indicators = nil
        fixture = nil
    }

    func testMemberCountsKeepDuplicatesOut() {
        // Counted: 张三 李四 王五 赵六 (城关镇), 钱七 孙八 (桐河乡), 周九 (未知); the two duplicate rows are out.
        let m = indicators.members
        XCTAssertEqual(m.total, 7)
        XCTAssertEqual(m.women, 3)          // 李四 王五 钱七
        XCTAssertEqual(m.minority, 2)       // 李四 回族, 孙八 壮族; 王五 unknown is not minority
        XCTAssertEqual(m.rural, 3)          // 张三 is_rural, 李四 by branch category 农村, 钱七
        XCTAssertEqual(m.mobile, 3)         // 李四 王五 钱七
        XCTAssertEqual(m.lostContact, 1)    // 王五
        XCTAssertEqual(m.hardship, 2)       // 李四 钱七
        XCTAssertEqual(m.probationary, 1)   // 李四
        XCTAssertEqual(m.college, 3)        // 本科, 专科, 研究生
    }

    func testRatios() throws {
        let r = indicators.ratios
        XCTAssertEqual(try XCTUnwrap(r.women), 3.0 / 7, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(r.minority), 2.0 / 7, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(r.rural), 3.0 / 7, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(r.mobile), 3.0 / 7, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(r.lostContact), 1.0 / 7, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(r.hardship), 2.0 / 7, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(r.probationary), 1.0 / 7, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(r.college), 3.0 / 7, accuracy: 1e-12)
    }

    func testAgeBandsAtYearEndWithMonthPrecisionEdges() {
        // 张三 1994-12 → 30 (≤30); 李四 1993-01-15 → 31; 孙八 1989-12-31 → 35; 钱七 1964-01 → 60;
        // 赵六 1963-06-01 → 61; 王五 no date and 周九 2025-03 (after Y-12-31) → unknown.
        XCTAssertEqual(indicators.ageBands.map(\.key),
                       ["<=30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", ">=61", "unknown"])
        XCTAssertEqual(indicators.ageBands.map(\.members), [1, 2, 0, 0, 0, 0, 1, 1, 2])
    }

    func testJoiningPeriodsWithMonthPrecisionAsFirstOfMonth() {
        // 赵六 1949-09-30 → before; 王五 1949-10 (= 10-01) and 钱七 1978-12-18 → second;
        // 孙八 1978-12-19 and 李四 2012-11 (= 11-01) → third; 周九 2012-11-09 and 张三 2015 → after.
        XCTAssertEqual(indicators.joiningPeriods.map(\.members), [1, 2, 2, 2, 0])
        XCTAssertEqual(indicators.joiningPeriods.last?.key, "unknown")
    }

    func testBreakdowns() {
        XCTAssertEqual(indicators.education, ["大学本科": 1, "大学专科": 1, "高中": 1, "研究生": 1, "初中及以下": 1,
                                              "中专": 1, "未知": 1])
        XCTAssertEqual(indicators.occupation, ["农民": 3, "未知": 2, "退休人员": 1, "工人": 1])
        XCTAssertEqual(indicators.gender, ["男": 4, "女": 3])
        XCTAssertEqual(indicators.ethnicity, ["汉族": 4, "回族": 1, "壮族": 1, "未知": 1])
        XCTAssertEqual(indicators.mobileDestinations, ["广东": 1, "浙江": 1, "未知": 1])
    }

    func testOrganisations() {
        let o = indicators.organisations
        XCTAssertEqual(o.committees, 2)
        XCTAssertEqual(o.generalBranches, 3)
        XCTAssertEqual(o.branches, 42)
        XCTAssertEqual(o.membersReported, 9)   // 5 + 2 + 2; 湖阳镇 did not report
        XCTAssertEqual(indicators.organisationsByCategory["农村"]?.branches, 34)
        XCTAssertEqual(indicators.organisationsByCategory["机关"]?.membersReported, 2)
        XCTAssertNil(indicators.organisationsByCategory["社会组织"]?.membersReported)
    }

    func testCoverageWithZeroUnitsIsNull() throws {
        let c = indicators.coverage
        XCTAssertEqual(c.overall.units, 45)
        XCTAssertEqual(c.overall.covered, 40)
        XCTAssertEqual(try XCTUnwrap(c.overall.ratio), 40.0 / 45, accuracy: 1e-12)
        XCTAssertEqual(c.byCategory["农村"], CoverageFigure(units: 35, covered: 30))
        XCTAssertEqual(c.byCategory["机关"]?.ratio, 1)
        XCTAssertEqual(c.byCategory["社会组织"], CoverageFigure(units: 0, covered: 0))
        XCTAssertNil(c.byCategory["社会组织"]?.ratio)
        XCTAssertEqual(c.byCategory.count, 3)
    }

    func testServiceCentres() throws {
        // 城关镇 has 1 centre; 桐河乡 reported 0; 湖阳镇 left the column blank.
        let s = indicators.serviceCentres
        XCTAssertEqual(s.townships, 3)
        XCTAssertEqual(s.withCentre, 1)
        XCTAssertEqual(s.centres, 1)
        XCTAssertEqual(try XCTUnwrap(s.ratio), 1.0 / 3, accuracy: 1e-12)
    }

    func testFunding() {
        let f = indicators.funding.figures
        XCTAssertEqual(f.totalFen, 510_050)
        XCTAssertEqual(f.records, 7)
        // 李四 (ID), 钱七 (ID), 郑十一 (ID), 吴十 of 桐河乡 and 吴十 of 城关镇 (no ID: name + township).
        XCTAssertEqual(f.recipients, 5)
        XCTAssertEqual(f.byCategoryFen, ["困难党员帮扶": 150_050, "节日慰问": 330_000, "未注明": 30_000])
        XCTAssertEqual(f.bySourceFen, ["财政资金": 400_000, "本级党费": 50_050, "未注明": 30_000, "社会捐助": 30_000])
        XCTAssertEqual(f.byMonthFen, ["2024-03": 150_050, "2024-06": 310_000, "2024-07": 20_000, "未知": 30_000])
        XCTAssertEqual(indicators.funding.byTownshipFen, ["城关镇": 180_050, "桐河乡": 330_000])
    }

    func testTownshipsInBranchReturnOrderWithEveryFigure() throws {
        XCTAssertEqual(indicators.townships.map(\.township), ["城关镇", "桐河乡", "湖阳镇", "未知"])
        let chengguan = indicators.townships[0]
        XCTAssertEqual(chengguan.members.total, 4)
        XCTAssertEqual(chengguan.members.women, 2)
        XCTAssertEqual(chengguan.members.mobile, 2)
        XCTAssertEqual(chengguan.members.rural, 2)
        XCTAssertEqual(chengguan.ratios.mobile, 0.5)
        XCTAssertEqual(chengguan.organisations.membersReported, 7)
        XCTAssertEqual(chengguan.coverage, CoverageFigure(units: 30, covered: 28))
        XCTAssertEqual(chengguan.serviceCentres, 1)
        XCTAssertEqual(chengguan.funding.totalFen, 180_050)
        XCTAssertEqual(chengguan.funding.recipients, 2)
        XCTAssertEqual(chengguan.ageBands.map(\.members), [1, 1, 0, 0, 0, 0, 0, 1, 1])
        let tonghe = indicators.townships[1]
        XCTAssertEqual(tonghe.members.total, 2)
        XCTAssertEqual(tonghe.members.minority, 1)
        XCTAssertEqual(tonghe.funding.recipients, 3)
        XCTAssertEqual(tonghe.serviceCentres, 0)
        XCTAssertEqual(tonghe.education, ["初中及以下": 1, "中专": 1])
        // No members: every ratio is null, not 0.
        let huyang = indicators.townships[2]
        XCTAssertEqual(huyang.members.total, 0)
        XCTAssertEqual(huyang.ratios, MemberRatios(MemberCounts()))
        XCTAssertNil(huyang.ratios.mobile)
        XCTAssertNil(huyang.coverage.ratio)
        XCTAssertNil(huyang.serviceCentres)
        XCTAssertNil(huyang.organisations.membersReported)
        XCTAssertEqual(huyang.funding.totalFen, 0)
        let unknown = indicators.townships[3]
        XCTAssertEqual(unknown.members.total, 1)
        XCTAssertNil(unknown.organisations.membersReported)
        // Township figures add up to the county's.
        XCTAssertEqual(indicators.townships.map(\.members.total).reduce(0, +), indicators.members.total)
    }

    func testChecks() {
        let checks = indicators.checks
        XCTAssertEqual(checks.map(\.code), ["total.mismatch", "total.mismatch", "members.mismatch",
                                            "member.duplicate", "member.duplicate", "recipient.not_in_roster"])
        XCTAssertEqual(checks[0], Check(code: .totalMismatch, severity: .warning,
                                        message: "合计行“党支部”填报 43，明细行合计 42，相差 1",
                                        location: "文件 基层党组织.xlsx，工作表“Sheet1”，第 10 行，G 列"))
        XCTAssertEqual(checks[1].message, "总计行“金额”填报 5200.50 元，明细行合计 5100.50 元，相差 100.00 元")
        XCTAssertEqual(checks[2], Check(code: .membersMismatch, severity: .warning,
                                        message: "城关镇基层党组织情况表填报党员 7 名，党员名册计 4 名，相差 3 名",
                                        location: "城关镇", count: 3))
        XCTAssertEqual(checks[3].location, "城关镇")
        XCTAssertEqual(checks[3].count, 1)
        XCTAssertEqual(checks[4].location, "城关镇、桐河乡")
        XCTAssertEqual(checks[4].message, "桐河乡党员名册中有 1 名党员与城关镇重复（身份证号相同），重复记录未计入统计")
        XCTAssertEqual(checks[5], Check(
            code: .recipientNotInRoster, severity: .warning,
            message: "帮扶对象郑十一（410328********007X）的身份证号不在本年党员名册中（2 笔，1000.00 元）",
            location: "桐河乡；文件 帮扶资金.xlsx，工作表“Sheet1”，第 9 行", count: 2))
    }

    func testYearWithoutMembersHasNullRatios() throws {
        let f = try StoreFixture()
        try f.organisation(2022, township: "城关镇", category: nil, units: 0, covered: 0, branches: 3)
        let i = try computeIndicators(store: f.store, year: 2022)
        XCTAssertEqual(i.members.total, 0)
        XCTAssertEqual(i.ratios, MemberRatios(MemberCounts()))
        XCTAssertNil(i.ratios.women)
        XCTAssertNil(i.coverage.overall.ratio)
        XCTAssertEqual(i.coverage.byCategory.keys.sorted(), ["未注明"])
        XCTAssertNil(i.serviceCentres.withCentre)
        XCTAssertNil(i.serviceCentres.ratio)
        XCTAssertEqual(i.funding.figures.totalFen, 0)
        XCTAssertEqual(i.ageBands.map(\.members), Array(repeating: 0, count: 9))
        XCTAssertEqual(i.checks, [])
        let json = String(decoding: try AnalyticsJSON.encode(i), as: UTF8.self)
        XCTAssertTrue(json.contains("\"women\" : null"), json)
    }

    func testMissingYearNamesStoredYears() throws {
        XCTAssertThrowsError(try computeIndicators(store: fixture.store, year: 2025)) { error in
            XCTAssertEqual(error as? AnalyticsError, AnalyticsError(
                code: .yearMissing, message: "数据库中没有 2025 年的数据；已有年份：2024"))
        }
    }

    func testJSONRoundTrip() throws {
        let data = try AnalyticsJSON.encode(indicators)
        XCTAssertEqual(try AnalyticsJSON.decode(Indicators.self, from: data), indicators)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let funding = try XCTUnwrap(object["funding"] as? [String: Any])
        XCTAssertEqual(funding["total"] as? String, "5100.50")
        XCTAssertEqual((funding["by_source"] as? [String: String])?["本级党费"], "500.50")
        let township = try XCTUnwrap((object["townships"] as? [[String: Any]])?.first)
        XCTAssertEqual(township["funding"] as? String, "1800.50")
        XCTAssertEqual(township["members"] as? Int, 4)
        XCTAssertEqual(township["mobile_ratio"] as? Double, 0.5)
    }
}
