import TextCodec

/// Little-endian reads from a BIFF stream, checked: each returns nil (or the caller
/// checks the length first) rather than read past the end.
extension Array where Element == UInt8 {
    @inline(__always)
    func le16(_ i: Int) -> Int { Int(self[i]) | Int(self[i + 1]) << 8 }

    @inline(__always)
    func le32(_ i: Int) -> UInt32 {
        UInt32(self[i]) | UInt32(self[i + 1]) << 8 | UInt32(self[i + 2]) << 16 | UInt32(self[i + 3]) << 24
    }

    @inline(__always)
    func leDouble(_ i: Int) -> Double {
        Double(bitPattern: UInt64(le32(i)) | UInt64(le32(i + 4)) << 32)
    }
}

/// One BIFF record in a workbook stream: its type and where its body lies.
struct XLSRecord {
    var type: Int
    /// Offset of the body (after the 4-byte header).
    var body: Int
    var length: Int
    /// Offset of the next record.
    var end: Int { body + length }

    /// The record at `offset`, or nil at the end of the stream.
    /// - Throws: `XLSFault` `xls.corrupt` when the header or body runs past the end.
    @inline(__always)
    static func at(_ offset: Int, in bytes: [UInt8]) throws(XLSFault) -> XLSRecord? {
        if offset >= bytes.count { return nil }
        guard offset + 4 <= bytes.count else { throw .corrupt("记录头在偏移 \(offset) 处被截断") }
        let length = bytes.le16(offset + 2)
        guard offset + 4 + length <= bytes.count else {
            throw .corrupt("偏移 \(offset) 处的记录（类型 0x\(String(bytes.le16(offset), radix: 16))）长 \(length) 字节，超出数据流末尾")
        }
        return XLSRecord(type: bytes.le16(offset), body: offset + 4, length: length)
    }
}

/// A record's body followed by the bodies of the CONTINUE records (0x003C) after it,
/// read as one sequence of bytes, with BIFF8 strings that may break across them (a
/// string's characters restart after a break with a new flags byte, [MS-XLS] 2.5.293).
struct XLSContinuedReader {
    private let bytes: [UInt8]
    private var segments: [Range<Int>]
    private var segment = 0
    private var position: Int

    /// The body of `record` from its byte `skipping` on, and every CONTINUE right after it.
    init(_ record: XLSRecord, in bytes: [UInt8], skipping: Int = 0) {
        self.bytes = bytes
        var segments = [record.body..<record.end]
        var next = record.end
        while let r = try? XLSRecord.at(next, in: bytes), r.type == 0x003C {
            segments.append(r.body..<r.end)
            next = r.end
        }
        self.segments = segments
        position = min(record.body + skipping, record.end)
    }

    /// Offset of the first record after the last CONTINUE.
    var endOffset: Int { segments.last!.upperBound }

    /// True when no byte is left in any segment.
    var atEnd: Bool {
        var s = segment
        var p = position
        while s < segments.count {
            if p < segments[s].upperBound { return false }
            s += 1
            if s < segments.count { p = segments[s].lowerBound }
        }
        return true
    }

    /// Moves into the next segment when the current one is used up; false at the end.
    private mutating func ensure() -> Bool {
        while position >= segments[segment].upperBound {
            guard segment + 1 < segments.count else { return false }
            segment += 1
            position = segments[segment].lowerBound
        }
        return true
    }

    mutating func u8() throws(XLSFault) -> Int {
        guard ensure() else { throw .corrupt("字符串数据被截断") }
        defer { position += 1 }
        return Int(bytes[position])
    }

    mutating func u16() throws(XLSFault) -> Int {
        let lo = try u8()
        return lo | (try u8()) << 8
    }

    mutating func u32() throws(XLSFault) -> Int {
        let lo = try u16()
        return lo | (try u16()) << 16
    }

    /// Skips `count` bytes (formatting runs, phonetic data), across segments.
    mutating func skip(_ count: Int) throws(XLSFault) {
        var left = count
        while left > 0 {
            guard ensure() else { throw .corrupt("字符串数据被截断") }
            let n = min(left, segments[segment].upperBound - position)
            position += n
            left -= n
        }
    }

    /// An `XLUnicodeRichExtendedString` (the SST's strings, and STRING/LABEL in BIFF8):
    /// character count, flags, optional run count and phonetic size, the characters
    /// (compressed Latin-1 or UTF-16LE, restated after each CONTINUE break), then the
    /// runs and phonetic data, skipped.
    mutating func richString(countBytes: Int = 2) throws(XLSFault) -> String {
        let count = countBytes == 1 ? try u8() : try u16()
        let flags = try u8()
        let runs = flags & 0x08 != 0 ? try u16() : 0
        let phonetic = flags & 0x04 != 0 ? try u32() : 0
        let text = try characters(count, wide: flags & 0x01 != 0)
        try skip(runs * 4)
        try skip(phonetic)
        return text
    }

    /// `count` characters starting in the current segment; at a segment break a flags
    /// byte says whether the rest are one byte (Latin-1) or two (UTF-16LE) each.
    mutating func characters(_ count: Int, wide startWide: Bool) throws(XLSFault) -> String {
        var wide = startWide
        var left = count
        var units: [UInt16] = []
        guard ensure() || count == 0 else { throw .corrupt("字符串数据被截断") }
        if count == 0 { return "" }
        // The common case: the whole string compressed ASCII within one segment.
        if !wide, position + count <= segments[segment].upperBound {
            let slice = bytes[position..<position + count]
            if !slice.contains(where: { $0 >= 0x80 }) {
                position += count
                return String(decoding: slice, as: UTF8.self)
            }
        }
        units.reserveCapacity(min(count, 8224))
        while left > 0 {
            if position >= segments[segment].upperBound {
                guard segment + 1 < segments.count else { throw .corrupt("字符串的字符数超出记录长度") }
                segment += 1
                position = segments[segment].lowerBound
                guard position < segments[segment].upperBound else { continue }
                wide = bytes[position] & 0x01 != 0
                position += 1
                continue
            }
            let available = segments[segment].upperBound - position
            if wide {
                let n = min(left, available / 2)
                guard n > 0 else { throw .corrupt("UTF-16 字符跨越了记录边界") }
                for i in 0..<n { units.append(UInt16(bytes.le16(position + 2 * i))) }
                position += 2 * n
                left -= n
            } else {
                let n = min(left, available)
                for i in 0..<n { units.append(UInt16(bytes[position + i])) }
                position += n
                left -= n
            }
        }
        return String(decoding: units, as: UTF16.self)
    }
}

/// Text in a workbook's code page (the CODEPAGE record), for BIFF5 and earlier, whose
/// strings are bytes: 936 is GBK (read as GB18030, its superset), 1252 Western, and
/// any other code page iconv knows as `CPnnnn`. An invalid byte becomes U+FFFD.
final class XLSCodePage {
    let number: Int
    private let converter: Iconv?

    init(_ number: Int) {
        self.number = number
        converter = XLSCodePage.iconvName(number).flatMap { try? Iconv(from: $0) }
    }

    /// The iconv name of a BIFF code page; nil for UTF-16 (1200), which BIFF8 strings carry themselves.
    static func iconvName(_ number: Int) -> String? {
        switch number {
        case 1200: return nil
        case 367: return "ASCII"
        case 936: return "GB18030"
        case 10000, 32768: return "MACINTOSH"
        case 32769, 1252, 0: return "CP1252"
        case 950: return "BIG5"
        case 949: return "CP949"
        case 932: return "CP932"
        default: return "CP\(number)"
        }
    }

    /// Decodes `bytes`: ASCII as is, otherwise through iconv (Latin-1 when the code page is unknown to iconv).
    func decode(_ bytes: ArraySlice<UInt8>) -> String {
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        guard let converter else { return String(decoding: bytes.map { UInt16($0) }, as: UTF16.self) }
        var out: [UInt8] = []
        var rest = bytes
        while !rest.isEmpty {
            do {
                try Array(rest).withUnsafeBytes { try converter.convert($0, final: true, into: &out) }
                break
            } catch let IconvError.invalidSequence(offset) {
                // `out` holds the text before the bad byte; mark it and go on after it.
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                rest = rest.dropFirst(offset + 1)
            } catch {
                return String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
