#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Normalisation of text cells and header cells (SPEC §2 and §3).
///
/// All functions work on Unicode scalars without Foundation and return their input
/// unchanged (no allocation) when there is nothing to do, which is the common case.
public enum TextNormaliser: Sendable {
    /// Trims leading and trailing whitespace and folds full-width ASCII.
    ///
    /// Whitespace is every Unicode `White_Space` scalar (space, tab, line breaks,
    /// U+3000 ideographic space, U+00A0 NBSP, …) plus the invisible U+200B–U+200D,
    /// U+2060 and U+FEFF (a stray byte-order mark). Folding maps U+FF01–U+FF5E to
    /// U+0021–U+007E (`１２３` → `123`, `（` → `(`) and U+3000 and U+00A0 to an
    /// ordinary space. Inner whitespace is otherwise kept.
    ///
    ///     TextNormaliser.clean("\u{3000}城关镇 ") // "城关镇"
    ///     TextNormaliser.clean("ＡＢ１２")          // "AB12"
    public static func clean(_ s: String) -> String {
        if isPlain(s) { return s }
        let scalars = s.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while start < end {
            let before = scalars.index(before: end)
            guard isSpace(scalars[before]) else { break }
            end = before
        }
        var needsFold = false
        var i = start
        while i < end {
            if needsFolding(scalars[i]) { needsFold = true; break }
            i = scalars.index(after: i)
        }
        if !needsFold {
            if start == scalars.startIndex && end == scalars.endIndex { return s }
            return String(scalars[start..<end])
        }
        var out = String.UnicodeScalarView()
        i = start
        while i < end {
            out.append(fold(scalars[i]))
            i = scalars.index(after: i)
        }
        return String(out)
    }

    /// Like ``clean(_:)`` but also removes all inner whitespace, as for personal
    /// names and lookup keys: `"张 三"` → `"张三"`, `"城关\u{3000}镇"` → `"城关镇"`.
    public static func compact(_ s: String) -> String {
        if isPlain(s) { return s }
        let scalars = s.unicodeScalars
        var changed = false
        for scalar in scalars where isSpace(scalar) || needsFolding(scalar) {
            changed = true
            break
        }
        guard changed else { return s }
        var out = String.UnicodeScalarView()
        for scalar in scalars where !isSpace(scalar) {
            out.append(fold(scalar))
        }
        return String(out)
    }

    /// Normalises a header cell for matching against field aliases (SPEC §2).
    ///
    /// Removes all whitespace (including line breaks, U+3000 and NBSP), folds
    /// full-width ASCII (so `（个）` becomes `(个)`), then drops one trailing
    /// bracketed unit when it is a known unit: 个 名 人 元 万元 户 次 人次 % 岁, the
    /// yes/no hints `是/否`, `是否`, `是或否` (reported as unit `"是/否"`), and the
    /// same inside `单位:`, e.g. `(单位:个)`. Unknown bracketed text is part of the
    /// key: `乡镇（街道）` → key `乡镇(街道)`, no unit. A header that is only a unit
    /// keeps it as its key.
    ///
    ///     TextNormaliser.header("金 额\n（万元）") // (key: "金额", unit: "万元")
    ///
    /// - Returns: the comparison key and the unit text, if one was dropped.
    public static func header(_ s: String) -> (key: String, unit: String?) {
        let key = compact(s)
        // Only a key ending in ")" can carry a unit (checked on the last byte first:
        // this runs for every cell of every data row, to spot repeated headers).
        guard key.utf8.last == UInt8(ascii: ")") else { return (key, nil) }
        let scalars = key.unicodeScalars
        guard let open = scalars.lastIndex(of: "("), open > scalars.startIndex else { return (key, nil) }
        var inner = Substring(scalars[scalars.index(after: open)..<scalars.index(before: scalars.endIndex)])
        if inner.hasPrefix("单位:") { inner = inner.dropFirst(3) }
        guard let unit = knownUnit(inner) else { return (key, nil) }
        return (String(scalars[scalars.startIndex..<open]), unit)
    }

    /// The canonical unit text for a bracket's content, or nil when it is not a unit.
    private static func knownUnit(_ inner: Substring) -> String? {
        switch inner {
        case "个", "名", "人", "元", "万元", "户", "次", "人次", "%", "岁": return String(inner)
        case "是/否", "是否", "是或否": return "是/否"
        default: return nil
        }
    }

    /// True when every byte of `s` is ASCII (checked eight bytes at a time).
    public static func isASCII(_ s: String) -> Bool {
        var s = s
        return s.withUTF8(isASCII)
    }

    /// True when every byte is ASCII (checked eight bytes at a time).
    public static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(b)
        var i = 0
        while i &+ 8 <= raw.count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i &+= 8
        }
        while i < raw.count {
            if raw[i] >= 0x80 { return false }
            i &+= 1
        }
        return true
    }

    /// True when no scalar of `s` is a space (``isSpace(_:)``) or needs folding, decided
    /// on the UTF-8 bytes: every such scalar is an ASCII space or control, or starts
    /// with C2 (U+0085, U+00A0), E1 (U+1680), E2 (U+2000–U+2060), E3 80 80 (U+3000) or
    /// EF (U+FEFF, U+FF01–U+FF5E). Most cells, CJK text included, have none of these.
    @inline(__always)
    static func isPlain(_ s: String) -> Bool {
        var s = s
        return s.withUTF8(isPlain)
    }

    /// ``isPlain(_:)`` on valid UTF-8 bytes: when true, ``clean(_:)`` and
    /// ``compact(_:)`` return the text unchanged.
    @inline(__always)
    public static func isPlain(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = b.count
        while i < n {
            // Eight ASCII bytes above 0x20 at a time (IDs, dates, phone numbers).
            if i &+ 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                if w & high == 0 && (w &- 0x2121_2121_2121_2121) & ~w & high == 0 {
                    i &+= 8
                    continue
                }
            }
            let c = b[i]
            if c < 0x80 {
                if c == 0x20 || (c >= 0x09 && c <= 0x0D) { return false }
                i &+= 1
            } else if c >= 0xE4 && c <= 0xE9 {
                // U+4000–U+9FFF (most CJK text): no space or foldable character there.
                i &+= 3
            } else if c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xEF {
                return false
            } else if c == 0xE3 {
                if i + 2 < n && b[i + 1] == 0x80 && b[i + 2] == 0x80 { return false }
                i &+= 3
            } else {
                i &+= 1
            }
        }
        return true
    }

    /// True for whitespace and invisible formatting scalars that never carry data.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        // The Unicode White_Space set, spelled out: a property lookup per CJK
        // character is several times slower.
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        case 0x200B...0x200D, 0x2060, 0xFEFF: return true
        default: return false
        }
    }

    /// True when ``fold(_:)`` changes the scalar.
    @inline(__always)
    static func needsFolding(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v >= 0xFF01 && v <= 0xFF5E) || v == 0x3000 || v == 0xA0
    }

    /// Full-width ASCII to ASCII; U+3000 and NBSP to a space; anything else unchanged.
    @inline(__always)
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        if v >= 0xFF01 && v <= 0xFF5E { return Unicode.Scalar(v - 0xFEE0)! }
        if v == 0x3000 || v == 0xA0 { return " " }
        return scalar
    }

    /// The value 0–9 of an ASCII or full-width digit, else nil.
    @inline(__always)
    static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        let v = scalar.value
        if v >= 0x30 && v <= 0x39 { return Int(v - 0x30) }
        if v >= 0xFF10 && v <= 0xFF19 { return Int(v - 0xFF10) }
        return nil
    }
}

/// Byte-level affix stripping for lookup keys (compared exactly, no Unicode
/// normalisation, which CJK keys never need). Working on the UTF-8 bytes keeps
/// these hot paths free of generic `String` index arithmetic.
public enum KeyBytes {
    /// `key` without the affixes, stripped as long as any applies and something
    /// remains; returns `key` itself (no allocation) when nothing was stripped.
    ///
    /// - Parameters:
    ///   - prefixes: each stripped at most once, in order.
    ///   - suffixes: tried in order (put the longest first) until none applies.
    static func strip(_ key: String, prefixes: [[UInt8]] = [], suffixes: [[UInt8]]) -> String {
        var key = key
        let result: String? = key.withUTF8 { b in
            var start = 0, end = b.count
            for p in prefixes where end - start > p.count && matches(b, at: start, p) {
                start += p.count
            }
            var stripped = true
            while stripped {
                stripped = false
                for suffix in suffixes where end - start > suffix.count && matches(b, at: end - suffix.count, suffix) {
                    end -= suffix.count
                    stripped = true
                    break
                }
            }
            if start == 0 && end == b.count { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        }
        return result ?? key
    }

    /// True when `a` and `b` hold the same bytes (lengths first, then memcmp:
    /// the generic `elementsEqual` walks two iterators a byte at a time).
    @inline(__always)
    public static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return true }
        return memcmp(x, y, a.count) == 0
    }

    /// ``equal(_:_:)`` for an array's bytes.
    @inline(__always)
    public static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { equal($0, b) }
    }

    /// The offset just after the first occurrence of `needle`, if any.
    public static func end(of needle: [UInt8], in key: String) -> Int? {
        var key = key
        return key.withUTF8 { end(of: needle, in: $0) }
    }

    /// The offset just after the first occurrence of `needle` in `bytes`, if any.
    public static func end(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for i in 0...(bytes.count - needle.count) where matches(bytes, at: i, needle) {
            return i + needle.count
        }
        return nil
    }

    @inline(__always)
    static func matches(_ b: UnsafeBufferPointer<UInt8>, at offset: Int, _ bytes: [UInt8]) -> Bool {
        for (i, byte) in bytes.enumerated() where b[offset + i] != byte { return false }
        return true
    }
}

/// A text compared and hashed by its UTF-8 bytes, as SQLite compares text in
/// `GROUP BY` and `IN`, without Swift's Unicode normalisation (which CJK keys never
/// need and which costs a scalar-by-scalar pass per hash or comparison). For keys
/// looked up once per cell or per row.
public struct ByteKey: Hashable, Sendable {
    /// The text.
    public let text: String

    /// Wraps a text.
    public init(_ text: String) { self.text = text }

    /// Equal when the UTF-8 bytes are.
    public static func == (a: ByteKey, b: ByteKey) -> Bool {
        // Unequal lengths decide most comparisons; the rest compare their bytes.
        guard a.text.utf8.count == b.text.utf8.count else { return false }
        var x = a.text, y = b.text
        return x.withUTF8 { p in y.withUTF8 { q in ByteKey.equal(p, q) } }
    }

    /// Equal-length byte buffers compared eight bytes at a time.
    @inline(__always)
    private static func equal(_ p: UnsafeBufferPointer<UInt8>, _ q: UnsafeBufferPointer<UInt8>) -> Bool {
        let a = UnsafeRawBufferPointer(p), b = UnsafeRawBufferPointer(q)
        let n = a.count
        var i = 0
        while i &+ 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i,
                                                                                      as: UInt64.self) {
                return false
            }
            i &+= 8
        }
        while i < n {
            if a[i] != b[i] { return false }
            i &+= 1
        }
        return true
    }

    /// Hashes the UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        var t = text
        t.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// A lookup table of texts that finds a key by its UTF-8 bytes first and only then
/// by Swift `String` equality (canonical equivalence). Byte-equal strings are equal
/// strings, so the answer is the same as a `[String: Value]` lookup; the byte path
/// skips the Unicode normalisation that hashing and comparing non-ASCII strings
/// costs, and the string path still finds a key written in another normal form.
/// The import looks up several cells of every row in tables like these.
struct FastTable<Value: Sendable>: Sendable {
    private let strings: [String: Value]
    /// The keys' bytes (`ByteIndex`), and each key's value at its index.
    private let keys: ByteIndex
    private let values: [Value]
    /// True when no key needs cleaning (``TextNormaliser/isPlain(_:)``): then bytes
    /// equal to a key need none either, and `subscript(plainCell:)` need not scan them.
    private let keysArePlain: Bool

    init(_ map: [String: Value]) {
        strings = map
        var keys = ByteIndex()
        var values: [Value] = []
        for (key, value) in map {
            Array(key.utf8).withUnsafeBufferPointer { _ = keys.index(of: $0) }
            values.append(value)
        }
        self.keys = keys
        self.values = values
        keysArePlain = map.keys.allSatisfy(TextNormaliser.isPlain)
    }

    subscript(key: String) -> Value? {
        var key = key
        if let hit = key.withUTF8({ self[bytes: $0] }) { return hit }
        return strings[key]
    }

    /// The value of the key with exactly these bytes, if any (no Unicode
    /// equivalence: a miss may still be found by the `String` subscript).
    subscript(bytes b: UnsafeBufferPointer<UInt8>) -> Value? {
        keys.find(b).index.map { values[$0] }
    }

    /// The value of the key with exactly the bytes of a text cell when they need no
    /// cleaning (``TextNormaliser/isPlain(_:)``); nil otherwise, and the cell is then
    /// read as text. The bytes are scanned for cleaning only when a key needs it.
    subscript(plainCell b: UnsafeBufferPointer<UInt8>) -> Value? {
        guard let i = keys.find(b).index else { return nil }
        return keysArePlain || TextNormaliser.isPlain(b) ? values[i] : nil
    }
}
