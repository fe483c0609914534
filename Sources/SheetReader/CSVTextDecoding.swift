import Foundation
import PartyModel
import TextCodec

/// One way of turning a CSV file's bytes into the UTF-8 text of its fields: each
/// block as read becomes the bytes libcsv splits (``prepare(_:isLast:into:)``), and
/// each field libcsv completes becomes its text (``decode(_:into:)``). One type per
/// encoding mode (`CSVWorkbook.openSheet` picks it, by type); the cursor
/// and the row builder are the same for all of them.
protocol CSVTextDecoding {
    /// Makes the bytes libcsv is to split from the next `block` of the file (its
    /// byte-order mark already skipped; `isLast` for the empty block at the end).
    /// - Returns: true when libcsv splits `decoded` (which this call fills), false when
    ///   it splits `block` as it is.
    /// - Throws: ``CSVBlockFailure`` when the block is binary or cannot be decoded.
    mutating func prepare(_ block: UnsafeRawBufferPointer, isLast: Bool,
                          into decoded: inout [UInt8]) throws(CSVBlockFailure) -> Bool

    /// Writes the UTF-8 text of one field, as libcsv delivered it, to `text`.
    /// - Returns: false when the bytes cannot be decoded (nothing is written).
    mutating func decode(_ field: UnsafeRawBufferPointer, into text: inout FieldText) -> Bool

    /// The message of a field that cannot be decoded (code `csv.invalid_encoding`).
    var invalidFieldMessage: String { get }
}

/// Why a block of a CSV file could not be handed to libcsv, and how many line
/// breaks precede the bad bytes in it (added to the line being read).
struct CSVBlockFailure: Error {
    let code: ProblemCode
    let message: String
    let linesBefore: Int

    /// Throws `csv.binary` when `bytes` hold a NUL byte, which never occurs in UTF-8 or
    /// GB18030 text (only in UTF-16, whose decoded text is checked instead).
    static func checkNoNUL(_ bytes: UnsafeRawBufferPointer) throws(CSVBlockFailure) {
        if let failure = binary(bytes) { throw failure }
    }

    /// `csv.binary` for the first NUL byte in `bytes`, if any.
    static func binary(_ bytes: UnsafeRawBufferPointer) -> CSVBlockFailure? {
        guard let base = bytes.baseAddress, let hit = memchr(base, 0, bytes.count) else { return nil }
        let before = UnsafeRawBufferPointer(rebasing: bytes[0..<(UnsafeRawPointer(hit) - base)])
        return CSVBlockFailure(code: .csvBinary, message: "文件含有二进制内容（NUL 字节），不是文本 CSV 文件",
                               linesBefore: lineFeeds(in: before))
    }

    /// `csv.invalid_encoding` after `decoded`, the text decoded before the bad bytes.
    static func undecodable(_ label: String, after decoded: [UInt8]) -> CSVBlockFailure {
        CSVBlockFailure(code: .csvInvalidEncoding,
                        message: "文件中有无法按 \(label) 解码的字节序列（编码错误或文件已损坏）",
                        linesBefore: decoded.withUnsafeBytes(lineFeeds))
    }

    /// The number of LF bytes (`memchr` from one to the next; most fields have none).
    static func lineFeeds(in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var offset = 0
        while offset < bytes.count, let hit = memchr(base + offset, 0x0A, bytes.count - offset) {
            count += 1
            offset = UnsafeRawPointer(hit) - base + 1
        }
        return count
    }
}

/// A UTF-8 file (with or without a byte-order mark), split as it is read. Each block
/// is validated once, so that its fields are copied unchecked; the fields of a bad
/// block (and of the block after it, where a field may have begun) are checked one by
/// one, to name the row and column of the bad bytes.
struct UTF8Text: CSVTextDecoding {
    /// The bytes of a character cut at the end of the last block.
    private var carry: [UInt8] = []
    private var previousWasValid = true
    /// True when the fields of the block being parsed are known to be valid UTF-8.
    private(set) var fieldsAreValid = true

    let invalidFieldMessage = "无效的 UTF-8 字节序列（文件编码错误或已损坏）"

    mutating func prepare(_ block: UnsafeRawBufferPointer, isLast: Bool,
                          into decoded: inout [UInt8]) throws(CSVBlockFailure) -> Bool {
        try CSVBlockFailure.checkNoNUL(block)
        decoded.removeAll(keepingCapacity: true)
        decoded.append(contentsOf: carry)
        decoded.append(contentsOf: block)
        carry.removeAll(keepingCapacity: true)
        if !isLast {
            let cut = UTF8Text.completePrefix(decoded)
            carry.append(contentsOf: decoded[cut...])
            decoded.removeSubrange(cut...)
        }
        let valid = decoded.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil }
        fieldsAreValid = valid && previousWasValid
        previousWasValid = valid
        return true
    }

    @inline(__always)
    func decode(_ field: UnsafeRawBufferPointer, into text: inout FieldText) -> Bool {
        if !fieldsAreValid && String(validating: field.assumingMemoryBound(to: UInt8.self), as: UTF8.self) == nil {
            return false
        }
        text.appendField(field)
        return true
    }

    /// The length of the longest prefix that does not end inside a UTF-8 sequence.
    static func completePrefix(_ bytes: [UInt8]) -> Int {
        var i = bytes.count
        var back = 0
        while i > 0 && back < 3 && (bytes[i - 1] & 0xC0) == 0x80 { i -= 1; back += 1 }
        guard i > 0 else { return bytes.count }
        let lead = bytes[i - 1]
        let need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
        return need > back ? i - 1 : bytes.count
    }
}

/// A file that iconv converts to UTF-8 before it is split: UTF-16, and GB18030 split
/// on the full-width comma (whose bytes A3 AC can straddle two characters). iconv's
/// output is valid UTF-8, so fields are copied as they are.
struct ConvertedText: CSVTextDecoding {
    private let codec: Iconv
    private let label: String
    /// False for UTF-16, whose ASCII characters hold a NUL byte: its decoded text is checked.
    private let checksRawNUL: Bool

    let invalidFieldMessage = "文件中有无法解码的字节序列（编码错误或文件已损坏）"

    /// - Throws: `IconvError.unsupported` when the C library cannot convert from `iconvName`.
    init(iconvName: String, label: String) throws {
        codec = try Iconv(from: iconvName)
        self.label = label
        checksRawNUL = !iconvName.hasPrefix("UTF-16")
    }

    func prepare(_ block: UnsafeRawBufferPointer, isLast: Bool,
                 into decoded: inout [UInt8]) throws(CSVBlockFailure) -> Bool {
        if checksRawNUL { try CSVBlockFailure.checkNoNUL(block) }
        decoded.removeAll(keepingCapacity: true)
        do {
            try codec.convert(block, final: isLast, into: &decoded)
        } catch {
            throw CSVBlockFailure.undecodable(label, after: decoded)
        }
        if !checksRawNUL, let failure = decoded.withUnsafeBytes(CSVBlockFailure.binary) { throw failure }
        return true
    }

    @inline(__always)
    func decode(_ field: UnsafeRawBufferPointer, into text: inout FieldText) -> Bool {
        text.appendField(field)
        return true
    }
}

/// A GB18030 file (GBK, GB2312) split as it is, each field decoded on its own: no
/// GB18030 character holds a byte below 0x30, so delimiters, quotes and line breaks
/// are found as in ASCII. Two-byte characters come from the decoder's table; a field
/// with a four-byte or bad sequence goes through iconv, which decodes it or refuses it.
struct GB18030Fields: CSVTextDecoding {
    private let decoder: GB18030Decoder
    /// The decoder's table, read in the per-field loop without touching the decoder.
    private let table: UnsafePointer<UInt32>

    let invalidFieldMessage = "文件中有无法按 GB18030 解码的字节序列（编码错误或文件已损坏）"

    /// - Throws: `IconvError.unsupported` when the C library has no GB18030 converter.
    init() throws {
        decoder = try GB18030Decoder()
        table = decoder.tablePointer
    }

    func prepare(_ block: UnsafeRawBufferPointer, isLast: Bool,
                 into decoded: inout [UInt8]) throws(CSVBlockFailure) -> Bool {
        try CSVBlockFailure.checkNoNUL(block)
        return false
    }

    @inline(__always)
    func decode(_ field: UnsafeRawBufferPointer, into text: inout FieldText) -> Bool {
        let table = table
        if text.appendField(reserving: GB18030Decoder.maxOutput(field.count), {
            GB18030.decode(field, into: $0, table: table)
        }) {
            return true
        }
        return decodeWithIconv(field, into: &text)
    }

    /// A field with a four-byte or bad sequence, through iconv (kept out of the per-field path).
    @inline(never)
    private func decodeWithIconv(_ field: UnsafeRawBufferPointer, into text: inout FieldText) -> Bool {
        text.appendField(reserving: GB18030Decoder.maxOutput(field.count)) {
            try? decoder.decodeWithIconv(field, into: $0)
        }
    }
}
