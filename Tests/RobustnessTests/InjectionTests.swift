import Foundation
import PartyModel
import TestSupport
import XCTest

/// Formula injection: names and branch names that look like formulas go in through
/// a CSV roster and must come out as text in the workbook (never an `<f>` element)
/// and neutralised (`'` prefix) in the export CSVs.
final class InjectionTests: XCTestCase {
    static let payloads = [
        #"=HYPERLINK("http://x","y")"#,
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-2+3",
        "\t=HYPERLINK(\"http://t\",\"tab\")",
        "\r=SUM(2+2)",
        "\t+cmd|' /C notepad'!A1",
        "\r\n@SUM(3+3)",
    ]
    /// Fragments that identify a payload wherever it lands (the report's own totals
    /// use `SUM(B4:B8)`, so the sums are matched whole).
    static let markers = ["HYPERLINK", "cmd|", "SUM(1+1)", "SUM(2+2)", "SUM(3+3)", "-2+3"]

    private func csvField(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    private func roster(in dir: URL) throws -> String {
        let header = "姓名,性别,民族,公民身份号码,出生日期,入党时间,转正时间,党员类别,学历,现工作岗位,乡镇(街道),所在党支部,是否农村党员,是否流动党员,联系电话"
        var lines = [header]
        for (i, payload) in Self.payloads.enumerated() {
            let first17 = "41132819800101" + String(format: "%03d", 100 + i)
            let id = first17 + String(IDNumber.checkDigit(Array(first17.utf8)))
            let township = i.isMultiple(of: 2) ? "源潭镇" : payload
            lines.append([payload, i.isMultiple(of: 2) ? "男" : "女", "汉族", id, "1980-01-01", "2005-07-01", "2006-07-01",
                          "正式党员", "大学本科", payload, township, payload, "是", i.isMultiple(of: 3) ? "是" : "否", ""]
                .map(csvField).joined(separator: ","))
        }
        let path = dir.appendingPathComponent("注入名册.csv").path
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testFormulaTextStaysText() throws {
        let dir = try TestSupport.temporaryDirectory("robustness-injection")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("store.sqlite").path
        let workbook = dir.appendingPathComponent("report.xlsx").path
        let package = dir.appendingPathComponent("package").path

        let imported = try ChildProcess.run(["import", try roster(in: dir), "--year", "2024", "--db", db], cwd: dir)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM member WHERE year = 2024"), String(Self.payloads.count))
        let report = try ChildProcess.run(["report", "--year", "2024", "--db", db, "--output", workbook], cwd: dir)
        XCTAssertEqual(report.status, 0, report.stderr)
        let export = try ChildProcess.run(["export", "--year", "2024", "--db", db, "--output", package], cwd: dir)
        XCTAssertEqual(export.status, 0, export.stderr)

        // Workbook: no formula holds payload text; the payloads are there as text.
        let parts = try OutputScan.xlsxParts(workbook)
        guard let regex = try? NSRegularExpression(pattern: "<f[^>]*>([^<]*)</f>") else { return XCTFail("regex") }
        var formulas: [String] = []
        for (part, xml) in parts where part.hasPrefix("xl/worksheets/") {
            let ns = xml as NSString
            formulas += regex.matches(in: xml, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
        }
        for formula in formulas {
            for marker in Self.markers + ["calc", "notepad"] {
                XCTAssertFalse(formula.contains(marker), "input text became a formula: \(formula)")
            }
        }
        let text = parts.filter { $0.key.hasPrefix("xl/worksheets/") || $0.key == "xl/sharedStrings.xml" }.values.joined()
        XCTAssertTrue(text.contains("HYPERLINK(&quot;http://x&quot;") || text.contains("HYPERLINK(\"http://x\""),
                      "the payload should appear in the workbook as text")

        // Export: no cell starts with a formula character; a cell that begins with a
        // payload (a name, a branch) is neutralised with a leading apostrophe. Payloads
        // inside longer text (`职业：+cmd|…`) cannot start a formula and stay as they are.
        var seen = 0
        for (file, cells) in try OutputScan.csvCells(under: package) {
            let name = (file as NSString).lastPathComponent
            for cell in cells where cell.first.map({ "=+@\t\r".contains($0) }) ?? false {
                XCTFail("\(name): cell starts with a formula character: \(cell.debugDescription)")
            }
            for cell in cells where cell.hasPrefix("-2+3") {
                XCTFail("\(name): cell not neutralised: \(cell.debugDescription)")
            }
            seen += cells.filter { cell in cell.hasPrefix("'") && Self.markers.contains(where: cell.contains) }.count
        }
        XCTAssertGreaterThanOrEqual(seen, Self.payloads.count * 2, "names and branches of every payload row are exported")
    }
}
