import PartyModel
import Foundation
import LibCSV
import TextCodec

/// Streams the rows of a CSV file: read a block, decode it to UTF-8, hand it to
/// libcsv, and queue the rows it completes. A GB18030 file is handed to libcsv as it
/// is and each field decoded on its own (`GB18030Decoder`; no GB18030 character holds
/// a byte below 0x30, so delimiters, quotes and line breaks are found as in ASCII).
/// Tracks the physical line on which each record starts, counting line breaks
/// inside quoted fields.
final class CSVCursor: SheetCursor {
    private let path: String
    private let sheetName: String
    private let handle: FileHandle
    private let parser: CSVPushParser
    private let codec: Iconv?
    /// GB18030 files (not split on `，`) are split as they are and decoded a field at a time.
    private let splitsRaw: Bool
    /// Owns the builder's decoder.
    private let fieldDecoder: GB18030Decoder?
    private var builder: RowBuilder
    /// True when the last block held a quote (a field it closed may be delivered in the next).
    private var previousBlockHadQuote = false
    private var previousBlockWasValid = true
    private let fullWidthComma: Bool
    private let encodingLabel: String
    private let checkRawNUL: Bool
    private var bomToSkip: Int
    private var carry: [UInt8] = []
    /// One block of the file as read; owned here, freed in deinit.
    private let readBuffer = UnsafeMutableRawPointer.allocate(byteCount: CSVCursor.blockSize, alignment: 16)
    private var decoded: [UInt8] = []
    private var finished = false
    private var readIndex = 0
    private var position: Int64 = 0
    var bytesRead: Int64? { position }
    private static let blockSize = 1 << 20

    init(path: String, sheetName: String, encoding: CSVEncoding, delimiter: CSVDelimiter, limits: ReadLimits) throws {
        self.path = path
        self.sheetName = sheetName
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReadError(code: .fileUnreadable, message: "无法读取文件", file: path)
        }
        self.handle = handle
        // The full-width comma's GB18030 bytes (A3 AC) can straddle two characters,
        // so such files are decoded before they are split.
        splitsRaw = encoding == .gb18030 && delimiter != .fullWidthComma
        let fieldDecoder: GB18030Decoder?
        do {
            parser = try CSVPushParser(delimiter: delimiter.byte)
            codec = splitsRaw ? nil : try encoding.iconvName.map { try Iconv(from: $0) }
            fieldDecoder = splitsRaw ? try GB18030Decoder() : nil
        } catch {
            throw ReadError(code: .csvInit, message: "无法初始化 CSV 解析器：\(error)", file: path)
        }
        self.fieldDecoder = fieldDecoder
        fullWidthComma = delimiter == .fullWidthComma
        encodingLabel = encoding.label
        checkRawNUL = encoding != .utf16LE && encoding != .utf16BE
        bomToSkip = encoding.bomLength
        builder = RowBuilder(path: path, sheet: sheetName, limits: limits, decoder: fieldDecoder,
                             encodingLabel: encoding.label)
    }

    deinit {
        try? handle.close()
        builder.deallocate()
        readBuffer.deallocate()
    }

    func next() throws -> SheetRow? {
        while readIndex >= builder.rows.count {
            if finished { return nil }
            builder.rows.removeAll(keepingCapacity: true)
            readIndex = 0
            try fill()
            if let error = builder.error { throw error }
        }
        defer { readIndex += 1 }
        return builder.rows[readIndex]
    }

    /// Reads up to one block into `readBuffer`; 0 at the end of the file.
    private func readBlock() throws -> Int {
        var got = 0
        while got < CSVCursor.blockSize {
            let n = read(handle.fileDescriptor, readBuffer + got, CSVCursor.blockSize - got)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(.fileUnreadable, "读取文件失败：\(String(cString: strerror(errno)))")
            }
            got += n
        }
        return got
    }

    /// Reads and parses one more block (or finishes the input).
    private func fill() throws {
        let count = try readBlock()
        let isLast = count == 0
        position += Int64(count)
        var skip = 0
        if bomToSkip > 0 {
            skip = min(bomToSkip, count)
            bomToSkip -= skip
        }
        let bytes = UnsafeRawBufferPointer(start: readBuffer + skip, count: count - skip)
        // NUL never occurs in UTF-8 or GB18030 text: it marks a binary file.
        if checkRawNUL, let nul = CSVCursor.offsetOfNUL(in: bytes) {
            throw failure(.csvBinary, "文件含有二进制内容（NUL 字节），不是文本 CSV 文件",
                          line: builder.currentLine + lineCount(in: bytes[0..<nul]))
        }
        // Decode to UTF-8 (a GB18030 file is parsed as it is and decoded field by field in RowBuilder).
        decoded.removeAll(keepingCapacity: true)
        if splitsRaw {
            // parsed straight from the read buffer below
        } else if let codec {
            do {
                try codec.convert(bytes, final: isLast, into: &decoded)
            } catch {
                throw failure(.csvInvalidEncoding, "文件中有无法按 \(encodingLabel) 解码的字节序列（编码错误或文件已损坏）",
                              line: builder.currentLine + lineCount(in: decoded))
            }
        } else {
            carry.append(contentsOf: bytes)
            let cut = isLast ? carry.count : CSVCursor.completeUTF8Prefix(carry)
            decoded.append(contentsOf: carry[0..<cut])
            carry.removeFirst(cut)
        }
        if !splitsRaw, let nul = decoded.withUnsafeBytes({ CSVCursor.offsetOfNUL(in: $0) }) {
            throw failure(.csvBinary, "文件含有二进制内容（NUL 字节），不是文本 CSV 文件",
                          line: builder.currentLine + lineCount(in: decoded[0..<nul]))
        }
        // iconv's output is valid UTF-8; a UTF-8 file's block is checked once here, so
        // that cells need no validation of their own unless the block is bad (then
        // each cell is checked, to name the row and column of the bad bytes).
        // A field may have begun in the previous block.
        let blockIsValid = codec != nil || splitsRaw
            || decoded.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil }
        builder.blockIsValidUTF8 = blockIsValid && previousBlockWasValid
        previousBlockWasValid = blockIsValid
        if fullWidthComma { CSVCursor.mapFullWidthCommas(&decoded) }
        try decoded.withUnsafeBytes { decodedBytes in
            try parse(splitsRaw ? bytes : decodedBytes, isLast: isLast)
        }
    }

    /// Hands the bytes of a block (raw GB18030, or UTF-8) to libcsv, whose callbacks
    /// feed the builder, and makes the block's rows.
    private func parse(_ input: UnsafeRawBufferPointer, isLast: Bool) throws {
        // Only a quoted field can hold a line break: a block without a quote, after one
        // without, and not inside an open quoted field, needs no field searched for one.
        let hasQuote = input.baseAddress.map { memchr($0, 0x22, input.count) != nil } ?? false
        builder.fieldsMayHaveLineBreaks = hasQuote || previousBlockHadQuote || parser.unterminatedQuote
        previousBlockHadQuote = hasQuote
        do {
            try withUnsafeMutablePointer(to: &builder) { context in
                try parser.parse(input, context: UnsafeMutableRawPointer(context), field: builderField, record: builderRecord)
                if isLast {
                    try parser.finish(context: UnsafeMutableRawPointer(context), field: builderField, record: builderRecord)
                }
            }
            if isLast { finished = true }
            builder.seal()
        } catch let error as CSVParseError {
            if error.isParseError {
                throw failure(.csvUnbalancedQuote, "引号不成对：从此行开始的带引号字段直到文件结尾都没有闭合",
                              line: builder.currentLine)
            }
            throw failure(.csvParse, "CSV 解析失败：\(error.message)", line: builder.currentLine)
        }
    }

    private func failure(_ code: ProblemCode, _ message: String, line: Int? = nil) -> ReadError {
        ReadError(code: code, message: message, file: path, sheet: sheetName, row: line)
    }

    private func lineCount(in bytes: some Collection<UInt8>) -> Int {
        bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// The offset of the first NUL byte, if any (memchr).
    private static func offsetOfNUL(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, let hit = memchr(base, 0, bytes.count) else { return nil }
        return UnsafeRawPointer(hit) - base
    }

    /// The length of the longest prefix that does not end inside a UTF-8 sequence.
    static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var i = bytes.count
        var back = 0
        while i > 0 && back < 3 && (bytes[i - 1] & 0xC0) == 0x80 { i -= 1; back += 1 }
        guard i > 0 else { return bytes.count }
        let lead = bytes[i - 1]
        let need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
        return need > back ? i - 1 : bytes.count
    }

    /// Replaces the UTF-8 full-width comma EF BC 8C by the single byte 0x1F.
    static func mapFullWidthCommas(_ bytes: inout [UInt8]) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0xEF && i + 2 < bytes.count && bytes[i + 1] == 0xBC && bytes[i + 2] == 0x8C {
                out.append(0x1F)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        bytes = out
    }
}

/// Turns libcsv's events into rows with their starting line numbers. A struct
/// mutated in place through the cursor, so that the per-field work runs without the
/// dynamic exclusivity checks a class's stored properties would need.
///
/// libcsv hands each field straight to `field` (no copy in between), whose text is
/// decoded (or copied) once into the block's `TextFields`,
/// which the block's rows share: no `String` is made per cell. The fields of a
/// record that has not ended when a block is sealed move to the next block's text.
private struct RowBuilder {
    let path: String
    let sheet: String
    let limits: ReadLimits
    /// Decodes each field of a GB18030 file split as it is; nil when the bytes are UTF-8 already.
    /// Unretained here: the cursor holds it (`fieldDecoder`) for as long as the builder lives.
    unowned(unsafe) let decoder: GB18030Decoder?
    /// The decoder's table, read in the per-field loop without touching the decoder.
    let table: UnsafePointer<UInt32>?
    let encodingLabel: String
    var rows: [SheetRow] = []
    var error: ReadError? {
        didSet { failed = error != nil }
    }
    /// `error != nil`, tested once per field without copying the error.
    private var failed = false
    /// True when the bytes being parsed are known to be valid UTF-8.
    var blockIsValidUTF8 = false
    /// The physical line on which the record being parsed starts (1-based).
    var currentLine = 1
    private var newlinesInRecord = 0
    private var lastTerminator: Int32 = 0

    /// The text being built (owned here until `seal` hands it to a `TextFields`;
    /// `deallocate` frees it when the cursor goes).
    private var text: UnsafeMutablePointer<UInt8>
    private var textCount = 0
    private var textCapacity: Int
    /// Field bounds in `text`: field `i` runs from `bounds[i]` to `bounds[i + 1]`
    /// (owned here like `text`); `boundsCount` of them are set, `bounds[0]` always.
    private var bounds: UnsafeMutablePointer<Int>
    private var boundsCount = 1
    private var boundsCapacity: Int
    /// The index in `bounds` of the first field of the record being read.
    private var recordFirst = 0
    /// Records completed since the last `seal`: line number, first field, field count.
    private var completed: [(number: Int, first: Int, count: Int)] = []
    private static let initialCapacity = 1 << 21
    private static let initialBounds = 1 << 18

    init(path: String, sheet: String, limits: ReadLimits, decoder: GB18030Decoder?, encodingLabel: String) {
        self.path = path
        self.sheet = sheet
        self.limits = limits
        self.decoder = decoder
        self.table = decoder?.tablePointer
        self.encodingLabel = encodingLabel
        textCapacity = RowBuilder.initialCapacity
        text = .allocate(capacity: textCapacity)
        boundsCapacity = RowBuilder.initialBounds
        bounds = .allocate(capacity: boundsCapacity)
        bounds[0] = 0
    }

    /// Frees the text being built (once, when the cursor is dropped).
    func deallocate() {
        text.deallocate()
        bounds.deallocate()
    }

    /// True when a field of the block being parsed may hold a line break (see `CSVCursor.parse`).
    var fieldsMayHaveLineBreaks = true

    /// Makes rows of the records completed so far, sharing one `TextFields`.
    mutating func seal() {
        guard !completed.isEmpty else { return }
        let carryStart = bounds[recordFirst]
        let carryCount = textCount - carryStart
        let nextCapacity = max(RowBuilder.initialCapacity, 2 * carryCount)
        let next = UnsafeMutablePointer<UInt8>.allocate(capacity: nextCapacity)
        next.update(from: text + carryStart, count: carryCount)
        let carryBounds = boundsCount - recordFirst
        let nextBoundsCapacity = max(RowBuilder.initialBounds, 2 * carryBounds)
        let nextBounds = UnsafeMutablePointer<Int>.allocate(capacity: nextBoundsCapacity)
        for i in 0..<carryBounds { nextBounds[i] = bounds[recordFirst + i] - carryStart }
        let shared = TextFields(taking: text, bounds: bounds)
        rows.reserveCapacity(rows.count + completed.count)
        for record in completed {
            rows.append(SheetRow(number: record.number, fields: shared, first: record.first, count: record.count))
        }
        completed.removeAll(keepingCapacity: true)
        bounds = nextBounds
        boundsCount = carryBounds
        boundsCapacity = nextBoundsCapacity
        recordFirst = 0
        text = next
        textCount = carryCount
        textCapacity = nextCapacity
    }

    /// Sets the end of the next field.
    @inline(__always)
    private mutating func appendBound(_ end: Int) {
        if boundsCount == boundsCapacity { growBounds() }
        bounds[boundsCount] = end
        boundsCount &+= 1
    }

    private mutating func growBounds() {
        let capacity = 2 * boundsCapacity
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        grown.update(from: bounds, count: boundsCount)
        bounds.deallocate()
        bounds = grown
        boundsCapacity = capacity
    }

    /// Room for `extra` more bytes of text.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if textCount &+ extra > textCapacity { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let capacity = max(2 * textCapacity, textCount + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: text, count: textCount)
        text.deallocate()
        text = grown
        textCapacity = capacity
    }

    /// A complete field from libcsv, its bytes valid only during the call.
    mutating func field(_ bytes: UnsafeRawBufferPointer) {
        guard !failed else { return }
        // Empty fields count too: a line of a million commas is refused here, not
        // turned into a million cells.
        if boundsCount - 1 - recordFirst >= limits.maxColumns {
            fail(.sheetTooManyColumns, "列数超过 \(limits.maxColumns)（Excel 的上限）", row: currentLine)
            return
        }
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else {
            appendBound(textCount)
            return
        }
        let newlines = fieldsMayHaveLineBreaks ? RowBuilder.lineBreaks(in: bytes) : 0
        newlinesInRecord &+= newlines
        let written: Int
        if let table {
            reserve(GB18030Decoder.maxOutput(count))
            do {
                if let fast = GB18030.decode(bytes, into: text + textCount, table: table) {
                    written = fast
                } else {
                    written = try decoder!.decodeWithIconv(bytes, into: text + textCount)
                }
            } catch {
                fail(.csvInvalidEncoding, "文件中有无法按 \(encodingLabel) 解码的字节序列（编码错误或文件已损坏）",
                     row: currentLine + newlinesInRecord - newlines)
                return
            }
        } else {
            if !blockIsValidUTF8 && String(validating: bytes, as: UTF8.self) == nil {
                fail(.csvInvalidEncoding, "无效的 UTF-8 字节序列（文件编码错误或已损坏）", row: currentLine)
                return
            }
            reserve(count)
            (text + textCount).update(from: base.assumingMemoryBound(to: UInt8.self), count: count)
            written = count
        }
        if written > limits.maxCellCharacters,
           String(decoding: UnsafeBufferPointer(start: text + textCount, count: written), as: UTF8.self).count
               > limits.maxCellCharacters {
            fail(.cellTooLong, "单元格超过 \(limits.maxCellCharacters) 个字符（Excel 的上限），可能有未闭合的引号",
                 row: currentLine)
            return
        }
        textCount &+= written
        appendBound(textCount)
    }

    /// Records the first error, naming the field being read.
    private mutating func fail(_ code: ProblemCode, _ message: String, row: Int) {
        error = ReadError(code: code, message: message, file: path, sheet: sheet, row: row,
                          column: columnLetters(boundsCount - 1 - recordFirst))
    }

    /// The number of LF bytes in a field (most have none: one memchr).
    private static func lineBreaks(in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var offset = 0
        while offset < bytes.count, let hit = memchr(base + offset, 0x0A, bytes.count - offset) {
            count += 1
            offset = UnsafeRawPointer(hit) - base + 1
        }
        return count
    }

    /// The end of a record from libcsv.
    mutating func rowEnd(terminator: Int32) {
        defer { lastTerminator = terminator }
        let fieldCount = boundsCount - 1 - recordFirst
        // With CRLF line ends, libcsv reports the LF after a CR as an empty row of its own.
        if fieldCount == 0 && terminator == 0x0A && lastTerminator == 0x0D { return }
        if !failed {
            completed.append((currentLine, recordFirst, fieldCount))
        }
        recordFirst = boundsCount - 1
        currentLine += 1 + newlinesInRecord
        newlinesInRecord = 0
    }
}

// libcsv's callbacks; the context is the cursor's `RowBuilder`, valid for the
// duration of the csv_parse or csv_fini call that passes it.
private func builderField(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    guard let builder = context?.assumingMemoryBound(to: RowBuilder.self) else { return }
    builder.pointee.field(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length))
}

private func builderRecord(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let builder = context?.assumingMemoryBound(to: RowBuilder.self) else { return }
    builder.pointee.rowEnd(terminator: terminator)
}
