import Foundation
import TestSupport
import XCTest

/// Runs scripts/diff-calamine over every fixture: `partystats cells` must agree with
/// python-calamine cell by cell. Skipped when python-calamine or the built
/// `partystats` executable is not available.
final class DiffCalamineTests: XCTestCase {
    func testFixturesAgreeWithCalamine() throws {
        let probe = try TestSupport.run("/usr/bin/env", ["python3", "-c", "import python_calamine"])
        guard probe.status == 0 else { throw XCTSkip("python-calamine is not installed") }
        let binary = TestSupport.partystatsBinary
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("partystats not built at \(binary)") }
        let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
        let files = try FileManager.default.contentsOfDirectory(atPath: fixtures.path)
            .filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".xls") }
            .sorted()
            .map { fixtures.appendingPathComponent($0).path }
        XCTAssertGreaterThanOrEqual(files.count, 8)
        let script = TestSupport.packageRoot.appendingPathComponent("scripts/diff-calamine").path
        let result = try TestSupport.run("/usr/bin/env", ["python3", script, "--quiet", "--partystats", binary] + files)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    }

    /// The committed corpus selection (Fixtures/corpus, with its licences): every file
    /// read like python-calamine, or xlrd / openpyxl where calamine is shown wrong.
    func testCorpusSelectionAgreesWithTheReferences() throws {
        let probe = try TestSupport.run("/usr/bin/env", ["python3", "-c", "import python_calamine, xlrd, openpyxl"])
        guard probe.status == 0 else { throw XCTSkip("python-calamine, xlrd or openpyxl is not installed") }
        let binary = TestSupport.partystatsBinary
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("partystats not built at \(binary)") }
        let corpus = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/corpus").path
        let script = TestSupport.packageRoot.appendingPathComponent("scripts/diff-calamine").path
        let result = try TestSupport.run("/usr/bin/env", ["python3", script, "--quiet", "--partystats", binary, corpus])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("summary .xlsx/.xlsm: 7/7 files read like the references (100.0 %)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("negative-date-serial 88"), "LONumbers.xlsx: calamine makes times of negative serials")
        XCTAssertTrue(result.stdout.contains("summary .xls: 14/14 files"), result.stdout)
    }

    func testCellsCommandErrorsAndUsage() throws {
        let binary = TestSupport.partystatsBinary
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("partystats not built at \(binary)") }
        let fixture = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/xlsxwriter_roster.xlsx").path
        let list = try TestSupport.run(binary, ["cells", fixture, "--list-sheets"])
        XCTAssertEqual(list.status, 0)
        XCTAssertEqual(list.stdout, "1\t党员名册\n2\t说明\n3\t隐藏\t隐藏\n")
        let byName = try TestSupport.run(binary, ["cells", fixture, "--sheet", "说明", "--format", "jsonl"])
        XCTAssertEqual(byName.stdout, "[\"本表由乡镇填报\"]\n")
        let byNumber = try TestSupport.run(binary, ["cells", fixture, "--sheet", "2"])
        XCTAssertEqual(byNumber.stdout, "本表由乡镇填报\n")
        let missing = try TestSupport.run(binary, ["cells", fixture, "--sheet", "9"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("[sheet.not_found]"), missing.stderr)
        let usage = try TestSupport.run(binary, ["cells", fixture, "--sheet", "0"])
        XCTAssertEqual(usage.status, 64)
        let badFormat = try TestSupport.run(binary, ["cells", fixture, "--format", "xml"])
        XCTAssertEqual(badFormat.status, 64)
        let both = try TestSupport.run(binary, ["cells", fixture, "--sheet", "1", "--sheet-name", "说明"])
        XCTAssertEqual(both.status, 64)
        let broken = try TestSupport.run(binary, ["cells", "/nonexistent/a.xlsx"])
        XCTAssertEqual(broken.status, 1)
        XCTAssertEqual(broken.stderr, "文件 /nonexistent/a.xlsx：文件不存在或无法读取 [file.unreadable]\n")
    }

    /// `--sheet N` is the N-th sheet even when another sheet is named "N"; a name goes
    /// through `--sheet-name` (or `--sheet` with text), exact first, then a unique prefix.
    func testSheetByPositionNameAndPrefix() throws {
        let binary = TestSupport.partystatsBinary
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("partystats not built at \(binary)") }
        let fixture = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/openpyxl_sheet_names.xlsx").path
        func cells(_ args: [String]) throws -> (Int32, String, String) {
            let r = try TestSupport.run(binary, ["cells", fixture] + args)
            return (r.status, r.stdout, r.stderr)
        }
        XCTAssertEqual(try cells(["--sheet", "1"]).1, "第1个工作表\n")
        XCTAssertEqual(try cells(["--sheet", "2"]).1, "第2个工作表\n")
        XCTAssertEqual(try cells(["--sheet-name", "1"]).1, "第2个工作表\n")
        XCTAssertEqual(try cells(["--sheet-name", "说明"]).1, "第5个工作表\n", "a unique prefix")
        XCTAssertEqual(try cells(["--sheet", "说明"]).1, "第5个工作表\n", "--sheet with text is a name")
        XCTAssertEqual(try cells(["--sheet-name", "党员名册（2023）"]).1, "第4个工作表\n")
        let ambiguous = try cells(["--sheet-name", "党员名册"])
        XCTAssertEqual(ambiguous.0, 1)
        XCTAssertTrue(ambiguous.2.contains("党员名册（2024）、党员名册（2023）") && ambiguous.2.contains("[sheet.ambiguous]"), ambiguous.2)
        let missing = try cells(["--sheet", "6"])
        XCTAssertEqual(missing.0, 1)
        XCTAssertTrue(missing.2.contains("没有第 6 个工作表") && missing.2.contains("[sheet.not_found]"), missing.2)
        XCTAssertTrue(try cells(["--sheet-name", "名册"]).2.contains("[sheet.not_found]"), "a prefix, not a substring")
    }

    /// `cells` names formula cells stored without a result on standard error.
    func testCellsWarnsAboutUncachedFormulas() throws {
        let binary = TestSupport.partystatsBinary
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("partystats not built at \(binary)") }
        let fixture = TestSupport.packageRoot
            .appendingPathComponent("Tests/SheetReaderTests/Fixtures/openpyxl_uncached_formulas.xlsx").path
        let run = try TestSupport.run(binary, ["cells", fixture, "--format", "jsonl"])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.contains("[2,null,\"男\""), run.stdout)
        XCTAssertTrue(run.stderr.contains("B4、F5是没有保存计算结果的公式") && run.stderr.contains("[cell.formula_uncached]"), run.stderr)
    }
}
