import Foundation

/// Excel serial numbers, ISO date strings and number formats → dates.
/// Shared by the XLSX and XLS readers.
enum XLSXDates {
    /// How a number format shows a number.
    enum FormatKind: UInt8 {
        case number = 0
        /// A date, time or date-time format.
        case dateTime = 1
        /// An elapsed-time format such as `[h]:mm:ss`: a duration, kept as a number of days.
        case duration = 2
    }

    /// Built-in number formats that show dates or times: 14–22 (all locales),
    /// 27–36 and 50–58 (East Asian locales: `yyyy"年"m"月"`, `m"月"d"日"` …),
    /// 45 and 47 (`mm:ss`, `mmss.0`). 46 (`[h]:mm:ss`) is a duration.
    static func builtinKind(_ id: Int) -> FormatKind {
        switch id {
        case 14...22, 27...36, 45, 47, 50...58: return .dateTime
        case 46: return .duration
        default: return .number
        }
    }

    /// Classifies a custom format code, looking at its first section only: any of
    /// `y m d h s` (either case) outside quoted text, `\`/`_`/`*` escapes and
    /// bracketed sections (`[Red]`, `[$-804]`) makes it a date; `[h]`, `[m]`, `[s]`
    /// make it a duration; `AM/PM` counts as a time. This follows calamine's rule so
    /// that `cells` agrees with python-calamine.
    static func customKind(_ format: String) -> FormatKind {
        var escaped = false
        var inQuote = false
        var brackets = 0
        var prev: Character = " "
        var hms = false
        var ampm = false
        for ch in format {
            if escaped { escaped = false; prev = ch; continue }
            if inQuote {
                if ch == "\"" { inQuote = false }
                prev = ch
                continue
            }
            switch ch {
            case "_", "\\", "*": escaped = true
            case "\"": inQuote = true
            case ";": return .number
            case "[": brackets += 1
            case "]":
                if brackets == 1 && hms { return .duration }
                brackets = max(0, brackets - 1)
            default:
                if brackets == 0 {
                    if !ampm, ch == "a" || ch == "A" { ampm = true; break }
                    if ampm, "pmPM/".contains(ch) { return .dateTime }
                    if !ampm, "dmhysDMHYS".contains(ch) { return .dateTime }
                }
                if hms && ch.lowercased() == prev.lowercased() {
                    // still inside `[hh`, `[mm` …
                } else {
                    hms = prev == "[" && "mhsMHS".contains(ch)
                }
            }
            prev = ch
        }
        return .number
    }

    /// Milliseconds in a day.
    private static let msPerDay: Int64 = 86_400_000

    /// Converts an Excel serial number to a calendar date and time.
    ///
    /// The 1900 system counts from 1899-12-30 and keeps Excel's phantom 1900-02-29
    /// the way calamine does: serials below 60 are shifted by one day, so 1 is
    /// 1900-01-01 and both 59 and 60 are 1900-02-28. The 1904 system adds 1,462 days.
    /// Time is rounded to the millisecond and shown to the second (truncated).
    /// - Returns: nil for negative serials or years past 9999.
    static func dateTime(serial: Double, date1904: Bool) -> CellDateTime? {
        guard serial.isFinite, serial >= 0 else { return nil }
        var f = date1904 ? serial + 1462 : serial
        if f < 60 { f += 1 }
        let msDouble = (f * Double(msPerDay)).rounded()
        guard msDouble < 3_000_000 * Double(msPerDay) else { return nil }
        let ms = Int64(msDouble)
        let days = ms / msPerDay
        let msOfDay = ms % msPerDay
        // 1899-12-30 is day -25,569 relative to 1970-01-01.
        let (y, m, d) = civil(fromDays: days - 25_569)
        guard y <= 9999 else { return nil }
        let secs = Int(msOfDay / 1000)
        return CellDateTime(year: y, month: m, day: d, hour: secs / 3600, minute: secs / 60 % 60, second: secs % 60,
                            serial: serial)
    }

    /// The Excel serial (1900 system, or 1904 when asked) of a calendar date-time.
    static func serial(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double,
                       date1904: Bool) -> Double {
        var days = Double(daysFromCivil(year: year, month: month, day: day) + 25_569)
        if days < 61 { days -= 1 }
        if date1904 { days -= 1462 }
        return days + (Double(hour * 3600 + minute * 60) + second) / 86_400
    }

    /// Parses an ISO 8601 date or date-time as found in `t="d"` cells:
    /// `2024-05-01`, `2024-05-01T08:30:00`, `2024-05-01T08:30:00.000Z`, or a time `08:30:00`.
    static func parseISO(_ text: String, date1904: Bool) -> CellDateTime? {
        let s = text.trimmingCharacters(in: .whitespaces)
        var year: Int, month: Int, day: Int
        var timePart: Substring?
        if let tIndex = s.firstIndex(where: { $0 == "T" || $0 == " " }) {
            timePart = s[s.index(after: tIndex)...]
            guard let ymd = ymd(s[..<tIndex]) else { return nil }
            (year, month, day) = ymd
        } else if s.contains(":") {
            timePart = s[...]
            // A bare time is day 0 of the 1900 system, shown by calamine as 1899-12-31.
            year = 1899; month = 12; day = 31
        } else {
            guard let ymd = ymd(s[...]) else { return nil }
            (year, month, day) = ymd
        }
        var hour = 0, minute = 0
        var second = 0.0
        if var t = timePart {
            if t.hasSuffix("Z") { t = t.dropLast() }
            let parts = t.split(separator: ":")
            guard parts.count >= 2, let h = Int(parts[0]), let mi = Int(parts[1]) else { return nil }
            hour = h; minute = mi
            if parts.count > 2 { guard let sec = Double(parts[2]) else { return nil }; second = sec }
        }
        let serial = serial(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                            date1904: date1904)
        return CellDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: Int(second),
                            serial: serial)
    }

    private static func ymd(_ s: Substring) -> (Int, Int, Int)? {
        let parts = s.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return (y, m, d)
    }

    /// Proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's algorithm).
    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    /// Days from 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
