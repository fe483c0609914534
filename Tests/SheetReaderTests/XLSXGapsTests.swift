import Foundation
import SheetReader
import TestSupport
import XCTest

/// The `.xlsx` oddities of issue 16 §2, in hand-built packages (no writer makes them
/// on purpose): `_xHHHH_` escapes, formulas without a cached result, rows and cells
/// out of order, and the 1904 date system as written by Excel for Mac.
final class XLSXGapsTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = try TestSupport.temporaryDirectory("sheetreader-gaps")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// Every row of the first sheet of a hand-built workbook.
    private func rows(_ zip: StoredZip, _ name: String = "book.xlsx") throws -> [SheetRow] {
        let path = try TestSupport.write(zip.bytes, to: name, in: dir)
        let cursor = try SheetReaders.open(path: path).openSheet(0)
        var rows: [SheetRow] = []
        while let row = try cursor.next() { rows.append(row) }
        return rows
    }

    private func sst(_ items: [String]) -> (String, String) {
        ("xl/sharedStrings.xml", """
            <?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            \(items.map { "<si>\($0)</si>" }.joined())</sst>
            """)
    }

    // MARK: - _xHHHH_ escapes

    func testEscapesInSharedInlineAndFormulaStrings() throws {
        let strings = sst([
            "<t>abc_x000D_\ndef</t>",                      // CR kept before the LF
            "<t>a_x005F_x000D_b</t>",                       // an escaped underscore: literal text
            "<r><t>中_x6587_</t></r><r><t xml:space=\"preserve\"> _x0009_x</t></r>",  // any code unit, rich runs
            "<t>_xD83D__xDE00_ smile</t>",                  // a surrogate pair is one scalar
            "<t>_x00zz_ _x12_ _XABCD_</t>",                  // not escapes
        ])
        let xml = StoredZip.sheet("""
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
            <c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>\
            <row r="2"><c r="A2" t="inlineStr"><is><t>x_x000A_y</t></is></c>\
            <c r="B2" t="str"><f>"abc"&amp;CHAR(13)&amp;CHAR(10)&amp;"def"</f><v>abc_x000D_
            def</v></c></row>
            """)
        // No relationship names the shared strings: the reader falls back to xl/sharedStrings.xml.
        let got = try rows(StoredZip.workbook(sheetXML: xml, extra: [strings]))
        XCTAssertEqual(got[0].cells, [.text("abc\r\ndef"), .text("a_x000D_b"), .text("中文 \tx"), .text("😀 smile"),
                                      .text("_x00zz_ _x12_ _XABCD_")])
        XCTAssertEqual(got[1].cells, [.text("x\ny"), .text("abc\r\ndef")])
    }

    // MARK: - Formulas without a cached result

    func testUncachedFormulasReadBlankAndAreNamed() throws {
        let xml = StoredZip.sheet("""
            <row r="1"><c r="A1"><v>3</v></c><c r="B1"><f>A1*2</f><v/></c><c r="C1"><f>A1+1</f></c>\
            <c r="D1"><f>A1</f><v>3</v></c><c r="E1" t="str"><f>""</f><v></v></c><c r="F1" t="b"><f>TRUE()</f></c></row>\
            <row r="2"><c r="A2"><v>1</v></c></row>
            """)
        let got = try rows(StoredZip.workbook(sheetXML: xml))
        XCTAssertEqual(got[0].cells, [.number(3), .empty, .empty, .number(3), .text("")])
        // B1 (empty <v/>, as openpyxl writes), C1 (no <v>) and F1 (a boolean formula
        // without result); E1's cached result is the empty string, D1's is 3.
        XCTAssertEqual(got[0].uncachedFormulas, [1, 2, 5])
        XCTAssertEqual(got[1].uncachedFormulas, [])
    }

    func testOpenpyxlFormulasAreUncached() throws {
        let path = TestSupport.packageRoot
            .appendingPathComponent("Tests/SheetReaderTests/Fixtures/openpyxl_uncached_formulas.xlsx").path
        let cursor = try SheetReaders.open(path: path).openSheet(0)
        var uncached: [String] = []
        while let row = try cursor.next() {
            uncached += row.uncachedFormulas.map { "\(columnLetters($0))\(row.number)" }
        }
        XCTAssertEqual(uncached, ["B4", "F5"], "openpyxl writes `<f>B3</f><v />`")
    }

    // MARK: - Rows and cells out of order

    func testRowsOutOfOrderAreSortedAndMerged() throws {
        let xml = StoredZip.sheet("""
            <row r="3"><c r="A3"><v>3</v></c></row>\
            <row r="1"><c r="B1"><v>12</v></c><c r="A1"><v>11</v></c></row>\
            <row r="5"><c r="A5" t="inlineStr"><is><t>five</t></is></c></row>\
            <row r="3"><c r="B3"><v>32</v></c></row>\
            <row r="6"><c r="A6"><f>A5</f><v/></c></row>
            """)
        let got = try rows(StoredZip.workbook(sheetXML: xml))
        XCTAssertEqual(got.map(\.number), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(got[0].cells, [.number(11), .number(12)])
        XCTAssertEqual(got[1].cells, [])
        XCTAssertEqual(got[2].cells, [.number(3), .number(32)])
        XCTAssertEqual(got[4].cells, [.text("five")])
        XCTAssertEqual(got[5].cells, [])
        XCTAssertEqual(got[5].uncachedFormulas, [0])
    }

    func testRowBehindRowsAlreadyReadIsRefused() throws {
        // Over 256 KiB of rows, then row 1 again: the first rows were handed on before
        // the late row came, so it cannot be put back; the error names the row.
        let many = (1...12_000).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined()
        let xml = StoredZip.sheet(many + "<row r=\"1\"><c r=\"B1\"><v>1</v></c></row>")
        let path = try TestSupport.write(StoredZip.workbook(sheetXML: xml).bytes, to: "late.xlsx", in: dir)
        let cursor = try SheetReaders.open(path: path).openSheet(0)
        XCTAssertThrowsError(try { while try cursor.next() != nil {} }()) { error in
            let e = error as? ReadError
            XCTAssertEqual(e?.code, "xlsx.row_order")
            XCTAssertEqual(e?.row, 1)
        }
    }

    // MARK: - 1904 date system

    func testSheetJS1904WorkbookReadsIn1904System() throws {
        let path = DiffCorpus.file("SheetJS/1904.xlsx")
        let book = try XLSXWorkbook(path: path)
        XCTAssertTrue(book.date1904)
        let cursor = try book.openSheet(0)
        let first = try XCTUnwrap(try cursor.next())
        guard case .date(let d) = first[1] else { return XCTFail("B1 is not a date: \(first[1])") }
        XCTAssertEqual(d.iso8601, "1904-01-02")
    }
}

/// The committed corpus selection (Tests/SheetReaderTests/Fixtures/corpus).
enum DiffCorpus {
    static func file(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/corpus").appendingPathComponent(name).path
    }
}
