@testable import PartyModel
import XCTest

final class ByteKeyTests: XCTestCase {
    func testEqualityIsByteEqualityAtEveryLength() {
        let texts = ["", "a", "abcdefg", "abcdefgh", "abcdefghi", "411328199001011234", "唐河县城郊乡第一党支部", "汉族"]
        for t in texts {
            XCTAssertEqual(ByteKey(t), ByteKey(String(decoding: Array(t.utf8), as: UTF8.self)), t)
            var bytes = Array(t.utf8)
            // A difference in any byte, in the eight-byte words or in the tail, is seen.
            for i in bytes.indices {
                bytes[i] ^= 0x01
                let other = String(decoding: bytes, as: UTF8.self)
                if other != t { XCTAssertNotEqual(ByteKey(t), ByteKey(other), "\(t) byte \(i)") }
                bytes[i] ^= 0x01
            }
        }
        XCTAssertNotEqual(ByteKey("abcdefgh"), ByteKey("abcdefghi"))
        // Canonically equivalent but different bytes: different keys, as SQLite compares them.
        XCTAssertNotEqual(ByteKey("\u{00E9}"), ByteKey("e\u{0301}"))
        XCTAssertEqual(Set(texts.map(ByteKey.init) + texts.map(ByteKey.init)).count, texts.count)
    }
}

final class FastTableTests: XCTestCase {
    /// `plainCell` gives a value only for bytes that need no cleaning: found by a lookup
    /// alone when every key is plain, scanned when a key is not.
    func testPlainCellAnswersOnlyForBytesThatNeedNoCleaning() {
        func look<V>(_ table: FastTable<V>, _ text: String) -> V? {
            Array(text.utf8).withUnsafeBufferPointer { table[plainCell: $0] }
        }
        let plain = FastTable(["是": true, "否": false])
        XCTAssertEqual(look(plain, "是"), true)
        XCTAssertEqual(look(plain, "否"), false)
        XCTAssertNil(look(plain, " 是"), "not a key: read as text by the caller")
        XCTAssertNil(look(plain, ""))
        let spaced = FastTable(["正式 党员": 1, "预备党员": 2, "\u{3000}是": 3])
        XCTAssertNil(look(spaced, "正式 党员"), "bytes that need cleaning are left to the text path, key or not")
        XCTAssertNil(look(spaced, "\u{3000}是"))
        XCTAssertEqual(look(spaced, "预备党员"), 2)
        // The coded columns' parsers agree with their text forms on every kind of cell.
        for cell in ["男", "女", " 男", "男性", "M", "x", ""] {
            XCTAssertEqual(CellText.with(cell, Gender.parse), Gender.parse(cell), cell)
        }
    }

    func testBytesFirstThenCanonicalEquivalence() {
        let table = FastTable(["\u{00E9}": 1, "是": 2, "x": 3])
        XCTAssertEqual(table["\u{00E9}"], 1)
        XCTAssertEqual(table["e\u{0301}"], 1, "a key written in another normal form is still found")
        XCTAssertEqual(table["是"], 2)
        XCTAssertEqual(table["x"], 3)
        XCTAssertNil(table["否"])
        XCTAssertNil(table[""])
        // The parsers built on it answer as before, in either normal form.
        XCTAssertEqual(FlagParser.parse("是"), true)
        XCTAssertEqual(FlagParser.parse(" 否 "), false)
        XCTAssertEqual(Gender.parse("女性"), .female)
        XCTAssertEqual(MemberStatus.parse("中共预备党员"), .probationary)
        XCTAssertEqual(Education.parse("本科学历"), .bachelor)
        XCTAssertEqual(Ethnicity.canonical("维族"), "维吾尔族")
        XCTAssertEqual(OrgCategory.canonical("行政村"), "农村")
    }
}
