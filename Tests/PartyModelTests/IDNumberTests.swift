import XCTest
@testable import PartyModel

final class IDNumberTests: XCTestCase {
    private func usable(_ outcome: IDParseOutcome, file: StaticString = #filePath, line: UInt = #line) -> IDNumber? {
        guard case .usable(let id, _) = outcome else {
            XCTFail("expected a usable ID, got \(outcome)", file: file, line: line)
            return nil
        }
        return id
    }

    func testCheckDigitOfKnownValidID() {
        XCTAssertEqual(IDNumber.checkDigit("11010519491231002".utf8), "X")
        XCTAssertEqual(IDNumber.checkDigit([1, 1, 0, 1, 0, 5, 1, 9, 4, 9, 1, 2, 3, 1, 0, 0, 2] as [UInt8]), "X")
        XCTAssertEqual(IDNumber.checkDigit("41032819900101123".utf8), "9")
        // The parser's byte form agrees with it on every check value.
        var generator = SystemRandomNumberGenerator()
        var seen = Set<UInt8>()
        for _ in 0..<2000 {
            let digits = (0..<17).map { _ in UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &generator) }
            let byte = digits.withUnsafeBufferPointer(IDNumber.checkByte)
            XCTAssertEqual(Character(Unicode.Scalar(byte)), IDNumber.checkDigit(digits))
            seen.insert(byte)
        }
        XCTAssertEqual(seen.count, 11, "every check character came up")
        let id = usable(IDNumber.parse(text: "11010519491231002X"))
        XCTAssertEqual(id?.value, "11010519491231002X")
        XCTAssertEqual(id?.checksumValid, true)
    }

    func testWrongCheckDigitIsUsableButFlagged() {
        let id = usable(IDNumber.parse(text: "410328199001011234"))
        XCTAssertEqual(id?.checksumValid, false)
        XCTAssertEqual(usable(IDNumber.parse(text: "410328199001011239"))?.checksumValid, true)
    }

    func testFifteenDigitIDIsUpgraded() {
        XCTAssertEqual(IDNumber.parse(text: "110105491231002"),
                       .usable(IDNumber("11010519491231002X")!, upgradedFrom15: true))
        let id = usable(IDNumber.parse(text: "110105491231002"))
        XCTAssertEqual(id?.value, "11010519491231002X")
        XCTAssertEqual(id?.checksumValid, true)
        XCTAssertEqual(id?.birthDate, Day(year: 1949, month: 12, day: 31))
        XCTAssertEqual(id?.gender, .female)
    }

    func testFloatShapedTextHasLostPrecision() {
        XCTAssertEqual(IDNumber.parse(text: "4.10328E+17"), .lostPrecision)
        XCTAssertEqual(IDNumber.parse(text: "4.10328199001011E+17"), .lostPrecision)
        XCTAssertEqual(IDNumber.parse(text: "410328199001011000.0"), .lostPrecision)
        XCTAssertEqual(IDNumber.parse(text: "1.5E+3"), .invalid)
        // A 15-digit ID that passed through a number is still exact.
        XCTAssertEqual(IDNumber.parse(text: "110105491231002.0").id?.value, "11010519491231002X")
    }

    func testNumericCellsOver15DigitsHaveLostPrecision() {
        XCTAssertEqual(IDNumber.parse(number: 410328199001011234), .lostPrecision)
        XCTAssertEqual(IDNumber.parse(number: 4.10328e17), .lostPrecision)
        XCTAssertEqual(IDNumber.parse(number: 110105491231002), .usable(IDNumber("11010519491231002X")!, upgradedFrom15: true))
        XCTAssertEqual(IDNumber.parse(number: 12345), .invalid)
        XCTAssertEqual(IDNumber.parse(number: 110105491231002.5), .invalid)
        XCTAssertEqual(IDNumber.parse(number: .nan), .invalid)
    }

    func testLowercaseXSpacesAndFullWidth() {
        XCTAssertEqual(IDNumber.parse(text: "11010519491231002x").id?.value, "11010519491231002X")
        XCTAssertEqual(IDNumber.parse(text: " 110105 19491231 002X\u{3000}").id?.value, "11010519491231002X")
        XCTAssertEqual(IDNumber.parse(text: "１１０１０５１９４９１２３１００２ｘ").id?.value, "11010519491231002X")
        XCTAssertEqual(IDNumber.parse(text: "'11010519491231002X").id?.value, "11010519491231002X")
    }

    func testImpossibleBirthDateAndBadShapesAreInvalid() {
        XCTAssertEqual(IDNumber.parse(text: "110105194902300021"), .invalid)   // 1949-02-30
        XCTAssertEqual(IDNumber.parse(text: "110105194913010021"), .invalid)   // month 13
        XCTAssertEqual(IDNumber.parse(text: "110105491331002"), .invalid)      // 15-digit, month 13
        XCTAssertEqual(IDNumber.parse(text: "11010519491231002"), .invalid)    // 17 characters
        XCTAssertEqual(IDNumber.parse(text: "1101051949123100212"), .invalid)  // 19 digits
        XCTAssertEqual(IDNumber.parse(text: "1101051949123100X2"), .invalid)   // X not last
        XCTAssertEqual(IDNumber.parse(text: "11010519491231002Y"), .invalid)
        XCTAssertEqual(IDNumber.parse(text: "无"), .invalid)
    }

    func testBlankIsEmpty() {
        XCTAssertEqual(IDNumber.parse(text: ""), .empty)
        XCTAssertEqual(IDNumber.parse(text: " \u{3000} "), .empty)
    }

    func testGenderAndBirthDateDerived() {
        let man = usable(IDNumber.parse(text: "410328199001011239"))
        XCTAssertEqual(man?.gender, .male)        // 17th digit 3
        XCTAssertEqual(man?.birthDate.iso, "1990-01-01")
        let woman = usable(IDNumber.parse(text: "11010519491231002X"))
        XCTAssertEqual(woman?.gender, .female)    // 17th digit 2
        XCTAssertEqual(woman?.birthDate.iso, "1949-12-31")
    }

    /// The 18 characters are held inline: `value`, the bytes lent by `withUTF8`,
    /// equality and hashing all follow them.
    func testCharactersHeldInlineGiveValueBytesEqualityAndHash() {
        let texts = ["410328199001011239", "11010519491231002X", "110105194912310021"]
        let ids = texts.map { IDNumber($0)! }
        for (text, id) in zip(texts, ids) {
            XCTAssertEqual(id.value, text)
            XCTAssertEqual(id.withUTF8 { Array($0) }, Array(text.utf8))
            XCTAssertEqual(id, IDNumber(text)!)
            XCTAssertEqual(id.hashValue, IDNumber(text)!.hashValue)
        }
        XCTAssertNotEqual(ids[1], ids[2], "same first 17 digits, other check character")
        XCTAssertEqual(Set(ids + ids).count, 3)
        XCTAssertEqual(IDNumber("11010519491231002x")?.value, "11010519491231002X")
    }

    func testMaskedAndDescriptionNeverShowTheMiddle() {
        let id = IDNumber("410328199001011239")!
        XCTAssertEqual(id.masked, "410328********1239")
        XCTAssertEqual(id.description, "410328********1239")
        XCTAssertEqual("\(id)", "410328********1239")
    }

    func testMaskAllInASentence() {
        let text = "张三，身份证号11010519491231002X，电话13812345678，金额3500元。"
        XCTAssertEqual(IDNumber.maskAll(in: text),
                       "张三，身份证号110105********002X，电话138****5678，金额3500元。")
        XCTAssertEqual(IDNumber.maskAll(in: "旧证110105491231002"), "旧证110105*****1002")
        XCTAssertEqual(IDNumber.maskAll(in: "x 410328199001011239x"), "x 410328********1239x")
        XCTAssertEqual(IDNumber.maskAll(in: "2024年共1281个党支部"), "2024年共1281个党支部")
        XCTAssertEqual(IDNumber.maskAll(in: "座机03775551234"), "座机03775551234")
    }

    /// Issue 17 item 5: IDs typed with separators, or with a stray 19th digit, are masked.
    func testMaskAllIDsWithSeparatorsAndNineteenDigits() {
        XCTAssertEqual(IDNumber.maskAll(in: "411328-19700102-9035"), "411328-********-9035")
        XCTAssertEqual(IDNumber.maskAll(in: "4113 2819 4001 0215 3X"), "4113 28** **** **15 3X")
        XCTAssertEqual(IDNumber.maskAll(in: "4113281970010691177"), "411328*********1177")
        XCTAssertEqual(IDNumber.maskAll(in: "号码：４１１３２８１９７００１０２９０３５。"), "号码：４１１３２８********９０３５。")
        XCTAssertEqual(IDNumber.maskAll(in: "411328\u{3000}19700102\u{3000}9035"), "411328\u{3000}********\u{3000}9035")
        XCTAssertEqual(IDNumber.maskAll(in: "电话 138-1234-5678 或 139 8765 4321"), "电话 138-****-5678 或 139 **** 4321")
        XCTAssertEqual(IDNumber.maskAll(in: "ID411328197001029035"), "ID411328********9035")
        // A number before an ID is not part of it; an ID after a phone is found on its own.
        XCTAssertEqual(IDNumber.maskAll(in: "12 411328197001029035"), "12 411328********9035")
        XCTAssertEqual(IDNumber.maskAll(in: "13812345678 411328197001029035"), "138****5678 411328********9035")
        // Dates, ranges, amounts and counts stay.
        for text in ["2024-07-07 2024-07-14", "2024-07-07", "1,281 个", "第 12 行", "350000.00", "20 位数字 12345678901234567890"] {
            XCTAssertEqual(IDNumber.maskAll(in: text), text)
        }
    }

    /// Issue 17 item 7: a digest is not an ID. No digit run inside a SHA-256 is masked.
    func testMaskAllLeavesDigestsWhole() {
        let digests = ["704910388612345678c7d2aa0e79c03e3b4a4e9e1f0d6c4e0b1a2c3d4e5f6a7b",
                       "9446b372f78bb3938151234567894205a0e79c03e3b4a4e9e1f0d6c4e0b1a2c3",
                       "a7b1234567890123456789012345678901234567890123456789012345678901"]
        for d in digests {
            XCTAssertEqual(IDNumber.maskAll(in: d), d)
            XCTAssertEqual(IDNumber.maskAll(in: "SHA-256 " + d + "。"), "SHA-256 " + d + "。")
        }
    }

    /// Every string of a JSON document is masked; numbers and layout stay.
    func testMaskAllInJSON() {
        let json = #"{"by_category" : {"411328-19700102-9035" : "10.00"}, "n" : 13812345678, "s" : "a\"13812345678\""}"#
        XCTAssertEqual(IDNumber.maskAll(inJSON: json),
                       #"{"by_category" : {"411328-********-9035" : "10.00"}, "n" : 13812345678, "s" : "a\"138****5678\""}"#)
        XCTAssertEqual(IDNumber.maskAll(inJSON: #"{"a" : 1}"#), #"{"a" : 1}"#)
    }

    func testGenderParse() {
        XCTAssertEqual(Gender.parse("男"), .male)
        XCTAssertEqual(Gender.parse(" 女性 "), .female)
        XCTAssertEqual(Gender.parse("M"), .male)
        XCTAssertEqual(Gender.parse("f"), .female)
        XCTAssertEqual(Gender.parse("Female"), .female)
        XCTAssertNil(Gender.parse(""))
        XCTAssertNil(Gender.parse("未知"))
    }
}

final class IDNumberShortcutTests: XCTestCase {
    /// The 18-byte shortcut answers as the general loop (reached here through a
    /// leading space, which the loop skips) on digits, X, x and stray characters.
    func testEighteenByteShortcutAgreesWithTheGeneralLoop() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789Xx-'A") + ["1", "9", "0"]
        var texts = ["410328199001011234", "41032819900101123x", "41032819900101123X", "410328199002301234",
                     "41032819900101123Y", "X10328199001011234", "410328180001011234", "410328210101011234"]
        for _ in 0..<2000 {
            texts.append(String((0..<18).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }))
        }
        for text in texts {
            XCTAssertEqual(IDNumber.parse(text: text), IDNumber.parse(text: " " + text), text)
        }
    }
}
