/// A calendar date and time of day as read from a spreadsheet cell whose number
/// format is a date format (or a CSV cell never: CSV has no types).
public struct CellDateTime: Sendable, Hashable {
    /// Year.
    public var year: Int
    /// Month, 1–12.
    public var month: Int
    /// Day of the month, 1–31.
    public var day: Int
    /// Hour, 0–23.
    public var hour: Int
    /// Minute, 0–59.
    public var minute: Int
    /// Second, 0–59.
    public var second: Int
    /// The Excel serial number the value came from (in the workbook's own epoch).
    public var serial: Double
    /// True when the serial has a fractional (time-of-day) part.
    public var hasTime: Bool { hour != 0 || minute != 0 || second != 0 }

    /// A date and time read from the serial `serial`.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, serial: Double) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
        self.serial = serial
    }

    /// ISO 8601: `2024-05-01`, or `2024-05-01T08:30:00` when there is a time part.
    public var iso8601: String {
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        return hasTime ? "\(date)T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))" : date
    }
}

/// One raw cell as read from a file, before any mapping or normalisation.
public enum CellValue: Sendable, Hashable {
    case empty
    case text(String)
    case number(Double)
    case bool(Bool)
    /// A numeric cell formatted as a date or time.
    case date(CellDateTime)
    /// An error value such as `#N/A` or `#DIV/0!`.
    case error(String)

    /// True for `.empty` and for text that is only whitespace.
    public var isBlank: Bool {
        switch self {
        case .empty: return true
        case .text(var s): return s.withUTF8(CellValue.isBlank(utf8:))
        default: return false
        }
    }
}

extension CellValue {
    /// True when every scalar of a text's valid UTF-8 bytes is Unicode `White_Space`
    /// (empty included): a blank text cell. Decides on the first byte of most cells:
    /// an ASCII byte that is not a space, or the lead byte of a CJK character
    /// (U+4E00…, lead bytes E4–E9), cannot start a blank text.
    @inlinable @inline(__always)
    public static func isBlank(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        if first < 0x80 {
            if first != 0x20 && !(0x09...0x0D).contains(first) { return false }
        } else if (0xE4...0xE9).contains(first) {
            return false
        }
        return String(decoding: bytes, as: UTF8.self).unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }
}

/// The decoded UTF-8 text of consecutive fields of a text file, shared by the rows
/// of one block: field `i` is the bytes from `bounds[i]` to `bounds[i + 1]`.
/// Immutable once made; owns its bytes and frees them once, in `deinit`.
public final class TextFields: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<UInt8>
    @usableFromInline let bounds: UnsafeMutablePointer<Int>

    /// Takes ownership of `base` and `bounds`, allocated with `UnsafeMutablePointer.allocate`.
    init(taking base: UnsafeMutablePointer<UInt8>, bounds: UnsafeMutablePointer<Int>) {
        self.base = base
        self.bounds = bounds
    }

    deinit {
        base.deallocate()
        bounds.deallocate()
    }

    /// The bytes of field `index`.
    @inlinable @inline(__always)
    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + bounds[index], count: bounds[index + 1] - bounds[index])
    }
}

/// A row of a sheet. `number` is the row number as Excel shows it (1-based); for
/// CSV it is the physical line on which the record starts.
///
/// A CSV row keeps its cells as byte ranges of its block's decoded text
/// (`TextFields`), so that reading makes no `String` per cell; `cells` and the
/// subscript make `CellValue`s on demand, and ``utf8(_:_:)`` lends a text cell's
/// bytes without one.
public struct SheetRow: Sendable {
    /// 1-based row number in the sheet.
    public var number: Int
    @usableFromInline var storage: Storage {
        didSet { bytes = nil }
    }
    /// For a text file's row, where its fields' bytes and bounds are (those of the
    /// `TextFields` that `storage` holds, and keeps alive as long as the row), read
    /// without taking the storage apart: that copies out and retains the `TextFields`
    /// on every cell, about 40 retain/release pairs per row of an import.
    @usableFromInline var bytes: FieldPointers?
    /// 0-based columns of formula cells stored without their result (an `.xlsx` made by
    /// openpyxl or another script and never recalculated): they read as `.empty`.
    public var uncachedFormulas: [Int] = []

    @usableFromInline struct FieldPointers: @unchecked Sendable {
        @usableFromInline let base: UnsafeMutablePointer<UInt8>
        /// The row's first field's bound; the row's fields are `bounds[0] ..< bounds[count]`.
        @usableFromInline let bounds: UnsafeMutablePointer<Int>
        @usableFromInline let count: Int

        @inlinable @inline(__always)
        func field(_ column: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: base + bounds[column], count: bounds[column + 1] - bounds[column])
        }
    }

    @usableFromInline enum Storage: Sendable {
        case values([CellValue])
        /// Fields `first ..< first + count` of a block's text; an empty field is an empty cell.
        case fields(TextFields, first: Int, count: Int)
    }

    /// A row of the given cells (0-based columns).
    public init(number: Int, cells: [CellValue]) {
        self.number = number
        self.storage = .values(cells)
        self.bytes = nil
    }

    init(number: Int, fields: TextFields, first: Int, count: Int) {
        self.number = number
        self.storage = .fields(fields, first: first, count: count)
        self.bytes = FieldPointers(base: fields.base, bounds: fields.bounds + first, count: count)
    }

    /// The cells, left to right (made on demand for a text file's row).
    public var cells: [CellValue] {
        get {
            switch storage {
            case .values(let values): return values
            case .fields(_, _, let count): return (0..<count).map { self[$0] }
            }
        }
        set { storage = .values(newValue) }
    }

    /// True for a row of a text file (CSV): every cell is text or empty, and
    /// ``utf8(_:_:)`` lends each one's bytes (an empty field is an empty cell).
    @inlinable
    public var isText: Bool {
        // `bytes` is set exactly for a text row: no copy of the storage (and retain of its text).
        bytes != nil
    }

    /// The number of cells, trailing empty ones included.
    public var count: Int {
        if let bytes { return bytes.count }
        switch storage {
        case .values(let values): return values.count
        case .fields(_, _, let count): return count
        }
    }

    /// The cell at a 0-based column, `.empty` past the end.
    public subscript(column: Int) -> CellValue {
        switch storage {
        case .values(let values):
            return column < values.count ? values[column] : .empty
        case .fields(let text, let first, let count):
            guard column < count else { return .empty }
            let bytes = text.field(first + column)
            return bytes.isEmpty ? .empty : .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Calls `body` with the UTF-8 bytes of the cell at a 0-based column when it is
    /// text or empty (empty past the end), and returns its result; nil, without
    /// calling it, for a number, boolean, date or error cell.
    @inlinable @inline(__always)
    public func utf8<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        if let bytes {
            guard column < bytes.count else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
            // The bytes live as long as the `TextFields` in `storage`, which this row holds.
            return try body(bytes.field(column))
        }
        switch storage {
        case .fields(let text, let first, let count):
            guard column < count else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
            return try withExtendedLifetime(text) { try body(text.field(first + column)) }
        case .values(let values):
            guard column < values.count else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
            switch values[column] {
            case .empty: return try body(UnsafeBufferPointer(start: nil, count: 0))
            case .text(var s): return try s.withUTF8(body)
            default: return nil
            }
        }
    }

    /// True when the cell at a 0-based column is blank (``CellValue/isBlank``).
    public func isBlank(_ column: Int) -> Bool {
        if let blank = utf8(column, CellValue.isBlank(utf8:)) { return blank }
        return false
    }

    /// The number of cells that are not blank.
    public var nonBlankCount: Int {
        var n = 0
        if let bytes {
            for i in 0..<bytes.count where !CellValue.isBlank(utf8: bytes.field(i)) { n += 1 }
            return n
        }
        switch storage {
        case .fields(let text, let first, let count):
            for i in first..<(first + count) where !CellValue.isBlank(utf8: text.field(i)) { n += 1 }
        case .values(let values):
            for value in values where !value.isBlank { n += 1 }
        }
        return n
    }
}

/// The file formats partystats reads.
public enum FileFormat: String, Sendable, Codable {
    case csv, xlsx, xlsm, xls
}

/// A sheet of a workbook (a CSV file has one, named after the file's stem).
public struct SheetInfo: Sendable, Hashable {
    /// The sheet's name as the workbook gives it.
    public var name: String
    /// 0-based position in workbook order.
    public var index: Int
    /// True when the workbook hides the sheet.
    public var hidden: Bool
    /// A sheet's name, position and visibility.
    public init(name: String, index: Int, hidden: Bool = false) {
        self.name = name; self.index = index; self.hidden = hidden
    }
}

/// A forward-only cursor over the rows of one sheet.
///
/// Rows come in order, one per row number from 1 to the last row that exists in
/// the file, with no gaps: a row absent from the file comes as a row with no cells.
public protocol SheetCursor: AnyObject {
    /// The next row, or nil at the end. Throws a `ReadError` naming file, sheet and row.
    func next() throws -> SheetRow?
    /// Bytes of the file read so far, for progress displays; nil when the reader
    /// cannot tell (the default).
    var bytesRead: Int64? { get }
}

extension SheetCursor {
    /// Nil: the cursor cannot tell.
    public var bytesRead: Int64? { nil }
}

/// An opened spreadsheet or CSV file.
public protocol WorkbookReader: AnyObject {
    var path: String { get }
    var format: FileFormat { get }
    /// The detected text encoding (`UTF-8`, `UTF-8-BOM`, `GB18030`, `UTF-16LE` …) for CSV; nil otherwise.
    var encoding: String? { get }
    /// The sheets in workbook order.
    var sheets: [SheetInfo] { get }
    /// Opens the sheet at a 0-based index.
    func openSheet(_ index: Int) throws -> any SheetCursor
}

/// Converts a 0-based column index to its letters: 0 → `A`, 27 → `AB`.
public func columnLetters(_ index: Int) -> String {
    var n = index + 1
    var out: [Character] = []
    while n > 0 {
        let r = (n - 1) % 26
        out.append(Character(UnicodeScalar(UInt8(65 + r))))
        n = (n - 1) / 26
    }
    return String(out.reversed())
}
