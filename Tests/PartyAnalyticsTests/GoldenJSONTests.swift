import XCTest
import PartyStore
@testable import PartyAnalytics

/// `indicators --json` and `compare --json` documents pinned byte for byte.
///
/// The commands print `AnalyticsJSON.encode(_:)` of the same values. After an intended
/// change, regenerate with `UPDATE_GOLDEN=1 swift test --filter GoldenJSONTests` and review
/// the diff: scripts depend on these shapes.
final class GoldenJSONTests: XCTestCase {
    private static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    private func assertGolden(_ data: Data, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try data.write(to: url)
            return
        }
        let expected = try Data(contentsOf: url)
        if data != expected {
            XCTFail("\(name) differs from the golden file; got:\n\(String(decoding: data, as: UTF8.self))",
                    file: file, line: line)
        }
    }

    func testIndicatorsJSON() throws {
        let f = try Fixtures.singleYear()
        try assertGolden(AnalyticsJSON.encode(computeIndicators(store: f.store, year: 2024)), "indicators-2024.json")
    }

    func testIndicatorsJSONWithPreviousYear() throws {
        let f = try Fixtures.twoYears()
        try assertGolden(AnalyticsJSON.encode(computeIndicators(store: f.store, year: 2024)),
                         "indicators-two-years-2024.json")
    }

    func testCompareJSON() throws {
        let f = try Fixtures.twoYears()
        try assertGolden(AnalyticsJSON.encode(compare(store: f.store, from: 2023, to: 2024)),
                         "compare-2023-2024.json")
    }

    func testGoldenIndicatorsHaveTheSpecKeys() throws {
        let data = try Data(contentsOf: Self.goldenDirectory.appendingPathComponent("indicators-2024.json"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["year", "members", "ratios", "organisations", "coverage", "funding", "townships", "checks"] {
            XCTAssertNotNil(object[key], key)
        }
        let memberKeys: Set = ["total", "women", "minority", "rural", "mobile", "lost_contact", "hardship",
                               "probationary", "college"]
        XCTAssertEqual(Set(try XCTUnwrap(object["members"] as? [String: Any]).keys), memberKeys)
        XCTAssertEqual(Set(try XCTUnwrap(object["ratios"] as? [String: Any]).keys), memberKeys.subtracting(["total"]))
        let coverage = try XCTUnwrap(object["coverage"] as? [String: Any])
        XCTAssertEqual(Set(try XCTUnwrap(coverage["overall"] as? [String: Any]).keys), ["units", "covered", "ratio"])
        let funding = try XCTUnwrap(object["funding"] as? [String: Any])
        for key in ["total", "records", "recipients", "by_category", "by_source", "by_township", "by_month"] {
            XCTAssertNotNil(funding[key], key)
        }
        let township = try XCTUnwrap((object["townships"] as? [[String: Any]])?.first)
        for key in ["township", "members", "mobile", "mobile_ratio", "rural", "funding", "members_reported"] {
            XCTAssertNotNil(township[key], key)
        }
        let check = try XCTUnwrap((object["checks"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(check.keys), ["code", "severity", "message", "location", "count"])
    }
}
