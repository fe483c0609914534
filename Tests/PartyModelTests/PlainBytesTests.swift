import PartyModel
import XCTest

/// The byte readers the import tries first must agree with the text parsers they
/// stand in for, and answer nil (leaving the text parser to decide) otherwise.
final class PlainBytesTests: XCTestCase {
    private func bytes<T>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var s = s
        return s.withUTF8(body)
    }

    func testLookupsAgreeWithTheTextParsers() {
        let words = ["是", "否", "√", "×", "1", "0", "1.0", "有", "无", "Y", "yes", "YES", "True", "n", "", "是否", "好",
                     "男", "女", "男性", "M", "f", "Male", "2", "3",
                     "汉族", "汉", "回族", "蒙族", "01", "1", "57", "外国", "维吾尔族",
                     "研究生", "大学本科", "本科", "大专", "中专", "初中及以下", "本科学历", "党校大专", "博士后", "文盲", "幼儿园",
                     "正式党员", "预备党员", "正式", "中共党员", "积极分子"]
        for word in words {
            if let flag = bytes(word, FlagParser.parse(plain:)) { XCTAssertEqual(flag, FlagParser.parse(word), word) }
            if let gender = bytes(word, Gender.parse(plain:)) { XCTAssertEqual(gender, Gender.parse(word), word) }
            if let name = bytes(word, Ethnicity.canonical(plain:)) { XCTAssertEqual(name, Ethnicity.canonical(word), word) }
            if let level = bytes(word, Education.parse(plain:)) { XCTAssertEqual(level, Education.parse(word), word) }
            if let status = bytes(word, MemberStatus.parse(plain:)) { XCTAssertEqual(status, MemberStatus.parse(word), word) }
        }
        // Hits for the usual words; misses left to the text parsers (case folding, affixes, unknowns).
        XCTAssertEqual(bytes("是", FlagParser.parse(plain:)), true)
        XCTAssertEqual(bytes("否", FlagParser.parse(plain:)), false)
        XCTAssertNil(bytes("YES", FlagParser.parse(plain:)))
        XCTAssertEqual(FlagParser.parse("YES"), true)
        XCTAssertEqual(bytes("女", Gender.parse(plain:)), .female)
        XCTAssertNil(bytes("Male", Gender.parse(plain:)))
        XCTAssertEqual(bytes("汉", Ethnicity.canonical(plain:)), "汉族")
        XCTAssertEqual(bytes("07", Ethnicity.canonical(plain:)), "彝族")
        XCTAssertEqual(bytes("大专", Education.parse(plain:)), .associate)
        XCTAssertNil(bytes("本科学历", Education.parse(plain:)))
        XCTAssertEqual(Education.parse("本科学历"), .bachelor)
        XCTAssertEqual(bytes("预备党员", MemberStatus.parse(plain:)), .probationary)
        XCTAssertNil(bytes("积极分子", MemberStatus.parse(plain:)))
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

    func testIDAndDayFromBytesAgreeWithTheTextParsers() {
        for text in ["11010519491231002X", "11010519491231002x", "110105194912310021", "110105194902300021",
                     "11010519491231002", "1101051949123100211", "11010519491231002Y", "１１０１０５１９４９１２３１００２Ｘ"] {
            if let outcome = bytes(text, IDNumber.parse(utf8:)) {
                XCTAssertEqual(outcome, IDNumber.parse(text: text), text)
            } else {
                XCTAssertTrue(text.utf8.count != 18 || !text.utf8.allSatisfy { $0 < 0x80 }
                              || text.utf8.dropLast().contains { !(0x30...0x39).contains($0) }
                              || !"0123456789Xx".utf8.contains(text.utf8.last!), text)
            }
        }
        XCTAssertNotNil(bytes("11010519491231002X", IDNumber.parse(utf8:)))
        for text in ["2008-05-01", "1999-12-31", "2024-02-29", "2023-02-29", "2008-5-01", "2008/05/01", "20080501xx"] {
            if let day = bytes(text, DateParser.isoDay) {
                XCTAssertEqual(PartyDate.day(day), DateParser.parse(text), text)
            }
        }
        XCTAssertEqual(bytes("2008-05-01", DateParser.isoDay), Day(year: 2008, month: 5, day: 1))
        XCTAssertNil(bytes("2023-02-29", DateParser.isoDay))
        XCTAssertNil(bytes("2008/05/01", DateParser.isoDay))
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
