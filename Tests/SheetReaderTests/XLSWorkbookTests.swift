import Foundation
import SheetReader
import TestSupport
import XCTest

/// Reading legacy `.xls` fixtures (xlwt with encoding='gbk', LibreOffice) with the Swift reader.
final class XLSWorkbookTests: XCTestCase {
    func iso(_ cell: CellValue) -> String? {
        if case .date(let d) = cell { return d.iso8601 }
        return nil
    }

    func testGBKWorkbookFromXlwt() throws {
        let book = try XLSWorkbook(path: XLSXWorkbookTests.fixture("xlwt_gbk.xls"))
        XCTAssertEqual(book.format, .xls)
        // xlwt writes BIFF8, whose strings are UTF-16 whatever `encoding` says; its
        // CODEPAGE record is 1200.
        XCTAssertEqual(book.codePage, 1200)
        XCTAssertEqual(book.sheets.map(\.name), ["乡镇汇总", "说明", "空表"])
        let rows = try XLSXWorkbookTests.rows("xlwt_gbk.xls", sheet: "乡镇汇总")
        XCTAssertEqual(rows.map(\.number), Array(1...6))
        XCTAssertEqual(rows[0].cells, [.text("2024年帮扶资金发放台账")])
        XCTAssertEqual(rows[1].cells, [.text("乡镇"), .text("姓名"), .text("金额"), .text("发放日期"), .text("备注")])
        XCTAssertEqual(rows[2][0], .text("城关镇"))
        XCTAssertEqual(rows[2][2], .number(3500))
        XCTAssertEqual(iso(rows[2][3]), "2024-05-01")
        XCTAssertEqual(rows[3][0], .empty, "merged township cell below the first is empty")
        XCTAssertEqual(rows[3][2], .number(1200.5))
        XCTAssertEqual(rows[4][2], .text("3,500元"))
        XCTAssertEqual(iso(rows[4][3]), "2024-07-01T09:30:00")
        guard case .date(let d) = rows[2][3] else { return XCTFail() }
        XCTAssertEqual(d.serial, 45413)
        let notes = try XLSXWorkbookTests.rows("xlwt_gbk.xls", sheet: "说明")
        XCTAssertEqual(notes[3][2], .number(12_345_678_901))
        XCTAssertEqual(try XLSXWorkbookTests.rows("xlwt_gbk.xls", sheet: "空表").count, 0)
    }

    func testLibreOfficeXLSMatchesItsXLSX() throws {
        for sheet in ["基层党组织", "稀疏"] {
            let xls = try XLSXWorkbookTests.rows("libreoffice_branch_return.xls", sheet: sheet).map(\.cells)
            let xlsx = try XLSXWorkbookTests.rows("libreoffice_branch_return.xlsx", sheet: sheet).map(\.cells)
            XCTAssertEqual(xls, xlsx, sheet)
        }
        let dates = try XLSXWorkbookTests.rows("libreoffice_branch_return.xls", sheet: "日期")
        XCTAssertEqual(iso(dates[2][1]), "2008-05-01", "yyyy\"年\"m\"月\"d\"日\"")
        XCTAssertEqual(iso(dates[5][1]), "2024-05-01T08:30:00")
    }

    func testFilepassRecordMeansEncrypted() throws {
        // xlwt's WRITEACCESS record (0x005C, 112 bytes) retyped as FILEPASS (0x002F).
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: XLSXWorkbookTests.fixture("xlwt_gbk.xls"))))
        let needle: [UInt8] = [0x5C, 0x00, 0x70, 0x00]
        guard let at = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == needle }) else {
            return XCTFail("no WRITEACCESS record")
        }
        bytes[at] = 0x2F
        let dir = try TestSupport.temporaryDirectory("sheetreader-xls")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try TestSupport.write(bytes, to: "secret.xls", in: dir)
        XCTAssertThrowsError(try SheetReaders.open(path: path)) { error in
            XCTAssertEqual((error as? ReadError)?.code, "xls.encrypted")
            XCTAssertEqual((error as? ReadError)?.message, "工作簿已加密或受密码保护，请另存为未加密的文件后再导入")
        }
    }

    func testNotAnXLS() throws {
        let dir = try TestSupport.temporaryDirectory("sheetreader-xls")
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = try TestSupport.write(Array("<html><table><tr><td>1</td></tr></table></html>".utf8), to: "web.xls", in: dir)
        XCTAssertThrowsError(try SheetReaders.open(path: html)) { error in
            XCTAssertEqual((error as? ReadError)?.code, "xls.not_xls")
        }
        // An OLE header followed by garbage.
        let ole = try TestSupport.write([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0x41, count: 2000),
                                        to: "broken.xls", in: dir)
        XCTAssertThrowsError(try SheetReaders.open(path: ole)) { error in
            let code = (error as? ReadError)?.code
            XCTAssertTrue(code == "xls.not_xls" || code == "xls.corrupt", code ?? "\(error)")
        }
        XCTAssertThrowsError(try SheetReaders.open(path: dir.appendingPathComponent("missing.xls").path)) { error in
            XCTAssertEqual((error as? ReadError)?.code, "file.unreadable")
        }
    }
}
