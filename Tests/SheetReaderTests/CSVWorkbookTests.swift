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

    func testQuotedLineBreaksAcrossBlocksKeepLineNumbers() throws {
        // Fields are only searched for line breaks in blocks that hold a quote, follow
        // one that did, or begin inside a quoted field. Here a quoted field with line
        // breaks closes on the last byte of the first 1 MiB block; libcsv delivers it
        // while parsing the second block, which holds no quote at all.
        for encoding in ["UTF-8", "GB18030"] {
            var head = "姓名,备注\n"
            var line = 2
            while head.utf8.count < (1 << 20) - 20_000 { head += "zs,note\(line)\n"; line += 1 }
            let quotedLine = line
            head += "李四,\""
            var bytes = try TestSupport.encode(head, as: encoding)
            let breaks = 3_000
            let content = String(repeating: "ab\n", count: breaks)
                + String(repeating: "c", count: (1 << 20) - 1 - bytes.count - 3 * breaks)
            bytes += Array((content + "\"").utf8)
            XCTAssertEqual(bytes.count, 1 << 20, "the closing quote ends the first block")
            var tail = ""
            for i in 0..<20_000 { tail += "王五,\(i)\n" }
            bytes += try TestSupport.encode("\n" + tail, as: encoding)
            let (workbook, rows) = try rows(bytes, name: "q\(encoding).csv")
            XCTAssertEqual(workbook.encoding, encoding)
            let quoted = try XCTUnwrap(rows.first { $0.number == quotedLine }, encoding)
            XCTAssertEqual(texts([quoted])[0][1], content, encoding)
            let after = try XCTUnwrap(rows.first { $0.number > quotedLine }, encoding)
            XCTAssertEqual(after.number, quotedLine + breaks + 1, encoding)
            XCTAssertEqual(texts([after]), [["王五", "0"]], encoding)
            XCTAssertEqual(rows.last?.number, quotedLine + breaks + 20_000, encoding)
        }
    }

    func testCellsAreLentAsBytesWithoutValues() throws {
        let (_, rows) = try rows(Array("a,,\u{3000},张三\n1\n".utf8))
        let row = rows[0]
        XCTAssertEqual(row.count, 4)
        XCTAssertEqual(row.utf8(0) { Array($0) }, Array("a".utf8))
        XCTAssertEqual(row.utf8(1) { $0.count }, 0)
        XCTAssertEqual(row.utf8(3) { String(decoding: $0, as: UTF8.self) }, "张三")
        XCTAssertEqual(row.utf8(9) { $0.count }, 0, "past the end reads as empty")
        XCTAssertEqual(row[1], .empty)
        XCTAssertEqual(row[3], .text("张三"))
        XCTAssertEqual([0, 1, 2, 3].map(row.isBlank), [false, true, true, false])
        XCTAssertEqual(row.nonBlankCount, 2)
        XCTAssertEqual(rows[1].nonBlankCount, 1)
        // Rows of values lend text cells' bytes too, and nothing for other values.
        let values = SheetRow(number: 1, cells: [.text("x"), .number(2), .empty])
        XCTAssertEqual(values.utf8(0) { Array($0) }, Array("x".utf8))
        XCTAssertNil(values.utf8(1) { $0.count })
        XCTAssertEqual(values.utf8(2) { $0.count }, 0)
        XCTAssertEqual([0, 1, 2].map(values.isBlank), [false, false, true])
        // A text row whose cells are replaced lends the new cells, not its old fields.
        var replaced = rows[0]
        replaced.cells = [.text("新"), .number(1)]
        XCTAssertFalse(replaced.isText)
        XCTAssertEqual(replaced.count, 2)
        XCTAssertEqual(replaced.utf8(0) { String(decoding: $0, as: UTF8.self) }, "新")
        XCTAssertNil(replaced.utf8(1) { $0.count })
        XCTAssertEqual(replaced.nonBlankCount, 2)
        XCTAssertEqual(row.utf8(3) { String(decoding: $0, as: UTF8.self) }, "张三", "the original row is unchanged")
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
