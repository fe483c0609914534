@testable import PartyImport
import XCTest

final class TotalLabelTests: XCTestCase {
    func testTotalLabelsAreFoundAnywhereAndCountyTotalsByTheirStart() {
        for label in ["合计", "本页合计", "小计：", "总计(元)", "全县", "全县合计", "全县合", "乡镇小计行"] {
            XCTAssertTrue(FirstText.isTotalLabel(label), label)
        }
        for text in ["", "合", "计", "全县党员", "宋福辉", "城关镇", "合 计", "全", "410328199001011234"] {
            XCTAssertFalse(FirstText.isTotalLabel(text), text)
        }
    }
}
