import XCTest
import PartyModel

final class TextNormaliserTests: XCTestCase {
    func testCleanTrimsAllUnicodeWhitespace() {
        XCTAssertEqual(TextNormaliser.clean("\u{3000}城关镇\u{00A0} \t\r\n"), "城关镇")
        XCTAssertEqual(TextNormaliser.clean("\u{FEFF}姓名"), "姓名")
        XCTAssertEqual(TextNormaliser.clean("   "), "")
        XCTAssertEqual(TextNormaliser.clean(""), "")
    }

    func testCleanKeepsInnerSpaceAndFoldsFullWidth() {
        XCTAssertEqual(TextNormaliser.clean("ＡＢ１２３（个）"), "AB123(个)")
        XCTAssertEqual(TextNormaliser.clean(" 张\u{3000}三 "), "张 三")
        XCTAssertEqual(TextNormaliser.clean("plain"), "plain")
    }

    func testCompactRemovesInnerWhitespace() {
        XCTAssertEqual(TextNormaliser.compact("张 三"), "张三")
        XCTAssertEqual(TextNormaliser.compact(" 欧阳\u{3000}  娜娜\u{00A0}"), "欧阳娜娜")
        XCTAssertEqual(TextNormaliser.compact("李\n四"), "李四")
        XCTAssertEqual(TextNormaliser.compact("王五"), "王五")
    }

    func testHeaderDropsKnownUnitsAndRemembersThem() {
        XCTAssertEqual(TextNormaliser.header("党支部（个）").key, "党支部")
        XCTAssertEqual(TextNormaliser.header("党支部（个）").unit, "个")
        XCTAssertEqual(TextNormaliser.header("党员数(名)").unit, "名")
        XCTAssertEqual(TextNormaliser.header("发放金额\n（万元）").key, "发放金额")
        XCTAssertEqual(TextNormaliser.header("发放金额\n（万元）").unit, "万元")
        XCTAssertEqual(TextNormaliser.header("金额（元）").unit, "元")
        XCTAssertEqual(TextNormaliser.header("覆盖率（％）").key, "覆盖率")
        XCTAssertEqual(TextNormaliser.header("覆盖率（％）").unit, "%")
        XCTAssertEqual(TextNormaliser.header("党员数(单位：人)").unit, "人")
        XCTAssertEqual(TextNormaliser.header("是否流动党员（是/否）").key, "是否流动党员")
        XCTAssertEqual(TextNormaliser.header("是否流动党员（是/否）").unit, "是/否")
    }

    func testHeaderRemovesAllWhitespaceAndFoldsBrackets() {
        let h = TextNormaliser.header(" 党\u{3000}总\u{00A0}支\r\n数 ")
        XCTAssertEqual(h.key, "党总支数")
        XCTAssertNil(h.unit)
        XCTAssertEqual(TextNormaliser.header("党（工）委").key, "党(工)委")
    }

    func testHeaderKeepsUnknownBracketText() {
        let h = TextNormaliser.header("乡镇（街道）")
        XCTAssertEqual(h.key, "乡镇(街道)")
        XCTAssertNil(h.unit)
        XCTAssertEqual(TextNormaliser.header("服务中心(个)").key, "服务中心")
        XCTAssertEqual(TextNormaliser.header("（个）").key, "(个)")
    }
}
