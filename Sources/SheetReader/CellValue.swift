/// A calendar date and time of day as read from a spreadsheet cell whose number
/// format is a date format (or a CSV cell never: CSV has no types).
public struct CellDateTime: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// The Excel serial number the value came from (in the workbook's own epoch).
    public var serial: Double
    /// True when the serial has a fractional (time-of-day) part.
    public var hasTime: Bool { hour != 0 || minute != 0 || second != 0 }

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
        case .text(let s): return CellValue.isWhitespace(s)
        default: return false
        }
    }
}

extension CellValue {
    /// True when every scalar of `s` is Unicode `White_Space`. Decides on the first
    /// byte of most cells: an ASCII byte that is not a space, or the lead byte of a
    /// CJK character (U+4E00…, lead bytes E4–E9), cannot start a blank text.
    @inline(__always)
    static func isWhitespace(_ s: String) -> Bool {
        if let first = s.utf8.first {
            if first < 0x80 {
                if first != 0x20 && !(0x09...0x0D).contains(first) { return false }
            } else if (0xE4...0xE9).contains(first) {
                return false
            }
        }
        return s.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }
}

/// A row of a sheet. `number` is the row number as Excel shows it (1-based); for
/// CSV it is the physical line on which the record starts.
public struct SheetRow: Sendable {
    public var number: Int
    public var cells: [CellValue]
    public init(number: Int, cells: [CellValue]) {
        self.number = number
        self.cells = cells
    }
    /// The cell at a 0-based column, `.empty` past the end.
    public subscript(column: Int) -> CellValue {
        column < cells.count ? cells[column] : .empty
    }
}

/// The file formats partystats reads.
public enum FileFormat: String, Sendable, Codable {
    case csv, xlsx, xlsm, xls
}

/// A sheet of a workbook (a CSV file has one, named after the file's stem).
public struct SheetInfo: Sendable, Hashable {
    public var name: String
    /// 0-based position in workbook order.
    public var index: Int
    public var hidden: Bool
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
