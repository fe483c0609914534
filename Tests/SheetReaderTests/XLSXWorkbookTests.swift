import Foundation
import SheetReader
import XCTest

/// Reading the committed `.xlsx` fixtures written by openpyxl, XlsxWriter, LibreOffice
/// and by hand (scripts/fixtures/make_reader_fixtures.py).
final class XLSXWorkbookTests: XCTestCase {
    static func fixture(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// All rows of a sheet (by name).
    static func rows(_ file: String, sheet: String) throws -> [SheetRow] {
        let book = try SheetReaders.open(path: fixture(file))
        guard let info = book.sheets.first(where: { $0.name == sheet }) else {
            XCTFail("no sheet \(sheet) in \(file)")
            return []
        }
        let cursor = try book.openSheet(info.index)
        var rows: [SheetRow] = []
        while let row = try cursor.next() { rows.append(row) }
        return rows
    }

    static func date(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> String {
        CellDateTime(year: y, month: m, day: d, hour: h, minute: mi, second: s, serial: 0).iso8601
    }

    func iso(_ cell: CellValue) -> String? {
        if case .date(let d) = cell { return d.iso8601 }
        return nil
    }

    func testSheetOrderNamesAndHiddenFlags() throws {
        let book = try SheetReaders.open(path: Self.fixture("openpyxl_branch_return.xlsx"))
        XCTAssertEqual(book.format, .xlsx)
        XCTAssertEqual(book.sheets.map(\.name), ["基层党组织", "类型", "日期", "隐藏表", "深度隐藏", "空表", "稀疏"])
        XCTAssertEqual(book.sheets.map(\.hidden), [false, false, false, true, true, false, false])
    }

    func testMergedTwoRowHeaderAndTownshipMergedDown() throws {
        let rows = try Self.rows("openpyxl_branch_return.xlsx", sheet: "基层党组织")
        XCTAssertEqual(rows.count, 12)
        XCTAssertEqual(rows.map(\.number), Array(1...12))
        XCTAssertEqual(rows[2].cells, [.text("乡镇"), .text("单位类别"), .text("基层党组织数"), .empty, .empty, .text("党员数（名）")])
        XCTAssertEqual(rows[3].cells, [.empty, .empty, .text("党委"), .text("党总支"), .text("党支部")])
        XCTAssertEqual(rows[4].cells, [.text("城关镇"), .text("农村"), .number(1), .number(2), .number(25), .number(812)])
        // The township is merged down over A5:A7: only the first cell holds it.
        XCTAssertEqual(rows[5][0], .empty)
        // Numbers stored as text stay text.
        XCTAssertEqual(rows[6][4], .text("3"))
        XCTAssertEqual(rows[6][5], .text("1,281"))
        XCTAssertEqual(rows[10].cells, [])

        let book = try XLSXWorkbook(path: Self.fixture("openpyxl_branch_return.xlsx"))
        let merged = try book.mergedRanges(sheet: 0)
        XCTAssertTrue(merged.contains { $0 == (2, 2, 2, 4) }, "C3:E3")
        XCTAssertTrue(merged.contains { $0 == (4, 0, 6, 0) }, "A5:A7")
        XCTAssertEqual(merged.count, 7)
    }

    func testValueTypes() throws {
        let rows = try Self.rows("openpyxl_branch_return.xlsx", sheet: "类型")
        XCTAssertEqual(rows[1].cells, [.text("张三"), .number(42), .number(3.14159), .bool(true), .error("#N/A"),
                                       .text("0123"), .number(-7.5)])
        XCTAssertEqual(rows[2][0], .text("  前后空格  "))
        XCTAssertEqual(rows[2][2], .number(0.3), "openpyxl writes 0.1 + 0.2 with 15 significant digits")
        XCTAssertEqual(rows[2][4], .error("#DIV/0!"))
        XCTAssertEqual(rows[2][5], .text("4.10328E+17"))
        XCTAssertEqual(rows[3][0], .text("换行\n第二行"))
        XCTAssertEqual(rows[3][1], .number(123_456_789_012))
    }

    func testDateFormatsIncludingCJK() throws {
        let rows = try Self.rows("openpyxl_branch_return.xlsx", sheet: "日期")
        let values = Dictionary(rows.dropFirst().compactMap { row -> (String, CellValue)? in
            guard case .text(let format) = row[0] else { return nil }
            return (format, row[1])
        }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(iso(rows[9][1]), "1900-01-01T12:00:00")
        XCTAssertEqual(iso(rows[10][1]), "1900-02-28")
        XCTAssertEqual(iso(rows[11][1]), "1900-03-01")
        XCTAssertEqual(iso(values["yyyy-mm-dd"]!), "2024-05-01")
        XCTAssertEqual(iso(values["yyyy\"年\"m\"月\"d\"日\""]!), "2008-05-01")
        XCTAssertEqual(iso(values["[$-804]yyyy年m月d日"]!), "1990-12-31")
        XCTAssertEqual(iso(values["m\"月\"d\"日\""]!), "2024-02-29")
        XCTAssertEqual(iso(values["yyyy/m/d h:mm"]!), "2024-05-01T08:30:00")
        XCTAssertEqual(iso(values["yyyy年m月"]!), "2023-07-01")
        // Not dates: [Red] and a second section do not make a date; a quoted 期 neither.
        XCTAssertEqual(values["[Red]0.00"], .number(45000.5))
        XCTAssertEqual(values["0.00_);[Red](0.00)"], .number(45000.5))
        XCTAssertEqual(values["\"第\"0\"期\""], .number(12))
        // An elapsed-time format is a duration in days, not a date.
        guard case .number(let days) = values["[h]:mm:ss"] else { return XCTFail("duration not a number") }
        XCTAssertEqual(days, 36.5 / 24, accuracy: 1e-12)
        // A time of day: serial below 1.
        guard case .date(let time) = values["h:mm:ss"]! else { return XCTFail("time not a date") }
        XCTAssertEqual([time.hour, time.minute, time.second], [8, 30, 15])
        XCTAssertLessThan(time.serial, 1)
        XCTAssertEqual(CellsExport.iso(time), "08:30:15")
    }

    func testPhantomLeapDayFollowsCalamine() throws {
        let rows = try Self.rows("odd_package.xlsx", sheet: "数据")
        let row6 = rows[5].cells
        XCTAssertEqual(iso(row6[5]), "1900-02-28", "serial 60 (Excel's phantom 1900-02-29)")
        XCTAssertEqual(iso(row6[6]), "1900-03-01T18:00:00", "serial 61.75")
        XCTAssertEqual(iso(row6[12]), "1900-02-28", "serial 59")
        XCTAssertEqual(iso(row6[13]), "1900-01-01", "serial 1")
    }

    func test1904DateSystem() throws {
        let book = try XLSXWorkbook(path: Self.fixture("xlsxwriter_1904.xlsx"))
        XCTAssertTrue(book.date1904)
        let rows = try Self.rows("xlsxwriter_1904.xlsx", sheet: "1904")
        XCTAssertEqual(iso(rows[1][0]), "2024-05-01")
        XCTAssertEqual(iso(rows[1][1]), "2008-05-01T08:30:00")
        XCTAssertEqual(iso(rows[2][0]), "1904-01-02")
        XCTAssertEqual(rows[2][2], .number(0))
    }

    func testXlsxWriterRichTextFormulasBooleansErrors() throws {
        for file in ["xlsxwriter_roster.xlsx", "xlsxwriter_inline.xlsx"] {
            let rows = try Self.rows(file, sheet: "党员名册")
            XCTAssertEqual(rows[1][0], .text("张三"), file)
            XCTAssertEqual(iso(rows[1][3]), "1990-01-01", file)
            XCTAssertEqual(iso(rows[1][4]), "2015-07-01", "built-in format 31 (zh-CN) in \(file)")
            XCTAssertEqual(iso(rows[1][5]), "2016-07-01", file)
            XCTAssertEqual(rows[1][9], .number(13_800_000_000), file)
            XCTAssertEqual(rows[1][10], .text("富文本红色部分"), "rich text runs joined in \(file)")
            XCTAssertEqual(rows[2][10], .text("回车_x000D_字面量"), "escaped literal in \(file)")
            XCTAssertEqual(rows[3][10], .text("含回车\r\n的文本"), file)
            XCTAssertEqual(rows[1][11], .text("党员张三"), "t=\"str\" formula result in \(file)")
            XCTAssertEqual(rows[2][11], .number(2), file)
            XCTAssertEqual(rows[1][12], .bool(true), file)
            XCTAssertEqual(rows[2][12], .bool(true), file)
            XCTAssertEqual(rows[3][12], .bool(false), file)
            XCTAssertEqual(rows[1][13], .error("#N/A"), file)
            XCTAssertEqual(rows[2][13], .error("#DIV/0!"), file)
            XCTAssertEqual(iso(rows[3][14]), "2024-05-01T06:00:00", file)
            XCTAssertEqual(rows[4].cells, [], file)
            XCTAssertEqual(rows[5].cells, [.text("合计"), .number(3)], file)
        }
    }

    func testOddPackage() throws {
        let book = try SheetReaders.open(path: Self.fixture("odd_package.xlsx"))
        XCTAssertEqual(book.sheets.map(\.name), ["第二个文件", "数据", "藏"], "workbook order, not file order")
        XCTAssertEqual(book.sheets.map(\.hidden), [false, false, true])
        let first = try Self.rows("odd_package.xlsx", sheet: "第二个文件")
        XCTAssertEqual(first.map(\.cells), [[], [.empty, .number(2)]], "a lying <dimension> is ignored")

        let rows = try Self.rows("odd_package.xlsx", sheet: "数据")
        XCTAssertEqual(rows.map(\.number), Array(1...10))
        XCTAssertEqual(rows[0].cells, [.text("乡镇"), .text("党员 人数"), .number(3)], "cells without r")
        XCTAssertEqual(rows[1].cells, [])
        XCTAssertEqual(rows[2][1], .text("东京"), "phonetic run ignored")
        XCTAssertEqual(rows[2][2], .text("第一行\r\n第二行"), "cell after an r-less cell; _x000D_ decoded")
        XCTAssertEqual(iso(rows[2][3]), "2008-05-01", "custom CJK date format")
        XCTAssertEqual(rows[3].cells, [.text("修剪"), .text("  保留  "), .text(""), .text("<a> & 中")], "row without r")
        let row6 = rows[5].cells
        XCTAssertEqual(row6[0], .text("内联"))
        XCTAssertEqual(row6[1], .text("富文本"))
        XCTAssertEqual(iso(row6[2]), "2024-05-01T08:30:00", "t=\"d\"")
        XCTAssertEqual(iso(row6[3]), "2024-05-02")
        XCTAssertEqual(row6[4], .number(3500), "#,##0.00\"元\" is not a date")
        XCTAssertEqual(row6[7], .bool(false))
        XCTAssertEqual(row6[8], .error("#VALUE!"))
        XCTAssertEqual(row6[9], .text("乡镇"))
        XCTAssertEqual(row6[10], .empty)
        XCTAssertEqual(row6[11], .number(1500))
        XCTAssertEqual(rows[8].cells, [.number(-0.5), .number(45000)], "unknown style index → number")
        XCTAssertEqual(rows[9].cells, [])
    }

    func testEmptyAndSparseSheets() throws {
        XCTAssertEqual(try Self.rows("openpyxl_branch_return.xlsx", sheet: "空表").count, 0)
        let sparse = try Self.rows("openpyxl_branch_return.xlsx", sheet: "稀疏")
        XCTAssertEqual(sparse.map(\.number), Array(1...10), "missing rows come as empty rows")
        XCTAssertEqual(sparse[2].cells, [.empty, .empty, .text("第三行第三列")])
        XCTAssertEqual(sparse[6].cells, [.number(7)])
        XCTAssertEqual(sparse[9][4], .text("末行"))
    }

    func testLibreOfficeWorkbookMatchesOpenpyxlSource() throws {
        for sheet in ["基层党组织", "类型", "稀疏"] {
            let lo = try Self.rows("libreoffice_branch_return.xlsx", sheet: sheet).map(\.cells)
            let src = try Self.rows("openpyxl_branch_return.xlsx", sheet: sheet).map(\.cells)
            XCTAssertEqual(lo, src, sheet)
        }
    }

    func testCursorReleasedEarlyStopsCleanly() throws {
        let book = try SheetReaders.open(path: Self.fixture("xlsxwriter_roster.xlsx"))
        for _ in 0..<20 {
            let cursor = try book.openSheet(0)
            XCTAssertEqual(try cursor.next()?.number, 1)
        }
    }

    func testSheetIndexOutOfRange() {
        XCTAssertThrowsError(try SheetReaders.open(path: Self.fixture("xlsxwriter_1904.xlsx")).openSheet(3)) { error in
            XCTAssertEqual((error as? ReadError)?.code, "sheet.not_found")
        }
    }
}
