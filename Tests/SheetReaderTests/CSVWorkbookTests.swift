import Foundation
import SheetReader
import TestSupport
import XCTest

final class CSVWorkbookTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try TestSupport.temporaryDirectory("csv") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func rows(_ bytes: [UInt8], name: String = "t.csv") throws -> (any WorkbookReader, [SheetRow]) {
        let path = try TestSupport.write(bytes, to: name, in: dir)
        let workbook = try SheetReaders.open(path: path)
        let cursor = try workbook.openSheet(0)
        var out: [SheetRow] = []
        while let row = try cursor.next() { out.append(row) }
        return (workbook, out)
    }

    private func texts(_ rows: [SheetRow]) -> [[String]] {
        rows.map { $0.cells.map { if case .text(let s) = $0 { return s } else { return "" } } }
    }

    func testGB18030WithoutBOM() throws {
        let (workbook, rows) = try rows(try TestSupport.encode("姓名,乡镇\r\n张三,源潭镇\r\n", as: "GB18030"))
        XCTAssertEqual(workbook.encoding, "GB18030")
        XCTAssertEqual(texts(rows), [["姓名", "乡镇"], ["张三", "源潭镇"]])
        XCTAssertEqual(rows.map(\.number), [1, 2])
        XCTAssertEqual(workbook.sheets.map(\.name), ["t"])
    }

    func testGB18030IsSplitBeforeDecodingAndEachFieldDecoded() throws {
        // Quoted fields with delimiters and line breaks, a four-byte character, a
        // full-width comma inside a field and 5C (backslash) as a trail byte (「表」 is B1 ED, 「枣」 is D4 E6; 「丂」 is 81 40).
        let text = "姓名,备注,乡镇\n\"张,三\",\"第一行\n第二行\",𠀀镇\n李四，王五,丂表枣,城郊乡\n"
        let (workbook, rows) = try rows(try TestSupport.encode(text, as: "GB18030"), name: "g.csv")
        XCTAssertEqual(workbook.encoding, "GB18030")
        XCTAssertEqual(texts(rows), [["姓名", "备注", "乡镇"], ["张,三", "第一行\n第二行", "𠀀镇"], ["李四，王五", "丂表枣", "城郊乡"]])
        XCTAssertEqual(rows.map(\.number), [1, 2, 4])

        // A bad byte is named by its record's line and its column.
        let bad = try TestSupport.encode("姓名,性别\n张三,男\n\"李\n四\",", as: "GB18030") + [0xC5, 0x2C, 0x0A]
        XCTAssertThrowsError(try self.rows(bad, name: "bad.csv")) { error in
            let e = error as? ReadError
            XCTAssertEqual(e?.code, "csv.invalid_encoding")
            XCTAssertEqual(e?.row, 4)
            XCTAssertEqual(e?.column, "B")
        }
    }

    func testUTF8BOMAndUTF16() throws {
        let (bom, bomRows) = try rows([0xEF, 0xBB, 0xBF] + Array("姓名\n甲\n".utf8), name: "a.csv")
        XCTAssertEqual(bom.encoding, "UTF-8-BOM")
        XCTAssertEqual(texts(bomRows), [["姓名"], ["甲"]])
        let (le, leRows) = try rows([0xFF, 0xFE] + (try TestSupport.encode("姓名\t性别\n乙\t女\n", as: "UTF-16LE")), name: "b.csv")
        XCTAssertEqual(le.encoding, "UTF-16LE")
        XCTAssertEqual(texts(leRows), [["姓名", "性别"], ["乙", "女"]])
        let (be, beRows) = try rows([0xFE, 0xFF] + (try TestSupport.encode("姓名\n丙\n", as: "UTF-16BE")), name: "c.csv")
        XCTAssertEqual(be.encoding, "UTF-16BE")
        XCTAssertEqual(texts(beRows), [["姓名"], ["丙"]])
    }

    func testDelimiters() throws {
        XCTAssertEqual(texts(try rows(Array("a;b;c\n1;2;3\n".utf8)).1), [["a", "b", "c"], ["1", "2", "3"]])
        XCTAssertEqual(texts(try rows(Array("a\tb\n1\t2\n".utf8)).1), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(texts(try rows(Array("姓名，性别\n张三，男\n".utf8)).1), [["姓名", "性别"], ["张三", "男"]])
        XCTAssertEqual(texts(try rows(Array("a,\"x;y\"\n1,2\n".utf8)).1), [["a", "x;y"], ["1", "2"]])
    }

    func testLineNumbersCountEmbeddedLineBreaksAndBlankLines() throws {
        let (_, rows) = try rows(Array("h1,h2\r\n\"a\r\nb\",c\r\n\r\nd,e\r\n".utf8))
        XCTAssertEqual(rows.map(\.number), [1, 2, 4, 5])
        XCTAssertEqual(rows[2].cells, [])
        XCTAssertEqual(texts(rows)[1], ["a\r\nb", "c"])
    }

    func testMultiByteCharactersSplitAcrossBlocks() throws {
        // Larger than one 1 MiB block, so characters straddle block boundaries.
        var text = "姓名,备注\n"
        for i in 0..<40_000 { text += "张三\(i),源潭镇党委第一党支部\n" }
        for encoding in ["UTF-8", "GB18030"] {
            let (_, rows) = try rows(try TestSupport.encode(text, as: encoding), name: "\(encoding).csv")
            XCTAssertEqual(rows.count, 40_001, encoding)
            XCTAssertEqual(texts([rows[39_999]]), [["张三39998", "源潭镇党委第一党支部"]], encoding)
            XCTAssertEqual(rows.last?.number, 40_001)
        }
    }

    func testFileLevelErrorsNameFileAndLine() throws {
        func failure(_ bytes: [UInt8], _ name: String) throws -> ReadError? {
            do { _ = try rows(bytes, name: name); return nil } catch let e as ReadError { return e }
        }
        let quote = try failure(Array("a,b\n1,2\n3,\"x\n4,5\n".utf8), "q.csv")
        XCTAssertEqual(quote?.code, "csv.unbalanced_quote")
        XCTAssertEqual(quote?.row, 3)
        XCTAssertTrue(quote?.file.hasSuffix("q.csv") == true)
        XCTAssertEqual(try failure([0x50, 0x4B, 0x03, 0x04, 0, 0], "zip.csv")?.code, "csv.is_workbook")
        XCTAssertEqual(try failure(Array("a,b\n".utf8) + [0, 0, 0], "nul.csv")?.code, "csv.binary")
        let bad = try failure(try TestSupport.encode("姓名\n张三\n", as: "GB18030") + [0x81, 0x20, 0x0A], "g.csv")
        XCTAssertEqual(bad?.code, "csv.invalid_encoding")
        XCTAssertEqual(bad?.row, 3)
        let long = try failure(Array(("a\n\"" + String(repeating: "x", count: 40_000) + "\"\n").utf8), "long.csv")
        XCTAssertEqual(long?.code, "cell.too_long")
    }
}
