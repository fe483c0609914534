@testable import SheetReader
import XCTest

final class CSVSnifferLinesTests: XCTestCase {
    /// The sniffer's first lines are those of splitting the whole text at LF, CRLF and
    /// CR with empty lines left out, for texts shorter and longer than the limit.
    func testFirstLinesAreThoseOfSplittingTheWholeText() {
        let texts = [
            "", "\n\n", "a,b", "a,b\n", "a,b\r\nc,d\r\n", "a\rb\rc", "\n\na,b\n\n\nc,d\n",
            (0..<100).map { "第\($0)行,乙,丙" }.joined(separator: "\r\n"),
            (0..<45).map { $0 % 3 == 0 ? "" : "x\($0),\"y\n\"" }.joined(separator: "\n"),
            String(repeating: "姓名,性别\n", count: 29) + "最后一行",
        ]
        for text in texts {
            for limit in [1, 3, 30] {
                let whole = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                XCTAssertEqual(CSVSniffer.firstLines(of: text, limit), Array(whole.prefix(limit)), "\(text.prefix(20)) \(limit)")
            }
        }
    }
}
