/// An exact decimal read from text: `±mantissa × 10^exponent`, never via a binary
/// float. The mantissa has no trailing zeros (they are moved into the exponent),
/// so a negative exponent means real fractional digits.
struct ExactDecimal: Equatable, Sendable {
    var negative: Bool
    var mantissa: UInt64
    var exponent: Int

    static let zero = ExactDecimal(negative: false, mantissa: 0, exponent: 0)

    /// True for any zero, including `-0`.
    var isZero: Bool { mantissa == 0 }

    /// The number of decimal digits in the mantissa (0 for zero).
    var significantDigits: Int {
        var n = 0, m = mantissa
        while m > 0 { n += 1; m /= 10 }
        return n
    }

    /// Rounds half-up to at most `digits` significant digits. Excel keeps 15, so a
    /// stored double like 0.30000000000000004 is the 0.3 the user typed.
    func rounded(toSignificantDigits digits: Int) -> ExactDecimal {
        let extra = significantDigits - digits
        guard extra > 0 else { return self }
        let divisor = pow10[extra]
        var m = mantissa / divisor
        if mantissa % divisor >= divisor / 2 { m += 1 }  // divisor is an even power of ten
        var result = ExactDecimal(negative: negative, mantissa: m, exponent: exponent + extra)
        result.normalise()
        return result
    }

    /// The magnitude times 10^`power` as an integer.
    /// - Returns: `.tooPrecise` when digits would be lost, `.tooLarge` beyond `Int64.max`.
    func scaledMagnitude(by power: Int) -> Result<Int64, ValueError> {
        guard mantissa != 0 else { return .success(0) }
        let f = exponent + power
        if f < 0 { return .failure(.tooPrecise) }
        guard f < pow10.count else { return .failure(.tooLarge) }
        let (product, overflow) = mantissa.multipliedReportingOverflow(by: pow10[f])
        guard !overflow, product <= UInt64(Int64.max) else { return .failure(.tooLarge) }
        return .success(Int64(product))
    }

    mutating func normalise() {
        if mantissa == 0 { exponent = 0; return }
        while mantissa % 10 == 0 { mantissa /= 10; exponent += 1 }
    }

    /// The decimal value of a finite double: its shortest round-trip text (Swift's
    /// `description`, e.g. `"0.35"`, `"1e-05"`, `"3500.0"`), rounded to Excel's 15
    /// significant digits. Nil for NaN and infinities.
    init?(_ number: Double) {
        guard number.isFinite else { return nil }
        guard case .number(let d, let suffix) = DecimalText.scan(number.description.unicodeScalars[...],
                                                                   allowCurrency: false),
              suffix.isEmpty else { return nil }
        self = d.rounded(toSignificantDigits: 15)
    }

    init(negative: Bool, mantissa: UInt64, exponent: Int) {
        self.negative = negative
        self.mantissa = mantissa
        self.exponent = exponent
    }
}

/// 10^0 … 10^19, the powers that fit in a `UInt64`.
let pow10: [UInt64] = {
    var p: [UInt64] = [1]
    for _ in 1...19 { p.append(p[p.count - 1] * 10) }
    return p
}()

/// The shared scanner behind money and count parsing.
enum DecimalText {
    enum Scan {
        /// A well-formed number followed by `suffix` (whitespace removed).
        case number(ExactDecimal, suffix: Substring)
        /// Well-formed but with more significant digits than 64 bits hold:
        /// `.tooLarge` when the integer part alone overflows, else `.tooPrecise`.
        case overflow(ValueError, negative: Bool, suffix: Substring)
        /// Not a number.
        case invalid
    }

    /// Scans `[sign][currency] digits[,ddd…][.digits][e[±]digits] [suffix]`.
    ///
    /// Accepts ASCII and full-width digits and punctuation, `+ - − －`, thousands
    /// separators `,` / `，` in groups of three, a leading `.5` or trailing `5.`,
    /// a currency sign `¥`/`￥` before or after the sign when `allowCurrency`,
    /// and whitespace around the parts. Whatever follows the number is returned
    /// as the suffix, folded and without whitespace, for the caller to judge.
    static func scan(_ s: Substring.UnicodeScalarView, allowCurrency: Bool) -> Scan {
        var i = s.startIndex
        let end = s.endIndex
        func skipSpaces() { while i < end, TextNormaliser.isSpace(s[i]) { i = s.index(after: i) } }
        func current() -> Unicode.Scalar? { i < end ? TextNormaliser.fold(s[i]) : nil }

        skipSpaces()
        var negative = false, sawSign = false, sawCurrency = false
        while let c = current() {
            if !sawSign, c == "-" || c == "+" || c == "\u{2212}" {
                sawSign = true
                negative = c != "+"
            } else if allowCurrency, !sawCurrency, c == "¥" || c == "\u{FFE5}" {
                sawCurrency = true
            } else {
                break
            }
            i = s.index(after: i)
            skipSpaces()
        }

        var mantissa: UInt64 = 0
        var pendingZeros = 0
        var exponent = 0
        var digits = 0
        var intOverflow = false, fracOverflow = false
        func take(_ d: Int, fraction: Bool) {
            digits += 1
            if fraction { exponent -= 1 }
            if d == 0 { pendingZeros += 1; return }
            if intOverflow || fracOverflow { return }
            let scale = pendingZeros + 1
            var overflow = scale >= pow10.count
            if !overflow {
                let (p, o1) = mantissa.multipliedReportingOverflow(by: pow10[scale])
                let (q, o2) = p.addingReportingOverflow(UInt64(d))
                overflow = o1 || o2
                mantissa = q
            }
            pendingZeros = 0
            if overflow {
                if fraction { fracOverflow = true } else { intOverflow = true }
            }
        }

        // Integer part with optional thousands separators.
        var group = 0, sawComma = false
        while let c = current() {
            if let d = TextNormaliser.digitValue(c) {
                take(d, fraction: false)
                group += 1
            } else if c == "," {
                guard group > 0, sawComma ? group == 3 : group <= 3 else { return .invalid }
                sawComma = true
                group = 0
            } else {
                break
            }
            i = s.index(after: i)
        }
        if sawComma, group != 3 { return .invalid }
        if current() == "." {
            i = s.index(after: i)
            while let c = current(), let d = TextNormaliser.digitValue(c) {
                take(d, fraction: true)
                i = s.index(after: i)
            }
        }
        guard digits > 0 else { return .invalid }
        if let c = current(), c == "e" || c == "E" {
            i = s.index(after: i)
            var expNegative = false
            if let c = current(), c == "-" || c == "+" {
                expNegative = c == "-"
                i = s.index(after: i)
            }
            var value = 0, expDigits = 0
            while let c = current(), let d = TextNormaliser.digitValue(c) {
                value = min(value * 10 + d, 100_000)
                expDigits += 1
                i = s.index(after: i)
            }
            guard expDigits > 0 else { return .invalid }
            exponent += expNegative ? -value : value
        }
        skipSpaces()
        let suffix = suffixText(s[i..<end])
        if intOverflow { return .overflow(.tooLarge, negative: negative, suffix: suffix) }
        if fracOverflow { return .overflow(.tooPrecise, negative: negative, suffix: suffix) }
        var d = ExactDecimal(negative: negative, mantissa: mantissa, exponent: exponent + pendingZeros)
        d.normalise()
        return .number(d, suffix: suffix)
    }

    /// The rest of the text, folded and without whitespace ("" without allocating
    /// when there is none).
    private static func suffixText(_ rest: Substring.UnicodeScalarView) -> Substring {
        if rest.isEmpty { return "" }
        return Substring(TextNormaliser.compact(String(rest)))
    }
}
