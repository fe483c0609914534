import Foundation
import SheetReader
import TestSupport
import XCTest

/// The Swift `.xls` reader on files made by real tools (scripts/fixtures/make_xls_fixtures.py):
/// formula results of every type, dates from cell formats, a shared string table that
/// spans CONTINUE records, BIFF5 text in code page 936, the 1904 date system, hidden
/// sheets and merged ranges.
final class XLSReaderTests: XCTestCase {
    private func rows(_ file: String, _ sheet: String) throws -> [[CellValue]] {
        try XLSXWorkbookTests.rows(file, sheet: sheet).map(\.cells)
    }

    private func iso(_ cell: CellValue) -> String? {
        if case .date(let d) = cell { return d.iso8601 }
        return nil
    }

    /// LibreOffice's .xls of a branch return whose 党员数 is `=F2+G2` and whose 合计 row is SUMs:
    /// every formula gives its cached result, and the cells equal those of LibreOffice's .xlsx.
    func testFormulaBranchReturnMatchesItsXLSX() throws {
        let branch = try rows("lo_formula_return.xls", "基层党组织")
        XCTAssertEqual(branch[0][7], .text("党员数"))
        XCTAssertEqual(branch[1], [.text("城关镇"), .text("行政村"), .number(1), .number(2), .number(25),
                                   .number(300), .number(200), .number(500)])
        XCTAssertEqual(branch[2][0], .empty, "the merged township's lower cell")
        XCTAssertEqual(branch[2][7], .number(300))
        XCTAssertEqual(branch[3][7], .number(500))
        XCTAssertEqual(branch[4], [.text("合计"), .empty, .number(2), .number(3), .number(49),
                                   .number(750), .number(550), .number(1300)])
        for sheet in ["基层党组织", "公式类型"] {
            XCTAssertEqual(try rows("lo_formula_return.xls", sheet), try rows("lo_formula_return.xlsx", sheet), sheet)
        }
        // The .xlsx keeps 15 significant digits of a serial, the .xls all 17: compare what they show.
        let shown = { (cells: [[CellValue]]) in cells.map { $0.map { self.iso($0) ?? "\($0)" } } }
        XCTAssertEqual(shown(try rows("lo_formula_return.xls", "日期")), shown(try rows("lo_formula_return.xlsx", "日期")))
        let book = try XLSWorkbook(path: XLSXWorkbookTests.fixture("lo_formula_return.xls"))
        let merged = try book.mergedRanges(sheet: 0)
        XCTAssertEqual(merged.map { [$0.firstRow, $0.firstCol, $0.lastRow, $0.lastCol] }, [[1, 0, 2, 0]])
    }

    func testFormulaResultsOfEveryType() throws {
        let cells = try rows("lo_formula_return.xls", "公式类型")[0]
        XCTAssertEqual(cells, [.text("文本"), .text("文本乙"), .bool(true), .bool(false), .error("#DIV/0!"),
                               .error("#N/A"), .number(5), .text(""), .error("#REF!")])
    }

    func testDatesFromCellFormats() throws {
        let dates = try rows("lo_formula_return.xls", "日期")
        XCTAssertEqual(iso(dates[0][1]), "2024-05-01")
        XCTAssertEqual(iso(dates[1][1]), "2024-05-01T08:30:00", "a date-time keeps its time")
        XCTAssertEqual(iso(dates[2][1]), "2008-05-01", "yyyy\"年\"m\"月\"d\"日\"")
        XCTAssertEqual(iso(dates[3][1]), "2024-07-01", "[$-409]mmmmm;@")
        XCTAssertEqual(dates[4][1], .number(1.5), "[h]:mm is a duration, not a date")
        XCTAssertEqual(dates[5][1], .number(45413.25), "0.00 is a number")
        XCTAssertEqual(iso(dates[6][1]), "2024-05-01T06:00:00", "a formula's date result")
    }

    /// xlwt's shared string table of 400 strings (55–160 characters, Latin-1 and Chinese
    /// alternately): about 40 KB, so CONTINUE records break it, inside strings.
    func testSharedStringsAcrossContinueRecords() throws {
        var expected: [String] = []
        for i in 0..<400 {
            expected.append(i % 2 == 0 ? "row \(i) " + String(repeating: "abcdefghij", count: 5 + i % 7)
                                       : "第\(i)行" + String(repeating: "党员名册乡镇支部", count: 4 + i % 9))
        }
        let all = try rows("xlwt_sst_continue.xls", "字符串")
        XCTAssertEqual(all.count, 400)
        for (i, row) in all.enumerated() {
            XCTAssertEqual(row, [.text(expected[i]), .number(Double(i))], "row \(i + 1)")
        }
    }

    /// A BIFF5 (Excel 5.0/95) workbook with CODEPAGE 936: sheet names and text are GBK.
    func testBIFF5TextInItsCodePage() throws {
        let path = XLSXWorkbookTests.fixture("biff5/biff5_gbk.xls")
        let book = try XLSWorkbook(path: path)
        XCTAssertTrue(book.isBIFF5)
        XCTAssertEqual(book.codePage, 936)
        XCTAssertEqual(book.sheets.map(\.name), ["党员名册", "说明·备注"])
        let roster = try rows("biff5/biff5_gbk.xls", "党员名册")
        XCTAssertEqual(roster[0], [.text("乡镇"), .text("姓名"), .text("党龄"), .text("入党日期"), .text("备注")])
        XCTAssertEqual(roster[1][0], .text("城关镇"))
        XCTAssertEqual(roster[1][2], .number(12))
        XCTAssertEqual(iso(roster[1][3]), "2012-07-01")
        XCTAssertEqual(roster[1][4], .text("优秀党员"), "a BIFF5 STRING record after a formula")
        XCTAssertEqual(roster[2][1], .text("李四（女）"))
        XCTAssertEqual(roster[2][2], .number(3.5))
        XCTAssertEqual(try rows("biff5/biff5_gbk.xls", "说明·备注"), [[.text("本表由乡镇党委填报，单位：名")]])
    }

    /// xlwt with the 1904 date system, hidden and very hidden sheets, a merged township.
    func testDateSystem1904HiddenSheetsAndMergedRanges() throws {
        let book = try XLSWorkbook(path: XLSXWorkbookTests.fixture("xlwt_sheets.xls"))
        XCTAssertTrue(book.date1904)
        XCTAssertEqual(book.sheets.map(\.name), ["1904日期", "隐藏", "深度隐藏"])
        XCTAssertEqual(book.sheets.map(\.hidden), [false, true, true])
        let dates = try rows("xlwt_sheets.xls", "1904日期")
        XCTAssertEqual(iso(dates[1][1]), "2024-05-01")
        XCTAssertEqual(iso(dates[2][1]), "2024-05-01T08:30:00")
        XCTAssertEqual(iso(dates[3][1]), "1904-01-01", "serial 0 of the 1904 system")
        XCTAssertEqual(iso(dates[4][1]), "1904-01-02")
        guard case .date(let d) = dates[1][1] else { return XCTFail() }
        XCTAssertEqual(d.serial, 45413 - 1462)
        XCTAssertEqual(dates[1][0], .text("城关镇"))
        XCTAssertEqual(dates[2][0], .empty)
        let merged = try book.mergedRanges(sheet: 0)
        XCTAssertEqual(merged.map { [$0.firstRow, $0.firstCol, $0.lastRow, $0.lastCol] }, [[1, 0, 3, 0]])
        XCTAssertEqual(try rows("xlwt_sheets.xls", "深度隐藏"), [[.text("深度隐藏的表")]])
    }

    /// Excel 2.1–4.0 worksheet files are bare BIFF2–BIFF4 record streams (no compound
    /// file); built here record by record as [MS-XLS]'s predecessors define them.
    func testRawBIFF2AndBIFF4Worksheets() throws {
        func record(_ type: UInt16, _ body: [UInt8]) -> [UInt8] {
            [UInt8(type & 0xFF), UInt8(type >> 8), UInt8(body.count & 0xFF), UInt8(body.count >> 8)] + body
        }
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        let gbk = try TestSupport.encode("城关镇", as: "GB18030")
        let number = withUnsafeBytes(of: (2.5).bitPattern.littleEndian) { Array($0) }
        let biff4 = record(0x0409, le16(0) + le16(0x10) + le16(0))
            + record(0x0042, le16(936))
            + record(0x0204, le16(0) + le16(0) + le16(15) + le16(gbk.count) + gbk)
            + record(0x0203, le16(0) + le16(1) + le16(15) + number)
            + record(0x0406, le16(1) + le16(0) + le16(15) + [0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + le16(0) + le16(0))
            + record(0x0207, le16(3) + Array("abc".utf8))
            + record(0x000A, [])
        let biff2 = record(0x0009, le16(2) + le16(0x10))
            + record(0x0004, le16(0) + le16(0) + [0, 0, 0] + [5] + Array("Hello".utf8))
            + record(0x0002, le16(1) + le16(2) + [0, 0, 0] + le16(42))
            + record(0x000A, [])
        let dir = try TestSupport.temporaryDirectory("xls-raw-biff")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, bytes, expected) in [("biff4.xls", biff4, [[CellValue.text("城关镇"), .number(2.5)], [.text("abc")]]),
                                        ("biff2.xls", biff2, [[CellValue.text("Hello")], [.empty, .empty, .number(42)]])] {
            let path = try TestSupport.write(bytes, to: name, in: dir)
            let book = try SheetReaders.open(path: path)
            XCTAssertEqual(book.sheets.map(\.name), ["Sheet1"], name)
            let cursor = try book.openSheet(0)
            var rows: [[CellValue]] = []
            while let row = try cursor.next() { rows.append(row.cells) }
            XCTAssertEqual(rows, expected, name)
        }
    }
}
