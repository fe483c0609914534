import Foundation

/// The binary stream the `.xls` worker writes on its standard output.
///
/// The stream starts with the 4 bytes `PXW1`, then frames: a type byte, a payload
/// length (UInt32, little-endian) and the payload. Integers are little-endian; a
/// string is a UInt32 byte count and UTF-8 bytes.
///
/// - Sheet list: `B` (code page Int32, 1904 flag UInt8, sheet count UInt32), one `S`
///   frame per sheet (its name as raw UTF-8), then `Z`.
/// - One sheet: `D` (rows UInt32, columns UInt32), then for every row in order an `R`
///   frame (0-based row UInt32, cell count UInt32) followed by that many `C` frames
///   (0-based column UInt32, tag UInt8, value) for its non-empty cells in column order,
///   then `Z`.
/// - A refusal at any point: `E` (1-based row UInt32 or 0, then code, message and
///   column letters as strings), after which the worker exits with status 2.
///
/// Every length is checked against `XLSWorkerFrames.Caps` before anything is
/// allocated, so a damaged stream cannot make the reader allocate without bound.
enum XLSWorkerFrames {
    static let magic: [UInt8] = Array("PXW1".utf8)

    enum Kind: UInt8 {
        case book = 0x42        // B
        case sheetName = 0x53   // S
        case dimensions = 0x44  // D
        case row = 0x52         // R
        case cell = 0x43        // C
        case error = 0x45       // E
        case end = 0x5A         // Z
    }

    enum Tag: UInt8 {
        case text = 1, number = 2, bool = 3, date = 4, error = 5
    }

    /// Largest payload each frame kind may have.
    struct Caps {
        /// A cell: column, tag and a text of at most `maxCellCharacters` UTF-16 units
        /// (at most 3 UTF-8 bytes each), or a date (6 Int64 and a Double).
        var cell: Int
        /// A sheet name: at most 255 UTF-16 units (BIFF's limit, checked by `FreeXLSession`), 3 UTF-8 bytes each.
        var sheetName = 1024
        /// An error frame: row and three strings.
        var error = 16_384
        /// Fixed-size frames.
        var small = 16

        init(limits: ReadLimits) {
            cell = 4 + 1 + 4 + 3 * Swift.max(0, limits.maxCellCharacters)
        }

        func max(for kind: Kind) -> Int {
            switch kind {
            case .cell: return cell
            case .sheetName: return sheetName
            case .error: return error
            case .book, .dimensions, .row, .end: return small
            }
        }
    }

    /// BIFF sheet indexes are 16-bit.
    static let maxSheets = 65_535
}

/// Little-endian encoding into a byte array. (Concrete, not generic, code: this runs
/// once per cell, also in debug builds.)
struct FrameEncoder {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 24))
    }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func u64(_ v: UInt64) {
        u32(UInt32(truncatingIfNeeded: v))
        u32(UInt32(truncatingIfNeeded: v >> 32))
    }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func string(_ s: String) {
        u32(UInt32(clamping: s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }

    /// A cell value (never `.empty`, which is not sent).
    mutating func cell(_ value: CellValue) {
        switch value {
        case .empty:
            preconditionFailure("empty cells are not encoded")
        case .text(let s):
            u8(XLSWorkerFrames.Tag.text.rawValue); string(s)
        case .number(let d):
            u8(XLSWorkerFrames.Tag.number.rawValue); f64(d)
        case .bool(let b):
            u8(XLSWorkerFrames.Tag.bool.rawValue); u8(b ? 1 : 0)
        case .date(let d):
            u8(XLSWorkerFrames.Tag.date.rawValue)
            i64(Int64(d.year)); i64(Int64(d.month)); i64(Int64(d.day))
            i64(Int64(d.hour)); i64(Int64(d.minute)); i64(Int64(d.second))
            f64(d.serial)
        case .error(let s):
            u8(XLSWorkerFrames.Tag.error.rawValue); string(s)
        }
    }
}

/// Reads a frame's payload; every read is bounds-checked.
struct FrameDecoder {
    /// Why a payload could not be decoded (Chinese, for the `xls.crash` message).
    struct Malformed: Error {
        var detail: String
    }

    private let bytes: [UInt8]
    private var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { at == bytes.count }

    private mutating func need(_ n: Int) throws(Malformed) {
        guard n >= 0, bytes.count - at >= n else { throw Malformed(detail: "数据帧内容不完整") }
    }

    mutating func u8() throws(Malformed) -> UInt8 {
        try need(1)
        defer { at += 1 }
        return bytes[at]
    }

    mutating func u32() throws(Malformed) -> UInt32 {
        try need(4)
        defer { at += 4 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    mutating func i32() throws(Malformed) -> Int32 { Int32(bitPattern: try u32()) }
    mutating func u64() throws(Malformed) -> UInt64 {
        let low = UInt64(try u32())
        return low | UInt64(try u32()) << 32
    }
    mutating func i64() throws(Malformed) -> Int64 { Int64(bitPattern: try u64()) }
    mutating func f64() throws(Malformed) -> Double { Double(bitPattern: try u64()) }

    /// A length-prefixed UTF-8 string; invalid UTF-8 is malformed.
    mutating func string() throws(Malformed) -> String {
        let n = Int(try u32())
        try need(n)
        defer { at += n }
        return try utf8(bytes[at..<at + n])
    }

    /// The rest of the payload as UTF-8.
    mutating func rest() throws(Malformed) -> String {
        defer { at = bytes.count }
        return try utf8(bytes[at...])
    }

    private func utf8(_ slice: ArraySlice<UInt8>) throws(Malformed) -> String {
        guard let s = String(bytes: slice, encoding: .utf8) else { throw Malformed(detail: "文本不是有效的 UTF-8") }
        return s
    }

    /// A cell value as `FrameEncoder.cell` wrote it.
    mutating func cell() throws(Malformed) -> CellValue {
        let raw = try u8()
        guard let tag = XLSWorkerFrames.Tag(rawValue: raw) else {
            throw Malformed(detail: "未知的单元格类型 \(raw)")
        }
        switch tag {
        case .text: return .text(try string())
        case .number: return .number(try f64())
        case .bool:
            let b = try u8()
            guard b <= 1 else { throw Malformed(detail: "逻辑值无效") }
            return .bool(b == 1)
        case .date:
            let year = Int(try i64()), month = Int(try i64()), day = Int(try i64())
            let hour = Int(try i64()), minute = Int(try i64()), second = Int(try i64())
            return .date(CellDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                                      serial: try f64()))
        case .error: return .error(try string())
        }
    }
}
