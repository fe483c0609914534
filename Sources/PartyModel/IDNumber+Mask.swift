extension IDNumber {
    /// Masks personal numbers wherever they stand in a text, for every output meant for
    /// people (problem listings, indicators, the workbook, exports). The one masking
    /// function of partystats.
    ///
    /// - An ID-like number: 15 to 19 digits (the 18th may be `X`), typed together or in
    ///   groups joined by one kind of separator (space, `-`, U+3000, NBSP): the first 6
    ///   and the last 4 characters stay, every digit between becomes `*`, separators stay
    ///   (`411328-19700102-9035` → `411328-********-9035`). Nineteen digits are an ID with
    ///   a stray digit (or a bank card): masked too.
    /// - A mobile number, 11 digits starting with 1 (`138 1234 5678` too): `138****5678`.
    ///
    /// A number inside a run of 32 or more letters and digits is part of a digest or a
    /// key (SHA-256, MD5, a UUID without dashes) and is left alone, as are shorter and
    /// longer numbers (amounts, years, dates) and everything else. Full-width digits count.
    /// Returns the text itself when there is nothing to mask.
    ///
    ///     IDNumber.maskAll(in: "张三 11010519491231002X 13812345678")
    ///     // "张三 110105********002X 138****5678"
    ///     IDNumber.maskAll(in: "4113 2819 4001 0215 3X")   // "4113 28** **** **15 3X"
    public static func maskAll(in text: String) -> String {
        // Nothing to mask holds fewer than 11 digits (a mobile number): most texts (names,
        // categories, numbers masked already) are returned after one pass over their bytes.
        // A 0xEF byte may start a full-width digit, so it counts as one.
        var digits = 0
        for byte in text.utf8 where (byte >= 0x30 && byte <= 0x39) || byte == 0xEF { digits += 1 }
        guard digits >= 11 else { return text }
        let s = Array(text.unicodeScalars)
        var masked: [Bool]? = nil
        var i = 0
        while i < s.count {
            guard digitValue(s[i]) != nil else {
                i += 1
                continue
            }
            let groups = digitGroups(s, from: i)
            if let end = maskedEnd(s, groups: groups) {
                if masked == nil { masked = Array(repeating: false, count: s.count) }
                mark(s, from: i, to: end, into: &masked!)
            }
            i = groups.last.map { $0.upperBound } ?? i + 1
            // Skip the rest of a digit run already looked at.
            while i < s.count, digitValue(s[i]) != nil { i += 1 }
        }
        guard let masked else { return text }
        var out = String.UnicodeScalarView()
        for (k, scalar) in s.enumerated() { out.append(masked[k] ? "*" : scalar) }
        return String(out)
    }

    /// The value of an ASCII or full-width digit.
    private static func digitValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 0x30...0x39: return c.value - 0x30
        case 0xFF10...0xFF19: return c.value - 0xFF10
        default: return nil
        }
    }

    private static func isX(_ c: Unicode.Scalar) -> Bool {
        c == "X" || c == "x" || c == "\u{FF38}" || c == "\u{FF58}"
    }

    private static func isSeparator(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "-" || c == "\u{3000}" || c == "\u{00A0}"
    }

    /// A letter or digit (ASCII or full-width) that makes a number part of a longer run.
    private static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        if digitValue(c) != nil { return true }
        switch c.value {
        case 0x41...0x5A, 0x61...0x7A, 0xFF21...0xFF3A, 0xFF41...0xFF5A: return true
        default: return false
        }
    }

    /// The digit runs from `start` on that one kind of separator joins (one separator
    /// character between runs), while together they hold at most 19 digits.
    private static func digitGroups(_ s: [Unicode.Scalar], from start: Int) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var total = 0
        var separator: Unicode.Scalar? = nil
        var i = start
        while true {
            var j = i
            while j < s.count, digitValue(s[j]) != nil { j += 1 }
            guard total + (j - i) <= 19 || groups.isEmpty else { break }
            groups.append(i..<j)
            total += j - i
            guard j + 1 < s.count, isSeparator(s[j]), separator == nil || separator == s[j],
                  digitValue(s[j + 1]) != nil else { break }
            separator = s[j]
            i = j + 1
        }
        return groups
    }

    /// The end (exclusive) of the longest run of leading `groups` that is an ID or a
    /// mobile number standing alone, or nil.
    private static func maskedEnd(_ s: [Unicode.Scalar], groups: [Range<Int>]) -> Int? {
        guard let first = groups.first else { return nil }
        var counts: [Int] = []
        var total = 0
        for g in groups {
            total += g.count
            counts.append(total)
        }
        for k in stride(from: groups.count - 1, through: 0, by: -1) {
            var end = groups[k].upperBound
            var digits = counts[k]
            if digits == 17, end < s.count, isX(s[end]) {
                end += 1
                digits = 18
            }
            let phone = digits == 11 && digitValue(s[first.lowerBound]) == 1
            guard (15...19).contains(digits) || phone else { continue }
            if alphanumericRunLength(s, first.lowerBound..<end) >= minimumDigestLength { return nil }
            return end
        }
        return nil
    }

    /// The shortest run of letters and digits that is a digest or key, never an ID.
    private static let minimumDigestLength = 32

    /// The length of the run of letters and digits around `range` (just `range`'s own
    /// length when no letter or digit touches it).
    private static func alphanumericRunLength(_ s: [Unicode.Scalar], _ range: Range<Int>) -> Int {
        var left = range.lowerBound, right = range.upperBound
        while left > 0, isWordCharacter(s[left - 1]) { left -= 1 }
        while right < s.count, isWordCharacter(s[right]) { right += 1 }
        return right - left
    }

    /// Marks the characters between the first 6 (3 for a mobile number) and the last 4
    /// digits or `X` of `s[start..<end]`; separators are never marked.
    private static func mark(_ s: [Unicode.Scalar], from start: Int, to end: Int, into masked: inout [Bool]) {
        let positions = (start..<end).filter { !isSeparator(s[$0]) }
        let head = positions.count == 11 ? 3 : 6
        for p in positions.dropFirst(head).dropLast(4) { masked[p] = true }
    }
}

extension IDNumber {
    /// ``maskAll(in:)`` applied to every string of a JSON document (keys and values);
    /// numbers, structure and spacing stay byte for byte. For the `--json` outputs.
    ///
    ///     IDNumber.maskAll(inJSON: #"{"name": "13812345678", "n": 13812345678}"#)
    ///     // {"name": "138****5678", "n": 13812345678}
    public static func maskAll(inJSON json: String) -> String {
        let bytes = Array(json.utf8)
        var out: [UInt8] = []
        var copied = 0
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\"") else {
                i += 1
                continue
            }
            let start = i + 1
            var j = start
            while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
                j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1
            }
            let end = min(j, bytes.count)
            let content = String(decoding: bytes[start..<end], as: UTF8.self)
            let masked = maskAll(in: content)
            if masked != content {
                out.append(contentsOf: bytes[copied..<start])
                out.append(contentsOf: masked.utf8)
                copied = end
            }
            i = end + 1
        }
        guard copied > 0 else { return json }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }
}
