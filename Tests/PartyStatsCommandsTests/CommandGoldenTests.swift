import ArgumentParser
import Foundation
@testable import PartyStatsCommands
import TestSupport
import XCTest

/// Golden tests: help text and the `validate --json` document are contracts
/// (users read the first, scripts parse the second). Set PARTYSTATS_RECORD=1 to
/// rewrite the golden files after an intended change, and review the diff.
final class CommandGoldenTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try Self.assertGolden(actual, name, file: file, line: line)
    }

    /// Compares with (or, under PARTYSTATS_RECORD=1, rewrites) a golden file.
    static func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["PARTYSTATS_RECORD"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(actual, expected, "\(name) differs from its golden file", file: file, line: line)
    }

    func testRootHelp() throws {
        try assertGolden(PartyStats.helpMessage(columns: 100), "help-root.txt")
    }

    func testImportHelp() throws {
        try assertGolden(PartyStats.helpMessage(for: ImportCommand.self, columns: 100), "help-import.txt")
    }

    func testCellsHelp() throws {
        try assertGolden(PartyStats.helpMessage(for: CellsCommand.self, columns: 100), "help-cells.txt")
    }

    /// `import`'s text table names every kind of the catalogue, the organisation tables included.
    func testImportTextNamesEveryKind() {
        XCTAssertEqual(["branch", "roster", "ledger", "org_form", "org_list", "skipped"].map(ImportOutput.kindName),
                       ["基层党组织情况", "党员名册", "帮扶资金发放台账", "党内统计年报表", "党组织概况表", "已跳过"])
    }

    func testValidateHelp() throws {
        try assertGolden(PartyStats.helpMessage(for: ValidateCommand.self, columns: 100), "help-validate.txt")
    }

    /// Issue 17 item 17: every command's help (the root and each subcommand, those added
    /// later too) has all of partystats' own text in Chinese, and ours are pinned.
    /// ArgumentParser's own words (USAGE, OPTIONS, `Show help information.`), option names,
    /// placeholders and defaults are the library's and are left out of the check.
    func testEveryHelpIsChineseAndPinned() throws {
        var commands: [(String, String)] = [("root", PartyStats.helpMessage(columns: 100))]
        for command in PartyStats.configuration.subcommands {
            commands.append((command.configuration.commandName ?? "\(command)",
                             PartyStats.helpMessage(for: command, columns: 100)))
        }
        XCTAssertGreaterThanOrEqual(commands.count, 9)
        let pinned: Set<String> = ["indicators", "compare", "report", "export", "inspect"]
        for (name, help) in commands {
            if pinned.contains(name) { try assertGolden(help, "help-\(name).txt") }
            XCTAssertEqual(Self.englishRuns(inHelp: help), [], "\(name): English text in --help")
        }
    }

    /// Runs of three or more English words in `help`, after the library's own words,
    /// option names, placeholders, defaults and the names of standards are taken out.
    static func englishRuns(inHelp help: String) -> [String] {
        let library = [#"USAGE:"#, #"OPTIONS:"#, #"ARGUMENTS:"#, #"SUBCOMMANDS:"#, #"OVERVIEW:"#,
                       #"Show help information\."#, #"Show the version\."#,
                       #"See '[a-z ]+help <subcommand>' for detailed help\."#, #"\(default: [^)]*\)"#,
                       #"\(values: [^)]*\)"#, #"<[a-z-]+>"#, #"--[a-z-]+"#, #"\(default\)"#,
                       #"Frictionless Data Package"#]
        var own = help
        for pattern in library { own = own.replacingOccurrences(of: pattern, with: " ", options: .regularExpression) }
        return own.matches(of: /[A-Za-z]{2,}[ ,.;:]+[A-Za-z]{2,}[ ,.;:]+[A-Za-z]{2,}/).map { String($0.output) }
    }

    func testTheEnglishScanFindsSentences() {
        XCTAssertEqual(Self.englishRuns(inHelp: "OVERVIEW: 导入。\nAll files are read in one transaction.").first,
                       "All files are", "the scan finds an English sentence")
        XCTAssertEqual(Self.englishRuns(inHelp: "USAGE: partystats import <paths> ... [--year <year>]\n  -h, --help  Show help information."),
                       [])
    }

    func testValidateJSONDocument() throws {
        let binary = TestSupport.partystatsBinary
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "partystats not built at \(binary)")
        let fixtures = ["branch_fullwidth.csv", "roster_bom_tab.csv", "帮扶资金台账.csv", "源潭镇党员名册.csv"]
            .map { "Tests/PartyImportTests/Fixtures/" + $0 }
        let result = try TestSupport.run(binary, ["validate", "--json"] + fixtures, cwd: TestSupport.packageRoot)
        XCTAssertEqual(result.status, 65, "rows were rejected: \(result.stderr)")
        try assertGolden(result.stdout, "validate.json")

        // The SPEC §6 keys, and each problem listed exactly once.
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(doc["files"] as? [[String: Any]])
        for file in files {
            for key in ["path", "format", "encoding", "imported", "rejected", "sheets"] { XCTAssertNotNil(file[key], key) }
            for sheet in try XCTUnwrap(file["sheets"] as? [[String: Any]]) {
                for key in ["sheet", "kind", "rows_read", "imported", "rejected", "skipped", "warnings"] {
                    XCTAssertNotNil(sheet[key], key)
                }
            }
        }
        let problems = try XCTUnwrap(doc["problems"] as? [[String: Any]])
        for key in ["code", "severity", "file", "sheet", "row", "column", "header", "value", "message"] {
            XCTAssertTrue(problems.allSatisfy { $0.keys.contains(key) || key == "value" || key == "column" || key == "header" || key == "row" },
                          key)
        }
        XCTAssertEqual(problems.filter { $0["severity"] as? String == "reject" }.count,
                       files.reduce(0) { $0 + ($1["rejected"] as? Int ?? 0) })
    }

    func testValidateJSONListsProblemsBeyondTheInMemoryPart() throws {
        // More warnings than the import keeps in memory (20,000): the rest spill to a
        // temporary file and are streamed into the JSON in order.
        let binary = TestSupport.partystatsBinary
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "partystats not built at \(binary)")
        let dir = try TestSupport.temporaryDirectory("validate-many")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = 20_500
        var csv = "姓名,性别,公民身份号码,乡镇\n"
        for i in 0..<rows {
            // 17 digits whose check digit is never 0 (sequence 001 → odd → 男); ending in 0 is wrong.
            let seq = String(format: "%03d", 1 + 2 * (i % 400))
            let birth = String(format: "1960%02d%02d", 1 + i / 400 % 12, 1 + i / 4800 % 28)
            let body = "411328" + birth + seq
            let digits = body.compactMap(\.wholeNumberValue)
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let check = "10X98765432".map(String.init)[zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11]
            let wrong = check == "0" ? "1" : "0"
            csv += "党员\(i),男,\(body)\(wrong),城关镇\n"
        }
        let path = try TestSupport.write(Array(csv.utf8), to: "名册.csv", in: dir)
        let result = try TestSupport.run(binary, ["validate", "--json", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let problems = try XCTUnwrap(doc["problems"] as? [[String: Any]])
        XCTAssertEqual(problems.count, rows)
        XCTAssertEqual(Set(problems.compactMap { $0["code"] as? String }), ["id.checksum"])
        XCTAssertEqual(problems.compactMap { $0["row"] as? Int }, Array(2...(rows + 1)))
        XCTAssertEqual((doc["summary"] as? [String: Any])?["warnings"] as? Int, rows)
        let text = try TestSupport.run(binary, ["validate", path])
        XCTAssertTrue(text.stdout.contains("警告 \(rows) 条"), text.stdout)
        XCTAssertTrue(text.stdout.contains("问题（前 30 条，共 \(rows) 条"), text.stdout)
    }

    /// A file that fails to read ends the command while its hash may still be being
    /// computed on another thread (`FileFingerprints`); the command must stop that
    /// thread before it exits (it crashed 14 times in 150 when it did not: libcrypto
    /// was torn down under it). Run many times, as the crash depended on timing.
    func testAFailedReadNeverCrashesTheExit() throws {
        let binary = TestSupport.partystatsBinary
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "partystats not built")
        let root = TestSupport.packageRoot
        for _ in 0..<40 {
            let broken = try TestSupport.run(binary, ["validate", "Tests/PartyImportTests/Fixtures/broken/unbalanced_quote.csv"],
                                             cwd: root)
            XCTAssertEqual(broken.status, 1, broken.stderr)
        }
    }

    func testExitStatuses() throws {
        let binary = TestSupport.partystatsBinary
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "partystats not built")
        let root = TestSupport.packageRoot
        let ok = try TestSupport.run(binary, ["validate", "Tests/PartyImportTests/Fixtures/roster_bom_tab.csv"], cwd: root)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let broken = try TestSupport.run(binary, ["validate", "Tests/PartyImportTests/Fixtures/broken/unbalanced_quote.csv"], cwd: root)
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("unbalanced_quote.csv"), broken.stderr)
        XCTAssertTrue(broken.stderr.contains("第 2 行"), broken.stderr)
        XCTAssertTrue(broken.stderr.contains("[csv.unbalanced_quote]"), broken.stderr)
        let usage = try TestSupport.run(binary, ["import", "x.csv"], cwd: root)
        XCTAssertEqual(usage.status, 64, "missing --year is a usage error")
        let missing = try TestSupport.run(binary, ["validate", "no-such-file.csv"], cwd: root)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("[file.missing]"), missing.stderr)
    }
}

/// `inspect` (issue 15 §6) and partystats' own workbook given back to it (§5).
final class InspectGoldenTests: XCTestCase {
    static let fixtures = ["二级表头名册.xlsx", "党员名册_政治面貌.csv", "两列状态.csv", "党员慰问金额.csv"]
        .map { "Tests/PartyImportTests/KindFixtures/" + $0 }

    func testInspectText() throws {
        let binary = TestSupport.partystatsBinary
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "partystats not built at \(binary)")
        let result = try TestSupport.run(binary, ["inspect"] + Self.fixtures, cwd: TestSupport.packageRoot)
        XCTAssertEqual(result.status, 0, result.stderr)
        try CommandGoldenTests.assertGolden(result.stdout, "inspect.txt")
        XCTAssertTrue(result.stdout.contains("公民身份证号"))
        // The fragment for what is unmapped (政治面貌 has no field: offered as a comment).
        XCTAssertTrue(result.stdout.contains("政治面貌"), result.stdout)
    }

    func testInspectJSON() throws {
        let binary = TestSupport.partystatsBinary
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "partystats not built at \(binary)")
        let result = try TestSupport.run(binary, ["inspect", "--json"] + Self.fixtures, cwd: TestSupport.packageRoot)
        XCTAssertEqual(result.status, 0, result.stderr)
        try CommandGoldenTests.assertGolden(result.stdout, "inspect.json")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(doc["files"] as? [[String: Any]])
        let roster = try XCTUnwrap((files[1]["sheets"] as? [[String: Any]])?.first)
        XCTAssertEqual(roster["kind"] as? String, "roster")
        let columns = try XCTUnwrap(roster["columns"] as? [[String: Any]])
        let id = try XCTUnwrap(columns.first { $0["header"] as? String == "公民身份证号" })
        // 公民身份证号 is the national system's ID header (issue 15 §2): mapped.
        XCTAssertEqual(id["status"] as? String, "mapped")
        XCTAssertEqual(id["field"] as? String, "id_number")
        let unmapped = try XCTUnwrap(columns.first { $0["header"] as? String == "政治面貌" })
        XCTAssertEqual(unmapped["status"] as? String, "unmapped")
        XCTAssertEqual((roster["rows"] as? [[String: Any]])?.count, 2)
    }

    func testOwnWorkbookIsNotReadAsARosterOfProblems() throws {
        let binary = TestSupport.partystatsBinary
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "partystats not built at \(binary)")
        let dir = try TestSupport.temporaryDirectory("own-workbook")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.sqlite").path, book = dir.appendingPathComponent("r.xlsx").path
        let root = TestSupport.packageRoot
        let imported = try TestSupport.run(binary, ["import", "datasets/2024", "--year", "2024", "--mapping",
                                                    "datasets/mapping.yaml", "--db", db], cwd: root)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let report = try TestSupport.run(binary, ["report", "--year", "2024", "--db", db, "--output", book], cwd: root)
        XCTAssertEqual(report.status, 0, report.stderr)
        // Only the official forms and the 帮扶资金 sheet are read (the county's return to its
        // city, issue 19); no analysis sheet heads a return of the three kinds.
        let validated = try TestSupport.run(binary, ["validate", "--json", book], cwd: root)
        XCTAssertEqual(validated.status, 0, validated.stdout)
        let read = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(validated.stdout.utf8)) as? [String: Any])
        let readSheets = try XCTUnwrap((read["files"] as? [[String: Any]])?.first?["sheets"] as? [[String: Any]])
        let kinds = Dictionary(uniqueKeysWithValues: readSheets.map { ($0["sheet"] as? String ?? "", $0["kind"] as? String ?? "") })
        XCTAssertEqual(kinds.filter { $0.value != "skipped" },
                       ["帮扶资金": "funding_form", "基层组织数量": "org_form", "建立党组织情况": "org_form",
                        "党员数量和结构": "member_form"])
        // And inspect shows why: the 导入问题 sheet is of no kind, no sheet a roster.
        let inspected = try TestSupport.run(binary, ["inspect", "--json", book], cwd: root)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(inspected.stdout.utf8)) as? [String: Any],
                                inspected.stderr)
        let sheets = try XCTUnwrap((doc["files"] as? [[String: Any]])?.first?["sheets"] as? [[String: Any]])
        let problems = try XCTUnwrap(sheets.first { ($0["sheet"] as? String)?.hasPrefix("导入问题") == true })
        XCTAssertNil(problems["kind"] as? String)
        XCTAssertFalse(sheets.contains { $0["kind"] as? String == "roster" }, "\(sheets.map { ($0["sheet"], $0["kind"]) })")
    }
}
