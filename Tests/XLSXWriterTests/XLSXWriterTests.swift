import Foundation
import PartyModel
import Testing
import TestSupport
@testable import XLSXWriter

/// The libxlsxwriter wrapper, checked by reading its files back with openpyxl.
@Suite struct XLSXWriterTests {
    let folder: URL
    init() throws { folder = try TestSupport.temporaryDirectory("xlsxwriter") }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
    }

    /// The wrapper keeps its own code enum (it does not depend on the domain model); each
    /// of its ids has its Chinese name and explanation in the catalogue.
    @Test func everyWriterCodeIsInTheCatalogue() {
        for code in XLSXWriterError.Code.allCases {
            #expect(ProblemCode(rawValue: code.rawValue) != nil, "\(code.rawValue) missing from ProblemCode")
        }
    }

    @Test func valuesFormatsAndFonts() throws {
        let out = path("values.xlsx")
        let book = try Workbook(path: out)
        let sheet = try book.addWorksheet("数据")
        let header = CellStyle(fontName: "黑体", fontSize: 12, bold: true, fill: 0xD9E1F2, border: .thin)
        let count = CellStyle(fontName: "宋体", border: .thin, numberFormat: "#,##0")
        let percent = CellStyle(fontName: "宋体", numberFormat: "0.0%")
        let money = CellStyle(fontName: "宋体", numberFormat: "#,##0.00")
        try sheet.writeRow([.text("乡镇"), .text("党员数")], row: 0, style: header)
        try sheet.write(.text("城关镇"), row: 1, column: 0, style: count)
        try sheet.write(.integer(35_494), row: 1, column: 1, style: count)
        try sheet.write(.number(0.5899), row: 2, column: 1, style: percent)
        try sheet.write(.number(350_000.5), row: 3, column: 1, style: money)
        try sheet.write(.formula("SUM(B2:B2)", cached: 35_494), row: 4, column: 1, style: count)
        try sheet.write(.date(CellDate(year: 2024, month: 12, day: 31)), row: 5, column: 1,
                        style: CellStyle(numberFormat: "yyyy-mm-dd"))
        try sheet.write(.blank, row: 6, column: 1, style: count)
        try book.close()

        let seen = try Inspector.inspect(out)
        let cells = try #require(seen.sheets["数据"]).cells
        #expect(cells["A1"]?.value == .string("乡镇"))
        #expect(cells["A1"]?.font == "黑体")
        #expect(cells["A1"]?.bold == true)
        #expect(cells["A1"]?.size == 12)
        #expect(cells["A1"]?.fill == "FFD9E1F2")
        #expect(cells["A1"]?.border == "thin")
        #expect(cells["B2"]?.value == .number(35_494))
        #expect(cells["B2"]?.format == "#,##0")
        #expect(cells["B2"]?.font == "宋体")
        #expect(cells["B3"]?.format == "0.0%")
        #expect(cells["B4"]?.value == .number(350_000.5))
        #expect(cells["B4"]?.format == "#,##0.00")
        #expect(cells["B5"]?.value == .string("=SUM(B2:B2)"))
        #expect(cells["B5"]?.type == "f")
        #expect(cells["B6"]?.value == .string("2024-12-31T00:00:00"))
        #expect(cells["B7"]?.value == .null)
        #expect(cells["B7"]?.border == "thin")
    }

    @Test func formulaKeepsItsCachedValue() throws {
        let out = path("cached.xlsx")
        let book = try Workbook(path: out)
        let sheet = try book.addWorksheet("S")
        try sheet.write(.integer(2), row: 0, column: 0)
        try sheet.write(.formula("=A1*21", cached: 42), row: 1, column: 0)
        try book.close()
        let script = "import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1], data_only=True)['S']['A2'].value)"
        let result = try TestSupport.run("/usr/bin/env", ["python3", "-c", script, out])
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "42")
    }

    @Test func textThatLooksLikeAFormulaStaysText() throws {
        let out = path("text.xlsx")
        let book = try Workbook(path: out)
        let sheet = try book.addWorksheet("问题")
        let dangerous = ["=HYPERLINK(\"http://evil.example\",\"点击\")", "+1+1", "-2+3", "@SUM(A1)", "=1+1"]
        for (row, text) in dangerous.enumerated() {
            try sheet.write(.text(text), row: row, column: 0)
        }
        try book.close()
        let cells = try #require(try Inspector.inspect(out).sheets["问题"]).cells
        for (row, text) in dangerous.enumerated() {
            let cell = try #require(cells["A\(row + 1)"])
            #expect(cell.type == "s", "\(text) must be stored as a string")
            #expect(cell.value == .string(text))
        }
    }

    @Test func layoutPrintSettingsAndProperties() throws {
        let out = path("layout.xlsx")
        let book = try Workbook(path: out)
        try book.setProperties(.init(title: "党内统计", subject: "2024年", author: "组织部", company: "唐河县委组织部",
                                     created: 1_735_603_200))
        let sheet = try book.addWorksheet("主要指标")
        try sheet.mergeRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 3, text: "2024年党内统计主要指标",
                             style: CellStyle(fontName: "黑体", fontSize: 16, horizontal: .center))
        try sheet.writeRow([.text("指标"), .text("数值"), .text("单位"), .text("备注")], row: 2)
        for row in 3..<40 { try sheet.writeRow([.text("指标\(row)"), .integer(Int64(row))], row: row) }
        try sheet.freezePanes(row: 3)
        try sheet.autofilter(firstRow: 2, firstColumn: 0, lastRow: 39, lastColumn: 3)
        try sheet.setLandscape()
        try sheet.setPaper(.a4)
        try sheet.fitToPages(width: 1, height: 0)
        try sheet.repeatRows(0, 2)
        try sheet.setFooter("&C第 &P 页 共 &N 页")
        try sheet.setHeader("&C唐河县")
        try sheet.fitColumns()
        try book.close()

        let seen = try Inspector.inspect(out)
        let s = try #require(seen.sheets["主要指标"])
        #expect(s.merged == ["A1:D1"])
        #expect(s.cells["A1"]?.value == .string("2024年党内统计主要指标"))
        #expect(s.freeze == "A4")
        #expect(s.autofilter == "A3:D40")
        #expect(s.orientation == "landscape")
        #expect(s.paper == 9)
        #expect(s.fitToPage)
        #expect((s.fitWidth ?? 1) == 1)  // fitToWidth="1" is the default and may be omitted
        #expect(s.fitHeight == 0)
        #expect(s.titleRows == "$1:$3")
        #expect(s.footer == "第 &P 页 共 &N 页")
        #expect(s.header == "唐河县")
        // "指标39" is 2 CJK + 2 digits = 6 units, padded by 2.
        #expect(abs((s.widths["A"] ?? 0) - 8) < 1)  // libxlsxwriter stores 8 as 8.71 (pixel rounding)
        #expect(seen.properties["title"] == "党内统计")
        #expect(seen.properties["subject"] == "2024年")
        #expect(seen.properties["creator"] == "组织部")
        #expect(seen.properties["company"] == "唐河县委组织部")
        #expect(seen.properties["created"] == "2024-12-31T00:00:00")
    }

    @Test func stylesAreCreatedOnceAndReused() throws {
        let book = try Workbook(path: path("styles.xlsx"))
        let sheet = try book.addWorksheet("S")
        let a = CellStyle(fontName: "宋体", numberFormat: "#,##0")
        let b = CellStyle(fontName: "宋体", bold: true)
        for row in 0..<500 {
            try sheet.write(.integer(Int64(row)), row: row, column: 0, style: a)
            try sheet.write(.text("x"), row: row, column: 1, style: b)
        }
        #expect(book.formatCount == 2)
        try book.close()
    }

    @Test func chartsAreNative() throws {
        let out = path("charts.xlsx")
        let book = try Workbook(path: out)
        let sheet = try book.addWorksheet("图表数据")
        try sheet.writeRow([.text("类别"), .text("2023"), .text("2024")], row: 0)
        for (i, name) in ["农村", "社区", "机关"].enumerated() {
            try sheet.writeRow([.text(name), .integer(Int64(10 + i)), .integer(Int64(12 + i))], row: i + 1)
        }
        let cats = ChartRange.column(0, rows: 1...3, on: "图表数据")
        let font = Chart.Font(name: "黑体", size: 11)
        for kind in [Chart.Kind.bar, .pie, .doughnut] {
            let chart = try book.addChart(kind)
            try chart.addSeries(name: "2024", categories: cats, values: .column(2, rows: 1...3, on: "图表数据"),
                                dataLabels: true, percentLabels: kind != .bar)
            try chart.setTitle("标题", font: font)
            try sheet.insertChart(chart, row: 6, column: 0)
        }
        let clustered = try book.addChart(.column)
        try clustered.addSeries(name: "2023年", categories: cats, values: .column(1, rows: 1...3, on: "图表数据"))
        try clustered.addSeries(name: "2024年", categories: cats, values: .column(2, rows: 1...3, on: "图表数据"))
        try clustered.setAxisNames(category: "类别", value: "党员数", font: font)
        try clustered.setLegend(.bottom, font: font)
        try sheet.insertChart(clustered, row: 20, column: 0, xScale: 1.5)
        #expect(throws: XLSXWriterError.self) { try sheet.insertChart(clustered, row: 40, column: 0) }
        let empty = try book.addChart(.column)
        #expect(throws: XLSXWriterError.self) { try sheet.insertChart(empty, row: 40, column: 0) }
        #expect(throws: XLSXWriterError.self) {
            try empty.addSeries(name: nil, categories: .column(0, rows: 1...3, on: "没有这个表"), values: cats)
        }
        let pie = try book.addChart(.pie)
        #expect(throws: XLSXWriterError.self) { try pie.setAxisNames(category: "x", value: "y") }
        try book.close()

        let seen = try Inspector.inspect(out)
        #expect(seen.sheets["图表数据"]?.charts == 4)
        #expect(seen.chartKinds.filter { $0 == "barChart" }.count == 2)
        #expect(seen.chartKinds.contains("barDir=bar"))
        #expect(seen.chartKinds.contains("barDir=col"))
        #expect(seen.chartKinds.contains("pieChart"))
        #expect(seen.chartKinds.contains("doughnutChart"))
        #expect(seen.chartKinds.contains("series=2"))
    }

    @Test func invalidPathGivesATypedError() throws {
        let error = try #require(throws: XLSXWriterError.self) {
            _ = try Workbook(path: "/nonexistent-partystats-folder/report.xlsx")
        }
        #expect(error.code == .destination)
        #expect(error.description.hasPrefix("xlsx.destination:"))
        let folderError = try #require(throws: XLSXWriterError.self) { _ = try Workbook(path: folder.path) }
        #expect(folderError.code == .destination)
    }

    @Test func failedWriteLeavesNoTemporaryFileAndKeepsTheOldFile() throws {
        let out = path("keep.xlsx")
        try Data("old".utf8).write(to: URL(fileURLWithPath: out))
        do {
            let book = try Workbook(path: out)
            let sheet = try book.addWorksheet("S")
            try sheet.write(.text("new"), row: 0, column: 0)
            #expect(try leftovers().count == 1)
            let error = try #require(throws: XLSXWriterError.self) {
                try sheet.write(.text("x"), row: 1_048_576, column: 0)
            }
            #expect(error.code == .indexOutOfRange)
            #expect(error.sheet == "S")
            #expect(error.row == 1_048_576)
            // The caller gives up: the workbook is released without close().
        }
        #expect(try leftovers().isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "old")

        let book = try Workbook(path: out)
        try book.addWorksheet("S").write(.text("new"), row: 0, column: 0)
        try book.close()
        #expect(try Inspector.inspect(out).sheets["S"]?.cells["A1"]?.value == .string("new"))
        #expect(try leftovers().isEmpty)
    }

    @Test func failedRenameRemovesTheTemporaryFile() throws {
        let out = path("blocked.xlsx")
        let book = try Workbook(path: out)
        try book.addWorksheet("S").write(.integer(1), row: 0, column: 0)
        // Something else puts a folder where the file should go before we finish.
        try FileManager.default.createDirectory(atPath: out + "/inner", withIntermediateDirectories: true)
        let error = try #require(throws: XLSXWriterError.self) { try book.close() }
        #expect(error.code == .rename)
        #expect(try leftovers().isEmpty)
        // Closing again reports the same failure instead of pretending success.
        #expect(throws: error) { try book.close() }
    }

    @Test func closedWorkbookRejectsWritesAndClosesOnce() throws {
        let book = try Workbook(path: path("closed.xlsx"))
        let sheet = try book.addWorksheet("S")
        try book.close()
        try book.close()
        let error = try #require(throws: XLSXWriterError.self) { try sheet.write(.integer(1), row: 0, column: 0) }
        #expect(error.code == .closed)
        #expect(throws: XLSXWriterError.self) { _ = try book.addWorksheet("T") }
    }

    @Test func invalidInputsAreTypedErrors() throws {
        let book = try Workbook(path: path("invalid.xlsx"))
        let sheet = try book.addWorksheet("S")
        #expect(throws: XLSXWriterError.self) { _ = try book.addWorksheet("S") }
        let nameError = try #require(throws: XLSXWriterError.self) { _ = try book.addWorksheet("a[b]") }
        #expect(nameError.code == .sheetName)
        #expect(nameError.libraryCode != nil)
        #expect(!nameError.message.isEmpty)
        let nan = try #require(throws: XLSXWriterError.self) { try sheet.write(.number(.nan), row: 0, column: 0) }
        #expect(nan.code == .invalidParameter)
        let long = try #require(throws: XLSXWriterError.self) {
            try sheet.write(.text(String(repeating: "字", count: 32_768)), row: 0, column: 0)
        }
        #expect(long.code == .stringTooLong)
        #expect(long.description.contains("at A1"))
        #expect(throws: XLSXWriterError.self) {
            try sheet.write(.date(CellDate(year: 2023, month: 2, day: 29)), row: 0, column: 0)
        }
        #expect(throws: XLSXWriterError.self) {
            try sheet.mergeRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 0, text: "x")
        }
        #expect(throws: XLSXWriterError.self) {
            try sheet.write(.text("x"), row: 0, column: 0, style: CellStyle(fontName: String(repeating: "a", count: 40)))
        }
        try book.discard()
        #expect(try leftovers().isEmpty)
    }

    @Test func constantMemoryStreamsRowsInOrder() throws {
        let out = path("stream.xlsx")
        let book = try Workbook(path: out, options: .init(constantMemory: true, temporaryDirectory: folder.path))
        let sheet = try book.addWorksheet("导入问题")
        try sheet.mergeRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 2, text: "导入问题")
        for row in 1...5_000 {
            try sheet.writeRow([.integer(Int64(row)), .text("=HYPERLINK(\"x\")"), .text("第\(row)行")], row: row)
        }
        let error = try #require(throws: XLSXWriterError.self) { try sheet.write(.integer(0), row: 5, column: 0) }
        #expect(error.code == .indexOutOfRange)
        try book.close()
        let seen = try Inspector.inspect(out, rowLimit: 30)
        let s = try #require(seen.sheets["导入问题"])
        #expect(s.maxRow == 5_001)
        #expect(s.merged == ["A1:C1"])
        #expect(s.cells["B2"]?.type == "s")
        #expect(s.cells["C3"]?.value == .string("第2行"))
    }

    /// The shortcut blocks of TextWidth.units (ASCII, CJK, full-width) hold no mark or
    /// format character and are wide exactly where isWide says so: the shortcut gives
    /// the general rule's answer. Marks elsewhere still count 0.
    @Test func widthShortcutsAgreeWithTheGeneralRule() {
        let wideBlocks: [ClosedRange<UInt32>] = [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF60]
        for block in wideBlocks {
            for v in block {
                guard let scalar = Unicode.Scalar(v) else { continue }
                let category = scalar.properties.generalCategory
                #expect(category != .nonspacingMark && category != .format && TextWidth.isWide(scalar), "U+\(String(v, radix: 16))")
            }
        }
        for v in UInt32(0)..<0x80 where v != 0x0A {
            let scalar = Unicode.Scalar(v)!
            let category = scalar.properties.generalCategory
            #expect(category != .nonspacingMark && category != .format && !TextWidth.isWide(scalar))
        }
        #expect(TextWidth.units("e\u{0301}") == 1)
        #expect(TextWidth.units("か\u{3099}") == 2)
        #expect(TextWidth.units("a\u{200B}b") == 2)
    }

    @Test func widthsCountCJKDouble() {
        #expect(TextWidth.units("党员数") == 6)
        #expect(TextWidth.units("2024年") == 6)
        #expect(TextWidth.units("ＡＢ") == 4)
        #expect(TextWidth.units("abc\n党员") == 4)
        #expect(TextWidth.columnWidth(forUnits: 200) == 60)
        #expect(TextWidth.columnWidth(forUnits: 1) == 6)
        #expect(TextWidth.units(forNumber: 35_494, format: "#,##0") == 6)
        #expect(TextWidth.units(forNumber: 0.589, format: "0.0%") == 5)
        #expect(TextWidth.units(forNumber: 350_000, format: "#,##0.00") == 10)
        #expect(CellReference.columnLetters(27) == "AB")
    }
}
