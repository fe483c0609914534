import XCTest
import PartyModel

final class FlagParserTests: XCTestCase {
    func testTrueValues() {
        for text in ["是", "√", "✓", "✔", "Y", "y", "YES", "yes", "1", "有", "true", "TRUE", " 是\u{3000}", "Ｙ"] {
            XCTAssertEqual(FlagParser.parse(text), true, text)
        }
    }

    func testFalseValuesIncludingBlank() {
        for text in ["否", "×", "✗", "N", "n", "NO", "no", "0", "无", "false", "FALSE", "", "  "] {
            XCTAssertEqual(FlagParser.parse(text), false, text)
        }
    }

    func testAnythingElseIsUnknown() {
        for text in ["也许", "2", "是否", "yes please", "X"] {
            XCTAssertNil(FlagParser.parse(text), text)
        }
    }
}
