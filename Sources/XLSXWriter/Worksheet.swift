import CXLSXWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One sheet of a `Workbook`. The handle stays valid while the workbook is open: a
/// worksheet keeps its workbook alive, and every call after `close()` throws `.closed`.
///
/// Every write records the display width of what it wrote (CJK counted double) so
/// that `fitColumns` can size the columns afterwards.
public final class Worksheet {
    /// The sheet name as shown on its tab.
    public let name: String
    /// The workbook this sheet belongs to.
    public let workbook: Workbook
    let handle: UnsafeMutablePointer<lxw_worksheet>
    /// The widest content written in each column, in `TextWidth` units.
    public private(set) var contentWidths: [Int: Int] = [:]

    init(workbook: Workbook, handle: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.workbook = workbook
        self.handle = handle
        self.name = name
    }

    /// The C handle after checking that the workbook is still open.
    func live(_ what: @autoclosure () -> String) throws -> UnsafeMutablePointer<lxw_worksheet> {
        try workbook.checkOpen(sheet: name, what())
        return handle
    }

    /// The C handle and the corners of a range as libxlsxwriter takes them.
    typealias LiveRange = (sheet: UnsafeMutablePointer<lxw_worksheet>, first: (lxw_row_t, lxw_col_t),
                           last: (lxw_row_t, lxw_col_t))

    /// The C handle and the checked corners of a range, for the `worksheet_*` call `function`.
    func liveRange(_ function: String, _ firstRow: Int, _ firstColumn: Int, _ lastRow: Int, _ lastColumn: Int)
        throws -> LiveRange {
        (try live(function), try position(firstRow, firstColumn, function), try position(lastRow, lastColumn, function))
    }

    func position(_ row: Int, _ column: Int, _ what: @autoclosure () -> String) throws -> (lxw_row_t, lxw_col_t) {
        guard (0...CellReference.maxRow).contains(row), (0...CellReference.maxColumn).contains(column) else {
            throw XLSXWriterError(code: .indexOutOfRange,
                                  message: "Excel sheets have rows 1–1,048,576 and columns A–XFD",
                                  sheet: name, row: row, column: column, what: what())
        }
        return (lxw_row_t(row), lxw_col_t(column))
    }

    /// Writes one cell with the writer its value calls for.
    ///
    /// - Parameters:
    ///   - value: the value; `.text` always goes through `worksheet_write_string`.
    ///   - style: the look; equal styles share one format.
    ///   - fit: whether the value counts towards `fitColumns`.
    /// - Throws: `XLSXWriterError` with the sheet, row and column, e.g. `.stringTooLong`
    ///   for text over 32,767 characters, `.indexOutOfRange` for a row above the current
    ///   one in constant-memory mode, `.invalidParameter` for a non-finite number.
    public func write(_ value: CellValue, row: Int, column: Int, style: CellStyle? = nil, fit: Bool = true) throws {
        let sheet = try live("write")
        let (r, c) = try position(row, column, "write")
        let format = try workbook.format(for: style)
        func fail(_ message: String, _ what: String) -> XLSXWriterError {
            XLSXWriterError(code: .invalidParameter, message: message, sheet: name, row: row, column: column,
                            what: what)
        }
        let width: Int
        switch value {
        case .text(let text):
            try check(worksheet_write_string(sheet, r, c, text, format), "worksheet_write_string",
                      sheet: name, row: row, column: column)
            width = TextWidth.units(text)
        case .number(let number):
            guard number.isFinite else { throw fail("Excel cannot store \(number)", "worksheet_write_number") }
            try check(worksheet_write_number(sheet, r, c, number, format), "worksheet_write_number",
                      sheet: name, row: row, column: column)
            width = TextWidth.units(forNumber: number, format: style?.numberFormat)
        case .integer(let integer):
            guard integer.magnitude <= 1 << 53 else {
                throw fail("\(integer) has more digits than an Excel number keeps", "worksheet_write_number")
            }
            try check(worksheet_write_number(sheet, r, c, Double(integer), format), "worksheet_write_number",
                      sheet: name, row: row, column: column)
            width = TextWidth.units(forNumber: Double(integer), format: style?.numberFormat)
        case .formula(let formula, let cached):
            guard cached.isFinite else { throw fail("cached value \(cached) is not finite",
                                                    "worksheet_write_formula_num") }
            guard !formula.isEmpty else { throw fail("empty formula", "worksheet_write_formula_num") }
            try check(worksheet_write_formula_num(sheet, r, c, formula, format, cached),
                      "worksheet_write_formula_num", sheet: name, row: row, column: column)
            width = TextWidth.units(forNumber: cached, format: style?.numberFormat)
        case .date(let date):
            guard date.isValid else {
                throw fail("\(date.year)-\(date.month)-\(date.day) is not a date Excel can store",
                           "worksheet_write_datetime")
            }
            var datetime = lxw_datetime(year: Int32(date.year), month: Int32(date.month), day: Int32(date.day),
                                        hour: Int32(date.hour), min: Int32(date.minute), sec: date.second)
            try check(worksheet_write_datetime(sheet, r, c, &datetime, format), "worksheet_write_datetime",
                      sheet: name, row: row, column: column)
            width = max(10, style?.numberFormat?.count ?? 10)
        case .blank:
            // libxlsxwriter ignores a blank without a format (nothing to show).
            try check(worksheet_write_blank(sheet, r, c, format), "worksheet_write_blank",
                      sheet: name, row: row, column: column)
            width = 0
        }
        if fit, width > contentWidths[column, default: 0] {
            contentWidths[column] = width
        }
    }

    /// Writes `values` left to right from `column`, all with `style`.
    public func writeRow(_ values: [CellValue], row: Int, column: Int = 0, style: CellStyle? = nil,
                         fit: Bool = true) throws {
        for (offset, value) in values.enumerated() {
            try write(value, row: row, column: column + offset, style: style, fit: fit)
        }
    }

    /// Writes `values` left to right from `column`, each with its own style.
    public func writeRow(_ cells: [(CellValue, CellStyle?)], row: Int, column: Int = 0, fit: Bool = true) throws {
        for (offset, cell) in cells.enumerated() {
            try write(cell.0, row: row, column: column + offset, style: cell.1, fit: fit)
        }
    }

    /// Merges a range and writes `text` (as a string) into it; the other cells get
    /// the same style so borders and fill cover the whole range. Merged text does not
    /// count towards `fitColumns`.
    /// - Throws: `.invalidParameter` for a one-cell range, `.stringTooLong`, `.indexOutOfRange`.
    public func mergeRange(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int,
                           text: String, style: CellStyle? = nil) throws {
        let (sheet, (r1, c1), (r2, c2)) = try liveRange("worksheet_merge_range", firstRow, firstColumn, lastRow,
                                                        lastColumn)
        // worksheet_merge_range ignores the result of its inner worksheet_write_string,
        // so the length limit is checked here.
        guard text.unicodeScalars.count <= 32_767 else {
            throw XLSXWriterError(code: .stringTooLong, message: "a cell holds at most 32,767 characters",
                                  sheet: name, row: firstRow, column: firstColumn, what: "worksheet_merge_range")
        }
        let format = try workbook.format(for: style)
        try check(worksheet_merge_range(sheet, r1, c1, r2, c2, text, format), "worksheet_merge_range",
                  sheet: name, row: firstRow, column: firstColumn)
    }
}

extension TextWidth {
    /// The display width of a number shown with an Excel number format such as
    /// `#,##0`, `0.0%` or `#,##0.00` (an estimate good enough for column widths).
    public static func units(forNumber number: Double, format: String?) -> Int {
        let format = format ?? "General"
        let percent = format.hasSuffix("%")
        let value = percent ? number * 100 : number
        let decimals: Int
        if let dot = format.firstIndex(of: ".") {
            decimals = format[format.index(after: dot)...].prefix { $0 == "0" }.count
        } else if format == "General" {
            let text = "\(value)"
            let integerPart = text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) + 1 }
            decimals = text.hasSuffix(".0") ? 0 : max(0, text.count - (integerPart ?? text.count))
        } else {
            decimals = 0
        }
        let whole = abs(value.rounded(.towardZero))
        let digits = whole < 1 ? 1 : Int(log10(whole)) + 1
        let separators = format.contains(",") ? (digits - 1) / 3 : 0
        return digits + separators + (decimals > 0 ? decimals + 1 : 0) + (percent ? 1 : 0) + (value < 0 ? 1 : 0)
    }
}
