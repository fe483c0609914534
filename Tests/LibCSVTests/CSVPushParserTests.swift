import LibCSV
import XCTest

/// Collects fields and row ends as strings.
private final class Events: CSVEventHandler {
    var rows: [[String]] = []
    var terminators: [Int32] = []
    private var current: [String] = []
    func field(_ bytes: UnsafeRawBufferPointer) { current.append(String(decoding: bytes, as: UTF8.self)) }
    func rowEnd(terminator: Int32) {
        rows.append(current)
        terminators.append(terminator)
        current = []
    }
}

final class CSVPushParserTests: XCTestCase {
    private func parse(_ text: String, delimiter: UInt8 = UInt8(ascii: ","), blockSize: Int = 3) throws -> Events {
        let parser = try CSVPushParser(delimiter: delimiter)
        let events = Events()
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + blockSize, bytes.count)
            try bytes[start..<end].withUnsafeBytes { try parser.parse($0, handler: events) }
            start = end
        }
        try parser.finish(handler: events)
        return events
    }

    func testFieldsAcrossBlocksAndQuotedNewlines() throws {
        let events = try parse("a,\"b\nc\",\"d\"\"e\"\n1,,3\n")
        XCTAssertEqual(events.rows, [["a", "b\nc", "d\"e"], ["1", "", "3"]])
    }

    func testSpacesAreKept() throws {
        XCTAssertEqual(try parse(" a , b \n").rows, [[" a ", " b "]])
    }

    func testBlankLinesAndCRLFAreReported() throws {
        let events = try parse("a\r\n\r\nb\r\n")
        // libcsv reports each unquoted CR and LF; the reader above folds CRLF pairs.
        XCTAssertEqual(events.rows.filter { !$0.isEmpty }, [["a"], ["b"]])
        XCTAssertTrue(events.terminators.contains(0x0D))
        XCTAssertTrue(events.terminators.contains(0x0A))
    }

    func testTabDelimiter() throws {
        XCTAssertEqual(try parse("a\tb\n", delimiter: 9).rows, [["a", "b"]])
    }

    func testUnterminatedQuoteIsAnErrorAtFinish() throws {
        let parser = try CSVPushParser(delimiter: UInt8(ascii: ","))
        let events = Events()
        try Array("a,\"open\nmore\n".utf8).withUnsafeBytes { try parser.parse($0, handler: events) }
        XCTAssertTrue(parser.unterminatedQuote)
        XCTAssertThrowsError(try parser.finish(handler: events)) { error in
            XCTAssertTrue((error as? CSVParseError)?.isParseError == true)
        }
    }

    func testStrayQuoteInsideAFieldIsLiteral() throws {
        XCTAssertEqual(try parse("5\"3,x\n").rows, [["5\"3", "x"]])
    }
}
