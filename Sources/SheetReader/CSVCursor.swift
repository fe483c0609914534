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
    private var builder: RowBuilder
    private var events = CSVEvents()
    private var previousBlockWasValid = true
    private let fullWidthComma: Bool
    private let encodingLabel: String
    private let checkRawNUL: Bool
    private var bomToSkip: Int
    private var carry: [UInt8] = []
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
            throw ReadError(code: "file.unreadable", message: "无法读取文件", file: path)
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
            throw ReadError(code: "csv.init", message: "无法初始化 CSV 解析器：\(error)", file: path)
        }
        fullWidthComma = delimiter == .fullWidthComma
        encodingLabel = encoding.label
        checkRawNUL = encoding != .utf16LE && encoding != .utf16BE
        bomToSkip = encoding.bomLength
        builder = RowBuilder(path: path, sheet: sheetName, limits: limits, decoder: fieldDecoder,
                             encodingLabel: encoding.label)
    }

    deinit { try? handle.close() }

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

    /// Reads and parses one more block (or finishes the input).
    private func fill() throws {
        let block: Data
        do {
            block = try handle.read(upToCount: CSVCursor.blockSize) ?? Data()
        } catch {
            throw failure("file.unreadable", "读取文件失败：\(error.localizedDescription)")
        }
        let isLast = block.isEmpty
        position += Int64(block.count)
        var bytes = block.withUnsafeBytes { [UInt8]($0) }
        if bomToSkip > 0 {
            let n = min(bomToSkip, bytes.count)
            bytes.removeFirst(n)
            bomToSkip -= n
        }
        // NUL never occurs in UTF-8 or GB18030 text: it marks a binary file.
        if checkRawNUL, let nul = bytes.firstIndex(of: 0) {
            throw failure("csv.binary", "文件含有二进制内容（NUL 字节），不是文本 CSV 文件",
                          line: builder.currentLine + lineCount(in: bytes[0..<nul]))
        }
        // Decode to UTF-8.
        decoded.removeAll(keepingCapacity: true)
        if splitsRaw {
            decoded = bytes  // decoded field by field in RowBuilder
        } else if let codec {
            do {
                try bytes.withUnsafeBytes { try codec.convert($0, final: isLast, into: &decoded) }
            } catch {
                throw failure("csv.invalid_encoding", "文件中有无法按 \(encodingLabel) 解码的字节序列（编码错误或文件已损坏）",
                              line: builder.currentLine + lineCount(in: decoded))
            }
        } else {
            carry.append(contentsOf: bytes)
            let cut = isLast ? carry.count : CSVCursor.completeUTF8Prefix(carry)
            decoded.append(contentsOf: carry[0..<cut])
            carry.removeFirst(cut)
        }
        if !splitsRaw, let nul = decoded.firstIndex(of: 0) {
            throw failure("csv.binary", "文件含有二进制内容（NUL 字节），不是文本 CSV 文件",
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
        do {
            events.removeAll()
            try decoded.withUnsafeBytes { try parser.parse($0, into: &events) }
            builder.take(events)
            if isLast {
                events.removeAll()
                try parser.finish(into: &events)
                builder.take(events)
                finished = true
            }
        } catch let error as CSVParseError {
            if error.isParseError {
                throw failure("csv.unbalanced_quote", "引号不成对：从此行开始的带引号字段直到文件结尾都没有闭合",
                              line: builder.currentLine)
            }
            throw failure("csv.parse", "CSV 解析失败：\(error.message)", line: builder.currentLine)
        }
    }


    private func failure(_ code: String, _ message: String, line: Int? = nil) -> ReadError {
        ReadError(code: code, message: message, file: path, sheet: sheetName, row: line)
    }

    private func lineCount(in bytes: some Collection<UInt8>) -> Int {
        bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
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
private struct RowBuilder {
    let path: String
    let sheet: String
    let limits: ReadLimits
    /// Decodes each field of a GB18030 file split as it is; nil when the bytes are UTF-8 already.
    let decoder: GB18030Decoder?
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
    private var cells: [CellValue] = []
    private var newlinesInRecord = 0
    private var lastTerminator: Int32 = 0

    init(path: String, sheet: String, limits: ReadLimits, decoder: GB18030Decoder?, encodingLabel: String) {
        self.path = path
        self.sheet = sheet
        self.limits = limits
        self.decoder = decoder
        self.encodingLabel = encodingLabel
    }

    /// Takes a block's events in order; the fields of a record that has not ended wait in `cells`.
    mutating func take(_ events: CSVEvents) {
        events.bytes.withUnsafeBytes { bytes in
            events.fieldEnds.withUnsafeBufferPointer { ends in
                var field = 0
                var start = 0
                for record in events.records {
                    while field < record.fieldCount {
                        self.field(UnsafeRawBufferPointer(rebasing: bytes[start..<ends[field]]))
                        start = ends[field]
                        field += 1
                    }
                    rowEnd(terminator: record.terminator)
                }
                while field < ends.count {
                    self.field(UnsafeRawBufferPointer(rebasing: bytes[start..<ends[field]]))
                    start = ends[field]
                    field += 1
                }
            }
        }
    }

    private mutating func field(_ bytes: UnsafeRawBufferPointer) {
        guard !failed else { return }
        if bytes.isEmpty {
            cells.append(.empty)
            return
        }
        let newlines = RowBuilder.lineBreaks(in: bytes)
        newlinesInRecord += newlines
        let valid: String?
        if let decoder {
            do {
                valid = try decoder.string(from: bytes)
            } catch {
                self.error = ReadError(code: "csv.invalid_encoding",
                                       message: "文件中有无法按 \(encodingLabel) 解码的字节序列（编码错误或文件已损坏）",
                                       file: path, sheet: sheet, row: currentLine + newlinesInRecord - newlines,
                                       column: columnLetters(cells.count))
                return
            }
        } else {
            valid = blockIsValidUTF8
                ? String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
                : String(validating: bytes, as: UTF8.self)
        }
        guard let text = valid else {
            error = ReadError(code: "csv.invalid_encoding", message: "无效的 UTF-8 字节序列（文件编码错误或已损坏）",
                              file: path, sheet: sheet, row: currentLine, column: columnLetters(cells.count))
            return
        }
        if bytes.count > limits.maxCellCharacters, text.count > limits.maxCellCharacters {
            error = ReadError(code: "cell.too_long",
                              message: "单元格超过 \(limits.maxCellCharacters) 个字符（Excel 的上限），可能有未闭合的引号",
                              file: path, sheet: sheet, row: currentLine, column: columnLetters(cells.count))
            return
        }
        if cells.count >= limits.maxColumns {
            error = ReadError(code: "sheet.too_many_columns", message: "列数超过 \(limits.maxColumns)（Excel 的上限）",
                              file: path, sheet: sheet, row: currentLine, column: columnLetters(cells.count))
            return
        }
        cells.append(.text(text))
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

    private mutating func rowEnd(terminator: Int32) {
        defer { lastTerminator = terminator }
        // With CRLF line ends, libcsv reports the LF after a CR as an empty row of its own.
        if cells.isEmpty && terminator == 0x0A && lastTerminator == 0x0D { return }
        if !failed {
            rows.append(SheetRow(number: currentLine, cells: cells))
        }
        cells.removeAll(keepingCapacity: true)
        currentLine += 1 + newlinesInRecord
        newlinesInRecord = 0
    }
}
