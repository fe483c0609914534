/// The unit an amount is written in.
public enum MoneyUnit: String, Sendable, Hashable, CaseIterable, Codable {
    /// 元 (yuan): 100 fen.
    case yuan = "元"
    /// 万元 (ten thousand yuan): 1,000,000 fen.
    case wan = "万元"

    /// Fen per unit: 100 or 1,000,000.
    public var fenPerUnit: Int64 { self == .yuan ? 100 : 1_000_000 }

    /// The unit for a header unit text such as `"元"` or `"万元"` (from
    /// ``TextNormaliser/header(_:)``); nil for other units.
    public init?(unitText: String) {
        switch unitText {
        case "元", "圆": self = .yuan
        case "万元", "万": self = .wan
        default: return nil
        }
    }

    /// The power of ten from this unit to fen.
    var fenDigits: Int { self == .yuan ? 2 : 6 }
}

/// An amount of money in whole fen (分, 0.01 元), exact in a 64-bit integer.
///
/// Encoded (`Codable`) as the bare integer number of fen.
public struct Fen: Hashable, Comparable, Sendable, AdditiveArithmetic, Codable, CustomStringConvertible {
    /// The amount in fen.
    public var rawValue: Int64

    /// Creates an amount of `rawValue` fen.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Zero fen.
    public static let zero = Fen(rawValue: 0)

    /// The amount in 元 with exactly two decimals, computed from the integer:
    /// `"3500.00"`, `"-1.50"`, `"0.05"`.
    public var yuanString: String {
        let magnitude = rawValue.magnitude
        let cents = magnitude % 100
        let whole = magnitude / 100
        return "\(rawValue < 0 ? "-" : "")\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Same as ``yuanString``.
    public var description: String { yuanString }

    /// Reads back a stored or printed amount in 元, such as ``yuanString`` writes:
    /// `"3500.00"`, `"-1.50"`, `"0.05"` (also `"3500"` or `"1,234.5"`). Unlike
    /// ``parse(_:unit:)`` it accepts negative amounts (deltas), and no unit or
    /// currency sign. Nil when the text is not such an amount, is finer than one
    /// fen or exceeds 64 bits.
    public init?(yuanString text: String) {
        guard case .number(let d, let suffix) = DecimalText.scan(text.unicodeScalars[...], allowCurrency: false),
              suffix.isEmpty, case .success(let magnitude) = d.scaledMagnitude(by: 2) else { return nil }
        self.init(rawValue: d.negative ? -magnitude : magnitude)
    }

    /// Reads an amount written as text, exactly (never through a binary float).
    ///
    /// Accepts `3500`, `3,500.00`, `3500.0`, `3500元`, `3500元整`, `0.35万元` or
    /// `0.35万`, `￥3,500`, `¥3500`, full-width digits and punctuation, surrounding
    /// whitespace, and exponent notation (`3.5E+3`). A unit written in the cell
    /// overrides `unit` (the header's unit). Trailing zeros beyond the fen are fine
    /// (`3500.000`); `0.000001万元` is 1 fen.
    ///
    ///     Fen.parse("0.35万元")          // .success(350000 fen)
    ///     Fen.parse("35", unit: .wan)   // .success(35000000 fen)
    ///
    /// - Returns: the amount, or `.invalid` (not an amount), `.negative` (below
    ///   zero), `.tooPrecise` (a digit below 1 fen) or `.tooLarge`.
    public static func parse(_ text: String, unit: MoneyUnit = .yuan) -> Result<Fen, ValueError> {
        switch DecimalText.scan(text.unicodeScalars[...], allowCurrency: true) {
        case .invalid:
            return .failure(.invalid)
        case .overflow(let error, let negative, let suffix):
            guard cellUnit(suffix, default: unit) != nil else { return .failure(.invalid) }
            return .failure(negative ? .negative : error)
        case .number(let d, let suffix):
            guard let cellUnit = cellUnit(suffix, default: unit) else { return .failure(.invalid) }
            return fen(d, unit: cellUnit)
        }
    }

    /// Reads a numeric cell: the double's shortest round-trip decimal text
    /// (`"\(number)"`), rounded to the 15 significant digits Excel keeps (so a
    /// stored 0.30000000000000004 is 0.30), then the rules of ``parse(_:unit:)``.
    ///
    /// - Returns: the amount, or `.invalid` for NaN and infinities, `.negative`,
    ///   `.tooPrecise` (`1.234`), `.tooLarge`.
    public static func parse(number: Double, unit: MoneyUnit = .yuan) -> Result<Fen, ValueError> {
        // Whole amounts of up to 15 digits are exact: skip the decimal text.
        if number >= 0, number < 1e12, number == number.rounded(.towardZero) {
            return .success(Fen(rawValue: Int64(number) * unit.fenPerUnit))
        }
        guard let d = ExactDecimal(number) else { return .failure(.invalid) }
        return fen(d, unit: unit)
    }

    private static func cellUnit(_ suffix: Substring, default unit: MoneyUnit) -> MoneyUnit? {
        switch suffix {
        case "": return unit
        case "元", "元整", "圆", "圆整": return .yuan
        case "万元", "万", "万元整": return .wan
        default: return nil
        }
    }

    private static func fen(_ d: ExactDecimal, unit: MoneyUnit) -> Result<Fen, ValueError> {
        if d.negative, !d.isZero { return .failure(.negative) }
        return d.scaledMagnitude(by: unit.fenDigits).map { Fen(rawValue: $0) }
    }

    /// Numeric order.
    public static func < (a: Fen, b: Fen) -> Bool { a.rawValue < b.rawValue }

    /// Sum; traps on overflow like `Int64` (over 92 trillion 元).
    public static func + (a: Fen, b: Fen) -> Fen { Fen(rawValue: a.rawValue + b.rawValue) }

    /// Difference; traps on overflow like `Int64`.
    public static func - (a: Fen, b: Fen) -> Fen { Fen(rawValue: a.rawValue - b.rawValue) }

    /// Decodes an integer count of fen.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }

    /// Encodes the integer count of fen.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
