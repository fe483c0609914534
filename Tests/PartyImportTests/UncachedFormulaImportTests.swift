import Foundation
import PartyImport
import PartyModel
import TestSupport
import XCTest

/// An openpyxl roster whose formulas have no cached result (issue 16 §2): each such
/// cell in a mapped column is a `cell.formula_uncached` warning naming the cell, and
/// the row rejected because its name formula reads blank says so.
final class UncachedFormulaImportTests: XCTestCase {
    func testUncachedFormulasAreWarnedAndExplainRejects() throws {
        let path = TestSupport.packageRoot
            .appendingPathComponent("Tests/SheetReaderTests/Fixtures/openpyxl_uncached_formulas.xlsx").path
        let sink = RecordingSink()
        let report = try ImportPipeline().run(files: try ImportPipeline.discover([path]), sink: sink)
        XCTAssertEqual(sink.members.map(\.record.name), ["王建国", "李秀英"])

        let uncached = report.problems.filter { $0.code == "cell.formula_uncached" }
        XCTAssertEqual(uncached.map { "\($0.column ?? "")\($0.row ?? 0)" }, ["B4", "F5"])
        XCTAssertEqual(uncached.map(\.header), ["姓名", "学历"])
        XCTAssertTrue(uncached.allSatisfy { $0.severity == .warning && $0.sheet == "党员名册" })
        XCTAssertTrue(uncached[0].message.contains("没有保存它的计算结果"), uncached[0].message)

        let reject = try XCTUnwrap(report.problems.first { $0.severity == .reject })
        XCTAssertEqual([reject.code, reject.column, reject.row.map(String.init)], ["row.name_missing", "B", "4"])
        XCTAssertTrue(reject.message.hasSuffix("（该单元格是没有保存计算结果的公式）"), reject.message)
    }
}
