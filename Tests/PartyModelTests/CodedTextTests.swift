import PartyModel
import XCTest

/// Values written as code, name or both through the standard code tables (SPEC §3, §9).
final class CodedTextTests: XCTestCase {
    func testEthnicityAsCodeNameOrBoth() {
        for text in ["01 汉族", "01汉族", "1汉族", "01-汉族", "汉族(01)", "汉族（01）", "０１　汉族", "01", "汉族"] {
            XCTAssertEqual(Ethnicity.canonical(text), "汉族", text)
        }
        XCTAssertEqual(Ethnicity.canonical("03 回族"), "回族")
        XCTAssertEqual(Ethnicity.canonical("15土家族"), "土家族")
        // The name decides when code and name disagree; a known code rescues an unknown name.
        XCTAssertEqual(Ethnicity.canonical("02 汉族"), "汉族")
        XCTAssertEqual(Ethnicity.canonical("03 回回"), "回族")
        XCTAssertNil(Ethnicity.canonical("99 火星族"))
    }

    func testEthnicityOthersAndForeignDescent() {
        XCTAssertEqual(Ethnicity.canonical("97"), "其他")
        XCTAssertEqual(Ethnicity.canonical("97 其他未识别民族"), "其他")
        XCTAssertEqual(Ethnicity.canonical("其他族"), "其他")
        XCTAssertEqual(Ethnicity.canonical("98 外国血统中国籍人士"), "外国血统")
        XCTAssertEqual(Ethnicity.code("外国血统"), 98)
        XCTAssertEqual(Ethnicity.code("01 汉族"), 1)
    }

    func testEducationCodesOfGBT4658() {
        let expected: [String: Education] = [
            "11 博士研究生": .postgraduate, "14 硕士研究生": .postgraduate, "14": .postgraduate,
            "21 大学": .bachelor, "21大学本科毕业": .bachelor, "21": .bachelor, "28 大学普通班": .bachelor,
            "31 大学专科": .associate, "31": .associate, "41 中专": .technical, "44 职业高中": .technical,
            "47 技工学校": .technical, "61 高中": .highSchool, "61": .highSchool, "71 初中": .juniorOrBelow,
            "81 小学": .juniorOrBelow, "81": .juniorOrBelow, "23 大学本科肄业": .bachelor,
        ]
        for (text, band) in expected { XCTAssertEqual(Education.parse(text), band, text) }
        // 90 其他 and codes outside the table are no band; the name decides over its code.
        XCTAssertNil(Education.parse("90 其他"))
        XCTAssertNil(Education.parse("90"))
        XCTAssertNil(Education.parse("5"))
        XCTAssertEqual(Education.parse("31 大学"), .bachelor)
        // The national system's list: 22 大专 (GB/T 4658's 22 is 本科结业), lettered party-school codes.
        XCTAssertEqual(Education.parse("22"), .associate)
        XCTAssertEqual(Education.parse("2C 中央党校大专"), .associate)
        XCTAssertEqual(Education.parse("1A 中央党校研究生"), .postgraduate)
        XCTAssertEqual(Education.parse("6 普通高中"), .highSchool)
        XCTAssertEqual(Education.parse("7"), .juniorOrBelow)
    }

    func testOccupationCodes() {
        XCTAssertEqual(Occupation.name("11 农牧渔业生产人员"), "农牧渔业生产人员")
        XCTAssertEqual(Occupation.name("011公务员"), "公务员")
        XCTAssertEqual(Occupation.name("11"), "农牧渔业生产人员")
        XCTAssertEqual(Occupation.name("502"), "退休人员")
        XCTAssertEqual(Occupation.name("509"), "离退休人员")
        XCTAssertEqual(Occupation.name("4"), "4")
        XCTAssertEqual(Occupation.name("农民"), "农民")
        XCTAssertEqual(Occupation.name("3D打印技术员"), "3D打印技术员")
        XCTAssertEqual(Occupation.name("99"), "99")
    }

    func testSplitNeedsACodeAndAChineseName() {
        XCTAssertEqual(CodedText.split("01汉族")?.code, "01")
        XCTAssertEqual(CodedText.split("01汉族")?.name, "汉族")
        XCTAssertNil(CodedText.split("01"))
        XCTAssertNil(CodedText.split("汉族"))
        XCTAssertNil(CodedText.split("12345汉族"))
        XCTAssertNil(CodedText.split("2024-05-01"))
    }

    func testEmptyMarkers() {
        for text in ["-", "—", "——", "/", "无", " - ", "－", "--"] { XCTAssertTrue(EmptyMarker.matches(text), text) }
        for text in ["", "0", "否", "无锡", "-1", "张三", "/a"] { XCTAssertFalse(EmptyMarker.matches(text), text) }
        // 无 stays a no in a yes/no column.
        XCTAssertEqual(FlagParser.parse("无"), false)
    }

    func testFormerMembershipReasons() {
        XCTAssertEqual(FormerMembership.reason("出党"), "出党")
        XCTAssertEqual(FormerMembership.reason("开除党籍"), "出党")
        XCTAssertEqual(FormerMembership.reason("停止党籍"), "停止党籍")
        XCTAssertEqual(FormerMembership.reason("死亡（2024年3月）"), "死亡")
        XCTAssertEqual(FormerMembership.reason("组织关系转出"), "转出")
        XCTAssertEqual(FormerMembership.reason("已出党"), "出党")
        XCTAssertEqual(FormerMembership.reason("已死亡"), "死亡")
        XCTAssertNil(FormerMembership.reason("正常"))
        XCTAssertNil(FormerMembership.reason("正式党员"))
        XCTAssertTrue(FormerMembership.isCurrent("正常"))
    }

    func testCodedLookupsAgreeWithTheirBytePaths() {
        // The byte tables hold no coded forms: those fall to the text parsers, which decide.
        for word in ["01汉族", "21大学", "11农牧渔业生产人员", "97", "其他族", "硕士生班"] {
            XCTAssertEqual(CellText.with(word, Ethnicity.canonical), Ethnicity.canonical(word), word)
            XCTAssertEqual(CellText.with(word, Education.parse), Education.parse(word), word)
        }
    }
}
