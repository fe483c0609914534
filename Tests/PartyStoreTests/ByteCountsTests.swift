@testable import PartyStore
import XCTest

final class ByteCountsTests: XCTestCase {
    private func add(_ text: String, to counts: inout ByteCounts) {
        Array(text.utf8).withUnsafeBufferPointer { counts.add($0) }
    }

    func testCountsByBytesInFirstSeenOrderThroughGrowth() {
        var counts = ByteCounts()
        let texts = (0..<300).map { "乡镇\($0)" } + ["", "e\u{0301}", "\u{00E9}"]
        for (i, text) in texts.enumerated() {
            for _ in 0...(i % 3) { add(text, to: &counts) }
        }
        add("乡镇0", to: &counts)
        let all = counts.all
        XCTAssertEqual(all.map(\.text), texts, "first-seen order, every text once")
        XCTAssertEqual(all[0].count, 2)
        XCTAssertEqual(all[299].count, 299 % 3 + 1)
        XCTAssertEqual(all[300].count, 1, "the empty text is a key like any other")
        XCTAssertEqual(all[301].count, 2, "canonically equal texts with other bytes are counted apart, as SQLite groups them")
        XCTAssertEqual(all[302].count, 3)
    }
}
