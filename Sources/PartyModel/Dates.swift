/// A calendar day in the proleptic Gregorian calendar, validated on creation.
///
/// Encoded (`Codable`) as its ISO 8601 text, `"2008-05-01"`.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, ISOTextCodable {
    /// The year, 1…9999.
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…28/29/30/31.
    public let day: Int

    /// Creates a day, or nil when it does not exist (`2023-02-29`, month 13,
    /// year outside 1…9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; nil otherwise or when the day does not exist.
    public init?(iso: String) {
        guard case .day(let d)? = PartyDate(iso: iso) else { return nil }
        self = d
    }

    /// The day `daysSince1970` days after 1970-01-01 (negative: before), or nil
    /// outside years 1…9999.
    public init?(daysSince1970 n: Int) {
        let (y, m, d) = Day.civil(fromDays: n)
        self.init(year: y, month: m, day: d)
    }

    /// Days from 1970-01-01 to this day (negative before 1970).
    public var daysSince1970: Int { Day.days(year: year, month: month, day: day) }

    /// `"2008-05-01"`.
    public var iso: String { isoText(year: year, month: month, day: day) }

    /// Same as ``iso``.
    public var description: String { iso }

    /// True in Gregorian leap years (divisible by 4, centuries only by 400).
    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in a month of a year (28–31); 0 for a month outside 1…12.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeap(year) ? 29 : 28
        default: return 0
        }
    }

    /// Calendar order.
    public static func < (a: Day, b: Day) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// The form of the ISO text, for decoding errors.
    public static let isoForm = "YYYY-MM-DD"

    // Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays n: Int) -> (Int, Int, Int) {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// A month of a year: a date known only to month precision (`2008年5月`).
///
/// Encoded (`Codable`) as its ISO 8601 text, `"2008-05"`.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible, ISOTextCodable {
    /// The year, 1…9999.
    public let year: Int
    /// The month, 1…12.
    public let month: Int

    /// Creates a month, or nil for a month outside 1…12 or a year outside 1…9999.
    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// The first day of the month.
    public var firstDay: Day { Day(year: year, month: month, day: 1)! }

    /// `"2008-05"`.
    public var iso: String { isoText(year: year, month: month, day: nil) }

    /// Same as ``iso``.
    public var description: String { iso }

    /// Calendar order.
    public static func < (a: YearMonth, b: YearMonth) -> Bool {
        (a.year, a.month) < (b.year, b.month)
    }

    /// The month of the ISO text `YYYY-MM`, nil for any other text.
    public init?(iso: String) {
        guard case .month(let m)? = PartyDate(iso: iso) else { return nil }
        self = m
    }

    /// The form of the ISO text, for decoding errors.
    public static let isoForm = "YYYY-MM"
}

/// A date as written in a return: a full day, or only a month (SPEC §3: month
/// precision is stored as such, never with an invented day).
///
/// Ordering: by year and month, and within one month the month-precision value
/// sorts before every day of that month (`2008-05` < `2008-05-01`).
/// Encoded (`Codable`) as ``iso``.
public enum PartyDate: Hashable, Sendable, Comparable, CustomStringConvertible, ISOTextCodable {
    /// A full date.
    case day(Day)
    /// A date known to the month only.
    case month(YearMonth)

    /// `"2008-05-01"` or `"2008-05"`.
    public var iso: String {
        switch self {
        case .day(let d): return d.iso
        case .month(let m): return m.iso
        }
    }

    /// Calls `body` with the bytes of ``iso`` (valid only inside `body`), with no
    /// `String` made: the store binds three dates per member.
    @inlinable
    public func withISOText<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buffer in
            let count: Int
            switch self {
            case .day(let d): count = writeISO(into: buffer, year: d.year, month: d.month, day: d.day)
            case .month(let m): count = writeISO(into: buffer, year: m.year, month: m.month, day: nil)
            }
            return try body(UnsafeBufferPointer(rebasing: buffer[0 ..< count]))
        }
    }

    /// Same as ``iso``.
    public var description: String { iso }

    /// The year.
    public var year: Int {
        switch self {
        case .day(let d): return d.year
        case .month(let m): return m.year
        }
    }

    /// The month, 1…12.
    public var month: Int {
        switch self {
        case .day(let d): return d.month
        case .month(let m): return m.month
        }
    }

    /// The day of the month, or nil at month precision.
    public var dayOfMonth: Int? {
        if case .day(let d) = self { return d.day }
        return nil
    }

    /// The year and month (dropping the day, if any).
    public var yearMonth: YearMonth {
        switch self {
        case .day(let d): return YearMonth(year: d.year, month: d.month)!
        case .month(let m): return m
        }
    }

    /// The day itself, or the first of the month at month precision (the rule
    /// ``DateParser/age(birth:at:)`` and period comparisons use).
    public var earliestDay: Day {
        switch self {
        case .day(let d): return d
        case .month(let m): return m.firstDay
        }
    }

    /// The day itself, or the last of the month at month precision: the latest day
    /// the date can be, for checks that must not warn about what may be right.
    public var latestDay: Day {
        switch self {
        case .day(let d): return d
        case .month(let m): return Day(year: m.year, month: m.month, day: Day.daysIn(month: m.month, year: m.year))!
        }
    }

    /// Parses the two stored forms back: exactly `YYYY-MM-DD` or `YYYY-MM`
    /// (ASCII digits, zero-padded). Nil for anything else or an impossible date.
    public init?(iso: String) {
        let u = iso.utf8
        guard u.count == 7 || u.count == 10 else { return nil }
        var fields = (0, 0, 0)
        var index = 0
        for byte in u {
            switch index {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { return nil }
            default:
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                let v = Int(byte - 0x30)
                if index < 4 { fields.0 = fields.0 * 10 + v }
                else if index < 7 { fields.1 = fields.1 * 10 + v }
                else { fields.2 = fields.2 * 10 + v }
            }
            index += 1
        }
        if u.count == 7 {
            guard let m = YearMonth(year: fields.0, month: fields.1) else { return nil }
            self = .month(m)
        } else {
            guard let d = Day(year: fields.0, month: fields.1, day: fields.2) else { return nil }
            self = .day(d)
        }
    }

    /// Calendar order (a month sorts before the days of that month).
    public static func < (a: PartyDate, b: PartyDate) -> Bool {
        (a.year, a.month, a.dayOfMonth ?? 0) < (b.year, b.month, b.dayOfMonth ?? 0)
    }

    /// The forms of the ISO text, for decoding errors.
    public static let isoForm = "YYYY-MM-DD or YYYY-MM"
}

/// `YYYY-MM-DD` or `YYYY-MM` written straight into the string's storage: stored dates
/// are formatted three times per member, and interpolation costs several allocations.
/// Years are 1…9999, months 1…12 and days 1…31 (the initialisers guarantee it).
func isoText(year: Int, month: Int, day: Int?) -> String {
    String(unsafeUninitializedCapacity: day == nil ? 7 : 10) { writeISO(into: $0, year: year, month: month, day: day) }
}

/// Writes `YYYY-MM-DD` or `YYYY-MM` at the start of `b` (room for 10) and returns its length.
/// Straight-line digits (divisions by constants): the store formats three dates per member.
@inlinable @inline(__always)
func writeISO(into b: UnsafeMutableBufferPointer<UInt8>, year: Int, month: Int, day: Int?) -> Int {
    let zero = UInt8(ascii: "0")
    b[0] = zero &+ UInt8(truncatingIfNeeded: year / 1000 % 10)
    b[1] = zero &+ UInt8(truncatingIfNeeded: year / 100 % 10)
    b[2] = zero &+ UInt8(truncatingIfNeeded: year / 10 % 10)
    b[3] = zero &+ UInt8(truncatingIfNeeded: year % 10)
    b[4] = UInt8(ascii: "-")
    b[5] = zero &+ UInt8(truncatingIfNeeded: month / 10 % 10)
    b[6] = zero &+ UInt8(truncatingIfNeeded: month % 10)
    guard let day else { return 7 }
    b[7] = UInt8(ascii: "-")
    b[8] = zero &+ UInt8(truncatingIfNeeded: day / 10 % 10)
    b[9] = zero &+ UInt8(truncatingIfNeeded: day % 10)
    return 10
}

/// A value written in JSON as its ISO text (``Day``, ``PartyDate``).
public protocol ISOTextCodable: Codable {
    /// The value of an ISO text, nil when the text is not one.
    init?(iso: String)
    /// The ISO text.
    var iso: String { get }
    /// The accepted forms, for decoding errors (`YYYY-MM-DD`).
    static var isoForm: String { get }
}

extension ISOTextCodable {
    /// Decodes the ISO text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a \(Self.isoForm) date: \(text)"))
        }
        self = value
    }

    /// Encodes the ISO text.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}
