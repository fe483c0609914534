import Foundation
import TestSupport
import XCTest

/// Failures a user can cause: each gives one line in Chinese with a stable code,
/// names the file (and sheet) where one applies, and shows no Swift runtime text,
/// ArgumentParser's English `Error:` block or a stack trace.
final class ErrorMessageTests: XCTestCase {
    struct Case {
        var label: String
        var arguments: [String]
        var status: Int32
        var code: String
        var names: [String]
    }

    func testUserCausedFailures() throws {
        let dir = try TestSupport.temporaryDirectory("robustness-errors")
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let roster = try file("名册.csv", "姓名,性别,公民身份号码\n张三,男,\n")
        let badYAML = try file("坏映射.yaml", "headers: [unclosed\n  - x: y\n")
        let wrongShape = try file("结构错.yaml", "headers: 姓名\n")
        let notADatabase = try file("不是数据库.sqlite", String(repeating: "这不是 SQLite 数据库文件。\n", count: 200))
        let workbook = TestSupport.packageRoot.appendingPathComponent("Tests/SheetReaderTests/Fixtures/xlsxwriter_inline.xlsx").path
        let missing = dir.appendingPathComponent("没有这个文件.xlsx").path
        let missingDB = dir.appendingPathComponent("没有的库.sqlite").path
        let noFolder = dir.appendingPathComponent("没有的目录/库.sqlite").path
        let out = dir.appendingPathComponent("out.xlsx").path
        // An .xls on which libfreexl (the library partystats once used) died with SIGSEGV.
        let crasher = dir.appendingPathComponent("崩溃.xls").path
        try FileManager.default.copyItem(
            atPath: TestSupport.packageRoot.appendingPathComponent("Tests/RobustnessTests/Crashers/xls/freexl-segv-619d43ab").path,
            toPath: crasher)
        let crasherDB = dir.appendingPathComponent("崩溃.sqlite").path

        let cases: [Case] = [
            Case(label: "missing input file", arguments: ["import", missing, "--year", "2024", "--db", missingDB],
                 status: 1, code: "file.missing", names: [missing]),
            Case(label: "year not a number", arguments: ["import", roster, "--year", "20x4"],
                 status: 64, code: "usage.invalid", names: ["20x4"]),
            Case(label: "year out of range", arguments: ["import", roster, "--year", "1800"],
                 status: 64, code: "usage.invalid", names: ["1800"]),
            Case(label: "compare equal to year", arguments: ["report", "--year", "2024", "--compare", "2024", "--output", out],
                 status: 64, code: "usage.invalid", names: []),
            Case(label: "bad mapping YAML", arguments: ["import", roster, "--year", "2024", "--mapping", badYAML, "--db", missingDB],
                 status: 1, code: "mapping.invalid", names: [badYAML]),
            Case(label: "mapping of the wrong shape", arguments: ["validate", roster, "--mapping", wrongShape],
                 status: 1, code: "mapping.invalid", names: [wrongShape]),
            Case(label: "missing mapping file", arguments: ["validate", roster, "--mapping", missing],
                 status: 1, code: "mapping.invalid", names: [missing]),
            Case(label: "damaged xls: import", arguments: ["import", crasher, "--year", "2024", "--db", crasherDB],
                 status: 1, code: "xls.corrupt", names: [crasher]),
            Case(label: "damaged xls: cells", arguments: ["cells", crasher],
                 status: 1, code: "xls.corrupt", names: [crasher]),
            Case(label: "unknown sheet for cells", arguments: ["cells", workbook, "--sheet", "不存在的表"],
                 status: 1, code: "sheet.not_found", names: [workbook, "不存在的表"]),
            Case(label: "unreadable store: indicators", arguments: ["indicators", "--year", "2024", "--db", notADatabase],
                 status: 1, code: "store.open", names: [notADatabase]),
            Case(label: "unreadable store: report", arguments: ["report", "--year", "2024", "--db", notADatabase, "--output", out],
                 status: 1, code: "store.open", names: [notADatabase]),
            Case(label: "unreadable store: export", arguments: ["export", "--year", "2024", "--db", notADatabase, "--output", dir.appendingPathComponent("pkg").path],
                 status: 1, code: "store.open", names: [notADatabase]),
            Case(label: "unreadable store: import", arguments: ["import", roster, "--year", "2024", "--db", notADatabase],
                 status: 1, code: "store.open", names: [notADatabase]),
            Case(label: "missing store: report", arguments: ["report", "--year", "2024", "--db", missingDB, "--output", out],
                 status: 1, code: "store.missing", names: [missingDB]),
            Case(label: "store in a missing folder", arguments: ["import", roster, "--year", "2024", "--db", noFolder],
                 status: 1, code: "store.create", names: [noFolder]),
        ]
        for c in cases {
            let result = try ChildProcess.run(c.arguments, cwd: dir)
            let lines = result.stderr.split(whereSeparator: \.isNewline).map(String.init)
            XCTAssertEqual(result.status, c.status, "\(c.label): \(result.stderr)")
            guard let line = lines.first(where: { $0.hasSuffix("[\(c.code)]") }) else {
                XCTFail("\(c.label): no line ending in [\(c.code)]: \(result.stderr)")
                continue
            }
            XCTAssertLessThanOrEqual(lines.count, 2, "\(c.label): one message (an import adds a heading line): \(result.stderr)")
            XCTAssertTrue(line.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(c.label): Chinese: \(line)")
            for name in c.names { XCTAssertTrue(line.contains(name), "\(c.label): names \(name): \(line)") }
            RuntimeText.assertAbsent(result.stderr + result.stdout, c.label)
            for marker in ["Usage:", "Help:", "DecodingError", "Debug description", "GRDB."] {
                XCTAssertFalse(result.stderr.contains(marker), "\(c.label): \(marker) in \(result.stderr)")
            }
            // `--json` carries the same failure as a document on stdout.
            guard ["import", "validate", "indicators"].contains(c.arguments[0]) else { continue }
            let json = try ChildProcess.run(c.arguments + ["--json"], cwd: dir)
            XCTAssertEqual(json.status, c.status, "\(c.label) --json: \(json.stderr)")
            XCTAssertTrue(json.stderr.contains("[\(c.code)]"), "\(c.label) --json: the line stays on stderr: \(json.stderr)")
            guard let doc = try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any],
                  let errors = doc["errors"] as? [[String: Any]] else {
                XCTFail("\(c.label) --json: no error document: \(json.stdout)")
                continue
            }
            XCTAssertEqual(doc["status"] as? Int, Int(c.status), c.label)
            guard let entry = errors.first(where: { $0["code"] as? String == c.code }) else {
                XCTFail("\(c.label) --json: no entry with code \(c.code): \(json.stdout)")
                continue
            }
            let text = [entry["file"], entry["message"]].compactMap { $0 as? String }.joined(separator: " ")
            XCTAssertTrue(text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(c.label) --json: Chinese: \(text)")
            for name in c.names { XCTAssertTrue(text.contains(name), "\(c.label) --json: names \(name): \(entry)") }
        }
    }

    func testJSONErrorCarriesSheetRowAndColumn() throws {
        let dir = try TestSupport.temporaryDirectory("robustness-errors-json")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("名册.csv").path
        // A cell longer than Excel allows, in column B of line 3.
        let long = String(repeating: "长", count: 40_000)
        try Data("姓名,备注\n张三,男\n李四,\(long)\n".utf8).write(to: URL(fileURLWithPath: path))
        let out = try ChildProcess.run(["validate", path, "--json"], cwd: dir)
        XCTAssertEqual(out.status, 1, out.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any], out.stdout)
        let entry = try XCTUnwrap((doc["errors"] as? [[String: Any]])?.first)
        XCTAssertEqual(entry["code"] as? String, "cell.too_long")
        XCTAssertEqual(entry["file"] as? String, path)
        XCTAssertEqual(entry["sheet"] as? String, "名册")
        XCTAssertEqual(entry["row"] as? Int, 3)
        XCTAssertEqual(entry["column"] as? String, "B")
        XCTAssertTrue(out.stderr.contains("第 3 行，列 B"), out.stderr)
    }
}
