/// Age bands at the end of the report year (SPEC §5): how indicators group members by age.
public enum AgeBand {
    /// The bands' keys in `--json`, youngest first, then unknown.
    public static let keys = ["<=30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", ">=61", "unknown"]
    /// The bands' Chinese labels, in the order of `keys`.
    public static let labels = ["30岁及以下", "31—35岁", "36—40岁", "41—45岁", "46—50岁", "51—55岁", "56—60岁",
                                "61岁及以上", "未知"]
    /// The index of the unknown band.
    public static let unknown = 8

    /// The band index 0…8 of an age (8 when unknown).
    public static func index(age: Int?) -> Int {
        guard let age else { return unknown }
        return age <= 30 ? 0 : age >= 61 ? 7 : (age - 31) / 5 + 1
    }

    /// The age at the end of `year` of someone born in `birthYear` (everyone born in a
    /// year has had the birthday by 12-31, so a day or a month of birth changes nothing);
    /// nil when born after `year`.
    public static func age(bornIn birthYear: Int, atEndOf year: Int) -> Int? {
        birthYear <= year ? year - birthYear : nil
    }

    /// The age at the end of `year` of a member born on `birth` (nil: unknown).
    public static func age(birth: PartyDate?, atEndOf year: Int) -> Int? {
        birth.flatMap { age(bornIn: $0.year, atEndOf: year) }
    }
}

/// Joining periods (SPEC §5): each includes its end date; a month counts as its first day.
public enum JoiningPeriod {
    /// The periods' keys in `--json`, earliest first, then unknown.
    public static let keys = ["before_1949-10-01", "1949-10-01_to_1978-12-18", "1978-12-19_to_2012-11-08",
                              "after_2012-11-08", "unknown"]
    /// The periods' Chinese labels, in the order of `keys`.
    public static let labels = ["新中国成立前", "新中国成立至十一届三中全会", "十一届三中全会后至党的十八大",
                                "党的十八大以后", "未知"]
    /// The index of the unknown period.
    public static let unknown = 4

    /// The period index 0…3 of a joining day (fields as written: 13 is a month like any other).
    public static func index(year: Int, month: Int, day: Int) -> Int {
        let d = (year, month, day)
        return d < (1949, 10, 1) ? 0 : d <= (1978, 12, 18) ? 1 : d <= (2012, 11, 8) ? 2 : 3
    }

    /// The period index 0…4 of a joining date (4 when unknown).
    public static func index(_ joined: PartyDate?) -> Int {
        switch joined {
        case nil: unknown
        case .day(let d): index(year: d.year, month: d.month, day: d.day)
        case .month(let m): index(year: m.year, month: m.month, day: 1)
        }
    }
}

/// The member figures' rules on stored text read in place, as the store keeps it: the
/// tally of a stored member and the scan of a stored row apply the same rules as
/// `AgeBand` and `JoiningPeriod` (`age(birth:year:)` and `period(joined:)` read the
/// ISO text's digits and call them), and texts are compared by their bytes, as SQLite
/// groups them.
public enum MemberRules {
    /// The label of a missing or blank text.
    public static let unknown = Array("未知".utf8)
    /// Stored gender and status texts that figures count.
    public static let man = Array("男".utf8), woman = Array("女".utf8), probationary = Array("预备党员".utf8)
    /// Ethnicities `minority` does not count (after `trim`).
    public static let majorityOrUnknown = ["", "汉族", "汉", "不详", "未知", "未填"].map { Array($0.utf8) }
    /// Education levels counted as `college` (大专及以上).
    public static let collegeLevels = ["研究生", "大学本科", "大学专科"].map { Array($0.utf8) }
    /// Branch categories that make a member rural when `is_rural` is absent.
    public static let ruralCategories = ["农村", "行政村", "村"].map { Array($0.utf8) }

    /// Leading and trailing U+0020 removed (SQLite's one-argument `trim`).
    public static func trim(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = b.count
        while start < end && b[start] == 0x20 { start += 1 }
        while end > start && b[end - 1] == 0x20 { end -= 1 }
        return UnsafeBufferPointer(rebasing: b[start..<end])
    }

    /// A breakdown's label: the trimmed text, or 未知 when missing or blank; passed to `body`.
    public static func label<R>(_ b: UnsafeBufferPointer<UInt8>?, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let b {
            let trimmed = trim(b)
            if !trimmed.isEmpty { return body(trimmed) }
        }
        return unknown.withUnsafeBufferPointer(body)
    }

    /// True when the text's bytes are `key`'s (false when missing).
    public static func equal(_ b: UnsafeBufferPointer<UInt8>?, _ key: [UInt8]) -> Bool {
        guard let b else { return false }
        return KeyBytes.equal(key, b)
    }

    /// True when the text's bytes are one of `keys`.
    public static func isOne(of keys: [[UInt8]], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        keys.contains { KeyBytes.equal($0, b) }
    }

    @inline(__always)
    private static func digit(_ b: UInt8) -> Int? { b >= 0x30 && b <= 0x39 ? Int(b &- 0x30) : nil }

    /// The number written by the digits `b[range]`, or nil when one is not a digit.
    @inline(__always)
    private static func number(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var n = 0
        for i in range {
            guard let d = digit(b[i]) else { return nil }
            n = n * 10 + d
        }
        return n
    }

    /// The year and month of a text that starts `DDDD-DD`, else nil.
    @inline(__always)
    private static func yearMonth(_ b: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int)? {
        guard b.count >= 7, b[4] == 0x2D, let year = number(b, 0..<4), let month = number(b, 5..<7) else { return nil }
        return (year, month)
    }

    /// `AgeBand.age` of a stored birth date: its year when the text starts `DDDD-DD`,
    /// else unknown (nil).
    public static func age(birth: UnsafeBufferPointer<UInt8>?, year: Int) -> Int? {
        guard let b = birth, let born = yearMonth(b) else { return nil }
        return AgeBand.age(bornIn: born.year, atEndOf: year)
    }

    /// `JoiningPeriod.index` of a stored joining date: `DDDD-DD-DD` as it is, `DDDD-DD`
    /// as its first day, anything else unknown.
    public static func period(joined: UnsafeBufferPointer<UInt8>?) -> Int {
        guard let b = joined, let start = yearMonth(b) else { return JoiningPeriod.unknown }
        if b.count == 7 { return JoiningPeriod.index(year: start.year, month: start.month, day: 1) }
        guard b.count == 10, b[7] == 0x2D, let day = number(b, 8..<10) else { return JoiningPeriod.unknown }
        return JoiningPeriod.index(year: start.year, month: start.month, day: day)
    }

    /// Rural: `is_rural` when present, else whether the branch category is 农村 or a synonym.
    public static func isRural(isRural: Int64?, category: UnsafeBufferPointer<UInt8>?) -> Bool {
        if let isRural { return isRural != 0 }
        guard let category else { return false }
        return isOne(of: ruralCategories, category)
    }
}
