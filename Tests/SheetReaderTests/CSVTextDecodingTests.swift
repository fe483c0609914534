import Foundation
@testable import SheetReader
import TestSupport
import XCTest

/// The CSV decoding modes one by one (``CSVTextDecoding``), the buffer their fields go
/// to (``FieldText``), and the modes side by side through the whole cursor.
final class CSVTextDecodingTests: XCTestCase {
    private func prepare<D: CSVTextDecoding>(_ decoding: inout D, _ bytes: [UInt8], isLast: Bool = false,
                                             into decoded: inout [UInt8]) throws(CSVBlockFailure) -> Bool {
        let result = bytes.withUnsafeBytes { block in
            Result { () throws(CSVBlockFailure) -> Bool in try decoding.prepare(block, isLast: isLast, into: &decoded) }
        }
        return try result.get()
    }

    private func decode<D: CSVTextDecoding>(_ decoding: inout D, _ bytes: [UInt8]) -> String? {
        var text = FieldText(byteCapacity: 4, boundsCapacity: 2)
        let ok = bytes.withUnsafeBytes { decoding.decode($0, into: &text) }
        guard ok else {
            XCTAssertEqual(text.fieldCount, 0, "nothing is written for a field that cannot be decoded")
            return nil
        }
        return String(decoding: text.lastField, as: UTF8.self)
    }

    func testUTF8CarriesACutCharacterAndTracksBadBlocks() throws {
        var utf8 = UTF8Text()
        var decoded: [UInt8] = []
        let zhang = Array("张".utf8)
        XCTAssertTrue(try prepare(&utf8, Array("a,".utf8) + zhang.prefix(2), into: &decoded))
        XCTAssertEqual(decoded, Array("a,".utf8), "the cut character waits for the next block")
        XCTAssertTrue(utf8.fieldsAreValid)
        _ = try prepare(&utf8, [zhang[2]] + Array(",b\n".utf8), into: &decoded)
        XCTAssertEqual(String(decoding: decoded, as: UTF8.self), "张,b\n")
        XCTAssertEqual(decode(&utf8, zhang), "张")

        _ = try prepare(&utf8, [0x61, 0xFF, 0x0A], into: &decoded)
        XCTAssertFalse(utf8.fieldsAreValid)
        XCTAssertNil(decode(&utf8, [0x61, 0xFF]))
        XCTAssertEqual(decode(&utf8, Array("ok".utf8)), "ok", "a bad block's good fields are checked and kept")
        _ = try prepare(&utf8, Array("c\n".utf8), into: &decoded)
        XCTAssertFalse(utf8.fieldsAreValid, "a field may have begun in the bad block before")
        _ = try prepare(&utf8, Array("d\n".utf8), isLast: true, into: &decoded)
        XCTAssertTrue(utf8.fieldsAreValid)
    }

    func testEachModeRefusesNULOnceWhereItCanOccur() throws {
        func binary<D: CSVTextDecoding>(_ decoding: D, _ bytes: [UInt8]) -> CSVBlockFailure? {
            var decoding = decoding
            var decoded: [UInt8] = []
            do { _ = try prepare(&decoding, bytes, into: &decoded); return nil } catch { return error }
        }
        let nul = Array("a\nb\n".utf8) + [0]
        XCTAssertEqual(binary(UTF8Text(), nul)?.code, .csvBinary)
        XCTAssertEqual(binary(UTF8Text(), nul)?.linesBefore, 2)
        XCTAssertEqual(binary(try GB18030Fields(), nul)?.linesBefore, 2)
        XCTAssertEqual(binary(try ConvertedText(iconvName: "GB18030", label: "GB18030"), nul)?.code, .csvBinary)
        // UTF-16 holds NUL bytes in every ASCII character: its decoded text is checked instead.
        let utf16 = try ConvertedText(iconvName: "UTF-16LE", label: "UTF-16LE")
        XCTAssertNil(binary(utf16, try TestSupport.encode("a\nb\n", as: "UTF-16LE")))
        XCTAssertEqual(binary(utf16, try TestSupport.encode("a\nb\n\u{0}", as: "UTF-16LE"))?.linesBefore, 2)
        let bad = binary(utf16, try TestSupport.encode("x\n", as: "UTF-16LE") + [0x00, 0xDC, 0x61, 0x00])
        XCTAssertEqual(bad?.code, .csvInvalidEncoding)
        XCTAssertEqual(bad?.linesBefore, 1)
    }

    func testGB18030FieldsAreSplitRawAndDecodedByTableOrIconv() throws {
        var gb = try GB18030Fields()
        var decoded: [UInt8] = [1, 2]
        XCTAssertFalse(try prepare(&gb, Array("a,b\n".utf8), into: &decoded), "libcsv splits the block as read")
        XCTAssertEqual(decode(&gb, try TestSupport.encode("源潭镇", as: "GB18030")), "源潭镇")
        XCTAssertEqual(decode(&gb, try TestSupport.encode("𠀀镇", as: "GB18030")), "𠀀镇", "four bytes: iconv")
        XCTAssertNil(decode(&gb, [0x81, 0x20]))
        var converted = try ConvertedText(iconvName: "GB18030", label: "GB18030")
        XCTAssertTrue(try prepare(&converted, try TestSupport.encode("李四，王五\n", as: "GB18030"), isLast: true,
                                  into: &decoded))
        XCTAssertEqual(String(decoding: decoded, as: UTF8.self), "李四，王五\n")
    }

    func testFieldTextHandsSealedFieldsOverAndKeepsTheOpenRecord() {
        var text = FieldText(byteCapacity: 1, boundsCapacity: 2)
        for field in ["甲", "", "乙乙", "丙"] {
            Array(field.utf8).withUnsafeBytes { text.appendField($0) }
        }
        XCTAssertEqual(text.fieldCount, 4)
        let sealed = text.split(keepingFrom: 2)
        XCTAssertEqual((0..<4).map { String(decoding: sealed.field($0), as: UTF8.self) }, ["甲", "", "乙乙", "丙"])
        XCTAssertEqual(text.fieldCount, 2, "the open record's fields move to the next text")
        XCTAssertEqual(String(decoding: text.lastField, as: UTF8.self), "丙")
        XCTAssertFalse(text.appendField(reserving: 8) { _ in nil })
        XCTAssertTrue(text.appendField(reserving: 8) { out in out[0] = 0x78; return 1 })
        let next = text.split(keepingFrom: 3)
        XCTAssertEqual((0..<3).map { String(decoding: next.field($0), as: UTF8.self) }, ["乙乙", "丙", "x"])
        XCTAssertEqual(text.fieldCount, 0)
    }

    func testFullWidthCommasAreMappedInPlace() {
        var bytes = Array("姓名，性别\n张三，男".utf8)
        CSVCursor.mapFullWidthCommas(&bytes)
        XCTAssertEqual(bytes, Array("姓名\u{1F}性别\n张三\u{1F}男".utf8))
    }

    func testEveryModeReadsTheSameRows() throws {
        let dir = try TestSupport.temporaryDirectory("modes")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "姓名,备注\r\n\"张,三\",\"第一行\n第二行\"\r\n李四,𠀀镇 \r\n\r\n王五,\n"
        let files: [(String, [UInt8])] = [
            ("UTF-8", Array(text.utf8)),
            ("UTF-8-BOM", [0xEF, 0xBB, 0xBF] + Array(text.utf8)),
            ("GB18030", try TestSupport.encode(text, as: "GB18030")),
            ("UTF-16LE", [0xFF, 0xFE] + (try TestSupport.encode(text, as: "UTF-16LE"))),
        ]
        var seen: [[String]] = []
        for (label, bytes) in files {
            let path = try TestSupport.write(bytes, to: "\(label).csv", in: dir)
            let workbook = try SheetReaders.open(path: path)
            XCTAssertEqual(workbook.encoding, label)
            let cursor = try workbook.openSheet(0)
            var rows: [[String]] = []
            while let row = try cursor.next() {
                rows.append(["\(row.number)"] + row.cells.map { if case .text(let s) = $0 { s } else { "" } })
            }
            if seen.isEmpty { seen = rows } else { XCTAssertEqual(rows, seen, label) }
        }
        XCTAssertEqual(seen, [["1", "姓名", "备注"], ["2", "张,三", "第一行\n第二行"], ["4", "李四", "𠀀镇 "],
                              ["5"], ["6", "王五", ""]])
    }
}
