import Foundation
import XCTest
import PartyModel

final class FenTests: XCTestCase {
    private func fen(_ text: String, unit: MoneyUnit = .yuan) -> Int64? {
        try? Fen.parse(text, unit: unit).get().rawValue
    }

    private func error(_ text: String, unit: MoneyUnit = .yuan) -> ValueError? {
        if case .failure(let e) = Fen.parse(text, unit: unit) { return e }
        return nil
    }

    func testPlainAndGroupedYuan() {
        XCTAssertEqual(fen("3500"), 350_000)
        XCTAssertEqual(fen("3,500.00"), 350_000)
        XCTAssertEqual(fen("3500.0"), 350_000)
        XCTAssertEqual(fen("1,234,567.89"), 123_456_789)
        XCTAssertEqual(fen(" 0.05 "), 5)
        XCTAssertEqual(fen(".5"), 50)
        XCTAssertEqual(fen("3500.000"), 350_000)
    }

    func testCurrencySignsUnitsAndFullWidth() {
        XCTAssertEqual(fen("￥3,500"), 350_000)
        XCTAssertEqual(fen("¥3500"), 350_000)
        XCTAssertEqual(fen("3500元"), 350_000)
        XCTAssertEqual(fen("3500 元整"), 350_000)
        XCTAssertEqual(fen("３，５００．００"), 350_000)
        XCTAssertEqual(fen("3.5E+3"), 350_000)
    }

    func testWanInTheCellOrTheHeader() {
        XCTAssertEqual(fen("0.35万元"), 350_000)
        XCTAssertEqual(fen("0.35万"), 350_000)
        XCTAssertEqual(fen("35", unit: .wan), 35_000_000)
        XCTAssertEqual(fen("0.35", unit: .wan), 350_000)
        XCTAssertEqual(fen("35.0000", unit: .wan), 35_000_000)
        // A unit in the cell overrides the header's.
        XCTAssertEqual(fen("3500元", unit: .wan), 350_000)
        XCTAssertEqual(fen("0.000001万元"), 1)
        XCTAssertEqual(MoneyUnit(unitText: TextNormaliser.header("发放金额（万元）").unit!), .wan)
    }

    func testMoreThanOneFenOfPrecisionIsRejected() {
        XCTAssertEqual(error("1.234"), .tooPrecise)
        XCTAssertEqual(error("0.001"), .tooPrecise)
        XCTAssertEqual(error("0.0000001万元"), .tooPrecise)
        XCTAssertEqual(error("0.1234567", unit: .wan), .tooPrecise)
    }

    func testNegativeInvalidAndTooLarge() {
        XCTAssertEqual(error("-1.50"), .negative)
        XCTAssertEqual(error("－200元"), .negative)
        XCTAssertEqual(fen("-0"), 0)
        XCTAssertEqual(error(""), .invalid)
        XCTAssertEqual(error("元"), .invalid)
        XCTAssertEqual(error("三千五"), .invalid)
        XCTAssertEqual(error("35,00"), .invalid)
        XCTAssertEqual(error("3500美元"), .invalid)
        XCTAssertEqual(error("1.2.3"), .invalid)
        XCTAssertEqual(error("99999999999999999999"), .tooLarge)
        XCTAssertEqual(error("92233720368547758.08"), .tooLarge)
        XCTAssertEqual(fen("92233720368547758.07"), Int64.max)
    }

    func testNumericCellsUseTheShortestDecimal() {
        XCTAssertEqual(try Fen.parse(number: 3500).get().rawValue, 350_000)
        XCTAssertEqual(try Fen.parse(number: 0.35, unit: .wan).get().rawValue, 350_000)
        XCTAssertEqual(try Fen.parse(number: 1e-2).get().rawValue, 1)
        XCTAssertEqual(try Fen.parse(number: 0.1 + 0.2).get().rawValue, 30)  // Excel shows 0.3
        XCTAssertEqual(try Fen.parse(number: 1e16).get().rawValue, 1_000_000_000_000_000_000)
        XCTAssertEqual(Fen.parse(number: 1.234), .failure(.tooPrecise))
        XCTAssertEqual(Fen.parse(number: -5), .failure(.negative))
        XCTAssertEqual(Fen.parse(number: .infinity), .failure(.invalid))
        XCTAssertEqual(Fen.parse(number: 1e20), .failure(.tooLarge))
    }

    func testYuanStringIsExact() {
        XCTAssertEqual(Fen(rawValue: 350_000).yuanString, "3500.00")
        XCTAssertEqual(Fen(rawValue: -150).yuanString, "-1.50")
        XCTAssertEqual(Fen(rawValue: 5).yuanString, "0.05")
        XCTAssertEqual(Fen(rawValue: 0).yuanString, "0.00")
        XCTAssertEqual(Fen(rawValue: Int64.min).yuanString, "-92233720368547758.08")
    }

    func testYuanStringReadsBack() {
        for raw: Int64 in [0, 5, 150, -150, 350_000, 123_456_789, -Int64.max] {
            XCTAssertEqual(Fen(yuanString: Fen(rawValue: raw).yuanString), Fen(rawValue: raw))
        }
        XCTAssertNil(Fen(yuanString: "1.234"))
        XCTAssertNil(Fen(yuanString: "3500元"))
        XCTAssertNil(Fen(yuanString: ""))
    }

    func testArithmeticAndCoding() throws {
        let total = [Fen(rawValue: 150), Fen(rawValue: 250)].reduce(.zero, +)
        XCTAssertEqual(total, Fen(rawValue: 400))
        XCTAssertLessThan(Fen(rawValue: 1), Fen(rawValue: 2))
        XCTAssertEqual(String(decoding: try JSONEncoder().encode([total]), as: UTF8.self), "[400]")
        XCTAssertEqual(try JSONDecoder().decode([Fen].self, from: Data("[400]".utf8)), [total])
    }
}
