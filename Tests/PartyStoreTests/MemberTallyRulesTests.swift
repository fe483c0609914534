import PartyModel
@testable import PartyStore
import XCTest

/// The tally computes ages and joining periods of stored members from their dates; a
/// scan computes them from the stored ISO text with `MemberBytes`. They must agree on
/// every date a member can have.
final class MemberTallyRulesTests: XCTestCase {
    private func bytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        Array(text.utf8).withUnsafeBufferPointer { body($0) }
    }

    func testAgeAndPeriodOfADateAgreeWithTheRulesOnItsISOText() throws {
        var dates: [PartyDate] = []
        let years = [1, 9, 10, 99, 100, 999, 1000, 1900, 1948, 1949, 1950, 1977, 1978, 1979, 2011, 2012, 2013,
                     2023, 2024, 2025, 2026, 9999]
        for year in years {
            for month in 1...12 {
                dates.append(.month(try XCTUnwrap(YearMonth(year: year, month: month))))
                for day in [1, 7, 8, 9, 17, 18, 19, 28] {
                    dates.append(.day(try XCTUnwrap(Day(year: year, month: month, day: day))))
                }
            }
        }
        XCTAssertGreaterThan(dates.count, 2000)
        for date in dates {
            for reportYear in [1, 1000, 2024, 9999] {
                XCTAssertEqual(MemberTally.age(date, year: reportYear),
                               bytes(date.iso) { MemberBytes.age(birth: $0, year: reportYear) }, "\(date.iso) in \(reportYear)")
            }
            XCTAssertEqual(MemberTally.period(date), bytes(date.iso) { MemberBytes.period(joined: $0) }, date.iso)
        }
        XCTAssertNil(MemberTally.age(nil, year: 2024))
        XCTAssertEqual(MemberTally.period(nil), MemberBytes.period(joined: nil))
        // The boundaries themselves (JoiningPeriod: each period includes its end date).
        XCTAssertEqual(MemberTally.period(.day(try XCTUnwrap(Day(year: 1949, month: 10, day: 1)))), 1)
        XCTAssertEqual(MemberTally.period(.month(try XCTUnwrap(YearMonth(year: 1949, month: 9)))), 0)
        XCTAssertEqual(MemberTally.period(.day(try XCTUnwrap(Day(year: 2012, month: 11, day: 8)))), 2)
        XCTAssertEqual(MemberTally.period(.month(try XCTUnwrap(YearMonth(year: 2012, month: 11)))), 2)
        XCTAssertEqual(MemberTally.period(.day(try XCTUnwrap(Day(year: 2012, month: 11, day: 9)))), 3)
    }
}
