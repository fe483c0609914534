import PartyModel
import XCTest

/// Numbers typed into date columns of cells that are not date-formatted (SPEC §3,
/// issue 17 item 1): year.month, not Excel serials in 1905.
final class TypedDateNumberTests: XCTestCase {
    private func read(_ number: Double) -> String? {
        DateParser.fromNumber(number).map { $0.date.iso + ($0.ambiguousMonth ? " ?" : "") }
    }

    func testYearDotMonth() {
        XCTAssertEqual(read(2005.07), "2005-07")
        XCTAssertEqual(read(1939.06), "1939-06")
        XCTAssertEqual(read(2005.12), "2005-12")
        XCTAssertEqual(read(2005.7), "2005-07", "one decimal other than 1: that month")
        XCTAssertEqual(read(1900.01), "1900-01")
        XCTAssertEqual(read(2100.11), "2100-11")
    }

    func testOneDecimalOneIsOctoberAndAmbiguous() {
        XCTAssertEqual(read(2005.1), "2005-10 ?")
        XCTAssertEqual(read(2005.01), "2005-01", "a padded January is not ambiguous")
        XCTAssertEqual(read(2005.11), "2005-11")
    }

    func testSerialsWhenNotYearMonth() {
        XCTAssertEqual(read(39569), "2008-05-01", "a whole number of five digits is a serial")
        XCTAssertEqual(read(39569.5), "2008-05-01", "a serial with a time of day")
        XCTAssertEqual(read(2005.13), "1905-06-27", "no 13th month: a serial")
        XCTAssertEqual(read(2005.075), "1905-06-27", "three decimals: a serial")
        XCTAssertEqual(read(1899.05), "1905-03-13", "before 1900: a serial")
    }

    func testDigitsOfADateAndBareYears() {
        XCTAssertEqual(read(20080501), "2008-05-01")
        XCTAssertEqual(read(200805), "2008-05")
        XCTAssertNil(read(2008), "a year alone is no date")
        XCTAssertNil(read(.nan))
    }

    func testLatestDayOfAMonth() {
        XCTAssertEqual(PartyDate.month(YearMonth(year: 2024, month: 2)!).latestDay, Day(year: 2024, month: 2, day: 29))
        XCTAssertEqual(PartyDate.day(Day(year: 2024, month: 2, day: 3)!).latestDay, Day(year: 2024, month: 2, day: 3))
    }
}
