import Foundation

/// Renders the raw cells of a sheet as CSV or JSON lines, streaming (like `in2csv`).
///
/// - CSV (RFC 4180 quoting, `\n` line ends): numbers in shortest round-trip form
///   (integers without `.0`), dates ISO 8601, booleans `true`/`false`, errors as text.
/// - JSON lines: one array per row, `null` for an empty cell, numbers as JSON
///   numbers, booleans, errors as strings (`"#N/A"`), dates as ISO strings
///   (`"2024-05-01"`, `"2024-05-01T08:30:00"`, a bare time `"08:30:00"`).
///
/// Rows run from row 1 to the last row holding a value (trailing empty rows are
/// dropped); each row ends at its last non-empty cell.
///
///     let cursor = try SheetReaders.open(path: "a.xlsx").openSheet(0)
///     try CellsExport.write(cursor, format: .jsonl, to: .standardOutput)
public enum CellsExport {
    /// The output format.
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl
    }

    /// Writes every row of a cursor.
    /// - Parameters:
    ///   - cursor: The sheet's rows.
    ///   - format: CSV or JSON lines.
    ///   - handle: Where to write (buffered here in 256 KiB blocks).
    /// - Throws: the cursor's `ReadError`, or the write error of `handle`.
    public static func write(_ cursor: any SheetCursor, format: Format, to handle: FileHandle) throws {
        var out = OutputBuffer(handle: handle)
        var pendingEmptyRows = 0
        while let row = try cursor.next() {
            // A text file's row lends its cells as bytes (an empty one is an empty cell):
            // CSV is written from them with no String per cell.
            let lendsBytes = row.isText
            let cells = lendsBytes ? [] : row.cells
            var width = row.count
            if lendsBytes {
                while width > 0, row.utf8(width - 1, { $0.isEmpty }) == true { width -= 1 }
            } else {
                while width > 0, case .empty = cells[width - 1] { width -= 1 }
            }
            if width == 0 {
                pendingEmptyRows += 1
                continue
            }
            for _ in 0..<pendingEmptyRows {
                out.append(format == .csv ? "\n" : "[]\n")
            }
            pendingEmptyRows = 0
            switch format {
            case .csv where lendsBytes:
                for column in 0..<width {
                    if column > 0 { out.append(UInt8(ascii: ",")) }
                    _ = row.utf8(column) { csvField($0, into: &out) }
                }
                out.append(UInt8(ascii: "\n"))
            case .csv: csvRow(cells[..<width], into: &out)
            case .jsonl: jsonRow((lendsBytes ? row.cells : cells)[..<width], into: &out)
            }
            try out.flushIfFull()
        }
        try out.flush()
    }

    /// Renders one row as a CSV line (with its `\n`).
    public static func csvLine(_ cells: [CellValue]) -> String {
        var out = OutputBuffer(handle: nil)
        csvRow(cells[...], into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Renders one row as a JSON array line (with its `\n`).
    public static func jsonLine(_ cells: [CellValue]) -> String {
        var out = OutputBuffer(handle: nil)
        jsonRow(cells[...], into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// The shortest text that reads back as the same double; integers without `.0`.
    public static func number(_ d: Double) -> String {
        if d == d.rounded(.towardZero) && abs(d) < 1e16 {
            return String(Int64(d))
        }
        return "\(d)"
    }

    /// A date as ISO 8601; a bare time of day (serial in [0, 1)) as `HH:MM:SS`.
    public static func iso(_ date: CellDateTime) -> String {
        if date.serial >= 0 && date.serial < 1 {
            let full = date.iso8601
            if let t = full.firstIndex(of: "T") { return String(full[full.index(after: t)...]) }
            return "00:00:00"
        }
        return date.iso8601
    }

    private static func csvRow(_ cells: ArraySlice<CellValue>, into out: inout OutputBuffer) {
        var first = true
        for cell in cells {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            switch cell {
            case .empty: break
            case .text(let s): csvField(s, into: &out)
            case .number(let d): out.append(number(d))
            case .bool(let b): out.append(b ? "true" : "false")
            case .date(let d): out.append(iso(d))
            case .error(let e): csvField(e, into: &out)
            }
        }
        out.append(UInt8(ascii: "\n"))
    }

    private static func csvField(_ s: String, into out: inout OutputBuffer) {
        var s = s
        s.withUTF8 { csvField($0, into: &out) }
    }

    private static func csvField(_ b: UnsafeBufferPointer<UInt8>, into out: inout OutputBuffer) {
        var needsQuotes = false
        for c in b where c == 0x2C || c == 0x22 || c == 0x0A || c == 0x0D {
            needsQuotes = true
            break
        }
        if !needsQuotes {
            out.append(b)
            return
        }
        out.append(UInt8(ascii: "\""))
        for c in b {
            if c == 0x22 { out.append(0x22) }
            out.append(c)
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func jsonRow(_ cells: ArraySlice<CellValue>, into out: inout OutputBuffer) {
        out.append(UInt8(ascii: "["))
        var first = true
        for cell in cells {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            switch cell {
            case .empty: out.append("null")
            case .text(let s): jsonString(s, into: &out)
            case .number(let d): out.append(d.isFinite ? number(d) : "null")
            case .bool(let b): out.append(b ? "true" : "false")
            case .date(let d): jsonString(iso(d), into: &out)
            case .error(let e): jsonString(e, into: &out)
            }
        }
        out.append("]\n")
    }

    private static func jsonString(_ s: String, into out: inout OutputBuffer) {
        out.append(UInt8(ascii: "\""))
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append("\\\"")
            case 0x5C: out.append("\\\\")
            case 0x0A: out.append("\\n")
            case 0x0D: out.append("\\r")
            case 0x09: out.append("\\t")
            case 0..<0x20:
                out.append("\\u00")
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A byte buffer written to a file handle in large blocks.
struct OutputBuffer {
    private(set) var bytes: [UInt8] = []
    let handle: FileHandle?
    private let blockSize = 256 << 10

    init(handle: FileHandle?) {
        self.handle = handle
        bytes.reserveCapacity(blockSize + 4096)
    }

    mutating func append(_ b: UInt8) { bytes.append(b) }
    mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }
    mutating func append(_ b: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: b) }

    mutating func flushIfFull() throws {
        if bytes.count >= blockSize { try flush() }
    }

    mutating func flush() throws {
        guard let handle, !bytes.isEmpty else { return }
        try handle.write(contentsOf: bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
