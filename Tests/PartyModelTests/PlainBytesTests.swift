import PartyModel
import XCTest

/// Which bytes need no cleaning (the cell parsers' fast paths are tested in CellTextTests).
final class PlainBytesTests: XCTestCase {
    private func bytes<T>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var s = s
        return s.withUTF8(body)
    }

    func testPlainBytesNeedNoCleaning() {
        for text in ["张三", "2024-05-01", "411328195811038000", "城关镇", "a-b", "（备注）", "中文"] {
            XCTAssertEqual(bytes(text, TextNormaliser.isPlain), TextNormaliser.clean(text) == text
                           && TextNormaliser.compact(text) == text, text)
        }
        for text in [" 张三", "张 三", "张\u{3000}三", "ＡＢ", "x\u{A0}", "\u{FEFF}y", "a\tb", "\u{2003}"] {
            XCTAssertFalse(bytes(text, TextNormaliser.isPlain), text)
        }
        XCTAssertTrue(bytes("abc123", TextNormaliser.isASCII))
        XCTAssertFalse(bytes("abcdefgh张", TextNormaliser.isASCII))
    }
}

final class KeyBytesEqualTests: XCTestCase {
    func testEqualComparesLengthsThenBytes() {
        func eq(_ a: String, _ b: String) -> Bool {
            var a = a, b = b
            return a.withUTF8 { x in b.withUTF8 { y in KeyBytes.equal(x, y) } }
        }
        XCTAssertTrue(eq("正式党员", "正式党员"))
        XCTAssertTrue(eq("", ""))
        XCTAssertFalse(eq("正式党员", "预备党员"))
        XCTAssertFalse(eq("正式", "正式党员"))
        XCTAssertFalse(eq("a", ""))
        var b = "汉族"
        XCTAssertTrue(b.withUTF8 { KeyBytes.equal(Array("汉族".utf8), $0) })
        XCTAssertFalse(b.withUTF8 { KeyBytes.equal(Array("回族".utf8), $0) })
    }
}
