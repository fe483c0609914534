import Expat
import XCTest

/// Records every event of a parse as text, so that a test can compare the whole sequence.
private final class EventLog: ExpatDelegate {
    var events: [String] = []
    /// When set, the delegate stops the parse at the start tag with this local name.
    var stopAt: StaticString?
    weak var parser: ExpatParser?

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        var attrs: [String] = []
        attributes.forEach { local, value in
            attrs.append(String(cString: local) + "=" + String(cString: value))
        }
        events.append("<\(name.string)|\(String(cString: name.local))" + (attrs.isEmpty ? "" : " " + attrs.joined(separator: " ")) + ">")
        if let stopAt, name.is(stopAt) { parser?.stop() }
    }

    func endElement(_ name: XMLName) { events.append("</\(name.string)>") }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        let piece = String(decoding: text, as: UTF8.self)
        // Merge the pieces of one text node, which expat may split.
        if let last = events.last, last.hasPrefix("\"") {
            events[events.count - 1] = String(last.dropLast()) + piece + "\""
        } else {
            events.append("\"" + piece + "\"")
        }
    }
}

final class ExpatParserTests: XCTestCase {
    private func parse(_ xml: String, chunk: Int = .max, log: EventLog = EventLog()) throws -> [String] {
        let parser = try makeParser()
        log.parser = parser
        let bytes = Array(xml.utf8)
        var offset = 0
        repeat {
            let end = min(bytes.count, offset + min(chunk, bytes.count - offset))
            try bytes[offset..<end].withUnsafeBytes { try parser.parse($0, isFinal: end == bytes.count, delegate: log) }
            offset = end
        } while offset < bytes.count
        return log.events
    }

    private func makeParser() throws -> ExpatParser { try XCTUnwrap(ExpatParser(), "expat could not allocate a parser") }

    func testElementsAttributesAndTextInDocumentOrder() throws {
        let xml = #"<x:sheet xmlns:x="urn:a"><row r="1" x:s="2"><c>甲&amp;乙</c><c/></row></x:sheet>"#
        XCTAssertEqual(try parse(xml), [
            "<x:sheet|sheet x=urn:a>", "<row|row r=1 s=2>", "<c|c>", "\"甲&乙\"", "</c>", "<c|c>", "</c>",
            "</row>", "</x:sheet>",
        ])
    }

    func testAnyChunkingGivesTheSameEvents() throws {
        let xml = #"<a k="v"><b>第一段文字</b><b>two</b></a>"#
        let whole = try parse(xml)
        for chunk in [1, 2, 3, 7] {
            XCTAssertEqual(try parse(xml, chunk: chunk), whole, "chunks of \(chunk) bytes")
        }
    }

    /// Attribute names lose their prefix too (`xmlns:x` is seen as `x`).
    func testAttributeLookupByLocalName() throws {
        final class Finder: ExpatDelegate {
            var found: [String?] = []
            func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
                found = [attributes.string("r"), attributes.string("t"), attributes.string("missing")]
            }
            func endElement(_ name: XMLName) {}
            func characters(_ text: UnsafeBufferPointer<UInt8>) {}
        }
        let finder = Finder()
        let parser = try makeParser()
        try Array(#"<c p:r="B7" t="s"/>"#.utf8).withUnsafeBytes { try parser.parse($0, isFinal: true, delegate: finder) }
        XCTAssertEqual(finder.found, ["B7", "s", nil])
    }

    func testMalformedXMLIsAnErrorWithItsPlace() {
        XCTAssertThrowsError(try parse("<a>\n  <b></a>")) { error in
            let e = error as! ExpatError
            XCTAssertEqual(e.kind, .malformed)
            XCTAssertEqual(e.message, "mismatched tag")
            XCTAssertEqual(e.line, 2)
            XCTAssertEqual(e.column, 7)
            XCTAssertEqual(e.description, "mismatched tag (line 2, column 7)")
        }
    }

    func testADoctypeStopsTheParseBeforeAnyEntityIsExpanded() {
        let log = EventLog()
        let xml = "<!DOCTYPE a [<!ENTITY e \"expanded\">]><a>&e;</a>"
        XCTAssertThrowsError(try parse(xml, log: log)) { error in
            XCTAssertEqual((error as! ExpatError).kind, .doctypeForbidden)
            XCTAssertEqual((error as! ExpatError).message, "DOCTYPE declarations are not allowed")
        }
        XCTAssertEqual(log.events, [])
    }

    func testTheDelegateCanStopTheParse() {
        let log = EventLog()
        log.stopAt = "stop"
        XCTAssertThrowsError(try parse("<a><b/><stop/><c/></a>", log: log)) { error in
            XCTAssertEqual((error as! ExpatError).kind, .stoppedByDelegate)
        }
        // An empty-element tag is one event to expat: its end comes with its start.
        XCTAssertEqual(log.events, ["<a|a>", "<b|b>", "</b>", "<stop|stop>", "</stop>"])
    }

    func testAnUnfinishedDocumentIsAnErrorOnlyAtTheFinalChunk() throws {
        let parser = try makeParser()
        let log = EventLog()
        try Array("<a><b>".utf8).withUnsafeBytes { try parser.parse($0, isFinal: false, delegate: log) }
        XCTAssertEqual(log.events, ["<a|a>", "<b|b>"])
        XCTAssertThrowsError(try [UInt8]().withUnsafeBytes { try parser.parse($0, isFinal: true, delegate: log) }) { error in
            XCTAssertEqual((error as! ExpatError).kind, .malformed)
            XCTAssertEqual((error as! ExpatError).message, "no element found")
        }
    }
}
