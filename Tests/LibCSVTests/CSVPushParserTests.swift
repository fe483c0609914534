import LibCSV
import XCTest

/// Fields and row ends as strings, gathered block by block as a reader would.
private struct Events {
    var rows: [[String]] = []
    var terminators: [CSVTerminator] = []
    private var current: [String] = []

    /// Takes a block's events: fields of a record that has not ended yet wait for the next block.
    mutating func take(_ events: CSVEvents) {
        var start = 0
        var field = 0
        func addFields(upTo end: Int) {
            while field < end {
                current.append(String(decoding: events.bytes[start..<events.fieldEnds[field]], as: UTF8.self))
                start = events.fieldEnds[field]
                field += 1
            }
        }
        for record in events.records {
            addFields(upTo: record.fieldCount)
            rows.append(current)
            terminators.append(record.terminator)
            current = []
        }
        addFields(upTo: events.fieldEnds.count)
    }
}

/// A handler that cannot be copied (as SheetReader's row builder is), counting what it is given.
private struct Counting: ~Copyable, CSVRecordHandler {
    var fields = 0, records = 0, longest = 0

    mutating func field(_ bytes: UnsafeRawBufferPointer) {
        fields += 1
        longest = max(longest, bytes.count)
    }

    mutating func recordEnd(_ terminator: CSVTerminator) { records += 1 }
}

final class CSVPushParserTests: XCTestCase {
    func testNoncopyableHandlerIsHandedEveryFieldAndRecord() throws {
        let parser = try CSVPushParser(delimiter: UInt8(ascii: ","))
        var counting = Counting()
        try Array("a,bb,\"c,cc\"\n\nd".utf8).withUnsafeBytes { try parser.parse($0, into: &counting) }
        XCTAssertEqual([counting.fields, counting.records], [3, 2], "the last field waits for the end of input")
        try parser.finish(into: &counting)
        XCTAssertEqual([counting.fields, counting.records, counting.longest], [4, 3, 4])
    }

    private func parse(_ text: String, delimiter: UInt8 = UInt8(ascii: ","), blockSize: Int = 3) throws -> Events {
        let parser = try CSVPushParser(delimiter: delimiter)
        var events = Events()
        var block = CSVEvents()
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + blockSize, bytes.count)
            try bytes[start..<end].withUnsafeBytes { try parser.parse($0, into: &block) }
            events.take(block)
            block.removeAll()
            start = end
        }
        try parser.finish(into: &block)
        events.take(block)
        return events
    }

    func testFieldsAcrossBlocksAndQuotedNewlines() throws {
        let events = try parse("a,\"b\nc\",\"d\"\"e\"\n1,,3\n")
        XCTAssertEqual(events.rows, [["a", "b\nc", "d\"e"], ["1", "", "3"]])
    }

    func testSpacesAreKept() throws {
        XCTAssertEqual(try parse(" a , b \n").rows, [[" a ", " b "]])
        // Blocks without spaces (libcsv's own space test) next to blocks with them
        // (the never-matching one), with fields that run across both kinds.
        for size in 1...6 {
            XCTAssertEqual(try parse("xy,z\nabc d,\t e\t\nq, \"r\" ,s \n", blockSize: size).rows,
                           [["xy", "z"], ["abc d", "\t e\t"], ["q", " \"r\" ", "s "]], "block size \(size)")
        }
    }

    func testBlankLinesAndCRLFAreReported() throws {
        let events = try parse("a\r\n\r\nb\r\n")
        // libcsv reports each unquoted CR and LF; the reader above folds CRLF pairs.
        XCTAssertEqual(events.rows.filter { !$0.isEmpty }, [["a"], ["b"]])
        XCTAssertTrue(events.terminators.contains(.carriageReturn))
        XCTAssertTrue(events.terminators.contains(.lineFeed))
    }

    func testEventsAreByteRangesWithRecordEnds() throws {
        let parser = try CSVPushParser(delimiter: UInt8(ascii: ","))
        var events = CSVEvents()
        try Array("ab,\"c\"\"d\"\n\nx".utf8).withUnsafeBytes { try parser.parse($0, into: &events) }
        try parser.finish(into: &events)
        XCTAssertEqual(String(decoding: events.bytes, as: UTF8.self), "abc\"dx")
        XCTAssertEqual(events.fieldEnds, [2, 5, 6])
        XCTAssertEqual(events.records, [CSVRecordEnd(fieldCount: 2, terminator: .lineFeed),
                                        CSVRecordEnd(fieldCount: 2, terminator: .lineFeed),
                                        CSVRecordEnd(fieldCount: 3, terminator: .endOfInput)])
        events.removeAll()
        XCTAssertTrue(events.bytes.isEmpty && events.fieldEnds.isEmpty && events.records.isEmpty)
    }

    func testTabDelimiter() throws {
        XCTAssertEqual(try parse("a\tb\n", delimiter: 9).rows, [["a", "b"]])
    }

    func testUnterminatedQuoteIsAnErrorAtFinish() throws {
        let parser = try CSVPushParser(delimiter: UInt8(ascii: ","))
        var events = CSVEvents()
        try Array("a,\"open\nmore\n".utf8).withUnsafeBytes { try parser.parse($0, into: &events) }
        XCTAssertEqual(events.fieldEnds, [1], "only the first field is complete")
        XCTAssertTrue(parser.unterminatedQuote)
        XCTAssertThrowsError(try parser.finish(into: &events)) { error in
            XCTAssertTrue((error as? CSVParseError)?.isParseError == true)
        }
    }

    func testStrayQuoteInsideAFieldIsLiteral() throws {
        XCTAssertEqual(try parse("5\"3,x\n").rows, [["5\"3", "x"]])
    }
}
