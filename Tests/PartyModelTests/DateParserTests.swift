import Foundation
import XCTest
@testable import PartyModel

final class DateParserTests: XCTestCase {
    private func day(_ y: Int, _ m: Int, _ d: Int) -> PartyDate { .day(Day(year: y, month: m, day: d)!) }
    private func month(_ y: Int, _ m: Int) -> PartyDate { .month(YearMonth(year: y, month: m)!) }

    func testDayPrecisionTextForms() {
        XCTAssertEqual(DateParser.parse("2008-05-01"), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse("2008/5/1"), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse("2008.5.1"), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse("2008年5月1日"), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse("2008年05月01号"), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse("20080501"), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse(" ２００８－０５－０１ "), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse("2008-05-01 00:00:00"), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse("2008/5/1 8:30"), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse("2008-05-01T00:00:00"), day(2008, 5, 1))
    }

    func testMonthPrecisionTextFormsAreNotGivenADay() {
        XCTAssertEqual(DateParser.parse("2008.05"), month(2008, 5))
        XCTAssertEqual(DateParser.parse("2008.10"), month(2008, 10))
        XCTAssertEqual(DateParser.parse("2008-5"), month(2008, 5))
        XCTAssertEqual(DateParser.parse("2008/5"), month(2008, 5))
        XCTAssertEqual(DateParser.parse("2008年5月"), month(2008, 5))
        XCTAssertEqual(DateParser.parse("200805"), month(2008, 5))
        XCTAssertEqual(DateParser.parse("200805")?.iso, "2008-05")
    }

    func testSerialWrittenAsText() {
        XCTAssertEqual(DateParser.parse("39569"), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse("39569.0"), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse("39569.75"), day(2008, 5, 1))
        XCTAssertEqual(DateParser.parse("38107", date1904: true), day(2008, 5, 1))
    }

    func testNonDatesAndImpossibleDates() {
        XCTAssertNil(DateParser.parse(""))
        XCTAssertNil(DateParser.parse("不详"))
        XCTAssertNil(DateParser.parse("2023-02-29"))
        XCTAssertNil(DateParser.parse("2008-13"))
        XCTAssertNil(DateParser.parse("20081301"))
        XCTAssertNil(DateParser.parse("2008-05/01"))
        XCTAssertNil(DateParser.parse("08.05.01"))
        XCTAssertNil(DateParser.parse("2008年"))
        XCTAssertNil(DateParser.parse("2008"))   // a year alone, not serial 2008
        XCTAssertNil(DateParser.parse("60"))     // Excel's phantom 1900-02-29
        XCTAssertNil(DateParser.parse("2008-05-01 上午"))
        XCTAssertEqual(DateParser.parse("2024-02-29"), day(2024, 2, 29))
    }

    func testExcel1900SerialsAroundThePhantomLeapDay() {
        XCTAssertEqual(DateParser.fromSerial(1), day(1900, 1, 1))
        XCTAssertEqual(DateParser.fromSerial(59), day(1900, 2, 28))
        XCTAssertNil(DateParser.fromSerial(60))
        XCTAssertEqual(DateParser.fromSerial(61), day(1900, 3, 1))
        XCTAssertEqual(DateParser.fromSerial(39569), day(2008, 5, 1))
        XCTAssertEqual(DateParser.fromSerial(45657.5), day(2024, 12, 31))
        XCTAssertEqual(DateParser.fromSerial(2_958_465), day(9999, 12, 31))
        XCTAssertNil(DateParser.fromSerial(2_958_466))
        XCTAssertNil(DateParser.fromSerial(0))
        XCTAssertNil(DateParser.fromSerial(-1))
        XCTAssertNil(DateParser.fromSerial(.nan))
    }

    func testExcel1904Serials() {
        XCTAssertEqual(DateParser.fromSerial(0, date1904: true), day(1904, 1, 1))
        XCTAssertEqual(DateParser.fromSerial(1, date1904: true), day(1904, 1, 2))
        XCTAssertEqual(DateParser.fromSerial(38107, date1904: true), day(2008, 5, 1))
    }

    func testAgeOnBandEdges() {
        let end2024 = Day(year: 2024, month: 12, day: 31)!
        XCTAssertEqual(DateParser.age(birth: day(1994, 12, 31), at: end2024), 30)   // ≤30 band
        XCTAssertEqual(DateParser.age(birth: day(1995, 1, 1), at: end2024), 29)
        XCTAssertEqual(DateParser.age(birth: day(1993, 12, 31), at: end2024), 31)   // 31–35 band
        XCTAssertEqual(DateParser.age(birth: day(1964, 1, 1), at: end2024), 60)     // 56–60 band
        XCTAssertEqual(DateParser.age(birth: day(1963, 12, 31), at: end2024), 61)   // ≥61 band
        // Month precision counts from the 1st of the month.
        XCTAssertEqual(DateParser.age(birth: month(1994, 12), at: end2024), 30)
        XCTAssertEqual(DateParser.age(birth: month(1993, 12), at: end2024), 31)
        XCTAssertEqual(DateParser.age(birth: month(1994, 12), at: Day(year: 2024, month: 11, day: 30)!), 29)
        XCTAssertEqual(DateParser.age(birth: month(1994, 12), at: Day(year: 2024, month: 12, day: 1)!), 30)
        // 29 February birthdays fall on 1 March in common years.
        XCTAssertEqual(DateParser.age(birth: day(2000, 2, 29), at: Day(year: 2023, month: 2, day: 28)!), 22)
        XCTAssertEqual(DateParser.age(birth: day(2000, 2, 29), at: Day(year: 2023, month: 3, day: 1)!), 23)
    }

    func testDayValidationAndISO() {
        XCTAssertNil(Day(year: 2023, month: 2, day: 29))
        XCTAssertNotNil(Day(year: 2000, month: 2, day: 29))
        XCTAssertNil(Day(year: 1900, month: 2, day: 29))
        XCTAssertNil(Day(year: 2024, month: 4, day: 31))
        XCTAssertEqual(Day(year: 2008, month: 5, day: 1)?.iso, "2008-05-01")
        XCTAssertEqual(YearMonth(year: 2008, month: 5)?.iso, "2008-05")
        XCTAssertNil(YearMonth(year: 2008, month: 0))
        XCTAssertEqual(Day(daysSince1970: 0)?.iso, "1970-01-01")
        XCTAssertEqual(Day(year: 2008, month: 5, day: 1)?.daysSince1970, 14_000)
    }

    /// The bytes the store binds are those of `iso`, for days and months, at both ends
    /// of the year range.
    func testISOTextBytesAreThoseOfISO() {
        let dates: [PartyDate] = [day(2008, 5, 1), day(1, 1, 1), day(9999, 12, 31), day(1935, 10, 9),
                                  month(2008, 5), month(1, 12), month(9999, 1)]
        for date in dates {
            XCTAssertEqual(date.withISOText { String(decoding: $0, as: UTF8.self) }, date.iso)
        }
    }

    func testPartyDateRoundTripsThroughISO() throws {
        XCTAssertEqual(PartyDate(iso: "2008-05-01"), day(2008, 5, 1))
        XCTAssertEqual(PartyDate(iso: "2008-05"), month(2008, 5))
        XCTAssertNil(PartyDate(iso: "2008-5-1"))
        XCTAssertNil(PartyDate(iso: "2008-02-30"))
        XCTAssertEqual(day(2008, 5, 1).year, 2008)
        XCTAssertEqual(month(2008, 5).month, 5)
        let encoded = try JSONEncoder().encode([day(2008, 5, 1), month(2008, 5)])
        XCTAssertEqual(String(decoding: encoded, as: UTF8.self), #"["2008-05-01","2008-05"]"#)
        XCTAssertEqual(try JSONDecoder().decode([PartyDate].self, from: encoded), [day(2008, 5, 1), month(2008, 5)])
    }

    func testPartyDateOrdering() {
        XCTAssertLessThan(month(2008, 5), day(2008, 5, 1))
        XCTAssertLessThan(day(2008, 4, 30), month(2008, 5))
        XCTAssertLessThan(day(2008, 5, 31), month(2008, 6))
        XCTAssertLessThan(Day(year: 1949, month: 9, day: 30)!, Day(year: 1949, month: 10, day: 1)!)
    }
}

final class DateParserShortcutTests: XCTestCase {
    /// The `YYYY-MM-DD` shortcut answers exactly as the general parser, on real and
    /// impossible days and on near misses of the form.
    func testISODayShortcutAgreesWithTheGeneralParser() {
        var texts: [String] = []
        for year in ["1900", "1935", "2000", "2023", "2024", "0000", "9999"] {
            for month in ["00", "01", "02", "09", "12", "13", "1a"] {
                for day in ["00", "01", "28", "29", "30", "31", "32", "0x"] {
                    texts.append("\(year)-\(month)-\(day)")
                }
            }
        }
        texts += ["1935/01/01", "1935-01-1 ", " 1935-1-01", "1935-01-01T", "１９３５-01-01", "1935–01-01", "19350101-01"]
        for text in texts {
            XCTAssertEqual(DateParser.parse(text), DateParser.parseGeneral(text, date1904: false), text)
        }
        XCTAssertEqual(DateParser.isoDay("2024-02-29").map { PartyDate.day($0).iso }, "2024-02-29")
        XCTAssertNil(DateParser.isoDay("2023-02-29"))
    }
}
