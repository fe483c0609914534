import Foundation
import PartyAnalytics
import PartyModel
import PartyStore
import Testing
import TestSupport
import XLSXWriter
@testable import PartyReport

/// The leaders' workbook on a small store, read back with openpyxl.
@Suite struct ReportWorkbookTests {
    let folder: URL
    let store: Store

    init() throws {
        folder = try TestSupport.temporaryDirectory("report")
        store = try ReportFixture.store(in: folder)
    }

    func output(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static let baseSheets = ["说明", "主要指标", "组织覆盖", "党员结构", "流动党员", "帮扶资金",
                             "基层组织数量", "建立党组织情况", "党员数量和结构", "数据核查", "导入问题"]

    /// Row number (1-based) of the first cell in `column` whose text is `label`.
    func row(of label: String, column: String = "B", in sheet: InspectedWorkbook.Sheet) -> Int? {
        sheet.cells.filter { $0.key.hasPrefix(column) && $0.value.value == .string(label) }
            .compactMap { Int($0.key.dropFirst(column.count)) }.min()
    }

    @Test func sheetsAreInOrder() throws {
        let plain = output("plain.xlsx")
        try writeReport(store: store, year: 2024, compare: nil, output: plain, county: "唐河县")
        #expect(try Inspector.inspect(plain).sheetnames == Self.baseSheets)

        let compared = output("compared.xlsx")
        try writeReport(store: store, year: 2024, compare: 2023, output: compared, county: "唐河县")
        var expected = Self.baseSheets
        expected.insert("同比分析", at: 6)
        #expect(try Inspector.inspect(compared).sheetnames == expected)
    }

    @Test func keyCellsEqualTheIndicators() throws {
        let path = output("values.xlsx")
        try writeReport(store: store, year: 2024, compare: 2023, output: path, county: "唐河县")
        let indicators = try computeIndicators(store: store, year: 2024)
        let seen = try Inspector.inspect(path, cachedValues: true)
        let main = try #require(seen.sheets["主要指标"])
        func value(_ label: String, column: String = "C") -> JSONValue? {
            row(of: label, in: main).flatMap { main.cells["\(column)\($0)"]?.value }
        }
        #expect(value("党员总数") == .number(Double(indicators.members.total)))
        #expect(indicators.members.total == 5)
        #expect(value("流动党员") == .number(Double(indicators.members.mobile)))
        #expect(value("女党员占比") == indicators.ratios.women.map(JSONValue.number))
        #expect(value("党支部") == .number(Double(indicators.organisations.branches)))
        #expect(value("党组织覆盖率") == indicators.coverage.overall.ratio.map(JSONValue.number))
        #expect(value("帮扶资金总额") == .number(Double(indicators.funding.totalFen) / 100))
        #expect(value("帮扶资金总额") == .number(4_735.06))
        let comparison = try PartyAnalytics.compare(store: store, from: 2023, to: 2024)
        #expect(value("党员总数", column: "E") == .number(Double(comparison.members.from)))

        // Totals rows are formulas whose cached values are the indicator totals.
        let mobile = try #require(seen.sheets["流动党员"])
        let total = try #require(row(of: "合计", column: "A", in: mobile))
        #expect(mobile.cells["B\(total)"]?.value == .number(Double(indicators.members.total)))
        #expect(mobile.cells["C\(total)"]?.value == .number(Double(indicators.members.mobile)))
        let coverage = try #require(seen.sheets["组织覆盖"])
        let categoryTotal = try #require(row(of: "合计", in: coverage))
        #expect(coverage.cells["C\(categoryTotal)"]?.value == .number(Double(indicators.coverage.overall.units)))
        #expect(coverage.cells["E\(categoryTotal)"]?.value == indicators.coverage.overall.ratio.map(JSONValue.number))

        let flows = try #require(seen.sheets["同比分析"])
        let check = try #require(row(of: "核算：上年 + 新增 − 减少 + 本年无号 − 上年无号", in: flows))
        #expect(flows.cells["D\(check)"]?.value == .number(Double(comparison.members.to)))
    }

    @Test func formatsTitlesPanesAndPrinting() throws {
        let path = output("layout.xlsx")
        try writeReport(store: store, year: 2024, compare: 2023, output: path, county: "唐河县")
        let seen = try Inspector.inspect(path)
        // The official forms print their own unit line and header (ReportFormSheetsTests).
        for name in seen.sheetnames where !FormSheets.names.contains(name) {
            let sheet = try #require(seen.sheets[name])
            #expect(sheet.merged.contains { $0.hasPrefix("A1:") }, "\(name): merged title")
            #expect(sheet.cells["A1"]?.font == "黑体", "\(name): 黑体 title")
            #expect(sheet.cells["A2"]?.value == .string("填报单位：唐河县 / 统计时点：2024年12月31日"), "\(name)")
            #expect(sheet.orientation == "landscape", "\(name)")
            #expect(sheet.paper == 9, "\(name)")
            #expect(sheet.fitToPage && (sheet.fitWidth ?? 1) == 1 && sheet.fitHeight == 0, "\(name)")
            #expect(sheet.footer == "第 &P 页 共 &N 页", "\(name)")
            #expect(sheet.freeze != nil, "\(name): frozen panes")
            #expect(sheet.autofilter != nil, "\(name): autofilter")
            #expect(sheet.titleRows != nil, "\(name): repeated header rows")
            let header = try #require(sheet.freeze.flatMap { Int($0.dropFirst()) }).advanced(by: -1)
            #expect(sheet.titleRows == "$\(header):$\(header)", "\(name): the frozen header is repeated")
            #expect(sheet.cells["A\(header)"]?.fill == "FFDDEBF7", "\(name): header fill")
            #expect(sheet.cells["A\(header)"]?.border == "thin", "\(name): header border")
            #expect(sheet.autofilter?.hasPrefix("A\(header):") == true, "\(name): filter on the header")
        }
        let main = try #require(seen.sheets["主要指标"])
        #expect(main.freeze == "A4")
        let total = try #require(row(of: "党员总数", in: main))
        #expect(main.cells["C\(total)"]?.format == "#,##0")
        #expect(main.cells["C\(total)"]?.font == "宋体")
        #expect(main.cells["C\(try #require(row(of: "女党员占比", in: main)))"]?.format == "0.0%")
        #expect(main.cells["C\(try #require(row(of: "帮扶资金总额", in: main)))"]?.format == "#,##0.00")
        let funding = try #require(seen.sheets["帮扶资金"])
        #expect(funding.cells["C4"]?.format == "#,##0.00")
        #expect(seen.properties["title"] == "唐河县2024年党内统计报告")
        #expect(seen.properties["company"] == "唐河县委组织部")
        #expect(seen.sheets["组织覆盖"]?.charts == 1)
        #expect(seen.sheets["流动党员"]?.charts == 1)
        #expect(seen.sheets["帮扶资金"]?.charts == 1)
        #expect(seen.sheets["同比分析"]?.charts == 1)
        #expect(seen.chartKinds.contains("barDir=bar"))
        #expect(seen.chartKinds.contains("doughnutChart"))
        #expect(seen.chartKinds.contains("series=2"))
    }

    @Test func inputTextIsNeverAFormulaAndIDsAreMasked() throws {
        let path = output("safe.xlsx")
        try writeReport(store: store, year: 2024, compare: 2023, output: path, county: nil)
        let seen = try Inspector.inspect(path)
        let ours = try Regex(#"^=(SUM\([A-Z]+[0-9]+:[A-Z]+[0-9]+\)|[A-Z]+[0-9]+([+\-/][A-Z]+[0-9]+)*)$"#)
        var inputTextCells = 0
        for (name, sheet) in seen.sheets {
            for (ref, cell) in sheet.cells {
                if cell.type == "f" {
                    let formula = try #require(cell.value.string)
                    #expect(formula.wholeMatch(of: ours) != nil, "\(name)!\(ref) holds an unexpected formula \(formula)")
                }
                if let text = cell.value.string, text.contains("HYPERLINK") || text.contains("SUM(1,2)") {
                    #expect(cell.type == "s", "\(name)!\(ref) must be text")
                    inputTextCells += 1
                }
            }
        }
        #expect(inputTextCells >= 3)
        #expect(seen.idLike.isEmpty, "unmasked ID numbers: \(seen.idLike)")
        let problems = try #require(seen.sheets["导入问题"])
        #expect(problems.cells.values.contains { $0.value.string?.contains("410328********1234") == true })
        #expect(seen.sheets["主要指标"]?.cells["A2"]?.value == .string("填报单位： / 统计时点：2024年12月31日"))
    }

    @Test func problemsContinueOnFurtherSheets() throws {
        let path = output("overflow.xlsx")
        var options = ReportOptions()
        options.problemRowsPerSheet = 2
        try ReportBuilder(store: store, year: 2024, compareYear: nil, county: "唐河县", options: options).write(to: path)
        let seen = try Inspector.inspect(path)
        #expect(Array(seen.sheetnames.suffix(3)) == ["导入问题", "导入问题(2)", "导入问题(3)"])
        let first = try #require(seen.sheets["导入问题"])
        #expect(first.cells["A3"]?.value.string?.contains("其余见 导入问题(2)") == true)
        #expect(first.freeze == "A5")
        #expect(first.cells["A5"]?.value == .number(1))
        #expect(first.cells["A6"]?.value == .number(2))
        #expect(first.cells["A7"]?.value == nil)
        let last = try #require(seen.sheets["导入问题(3)"])
        #expect(last.cells["A5"]?.value == .number(5))
        #expect(last.cells["C5"]?.value == .string("file.skipped"))
        // Source order: file, sheet order, row.
        #expect(first.cells["C5"]?.value == .string("category.unknown"))
        #expect(first.cells["C6"]?.value == .string("member.duplicate"))
        let readme = try #require(seen.sheets["说明"])
        #expect(readme.cells.values.contains { $0.value.string?.contains("导入问题(2)、导入问题(3)") == true })
    }

    /// Issue 17 item 16: both tables of 数据核查 show every code with its Chinese name and
    /// one-line explanation from the catalogue, and the import-problem summary has a
    /// heading and a value in every column it spans.
    @Test func checksSheetExplainsEveryCodeWithoutEmptyColumns() throws {
        let path = output("checks.xlsx")
        try writeReport(store: store, year: 2024, compare: 2023, output: path, county: nil)
        let sheet = try #require(try Inspector.inspect(path).sheets["数据核查"])
        func text(_ ref: String) -> String? { sheet.cells[ref]?.value.string }
        let headerRows = sheet.cells.filter { $0.value.value == .string("序号") }.compactMap { Int($0.key.dropFirst()) }.sorted()
        try #require(headerRows.count >= 2)
        let checksHeader = headerRows[0], summaryHeader = headerRows[1]
        #expect((["A", "B", "C", "D", "E", "F", "G", "H"]).map { text("\($0)\(checksHeader)") }
                == ["序号", "级别", "代码", "名称", "含义", "位置", "说明", "数量"])
        #expect((["A", "B", "C", "D", "E", "F"]).map { text("\($0)\(summaryHeader)") }
                == ["序号", "类型", "代码", "名称", "含义", "条数"])
        var explained = 0
        for row in (checksHeader + 1)..<summaryHeader {
            guard let code = text("C\(row)"), let entry = ProblemCode.entry(forID: code) else { continue }
            #expect(text("D\(row)") == entry.name)
            #expect(text("E\(row)") == entry.explanation)
            explained += 1
        }
        #expect(explained >= 1, "the fixture has checks")
        var summarised = 0
        // The summary's rows run to the first row without a 序号 (the former-members section follows).
        var row = summaryHeader
        while true {
            row += 1
            guard sheet.cells["A\(row)"] != nil, let code = text("C\(row)") else { break }
            if let entry = ProblemCode.entry(forID: code) {
                #expect(text("D\(row)") == entry.name)
                #expect(text("E\(row)") == entry.explanation)
                summarised += 1
            } else {
                // A code stored by another version (the fixture's file.skipped) is shown as written.
                #expect(code == "file.skipped")
                #expect(text("D\(row)") == code)
                #expect(text("E\(row)") == "（本版本未收录此代码）")
            }
            for column in ["A", "B", "F"] { #expect(sheet.cells["\(column)\(row)"] != nil, "\(column)\(row) empty") }
        }
        #expect(summarised >= 2, "the fixture has import problems of several codes")
    }

    @Test func failuresLeaveTheOldFileAndNoTemporaryFile() throws {
        let path = output("existing.xlsx")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: AnalyticsError.self) {
            try writeReport(store: store, year: 2031, compare: nil, output: path, county: nil)
        }
        #expect(throws: AnalyticsError.self) {
            try writeReport(store: store, year: 2024, compare: 2031, output: path, county: nil)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        let error = try #require(throws: ReportError.self) {
            try writeReport(store: store, year: 2024, compare: nil, output: output("missing/report.xlsx"), county: nil)
        }
        #expect(error.code == "xlsx.destination")
        #expect(error.description.hasSuffix("[xlsx.destination]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.isEmpty)
        try writeReport(store: store, year: 2024, compare: nil, output: path, county: nil)
        #expect(try Inspector.inspect(path).sheetnames == Self.baseSheets)
    }
}
