import Foundation
import LibCSV
import PartyModel

/// Streams the rows of a CSV file, a block at a time, through one decoding mode.
///
/// Not generic itself: a cursor is called through `any SheetCursor`, and a generic
/// class's methods called that way run unspecialised (every field of the file through
/// witness tables). The generic reader it wraps is made, and called, where its mode's
/// type is known, so that it is compiled for that mode.
final class CSVCursor: SheetCursor {
    private let readBlock: (inout [SheetRow]) throws -> Bool
    private let position: () -> Int64
    private var rows: [SheetRow] = []
    private var finished = false
    private var readIndex = 0
    var bytesRead: Int64? { position() }

    /// Opens `path` for reading with the given decoding mode.
    /// - Throws: `ReadError` when the file cannot be opened or libcsv cannot start.
    init<Decoding: CSVTextDecoding>(path: String, sheetName: String, decoding: Decoding, delimiter: CSVDelimiter,
                                    bomLength: Int, limits: ReadLimits) throws {
        let reader = try CSVBlockReader(path: path, sheetName: sheetName, decoding: decoding, delimiter: delimiter,
                                        bomLength: bomLength, limits: limits)
        readBlock = { try reader.readBlock(into: &$0) }
        position = { reader.position }
    }

    func next() throws -> SheetRow? {
        while readIndex >= rows.count {
            if finished { return nil }
            rows.removeAll(keepingCapacity: true)
            readIndex = 0
            finished = try !readBlock(&rows)
        }
        defer { readIndex += 1 }
        return rows[readIndex]
    }

    /// Replaces each UTF-8 full-width comma EF BC 8C by the single byte 0x1F, in place.
    static func mapFullWidthCommas(_ bytes: inout [UInt8]) {
        let count = bytes.count
        let kept = bytes.withUnsafeMutableBufferPointer { b in
            var read = 0, write = 0
            while read < count {
                if b[read] == 0xEF && read + 2 < count && b[read + 1] == 0xBC && b[read + 2] == 0x8C {
                    b[write] = 0x1F
                    read += 3
                } else {
                    b[write] = b[read]
                    read += 1
                }
                write += 1
            }
            return write
        }
        bytes.removeSubrange(kept...)
    }
}

/// Reads a CSV file a block at a time: read a block, make the bytes libcsv splits
/// (``CSVTextDecoding/prepare(_:isLast:into:)``: the block itself, or its UTF-8), hand
/// them to libcsv, and append the rows the builder completes. Tracks the physical line
/// on which each record starts, counting line breaks inside quoted fields.
final class CSVBlockReader<Decoding: CSVTextDecoding> {
    private let path: String
    private let sheetName: String
    private var blocks: FileBlocks
    private let parser: CSVPushParser
    private var builder: CSVRowBuilder<Decoding>
    /// The full-width comma is mapped to 0x1F in the decoded text before libcsv sees it.
    private let fullWidthComma: Bool
    /// True when the last block held a quote (a field it closed may be delivered in the next).
    private var previousBlockHadQuote = false
    private var bomToSkip: Int
    /// The text libcsv splits, when the decoding mode makes it.
    private var decoded: [UInt8] = []
    /// Bytes of the file read so far.
    var position: Int64 { blocks.position }

    /// Opens `path` for reading with the given decoding mode.
    /// - Throws: `ReadError` when the file cannot be opened or libcsv cannot start.
    init(path: String, sheetName: String, decoding: Decoding, delimiter: CSVDelimiter, bomLength: Int,
         limits: ReadLimits) throws {
        self.path = path
        self.sheetName = sheetName
        blocks = try FileBlocks(path: path)
        do {
            parser = try CSVPushParser(delimiter: delimiter.byte)
        } catch {
            throw ReadError(code: .csvInit, message: "无法初始化 CSV 解析器：\(error)", file: path)
        }
        fullWidthComma = delimiter == .fullWidthComma
        bomToSkip = bomLength
        builder = CSVRowBuilder(path: path, sheet: sheetName, limits: limits, decoding: decoding)
    }

    /// Reads, decodes and parses one more block (or finishes the input) and appends the
    /// rows it completes to `rows`.
    /// - Returns: false once the input is finished.
    /// - Throws: `ReadError` naming the file, line and column.
    func readBlock(into rows: inout [SheetRow]) throws -> Bool {
        try fill(into: &rows)
        if let error = builder.error { throw error }
        return !finished
    }

    private var finished = false

    private func fill(into rows: inout [SheetRow]) throws {
        var block: UnsafeRawBufferPointer
        do {
            block = try blocks.next()
        } catch {
            throw failure(.fileUnreadable, "读取文件失败：\(error.reason)")
        }
        let isLast = block.isEmpty
        if bomToSkip > 0 {
            let skip = min(bomToSkip, block.count)
            bomToSkip -= skip
            block = UnsafeRawBufferPointer(rebasing: block[skip...])
        }
        let splitsDecoded: Bool
        do {
            splitsDecoded = try builder.decoding.prepare(block, isLast: isLast, into: &decoded)
        } catch {
            throw failure(error.code, error.message, line: builder.currentLine + error.linesBefore)
        }
        guard splitsDecoded else { return try parse(block, isLast: isLast, into: &rows) }
        if fullWidthComma { CSVCursor.mapFullWidthCommas(&decoded) }
        try decoded.withUnsafeBytes { try parse($0, isLast: isLast, into: &rows) }
    }

    /// Hands libcsv the bytes of a block, whose fields go to the builder, and makes the block's rows.
    private func parse(_ input: UnsafeRawBufferPointer, isLast: Bool, into rows: inout [SheetRow]) throws {
        let hasQuote = input.baseAddress.map { memchr($0, 0x22, input.count) != nil } ?? false
        builder.fieldsMayHaveLineBreaks = hasQuote || previousBlockHadQuote || parser.unterminatedQuote
        previousBlockHadQuote = hasQuote
        do {
            try parser.parse(input, into: &builder)
            if isLast {
                try parser.finish(into: &builder)
                finished = true
            }
            builder.seal(into: &rows)
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
}

/// A file read a block at a time into one buffer, which this value owns and frees;
/// the file is closed when it goes.
struct FileBlocks: ~Copyable {
    private let handle: FileHandle
    private let buffer: UnsafeMutableRawPointer
    /// Bytes read so far.
    private(set) var position: Int64 = 0
    static let blockSize = 1 << 20

    /// Opens `path`.
    /// - Throws: `ReadError` `file.unreadable` when it cannot be opened.
    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReadError(code: .fileUnreadable, message: "无法读取文件", file: path)
        }
        self.handle = handle
        buffer = .allocate(byteCount: FileBlocks.blockSize, alignment: 16)
    }

    deinit {
        try? handle.close()
        buffer.deallocate()
    }

    /// The C library's reason for a failed read (`strerror`).
    struct Failure: Error {
        let reason: String
    }

    /// The next block (empty at the end of the file), valid until the next call.
    /// - Throws: ``Failure`` when reading fails.
    mutating func next() throws(Failure) -> UnsafeRawBufferPointer {
        var got = 0
        while got < FileBlocks.blockSize {
            let n = read(handle.fileDescriptor, buffer + got, FileBlocks.blockSize - got)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: String(cString: strerror(errno)))
            }
            got += n
        }
        position += Int64(got)
        return UnsafeRawBufferPointer(start: buffer, count: got)
    }
}
