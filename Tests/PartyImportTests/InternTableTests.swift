@testable import PartyImport
import XCTest

final class InternTableTests: XCTestCase {
    func testEachDistinctTextIsMadeOnceAndEveryLookupReturnsItsOwnText() {
        var table = InternTable()
        var made = 0
        func string(_ text: String) -> String {
            Array(text.utf8).withUnsafeBufferPointer { b in
                table.string(b) { made += 1; return String(decoding: $0, as: UTF8.self) }
            }
        }
        // Enough texts to grow the table several times, and to pass its limit.
        let texts = (0..<(InternTable.limit + 500)).map { "东风社区第\($0)党支部" } + ["", "e\u{0301}", "\u{00E9}"]
        for text in texts { XCTAssertEqual(string(text), text) }
        XCTAssertEqual(made, texts.count)
        // Seen again: the texts held are not made again, the ones past the limit are.
        for text in texts { XCTAssertEqual(string(text), text) }
        XCTAssertEqual(made, texts.count + (texts.count - InternTable.limit))
        XCTAssertEqual(string("东风社区第7党支部"), "东风社区第7党支部")
        XCTAssertEqual(made, texts.count + (texts.count - InternTable.limit), "a held text is found by its bytes")
    }
}
