extension IDNumber {
    /// Masks personal numbers inside arbitrary text, for problem reports and
    /// exports.
    ///
    /// - An ID-like run, 15–18 characters of digits (an 18th may be `X`/`x`):
    ///   the first 6 and last 4 are kept and each character between becomes `*`
    ///   (`11010519491231002X` → `110105********002X`).
    /// - A mobile number, exactly 11 digits starting with 1: `138****5678`.
    ///
    /// A run is a maximal sequence of ASCII or full-width digits; longer or shorter
    /// runs (bank accounts, amounts, years) are left alone, as is everything else.
    /// Returns the text itself, unchanged, when there is nothing to mask.
    ///
    ///     IDNumber.maskAll(in: "张三 11010519491231002X 13812345678")
    ///     // "张三 110105********002X 138****5678"
    public static func maskAll(in text: String) -> String {
        let s = text.unicodeScalars
        let end = s.endIndex
        var out: String.UnicodeScalarView? = nil
        var copied = s.startIndex
        var i = s.startIndex
        while i < end {
            guard let first = TextNormaliser.digitValue(s[i]) else {
                i = s.index(after: i)
                continue
            }
            let runStart = i
            var digits = 0
            while i < end, TextNormaliser.digitValue(s[i]) != nil {
                digits += 1
                i = s.index(after: i)
            }
            var length = digits
            if digits == 17, i < end, isX(s[i]) {
                length = 18
                i = s.index(after: i)
            }
            let head: Int, tail: Int
            if (15...18).contains(length) {
                (head, tail) = (6, 4)
            } else if length == 11, first == 1 {
                (head, tail) = (3, 4)
            } else {
                continue
            }
            if out == nil {
                out = String.UnicodeScalarView()
            }
            out!.append(contentsOf: s[copied..<runStart])
            var j = runStart
            for k in 0..<length {
                out!.append(k < head || k >= length - tail ? s[j] : "*")
                j = s.index(after: j)
            }
            copied = i
        }
        guard var result = out else { return text }
        result.append(contentsOf: s[copied..<end])
        return String(result)
    }

    private static func isX(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "X", "x", "\u{FF38}", "\u{FF58}": return true
        default: return false
        }
    }
}
