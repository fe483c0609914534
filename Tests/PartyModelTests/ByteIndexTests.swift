import PartyModel
import XCTest

final class ByteIndexTests: XCTestCase {
    func testKeysAreNumberedInFirstSeenOrderAndFoundByTheirBytesThroughGrowth() {
        var index = ByteIndex()
        func bytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            Array(text.utf8).withUnsafeBufferPointer(body)
        }
        let texts = (0..<1000).map { "乡镇\($0)" } + ["", "e\u{0301}", "\u{00E9}"]
        for (i, text) in texts.enumerated() {
            XCTAssertNil(bytes(text) { index.find($0).index })
            XCTAssertEqual(bytes(text) { index.index(of: $0) }, i)
        }
        XCTAssertEqual(index.count, texts.count)
        for (i, text) in texts.enumerated() {
            XCTAssertEqual(bytes(text) { index.find($0).index }, i, text)
            XCTAssertEqual(bytes(text) { index.index(of: $0) }, i, "found again, not added")
            XCTAssertEqual(index.text(i), text)
        }
        XCTAssertEqual(index.count, texts.count)
        XCTAssertNotEqual(bytes("e\u{0301}") { index.find($0).index }, bytes("\u{00E9}") { index.find($0).index },
                          "canonically equal texts with other bytes are other keys")
        // insert at the slot a miss gave.
        let found = bytes("新键") { index.find($0) }
        XCTAssertNil(found.index)
        XCTAssertEqual(bytes("新键") { index.insert($0, at: found.slot) }, texts.count)
        XCTAssertEqual(index.withKey(texts.count) { String(decoding: $0, as: UTF8.self) }, "新键")
    }
    /// Keys of every length up to 24 that differ from each other in one byte, at every
    /// position (the word-wise hash and comparison read short keys and tails specially),
    /// are all told apart and found again.
    func testKeysDifferingInOneByteAtAnyPositionAreToldApart() {
        var index = ByteIndex()
        var keys: [[UInt8]] = []
        for length in 0...24 {
            let base = (0..<length).map { UInt8(truncatingIfNeeded: 0x41 + $0) }
            keys.append(base)
            for position in 0..<length {
                var changed = base
                changed[position] ^= 0x20
                keys.append(changed)
            }
        }
        for (i, key) in keys.enumerated() {
            XCTAssertEqual(key.withUnsafeBufferPointer { index.index(of: $0) }, i, "\(key)")
        }
        for (i, key) in keys.enumerated() {
            XCTAssertEqual(key.withUnsafeBufferPointer { index.find($0).index }, i)
            XCTAssertEqual(index.withKey(i) { Array($0) }, key)
        }
        XCTAssertEqual(index.count, keys.count)
    }
}
