/// Reads dates from text cells and Excel serial numbers (SPEC §3), and computes ages.
public enum DateParser: Sendable {
    /// `YYYY-MM-DD` in ASCII naming a real day, read from the bytes: the form most
    /// exports use, which the general parser below reads the same way. Anything
    /// else, an impossible day included, is left to the general parser.
    @inline(__always)
    static func isoDay(_ text: String) -> Day? {
        guard text.utf8.count == 10 else { return nil }
        var t = text
        return t.withUTF8(isoDay)
    }

    /// ``parse(_:date1904:)`` of a cell's cleaned text (nil when it is blank); the usual
    /// `YYYY-MM-DD` is read from its bytes.
    public static func parse(_ cell: CellText) -> PartyDate? {
        if let day = isoDay(cell.bytes) { return .day(day) }
        return cell.text.flatMap { parse($0) }
    }

    /// A `YYYY-MM-DD` day read from its bytes (nil for anything else, including
    /// impossible days: ``parse(_:date1904:)`` agrees on every text this accepts).
    static func isoDay(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        guard b.count == 10 else { return nil }
        func digit(_ i: Int) -> Int? {
            let v = Int(b[i]) &- 48
            return v >= 0 && v <= 9 ? v : nil
        }
        guard b[4] == 0x2D, b[7] == 0x2D,
              let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3),
              let m0 = digit(5), let m1 = digit(6), let d0 = digit(8), let d1 = digit(9) else { return nil }
        return Day(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m0 * 10 + m1, day: d0 * 10 + d1)
    }

    /// Parses a date written as text.
    ///
    /// Day precision: `2008-05-01`, `2008/5/1`, `2008.5.1`, `2008年5月1日` (also
    /// `…1号` or no final `日`), `20080501`; a trailing time part as written by
    /// spreadsheet exports (`2008-05-01 00:00:00`, `2008/5/1 8:30`,
    /// `2008-05-01T00:00:00`) is ignored.
    /// Month precision: `2008.05`, `2008-5`, `2008/5`, `2008年5月`, `200805`.
    /// An Excel serial written as text (`39569`, `39569.0`; 1…2958465) is read as
    /// ``fromSerial(_:date1904:)`` would. Full-width digits and punctuation are
    /// folded and surrounding whitespace ignored. The year must have four digits.
    ///
    /// One deliberate exception to the serial rule: a bare four-digit number from
    /// 1800 to 2199 (`2008`) is a year written alone, not serial 2008
    /// (1905-06-30), so it returns nil rather than an invented date.
    ///
    /// - Returns: the date, or nil when the text is not a date or names a day or
    ///   month that does not exist (`2023-02-29`, `2008-13`).
    public static func parse(_ text: String, date1904: Bool = false) -> PartyDate? {
        if let day = isoDay(text) { return .day(day) }
        return parseGeneral(text, date1904: date1904)
    }

    /// ``parse(_:date1904:)`` without the `YYYY-MM-DD` shortcut.
    static func parseGeneral(_ text: String, date1904: Bool) -> PartyDate? {
        let s = text.unicodeScalars
        var i = s.startIndex
        var end = s.endIndex
        while i < end, TextNormaliser.isSpace(s[i]) { i = s.index(after: i) }
        while i < end, TextNormaliser.isSpace(s[s.index(before: end)]) { end = s.index(before: end) }

        /// Reads up to 9 digits; returns value and digit count (0 when none).
        func number() -> (value: Int, length: Int) {
            var value = 0, length = 0
            while i < end, let d = TextNormaliser.digitValue(s[i]) {
                if length < 9 { value = value * 10 + d }
                length += 1
                i = s.index(after: i)
            }
            return (value, length)
        }
        func peek() -> Unicode.Scalar? { i < end ? TextNormaliser.fold(s[i]) : nil }
        func advance() { i = s.index(after: i) }
        /// True when the rest is empty or a time of day (`00:00:00`, `T08:30`).
        func restIsTime() -> Bool {
            guard i < end else { return true }
            let first = s[i]
            guard TextNormaliser.isSpace(first) || first == "T" else { return false }
            advance()
            var sawDigit = false
            while i < end {
                let c = TextNormaliser.fold(s[i])
                if TextNormaliser.digitValue(c) != nil { sawDigit = true }
                else if !(c == ":" || c == "." || TextNormaliser.isSpace(c)) { return false }
                advance()
            }
            return sawDigit
        }
        func day(_ y: (value: Int, length: Int), _ m: (value: Int, length: Int),
                 _ d: (value: Int, length: Int)) -> PartyDate? {
            guard y.length == 4, (1...2).contains(m.length), (1...2).contains(d.length),
                  let day = Day(year: y.value, month: m.value, day: d.value) else { return nil }
            return .day(day)
        }
        func month(_ y: (value: Int, length: Int), _ m: (value: Int, length: Int)) -> PartyDate? {
            guard y.length == 4, (1...2).contains(m.length),
                  let ym = YearMonth(year: y.value, month: m.value) else { return nil }
            return .month(ym)
        }

        let a = number()
        guard a.length > 0 else { return nil }
        guard let sep = peek() else {
            // Digits only.
            switch a.length {
            case 8:
                return day((a.value / 10_000, 4), (a.value / 100 % 100, 2), (a.value % 100, 2))
            case 6:
                if let m = month((a.value / 100, 4), (a.value % 100, 2)) { return m }
                return fromSerial(Double(a.value), date1904: date1904)
            case 4 where (1800...2199).contains(a.value):
                return nil
            case 1...7:
                return fromSerial(Double(a.value), date1904: date1904)
            default:
                return nil
            }
        }
        advance()
        switch sep {
        case "年":
            let m = number()
            guard m.length > 0 else { return nil }
            if peek() == "月" { advance() }
            if i == end { return month(a, m) }
            let d = number()
            guard d.length > 0 else { return nil }
            if let c = peek(), c == "日" || c == "号" { advance() }
            return restIsTime() ? day(a, m, d) : nil
        case "-", "/", ".":
            let b = number()
            guard b.length > 0 else { return nil }
            if i == end {
                if sep == ".", a.length != 4, a.length <= 7 {
                    // A serial with a time fraction, "39569.5".
                    return fromSerial(Double(a.value), date1904: date1904)
                }
                return month(a, b)
            }
            guard peek() == sep else { return nil }
            advance()
            let d = number()
            guard d.length > 0, restIsTime() else { return nil }
            return day(a, b, d)
        default:
            return nil
        }
    }

    /// How a number typed into a date column, in a cell that is not date-formatted,
    /// reads as a date (SPEC §3).
    public struct TypedNumber: Sendable, Equatable {
        /// The date read.
        public var date: PartyDate
        /// True for a year with one decimal `1` (`2005.1`): Excel keeps one number for
        /// a typed `2005.1` and `2005.10`, so it is January or October; read as October.
        public var ambiguousMonth: Bool
    }

    /// Reads a number from a date column of a cell that is not date-formatted.
    ///
    /// - Digits of a date (`20080501`, `200805`) are that date; a bare year (`2008`) is
    ///   no date (nil).
    /// - A number from 1900 to 2100 with at most two decimals is year.month: Excel and
    ///   LibreOffice keep a typed `2005.07` as the number 2005.07, which as a serial
    ///   would be a day in 1905. `2005.07` and `2005.7` → 2005-07, `2005.12` → 2005-12.
    ///   `2005.1` is also what a typed `2005.10` becomes: read as October, the only
    ///   reading for a writer who pads months to two digits (`2005.07`, as the returns
    ///   do), with ``TypedNumber/ambiguousMonth`` set for a warning.
    /// - Any other number is an Excel serial (``fromSerial(_:date1904:)``).
    ///
    /// - Returns: the date, or nil when the number is none.
    public static func fromNumber(_ number: Double) -> TypedNumber? {
        guard number.isFinite else { return nil }
        if number.rounded() == number, number >= 0, number < 1e9 {
            let digits = String(Int(number))
            if digits.count == 4 || digits.count == 6 || digits.count == 8 {
                return parse(digits).map { TypedNumber(date: $0, ambiguousMonth: false) }
            }
        } else if number >= 1900, number < 2101 {
            let hundredths = (number * 100).rounded()
            if abs(number * 100 - hundredths) < 1e-6 {
                let year = Int(hundredths) / 100, fraction = Int(hundredths) % 100
                let oneDecimal = fraction % 10 == 0
                let month = oneDecimal ? (fraction == 10 ? 10 : fraction / 10) : fraction
                if let ym = YearMonth(year: year, month: month) {
                    return TypedNumber(date: .month(ym), ambiguousMonth: fraction == 10)
                }
            }
        }
        return fromSerial(number).map { TypedNumber(date: $0, ambiguousMonth: false) }
    }

    /// Converts an Excel serial date number to a day.
    ///
    /// 1900 system (the default): serial 1 is 1900-01-01 and 59 is 1900-02-28;
    /// Excel counts a 1900-02-29 that never existed as serial 60, so 60 returns nil
    /// and 61 is 1900-03-01. The largest serial is 2958465 (9999-12-31).
    /// 1904 system (`date1904: true`, set by the workbook): serial 0 is 1904-01-01.
    /// The fractional time of day is ignored.
    ///
    /// - Returns: a day, or nil for serial 60 (1900 system), values below the
    ///   first day, beyond 9999-12-31, NaN or infinite.
    public static func fromSerial(_ serial: Double, date1904: Bool = false) -> PartyDate? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        let n = Int(serial.rounded(.down))
        let epochDays: Int
        if date1904 {
            epochDays = Day.days(year: 1904, month: 1, day: 1)
        } else {
            guard n >= 1, n != 60 else { return nil }
            epochDays = Day.days(year: 1899, month: 12, day: n < 60 ? 31 : 30)
        }
        guard let d = Day(daysSince1970: epochDays + n) else { return nil }
        return .day(d)
    }

    /// Age in whole years (周岁) on a reference day.
    ///
    /// A month-precision birth date counts as the first of its month, so someone
    /// born `1994-12` is 30 on 2024-12-31 and 29 on 2024-11-30. Someone born on
    /// 29 February has the birthday on 1 March in common years. Never negative:
    /// a birth after the reference day gives 0.
    public static func age(birth: PartyDate, at: Day) -> Int {
        let b = birth.earliestDay
        var years = at.year - b.year
        if (at.month, at.day) < (b.month, b.day) { years -= 1 }
        return max(0, years)
    }
}
