import XCTest
import PartyModel

final class CountParserTests: XCTestCase {
    func testAcceptedForms() {
        XCTAssertEqual(CountParser.parse("1,281"), .success(1281))
        XCTAssertEqual(CountParser.parse("１２８１"), .success(1281))
        XCTAssertEqual(CountParser.parse("1281.0"), .success(1281))
        XCTAssertEqual(CountParser.parse(" 12 "), .success(12))
        XCTAssertEqual(CountParser.parse("0"), .success(0))
        XCTAssertEqual(CountParser.parse("35,494名"), .success(35494))
        XCTAssertEqual(CountParser.parse("21个"), .success(21))
    }

    func testRejectedForms() {
        XCTAssertEqual(CountParser.parse("-1"), .failure(.negative))
        XCTAssertEqual(CountParser.parse("1.5"), .failure(.fractional))
        XCTAssertEqual(CountParser.parse("abc"), .failure(.invalid))
        XCTAssertEqual(CountParser.parse(""), .failure(.invalid))
        XCTAssertEqual(CountParser.parse("12,81"), .failure(.invalid))
        XCTAssertEqual(CountParser.parse("12元"), .failure(.invalid))
        XCTAssertEqual(CountParser.parse("￥12"), .failure(.invalid))
        XCTAssertEqual(CountParser.parse("99999999999999999999"), .failure(.tooLarge))
    }

    func testNumericCells() {
        XCTAssertEqual(CountParser.parse(number: 1281), .success(1281))
        XCTAssertEqual(CountParser.parse(number: 1281.0000000000002), .success(1281))
        XCTAssertEqual(CountParser.parse(number: -1), .failure(.negative))
        XCTAssertEqual(CountParser.parse(number: 1.5), .failure(.fractional))
        XCTAssertEqual(CountParser.parse(number: .nan), .failure(.invalid))
        XCTAssertEqual(CountParser.parse(number: 1e300), .failure(.tooLarge))
    }
}
