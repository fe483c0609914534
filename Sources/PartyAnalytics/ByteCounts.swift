/// Counts of texts keyed by their UTF-8 bytes, filled from bytes read in place (no
/// `String` per lookup): texts equal when their bytes are, as SQLite's `GROUP BY`
/// compares them. For the member scan, where a million rows each add to several
/// small breakdowns.
struct ByteCounts {
    private var keys: [[UInt8]] = []
    private(set) var counts: [Int] = []
    /// Open addressing: index + 1 into `keys`, 0 for an empty slot; a power of two long.
    private var slots = [Int32](repeating: 0, count: 16)

    /// The index of `bytes` (added with a count of 0 when new).
    mutating func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if keys[entry - 1].withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return entry - 1 }
            slot = (slot + 1) & mask
        }
        keys.append(Array(bytes))
        counts.append(0)
        slots[slot] = Int32(keys.count)
        if keys.count * 2 > slots.count { grow() }
        return keys.count - 1
    }

    /// Adds one to the count of `bytes`.
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        counts[index(of: bytes)] += 1
    }

    /// The text at an index.
    func text(_ index: Int) -> String { String(decoding: keys[index], as: UTF8.self) }

    /// Every text with its count, in first-seen order.
    var all: [(text: String, count: Int)] { keys.indices.map { (text($0), counts[$0]) } }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (i, key) in keys.enumerated() {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in key { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i + 1)
        }
    }
}

/// Byte-level forms of the `MemberSQL` helpers for values read in place.
enum MemberBytes {
    static let unknown = Array("未知".utf8)
    static let man = Array("男".utf8), woman = Array("女".utf8), probationary = Array("预备党员".utf8)
    /// Ethnicities `minority` does not count (after SQLite-style `trim`).
    static let majorityOrUnknown = ["", "汉族", "汉", "不详", "未知", "未填"].map { Array($0.utf8) }
    /// Education levels counted as `college` (大专及以上).
    static let collegeLevels = ["研究生", "大学本科", "大学专科"].map { Array($0.utf8) }

    /// SQLite's one-argument `trim`: leading and trailing U+0020 removed.
    static func trim(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = b.count
        while start < end && b[start] == 0x20 { start += 1 }
        while end > start && b[end - 1] == 0x20 { end -= 1 }
        return UnsafeBufferPointer(rebasing: b[start..<end])
    }

    /// `MemberSQL.label`: the trimmed text, or 未知 when NULL or blank; passed to `body`.
    static func label<R>(_ b: UnsafeBufferPointer<UInt8>?, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let b {
            let trimmed = trim(b)
            if !trimmed.isEmpty { return body(trimmed) }
        }
        return unknown.withUnsafeBufferPointer(body)
    }

    static func equal(_ b: UnsafeBufferPointer<UInt8>?, _ key: [UInt8]) -> Bool {
        guard let b else { return false }
        return key.withUnsafeBufferPointer { $0.elementsEqual(b) }
    }

    static func isOne(of keys: [[UInt8]], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        keys.contains { key in key.withUnsafeBufferPointer { $0.elementsEqual(b) } }
    }

    /// The joining-period boundaries (`JoiningPeriod`).
    static let founding = Array("1949-10-01".utf8), reform = Array("1978-12-18".utf8),
               eighteenth = Array("2012-11-08".utf8)

    /// Byte-wise `a < b`: the order of SQLite's text comparison and of Swift's `<` on
    /// ASCII text, which the joined dates are.
    static func less(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { a.lexicographicallyPrecedes($0) }
    }

    /// Byte-wise `a <= b`.
    static func lessOrEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { !$0.lexicographicallyPrecedes(a) }
    }
}
