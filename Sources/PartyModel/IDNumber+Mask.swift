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
        var text = text
        return text.withUTF8 { maskRuns(in: $0) } ?? text
    }

    /// The masked text, or nil when nothing needed masking.
    private static func maskRuns(in u: UnsafeBufferPointer<UInt8>) -> String? {
        /// An ASCII digit (1 byte) or a full-width one (U+FF10–FF19, 3 bytes).
        func digit(at i: Int) -> (value: UInt8, width: Int)? {
            let b = u[i]
            if b >= 0x30 && b <= 0x39 { return (b - 0x30, 1) }
            if b == 0xEF, i + 2 < u.count, u[i + 1] == 0xBC, u[i + 2] >= 0x90, u[i + 2] <= 0x99 {
                return (u[i + 2] - 0x90, 3)
            }
            return nil
        }
        /// The width of an `X`/`x` (1 byte) or full-width `Ｘ`/`ｘ` (3 bytes) at `i`.
        func xWidth(at i: Int) -> Int? {
            let b = u[i]
            if b == UInt8(ascii: "X") || b == UInt8(ascii: "x") { return 1 }
            if b == 0xEF, i + 2 < u.count,
               (u[i + 1] == 0xBC && u[i + 2] == 0xB8) || (u[i + 1] == 0xBD && u[i + 2] == 0x98) { return 3 }
            return nil
        }
        var out: [UInt8] = []
        var copied = 0
        var i = 0
        while i < u.count {
            guard let first = digit(at: i) else {
                i += 1
                continue
            }
            let runStart = i
            var length = 0
            while i < u.count, let d = digit(at: i) {
                length += 1
                i += d.width
            }
            if length == 17, i < u.count, let w = xWidth(at: i) {
                length = 18
                i += w
            }
            let head: Int, tail: Int
            if (15...18).contains(length) {
                (head, tail) = (6, 4)
            } else if length == 11, first.value == 1 {
                (head, tail) = (3, 4)
            } else {
                continue
            }
            if out.isEmpty { out.reserveCapacity(u.count) }
            out.append(contentsOf: u[copied..<runStart])
            var j = runStart
            for k in 0..<length {
                let width = digit(at: j)?.width ?? xWidth(at: j) ?? 1
                if k < head || k >= length - tail {
                    out.append(contentsOf: u[j..<(j + width)])
                } else {
                    out.append(UInt8(ascii: "*"))
                }
                j += width
            }
            copied = i
        }
        guard !out.isEmpty else { return nil }
        out.append(contentsOf: u[copied..<u.count])
        return String(decoding: out, as: UTF8.self)
    }
}
