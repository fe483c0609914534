import XCTest
import PartyModel

final class EducationTests: XCTestCase {
    func testSynonyms() {
        let cases: [(String, Education)] = [
            ("大学", .bachelor), ("本科", .bachelor), ("学士", .bachelor), ("大学本科", .bachelor),
            ("大专", .associate), ("专科", .associate), ("大学专科", .associate),
            ("硕士", .postgraduate), ("博士", .postgraduate), ("研究生", .postgraduate),
            ("硕士研究生", .postgraduate), ("博士研究生", .postgraduate),
            ("中专", .technical), ("中技", .technical), ("技校", .technical), ("职高", .technical),
            ("高中", .highSchool), ("普高", .highSchool),
            ("初中", .juniorOrBelow), ("小学", .juniorOrBelow), ("文盲", .juniorOrBelow),
            ("初中及以下", .juniorOrBelow),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(Education.parse(text), expected, text)
        }
    }

    func testSuffixesAndPartySchools() {
        XCTAssertEqual(Education.parse("本科学历"), .bachelor)
        XCTAssertEqual(Education.parse("大学本科毕业"), .bachelor)
        XCTAssertEqual(Education.parse("高中毕业"), .highSchool)
        XCTAssertEqual(Education.parse("初中文化"), .juniorOrBelow)
        XCTAssertEqual(Education.parse(" 大 专 "), .associate)
        XCTAssertEqual(Education.parse("中央党校研究生"), .postgraduate)
        XCTAssertEqual(Education.parse("省委党校大学"), .bachelor)
        XCTAssertEqual(Education.parse("党校大专"), .associate)
    }

    func testUnknown() {
        XCTAssertNil(Education.parse(""))
        XCTAssertNil(Education.parse("学历"))
        XCTAssertNil(Education.parse("幼儿园毕业了吗"))
    }

    func testIsCollegeIsTheFirstThree() {
        XCTAssertEqual(Education.allCases.filter(\.isCollege), [.postgraduate, .bachelor, .associate])
    }

    func testMemberStatus() {
        XCTAssertEqual(MemberStatus.parse("正式"), .full)
        XCTAssertEqual(MemberStatus.parse("正式党员"), .full)
        XCTAssertEqual(MemberStatus.parse(" 预备 "), .probationary)
        XCTAssertEqual(MemberStatus.parse("预备党员"), .probationary)
        XCTAssertNil(MemberStatus.parse("群众"))
        XCTAssertNil(MemberStatus.parse(""))
    }
}
