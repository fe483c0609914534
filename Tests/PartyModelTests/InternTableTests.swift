import PartyModel
import XCTest

final class InternTableTests: XCTestCase {
    func testEachDistinctPlainTextIsHeldOnceAndEveryLookupReturnsItsOwnText() {
        var table = InternTable()
        func text(_ written: String, compact: Bool = false) -> String? {
            CellText.with(written) { table.text($0, compact: compact) }
        }
        func held(_ written: String) -> String? { CellText.with(written) { table.value($0) } }
        // Enough texts to grow the table several times, and to pass its limit.
        let texts = (0..<(InternTable.limit + 500)).map { "东风社区第\($0)党支部" } + ["e\u{0301}", "\u{00E9}"]
        for written in texts { XCTAssertEqual(text(written), written) }
        XCTAssertEqual(held("东风社区第7党支部"), "东风社区第7党支部", "a plain text is held by its bytes")
        XCTAssertNil(held("东风社区第\(InternTable.limit + 10)党支部"), "past the limit texts are made as they come")
        for written in texts { XCTAssertEqual(text(written), written) }
        // Blank cells give nil; a cell that needs cleaning is cleaned, and not held.
        XCTAssertNil(text(""))
        XCTAssertNil(text("—"))
        XCTAssertNil(text(" / "))
        var fresh = InternTable()
        XCTAssertEqual(CellText.with(" 城关镇\u{3000}第 一 支部") { fresh.text($0, compact: true) }, "城关镇第一支部")
        XCTAssertEqual(CellText.with(" 城关镇\u{3000}第 一 支部") { fresh.text($0, compact: false) }, "城关镇\u{3000}第 一 支部"
            .replacingOccurrences(of: "\u{3000}", with: " "))
        XCTAssertNil(CellText.with(" 城关镇") { fresh.value($0) })
    }

    func testRememberedValuesAreFoundByExactBytesOfPlainCells() {
        var table = InternTable()
        CellText.with("城关") { table.remember($0, "城关镇") }
        CellText.with(" 城关") { table.remember($0, "错") }
        CellText.with("-") { table.remember($0, "错") }
        XCTAssertEqual(CellText.with("城关") { table.value($0) }, "城关镇")
        XCTAssertNil(CellText.with(" 城关") { table.value($0) })
        XCTAssertNil(CellText.with("-") { table.value($0) })
    }
}
