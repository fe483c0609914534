import Foundation
import GRDB
import PartyAnalytics
import PartyImport
import PartySession
import PartyStore
import TestSupport
import XCTest

/// People who are no longer members are stored apart, counted apart in the indicators
/// and listed with masked IDs; the member table and its tallies hold members only.
final class FormerMembersTests: XCTestCase {
    private static let roster = """
        姓名,性别,公民身份号码,党籍状态,减少原因
        王一,男,110105198001010016,正式党员,
        赵三,男,41032819600101003X,正式党员,死亡
        钱四,男,410328195001010043,停止党籍,
        孙五,女,,预备党员,组织关系转出
        李六,女,,正常,
        """

    func testFormerMembersAreStoredCountedAndListedApart() throws {
        let dir = try TestSupport.temporaryDirectory("former")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try TestSupport.write(Array(Self.roster.utf8), to: "城关镇名册.csv", in: dir)
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        // Imported twice: the second import replaces the file, and its former members with it.
        for _ in 0..<2 {
            let result = try ImportSession(store: store).importReturns(files: [file], year: 2024, mapping: Mapping())
            let sheet = try XCTUnwrap(result.report.files.first?.sheets.first)
            XCTAssertEqual([sheet.imported, sheet.skipped["former"]], [2, 3])
            XCTAssertTrue(sheet.balances)
        }
        let counts = try store.dbQueue.read { db in
            [try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM former_member") ?? -1]
        }
        XCTAssertEqual(counts, [2, 3])

        let analytics = Analytics(store: store)
        let indicators = try analytics.indicators(year: 2024)
        XCTAssertEqual(indicators.members.total, 2)
        XCTAssertEqual(indicators.formerMembers.total, 3)
        XCTAssertEqual(indicators.formerMembers.byReason, ["死亡": 1, "停止党籍": 1, "转出": 1])
        let json = String(decoding: try AnalyticsJSON.encode(indicators), as: UTF8.self)
        XCTAssertTrue(json.contains("\"former_members\""), json)

        let list = try analytics.formerMemberList(year: 2024)
        XCTAssertEqual(list.map(\.name), ["赵三", "钱四", "孙五"])
        XCTAssertEqual(list.map(\.row), [3, 4, 5])
        XCTAssertEqual(list.first?.maskedID, "410328********003X")
        XCTAssertNil(list.last?.maskedID)
    }
}
