import PartyModel
/// Counts of texts keyed by their UTF-8 bytes, filled from bytes read in place (no
/// `String` per lookup): texts equal when their bytes are, as SQLite's `GROUP BY`
/// compares them. For the member scan, where a million rows each add to several
/// small breakdowns.
public struct ByteCounts: Sendable {
    public init() {}

    private var index = ByteIndex()
    public private(set) var counts: [Int] = []

    /// The index of `bytes` (added with a count of 0 when new).
    public mutating func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let i = index.index(of: bytes)
        if i == counts.count { counts.append(0) }
        return i
    }

    /// Adds one to the count of `bytes`.
    public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        counts[index(of: bytes)] += 1
    }

    /// Adds one to the count at an index (from `index(of:)`).
    public mutating func add(at index: Int) {
        counts[index] += 1
    }

    /// Calls `body` with the bytes at an index.
    public func withKey<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        self.index.withKey(index, body)
    }

    /// The text at an index.
    public func text(_ index: Int) -> String { self.index.text(index) }

    /// Every text with its count, in first-seen order.
    public var all: [(text: String, count: Int)] { counts.indices.map { (text($0), counts[$0]) } }
}

/// The member figures' rules on values read in place (`label` mirrors
/// `MemberSQL.label`; age, joining period and rural are tested against the same rules
/// written in SQL).
public enum MemberBytes {
    public static let unknown = Array("未知".utf8)
    public static let man = Array("男".utf8), woman = Array("女".utf8), probationary = Array("预备党员".utf8)
    /// Ethnicities `minority` does not count (after SQLite-style `trim`).
    public static let majorityOrUnknown = ["", "汉族", "汉", "不详", "未知", "未填"].map { Array($0.utf8) }
    /// Education levels counted as `college` (大专及以上).
    public static let collegeLevels = ["研究生", "大学本科", "大学专科"].map { Array($0.utf8) }

    /// SQLite's one-argument `trim`: leading and trailing U+0020 removed.
    public static func trim(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = b.count
        while start < end && b[start] == 0x20 { start += 1 }
        while end > start && b[end - 1] == 0x20 { end -= 1 }
        return UnsafeBufferPointer(rebasing: b[start..<end])
    }

    /// `MemberSQL.label`: the trimmed text, or 未知 when NULL or blank; passed to `body`.
    public static func label<R>(_ b: UnsafeBufferPointer<UInt8>?, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let b {
            let trimmed = trim(b)
            if !trimmed.isEmpty { return body(trimmed) }
        }
        return unknown.withUnsafeBufferPointer(body)
    }

    public static func equal(_ b: UnsafeBufferPointer<UInt8>?, _ key: [UInt8]) -> Bool {
        guard let b else { return false }
        return KeyBytes.equal(key, b)
    }

    public static func isOne(of keys: [[UInt8]], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        keys.contains { KeyBytes.equal($0, b) }
    }

    /// The joining-period boundaries (`JoiningPeriod`).
    public static let founding = Array("1949-10-01".utf8), reform = Array("1978-12-18".utf8),
               eighteenth = Array("2012-11-08".utf8)

    /// Byte-wise `a < b`: the order of SQLite's text comparison and of Swift's `<` on
    /// ASCII text, which the joined dates are.
    public static func less(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { a.lexicographicallyPrecedes($0) }
    }

    /// Byte-wise `a <= b`.
    public static func lessOrEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { !$0.lexicographicallyPrecedes(a) }
    }

    /// Branch categories that make a member rural when `is_rural` is absent.
    public static let ruralCategories = ["农村", "行政村", "村"].map { Array($0.utf8) }

    @inline(__always)
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// True when `b` starts `DDDD-DD` (SQL `GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'`).
    @inline(__always)
    private static func startsYearMonth(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count >= 7 && isDigit(b[0]) && isDigit(b[1]) && isDigit(b[2]) && isDigit(b[3]) && b[4] == 0x2D
            && isDigit(b[5]) && isDigit(b[6])
    }

    /// Age at the end of `year` from a birth date's bytes: `year` − the birth year for
    /// a date starting `DDDD-DD` whose year is at most `year`, else nil. Everyone born
    /// in year B has had the birthday by Y-12-31, so this is exact for day- and
    /// month-precision dates alike.
    public static func age(birth: UnsafeBufferPointer<UInt8>?, year: Int) -> Int? {
        guard let b = birth, startsYearMonth(b) else { return nil }
        let born = Int(b[0] &- 0x30) * 1000 + Int(b[1] &- 0x30) * 100 + Int(b[2] &- 0x30) * 10 + Int(b[3] &- 0x30)
        return born <= year ? year - born : nil
    }

    /// `JoiningPeriod`'s index (0…3, 4 when unknown) of a joining date's bytes:
    /// `DDDD-DD-DD` as it is, `DDDD-DD` as its first day, anything else unknown.
    public static func period(joined: UnsafeBufferPointer<UInt8>?) -> Int {
        guard let b = joined, startsYearMonth(b) else { return 4 }
        func index(_ day: UnsafeBufferPointer<UInt8>) -> Int {
            less(day, founding) ? 0 : lessOrEqual(day, reform) ? 1 : lessOrEqual(day, eighteenth) ? 2 : 3
        }
        if b.count == 10 && b[7] == 0x2D && isDigit(b[8]) && isDigit(b[9]) { return index(b) }
        guard b.count == 7 else { return 4 }
        let day = Array(b) + Array("-01".utf8)
        return day.withUnsafeBufferPointer(index)
    }

    /// Rural: `is_rural` when present, else whether the branch category is 农村 or a synonym.
    public static func isRural(isRural: Int64?, category: UnsafeBufferPointer<UInt8>?) -> Bool {
        if let isRural { return isRural != 0 }
        guard let category else { return false }
        return isOne(of: ruralCategories, category)
    }
}
