import XCTest
import PartyModel

final class CategoryTests: XCTestCase {
    func testOrgCategorySynonyms() {
        let cases: [(String, String)] = [
            ("行政村", "农村"), ("村", "农村"), ("农村", "农村"),
            ("街道社区", "社区"), ("城市社区", "社区"),
            ("党政机关", "机关"),
            ("学校", "事业单位"), ("医院", "事业单位"), ("其他事业单位", "事业单位"),
            ("国企", "国有企业"),
            ("非公企业", "非公有制企业"), ("民营企业", "非公有制企业"), ("私营企业", "非公有制企业"),
            ("社会组织", "社会组织"), ("其他", "其他"), (" 城市\u{3000}社区 ", "社区"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(OrgCategory.canonical(text), expected, text)
        }
        XCTAssertEqual(OrgCategory.canonicalNames, ["农村", "社区", "机关", "事业单位", "国有企业", "非公有制企业", "社会组织", "其他"])
    }

    func testOrgCategoryExtraAndUnknown() {
        XCTAssertNil(OrgCategory.canonical("新兴领域"))
        XCTAssertEqual(OrgCategory.canonical("新兴领域", extra: ["新兴领域": "其他"]), "其他")
        XCTAssertEqual(OrgCategory.canonical("村级", extra: ["村 级": "农村"]), "农村")
        XCTAssertEqual(OrgCategory.canonical("学校", extra: ["学校": "其他"]), "其他")
        XCTAssertNil(OrgCategory.canonical(""))
    }

    func testFundingSources() {
        let cases: [(String, String)] = [
            ("中组部代管党费", "中央代管党费"), ("中央代管党费", "中央代管党费"),
            ("上级党费", "上级下拨党费"), ("本级党费", "本级党费"),
            ("财政", "财政资金"), ("财政拨付", "财政资金"), ("财政配套", "财政资金"),
            ("上级部门支持", "部门支持"), ("捐款", "社会捐助"), ("", "未注明"), ("  ", "未注明"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(FundingSource.canonical(text), expected, text)
        }
        XCTAssertNil(FundingSource.canonical("党费补助"))
        XCTAssertEqual(FundingSource.canonical("党费补助", extra: ["党费补助": "上级下拨党费"]), "上级下拨党费")
        XCTAssertEqual(FundingSource.canonicalNames.last, "未注明")
    }

    func testTownshipKeys() {
        XCTAssertEqual(TownshipName.key("城关镇党委"), "城关")
        XCTAssertEqual(TownshipName.key("城关镇"), "城关")
        XCTAssertEqual(TownshipName.key(" 城 关 "), "城关")
        XCTAssertEqual(TownshipName.key("城关镇人民政府"), "城关")
        XCTAssertEqual(TownshipName.key("文峰街道党工委"), "文峰")
        XCTAssertEqual(TownshipName.key("文峰街道办事处"), "文峰")
        XCTAssertEqual(TownshipName.key("古城乡"), "古城")
        XCTAssertEqual(TownshipName.key("中共城关镇委员会"), "城关")
        XCTAssertEqual(TownshipName.key("乡"), "乡")
        XCTAssertEqual(TownshipName.key("城关镇党委"), TownshipName.key("城关"))
    }
}
