import TextCodec
import XCTest

final class GB18030DecoderTests: XCTestCase {
    /// iconv's answer for `bytes`, or nil when it refuses them.
    private func iconv(_ bytes: [UInt8]) -> [UInt8]? {
        guard let converter = try? Iconv(from: "GB18030") else { return nil }
        var out: [UInt8] = []
        let ok = bytes.withUnsafeBytes { (try? converter.convert($0, final: true, into: &out)) != nil }
        return ok ? out : nil
    }

    private func decode(_ decoder: GB18030Decoder, _ bytes: [UInt8]) -> [UInt8]? {
        bytes.withUnsafeBytes { raw in (try? decoder.string(from: raw)).map { Array($0.utf8) } }
    }

    func testEveryTwoByteCharacterDecodesAsIconvDoes() throws {
        let decoder = try GB18030Decoder()
        var compared = 0
        for lead in UInt8(0x81)...0xFE {
            for trail in UInt8(0x40)...0xFE where trail != 0x7F {
                // Between ASCII neighbours, so that the table path and the copies around it both run.
                let bytes: [UInt8] = [0x41, lead, trail, 0x2D]
                XCTAssertEqual(decode(decoder, bytes), iconv(bytes), "\(lead) \(trail)")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 126 * 190)
    }

    func testTextMixedWithFourByteCharacters() throws {
        let decoder = try GB18030Decoder()
        let samples = ["张三,男,410328199001011234", "唐河县城郊乡第一党支部", "𠀀𪚥 and ASCII", "€㐀ǹ", "", "plain ascii"]
        for text in samples + [String(repeating: "党员名册", count: 400)] {
            let bytes = try TestSupportEncoding.gb18030(text)
            XCTAssertEqual(decode(decoder, bytes).map { String(decoding: $0, as: UTF8.self) }, text)
        }
        // A four-byte character (U+20000 is 95 32 82 36) goes through iconv.
        XCTAssertEqual(decode(decoder, [0x95, 0x32, 0x82, 0x36]), Array("𠀀".utf8))
    }

    func testInvalidAndTruncatedSequencesAreRefusedWithTheirOffset() throws {
        let decoder = try GB18030Decoder()
        let cases: [([UInt8], Int)] = [
            ([0x41, 0xD5], 1),              // a lead byte at the end of the piece
            ([0xD5, 0xC5, 0x81, 0x20], 2),  // a trail byte below 0x30
            ([0x41, 0xFF], 1),              // 0xFF is never a GB18030 byte
            ([0x80], 0),                    // nor is 0x80
            ([0x95, 0x32, 0x82], 0),        // a four-byte sequence cut short
        ]
        for (bytes, offset) in cases {
            XCTAssertThrowsError(try bytes.withUnsafeBytes { raw in try decoder.string(from: raw) }, "\(bytes)") { error in
                XCTAssertEqual(error as? IconvError, .invalidSequence(offset: offset), "\(bytes)")
            }
            // The decoder is still usable afterwards.
            XCTAssertEqual(decode(decoder, [0xD5, 0xC5]), Array("张".utf8))
        }
    }
}

/// GB18030 bytes of a text, by iconv (this target does not link TestSupport).
enum TestSupportEncoding {
    static func gb18030(_ text: String) throws -> [UInt8] {
        let converter = try Iconv(from: "UTF-8", to: "GB18030")
        var out: [UInt8] = []
        try Array(text.utf8).withUnsafeBytes { try converter.convert($0, final: true, into: &out) }
        return out
    }
}
