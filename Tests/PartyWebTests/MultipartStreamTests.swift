import Foundation
@testable import PartyWeb
import XCTest

/// The multipart reader on bodies cut at every byte, and on broken ones.
final class MultipartStreamTests: XCTestCase {
    /// The parts read from `body` fed in pieces of `size` bytes: each part's headers and content.
    func parts(_ body: [UInt8], boundary: String, size: Int) throws -> (parts: [([String: String], [UInt8])], finished: Bool) {
        var stream = MultipartStream(boundary: boundary)
        var parts: [([String: String], [UInt8])] = []
        var headers: [String: String] = [:], content: [UInt8] = []
        var index = 0
        while index < body.count {
            try stream.feed(body[index..<min(body.count, index + size)]) { event in
                switch event {
                case .header(let name, let value): headers[name.lowercased()] = value
                case .content(let bytes): content += bytes
                case .partEnd:
                    parts.append((headers, content))
                    headers = [:]
                    content = []
                }
            }
            index += size
        }
        return (parts, stream.finished)
    }

    func testPartsAreReadWhereverTheBodyIsCut() throws {
        // Content that looks like a boundary but is not one, CR LF inside, an empty file.
        let first: [UInt8] = Array("a,b\r\n--xyz\r\n\r\n--boundar".utf8) + [0, 255, 13, 10]
        let body = Array("""
            preamble\r
            --xyz-boundary\r
            Content-Disposition: form-data; name="files"; filename="一.csv"\r
            Content-Type: text/csv\r
            \r

            """.utf8) + first + Array("""
            \r
            --xyz-boundary\r
            Content-Disposition: form-data; name="files"; filename="empty.xlsx"\r
            \r
            \r
            --xyz-boundary--\r
            epilogue
            """.utf8)
        for size in [1, 2, 3, 7, 64, body.count] {
            let (parts, finished) = try parts(body, boundary: "xyz-boundary", size: size)
            XCTAssertTrue(finished, "size \(size)")
            XCTAssertEqual(parts.count, 2, "size \(size)")
            XCTAssertEqual(parts.first?.0["content-disposition"], #"form-data; name="files"; filename="一.csv""#)
            XCTAssertEqual(parts.first?.1, first, "size \(size)")
            XCTAssertEqual(parts.last?.1, [], "size \(size)")
        }
    }

    func testABodyWithoutItsClosingBoundaryIsNotFinished() throws {
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.csv\"\r\n\r\nhalf a fi".utf8)
        let (parts, finished) = try parts(body, boundary: "b", size: 5)
        XCTAssertFalse(finished)
        XCTAssertEqual(parts.count, 0)
    }

    func testBrokenHeadersAreRefused() {
        let noColon = Array("--b\r\nthis is no header\r\n\r\nx\r\n--b--".utf8)
        XCTAssertThrowsError(try parts(noColon, boundary: "b", size: 4))
        let endless = Array("--b\r\nX: ".utf8) + Array(repeating: UInt8(ascii: "y"), count: MultipartStream.maximumHeaderBytes + 10)
        XCTAssertThrowsError(try parts(endless, boundary: "b", size: 1000))
        let garbage = Array("--bXX".utf8)
        XCTAssertThrowsError(try parts(garbage, boundary: "b", size: 1))
    }

    func testFileNamesAsBrowsersWriteThem() {
        XCTAssertEqual(UploadReceiver.fileName(inDisposition: #"form-data; name="files"; filename="2024/a%22b.csv""#), "2024/a\"b.csv")
        XCTAssertEqual(UploadReceiver.fileName(inDisposition: #"form-data; name="files"; filename="a\"b.csv""#), "a\"b.csv")
        XCTAssertEqual(UploadReceiver.fileName(inDisposition: "form-data; name=\"f\"; filename*=UTF-8''%E5%90%8D.csv"), "名.csv")
        XCTAssertNil(UploadReceiver.fileName(inDisposition: #"form-data; name="year""#))
        XCTAssertEqual(UploadName.clean("..\\..\\a/./b/../c.csv"), "a/b/c.csv")
        XCTAssertNil(UploadName.clean("a\u{0}.csv"))
        XCTAssertNil(UploadName.clean("../.."))
        XCTAssertEqual(UploadReceiver.boundary(of: "multipart/form-data; boundary=\"abc\""), "abc")
        XCTAssertNil(UploadReceiver.boundary(of: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)))
        XCTAssertNil(UploadReceiver.boundary(of: "application/json"))
    }
}
