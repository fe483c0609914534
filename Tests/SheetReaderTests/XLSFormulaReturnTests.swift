import Foundation
import TestSupport
import XCTest

/// Issue 16's formula branch return, imported by the `partystats` binary as a user does:
/// LibreOffice's `.xls` (党员数 `=F2+G2`, a 合计 row of SUMs, the township 城关镇 merged
/// over two rows) gives exactly the indicators of the same workbook saved as `.xlsx`:
/// 城关镇 800, 古城乡 500, in all 1,300 members reported.
final class XLSFormulaReturnTests: XCTestCase {
    private func importAndIndicators(_ fixture: String, in dir: URL) throws -> (imported: Any?, indicators: String) {
        let binary = TestSupport.partystatsBinary
        let db = dir.appendingPathComponent(fixture + ".sqlite").path
        let path = XLSXWorkbookTests.fixture(fixture)
        let imported = try TestSupport.run(binary, ["import", path, "--year", "2024", "--db", db, "--json"])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let summary = try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any]
        let indicators = try TestSupport.run(binary, ["indicators", "--year", "2024", "--db", db, "--json"])
        XCTAssertEqual(indicators.status, 0, indicators.stderr)
        return (summary?["summary"], indicators.stdout)
    }

    func testXLSImportsTheFiguresOfItsXLSX() throws {
        guard FileManager.default.isExecutableFile(atPath: TestSupport.partystatsBinary) else {
            throw XCTSkip("partystats not built at \(TestSupport.partystatsBinary)")
        }
        let dir = try TestSupport.temporaryDirectory("xls-formula-return")
        defer { try? FileManager.default.removeItem(at: dir) }
        let xls = try importAndIndicators("lo_formula_return.xls", in: dir)
        let xlsx = try importAndIndicators("lo_formula_return.xlsx", in: dir)
        XCTAssertEqual(xls.indicators, xlsx.indicators)
        let summary = try XCTUnwrap(xls.imported as? [String: Any])
        XCTAssertEqual(summary["imported"] as? Int, 3)
        XCTAssertEqual(summary["rejected"] as? Int, 0)

        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(xls.indicators.utf8)) as? [String: Any])
        let organisations = try XCTUnwrap(doc["organisations"] as? [String: Any])
        XCTAssertEqual(organisations["members_reported"] as? Int, 1300)
        XCTAssertEqual(organisations["branches"] as? Int, 49)
        let townships = try XCTUnwrap(doc["townships"] as? [[String: Any]])
        let reported = Dictionary(uniqueKeysWithValues: townships.map { ($0["township"] as? String ?? "", $0["members_reported"] as? Int ?? -1) })
        XCTAssertEqual(reported, ["城关镇": 800, "古城乡": 500], "the merged township's second row counts for 城关镇")
    }
}
