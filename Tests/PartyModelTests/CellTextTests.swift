@testable import PartyModel
import XCTest

/// Every cell parser's fast path (its bytes looked up or read as they are) and its slow
/// path (the `String`, cleaned) are one contract: for any bytes, the `CellText` parser
/// gives what the text parser gives. Checked on the tables' own words, on variants of
/// them that need cleaning, and on fuzzed bytes (a fixed seed, so a failure repeats).
final class CellTextTests: XCTestCase {
    /// The words the tables hold and cells seen in real returns.
    private static let words = [
        "是", "否", "√", "×", "✔\u{FE0F}", "1", "0", "1.0", "0.0", "有", "无", "没有", "已建立", "Y", "yes", "YES",
        "True", "n", "", "是否", "好", "男", "女", "男性", "M", "f", "Male", "FEMALE", "2", "3", "汉族", "汉", "回族",
        "蒙族", "01", "07", "57", "97", "01汉族", "汉族(01)", "外国血统", "维吾尔族", "研究生", "大学本科", "本科", "大专",
        "中专", "初中及以下", "本科学历", "党校大专", "21大学", "1A", "博士后", "文盲", "幼儿园", "正式党员", "预备党员",
        "正式", "中共党员", "积极分子", "出党", "-", "--", "—", "/", "2008-05-01", "2024-02-29", "2023-02-29",
        "2008/5/1", "2008年5月", "200805", "39569", "2008", "11010519491231002X", "11010519491231002x",
        "110105194912310021", "110105491231002", "4.10328E+17", "'11010519491231002X", "城关镇", "11 农牧渔业生产人员",
    ]

    /// Pieces fuzzed cells are made of: ASCII, the words' characters, spaces and
    /// full-width forms that need cleaning, and bytes that are not UTF-8 at all.
    private static let pieces: [[UInt8]] = {
        var pieces = Set<[UInt8]>()
        for word in words { for c in word.unicodeScalars { pieces.insert(Array(String(c).utf8)) } }
        for c in " \t\u{3000}\u{A0}\u{FEFF}\u{200B}１２ＸＡ（）：、.-/'" { pieces.insert(Array(String(c).utf8)) }
        for byte: UInt8 in [0x80, 0xC2, 0xE3, 0xE4, 0xEF, 0xFF] { pieces.insert([byte]) }
        return pieces.sorted { $0.lexicographicallyPrecedes($1) }
    }()

    /// The words, the words with spaces and full-width forms around and inside them, and
    /// 20,000 fuzzed cells.
    private static let cells: [[UInt8]] = {
        var cells = words.map { Array($0.utf8) }
        for word in words {
            for variant in [" \(word)", "\(word)\u{3000}", "\u{A0}\(word) ", String(word.unicodeScalars.map {
                $0.value >= 0x21 && $0.value <= 0x7E ? Character(Unicode.Scalar($0.value + 0xFEE0)!) : Character($0)
            })] {
                cells.append(Array(variant.utf8))
            }
        }
        var generator = SplitMix(seed: 18)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 8)
            var cell: [UInt8] = []
            for _ in 0..<length { cell += pieces[Int(generator.next() % UInt64(pieces.count))] }
            // Half of them start from a word, so that near misses of the tables are many.
            if generator.next() % 2 == 0 { cell = Array(words[Int(generator.next() % UInt64(words.count))].utf8) + cell }
            cells.append(cell)
        }
        return cells
    }()

    private func each(_ body: (CellText, String) -> Void) {
        XCTAssertGreaterThan(CellTextTests.cells.filter { String(validating: $0, as: UTF8.self) == nil }.count, 1_000,
                             "bytes that are not UTF-8 among the fuzzed cells")
        for bytes in CellTextTests.cells {
            bytes.withUnsafeBufferPointer { body(CellText($0), String(decoding: $0, as: UTF8.self)) }
        }
    }

    func testCodedParsersGiveForTheBytesWhatTheyGiveForTheText() {
        var hits = 0
        each { cell, text in
            XCTAssertEqual(FlagParser.parse(cell), FlagParser.parse(text), text)
            XCTAssertEqual(Gender.parse(cell), Gender.parse(text), text)
            XCTAssertEqual(Ethnicity.canonical(cell), Ethnicity.canonical(text), text)
            XCTAssertEqual(Education.parse(cell), Education.parse(text), text)
            XCTAssertEqual(MemberStatus.parse(cell), MemberStatus.parse(text), text)
            if Gender.parse(cell) != nil || Education.parse(cell) != nil { hits += 1 }
        }
        XCTAssertGreaterThan(hits, 1_000, "the fuzzed cells reach the tables, not only misses")
    }

    func testDatesAndIDsGiveForTheBytesWhatTheyGiveForTheCleanedText() {
        var days = 0, ids = 0
        each { cell, text in
            let cleaned = TextNormaliser.clean(text)
            let blank = cleaned.isEmpty || EmptyMarker.matches(cleaned)
            XCTAssertEqual(DateParser.parse(cell), blank ? nil : DateParser.parse(cleaned), text)
            XCTAssertEqual(IDNumber.parse(cell), blank ? .empty : IDNumber.parse(text: cleaned), text)
            if DateParser.isoDay(cell.bytes) != nil { days += 1 }
            if IDNumber.parse(utf8: cell.bytes) != nil { ids += 1 }
        }
        XCTAssertGreaterThan(days, 10, "cells read by the byte path of dates")
        XCTAssertGreaterThan(ids, 10, "cells read by the byte path of IDs")
    }

    func testTextShapesAgreeWithTheNormaliser() {
        var interned = InternTable(), compacted = InternTable()
        each { cell, text in
            // Rows lend valid UTF-8 only (`isPlain` skips a lead byte's trail bytes unchecked).
            guard String(validating: cell.bytes, as: UTF8.self) != nil else { return }
            let cleaned = TextNormaliser.clean(text)
            let expected: String? = cleaned.isEmpty || EmptyMarker.matches(cleaned) ? nil : cleaned
            XCTAssertEqual(cell.text, expected, text)
            XCTAssertEqual(cell.compacted, expected.map(TextNormaliser.compact), text)
            XCTAssertEqual(cell.withCompacted { String(decoding: $0, as: UTF8.self) }, TextNormaliser.compact(text), text)
            XCTAssertEqual(cell.withHeaderKey { String(decoding: $0, as: UTF8.self) }, TextNormaliser.header(text).key, text)
            let blankAsWritten = cell.isBlankAsWritten
            XCTAssertEqual(blankAsWritten ? nil : interned.text(cell, compact: false), blankAsWritten ? nil : expected, text)
            XCTAssertEqual(blankAsWritten ? nil : compacted.text(cell, compact: true),
                           blankAsWritten ? nil : expected.map(TextNormaliser.compact), text)
            var names = InternTable()
            XCTAssertEqual(Occupation.name(cell, names: &names), expected.map(Occupation.name), text)
        }
    }
}

/// A small deterministic generator (SplitMix64), so that the fuzzed cells are the same on every run.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
