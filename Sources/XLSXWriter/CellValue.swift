/// A value for one cell; each case is written with its own `worksheet_write_*`.
///
/// Text is always written with `worksheet_write_string`, whatever it begins with:
/// `.text("=HYPERLINK(\"http://x\")")` is stored as those characters, never as a
/// formula. Only `.formula` writes a formula, and it always carries a cached value so
/// that readers which do not recalculate (viewers, openpyxl, pandas) show the figure.
public enum CellValue: Sendable, Equatable {
    /// A string cell (`worksheet_write_string`). Empty text writes a blank cell when
    /// a style is given, and nothing otherwise (libxlsxwriter's rule).
    case text(String)
    /// A number cell (`worksheet_write_number`). Must be finite.
    case number(Double)
    /// A whole-number cell (`worksheet_write_number`); Excel stores doubles, so the
    /// magnitude must not exceed 2^53.
    case integer(Int64)
    /// A formula (`worksheet_write_formula_num`) with the value it evaluates to.
    case formula(String, cached: Double)
    /// A date or date-time (`worksheet_write_datetime`); give the cell a date
    /// number format through its style.
    case date(CellDate)
    /// An empty cell that still carries its style (`worksheet_write_blank`).
    case blank
}

/// A calendar date with an optional time of day, as Excel stores it.
public struct CellDate: Sendable, Hashable {
    /// Year (Excel accepts 1900–9999).
    public var year: Int
    /// Month, 1–12.
    public var month: Int
    /// Day of the month, 1–31.
    public var day: Int
    /// Hour, 0–23.
    public var hour: Int
    /// Minute, 0–59.
    public var minute: Int
    /// Seconds, with a fraction, 0 up to 60.
    public var second: Double

    /// Creates a date; validity is checked when it is written.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Whether Excel can store this date (1900-01-01 … 9999-12-31, a real day, a real time).
    public var isValid: Bool {
        guard (1900...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days && (0...23).contains(hour) && (0...59).contains(minute)
            && second >= 0 && second < 60
    }
}
