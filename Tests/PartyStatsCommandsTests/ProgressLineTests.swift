import Foundation
import TestSupport
import XCTest

/// The progress line of `import` and `report`: drawn on a terminal (here a pseudo-
/// terminal from util-linux `script`), silent when stderr is not one or under `--json`.
final class ProgressLineTests: XCTestCase {
    private var dir: URL!
    private var roster = ""
    private var binary: String { TestSupport.partystatsBinary }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "partystats not built at \(binary)")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script missing")
        dir = try TestSupport.temporaryDirectory("progress")
        // More rows than the pipeline's progress interval (4,096), so the line is drawn.
        var csv = "姓名,性别,乡镇\n"
        for i in 0..<6_000 { csv += "党员\(i),\(i % 2 == 0 ? "男" : "女"),城关镇\n" }
        roster = try TestSupport.write(Array(csv.utf8), to: "名册.csv", in: dir)
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(at: dir) }
    }

    /// Runs partystats on a pseudo-terminal and returns everything it wrote there.
    private func onTerminal(_ arguments: [String]) throws -> String {
        let quoted = ([binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let result = try TestSupport.run("/usr/bin/script", ["-qec", quoted.joined(separator: " "), "/dev/null"], cwd: dir)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        return result.stdout
    }

    func testImportAndReportDrawOnATerminalAndEraseTheLine() throws {
        let db = dir.appendingPathComponent("s.sqlite").path
        let imported = try onTerminal(["import", roster, "--year", "2024", "--db", db])
        XCTAssertTrue(imported.contains("导入 1/1 个文件"), imported)
        XCTAssertTrue(imported.contains("行/秒"), imported)
        XCTAssertTrue(imported.contains("剩余约"), imported)
        XCTAssertTrue(imported.contains("\r\u{1B}[K"), "the line is erased at the end")
        XCTAssertTrue(imported.contains("已导入 2024 年数据"), imported)

        let report = try onTerminal(["report", "--year", "2024", "--db", db, "--output", dir.appendingPathComponent("r.xlsx").path])
        for stage in ["生成报告 计算指标", "生成报告 工作表「主要指标」", "生成报告 导入问题", "生成报告 保存工作簿"] {
            XCTAssertTrue(report.contains(stage), "\(stage): \(report)")
        }
        XCTAssertTrue(report.contains("已生成 2024 年报告"), report)
    }

    func testSilentWhenStderrIsNotATerminalOrUnderJSON() throws {
        let db = dir.appendingPathComponent("s.sqlite").path
        let piped = try TestSupport.run(binary, ["import", roster, "--year", "2024", "--db", db], cwd: dir)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(piped.stderr, "")
        let report = try TestSupport.run(binary, ["report", "--year", "2024", "--db", db, "--output",
                                                  dir.appendingPathComponent("r.xlsx").path], cwd: dir)
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertEqual(report.stderr, "")
        let json = try onTerminal(["import", roster, "--year", "2024", "--db", dir.appendingPathComponent("j.sqlite").path, "--json"])
        XCTAssertFalse(json.contains("行/秒"), json)
        XCTAssertFalse(json.contains("\u{1B}[K"), json)
    }
}
