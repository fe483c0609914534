import XCTest
import PartyModel

final class EthnicityTests: XCTestCase {
    func testHanInAllForms() {
        for text in ["汉", "汉族", "01", "1", " 汉族\u{3000}", "０１"] {
            XCTAssertEqual(Ethnicity.canonical(text), "汉族", text)
        }
    }

    func testMinorityNamesShortFormsAndCodes() {
        XCTAssertEqual(Ethnicity.canonical("维吾尔"), "维吾尔族")
        XCTAssertEqual(Ethnicity.canonical("维吾尔族"), "维吾尔族")
        XCTAssertEqual(Ethnicity.canonical("05"), "维吾尔族")
        XCTAssertEqual(Ethnicity.canonical("蒙古"), "蒙古族")
        XCTAssertEqual(Ethnicity.canonical("回"), "回族")
        XCTAssertEqual(Ethnicity.canonical("56"), "基诺族")
        XCTAssertEqual(Ethnicity.canonical("蒙族"), "蒙古族")
        XCTAssertEqual(Ethnicity.code("土家族"), 15)
    }

    func testAllFiftySixGroups() {
        XCTAssertEqual(Ethnicity.names.count, 56)
        XCTAssertEqual(Set(Ethnicity.names).count, 56)
        for (index, name) in Ethnicity.names.enumerated() {
            XCTAssertEqual(Ethnicity.canonical(String(index + 1)), name)
            XCTAssertEqual(Ethnicity.canonical(name), name)
        }
    }

    func testUnknown() {
        XCTAssertNil(Ethnicity.canonical("57"))
        XCTAssertNil(Ethnicity.canonical("0"))
        XCTAssertNil(Ethnicity.canonical("火星族"))
        XCTAssertNil(Ethnicity.canonical(""))
    }
}
