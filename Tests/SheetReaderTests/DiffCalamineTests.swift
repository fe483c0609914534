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
        let broken = try TestSupport.run(binary, ["cells", "/nonexistent/a.xlsx"])
        XCTAssertEqual(broken.status, 1)
        XCTAssertEqual(broken.stderr, "文件 /nonexistent/a.xlsx：文件不存在或无法读取 [file.unreadable]\n")
    }
}
