/// Reads whole-number counts (organisations, units, members) from cells (SPEC §3).
public enum CountParser: Sendable {
    /// Reads a count written as text.
    ///
    /// Accepts `1281`, `1,281`, `１２８１`, `1281.0`, ` 12 `, `+12`, exponent
    /// notation (`1.281E+3`) and a trailing count unit (`12个`, `12名`, `12人`,
    /// `12户`, `12次`, `12人次`). Blank text is `.invalid`: deciding whether an
    /// empty cell means 0 or "not given" is the caller's job.
    ///
    /// - Returns: the count, or `.negative` (`-1`), `.fractional` (`1.5`),
    ///   `.tooLarge` (beyond `Int`), `.invalid` (anything else, `abc`).
    public static func parse(_ text: String) -> Result<Int, ValueError> {
        switch DecimalText.scan(text.unicodeScalars[...], allowCurrency: false) {
        case .invalid:
            return .failure(.invalid)
        case .overflow(let error, let negative, let suffix):
            guard isCountUnit(suffix) else { return .failure(.invalid) }
            if negative { return .failure(.negative) }
            return .failure(error == .tooPrecise ? .fractional : error)
        case .number(let d, let suffix):
            guard isCountUnit(suffix) else { return .failure(.invalid) }
            return count(d)
        }
    }

    /// Reads a numeric cell. The double is taken as the decimal Excel shows (its
    /// shortest text rounded to 15 significant digits), so `1281.0` is 1281.
    ///
    /// - Returns: the count, or `.negative`, `.fractional`, `.tooLarge`, and
    ///   `.invalid` for NaN and infinities.
    public static func parse(number: Double) -> Result<Int, ValueError> {
        // Whole numbers below 2^53 are exact: skip the decimal text.
        if number >= 0, number < 9_007_199_254_740_992, number == number.rounded(.towardZero) {
            return .success(Int(number))
        }
        guard let d = ExactDecimal(number) else { return .failure(.invalid) }
        return count(d)
    }

    private static func isCountUnit(_ suffix: Substring) -> Bool {
        switch suffix {
        case "", "个", "名", "人", "户", "次", "人次": return true
        default: return false
        }
    }

    private static func count(_ d: ExactDecimal) -> Result<Int, ValueError> {
        if d.negative, !d.isZero { return .failure(.negative) }
        switch d.scaledMagnitude(by: 0) {
        case .success(let v): return v <= Int.max ? .success(Int(v)) : .failure(.tooLarge)
        case .failure(.tooPrecise): return .failure(.fractional)
        case .failure(let e): return .failure(e)
        }
    }
}

/// Reads yes/no cells such as 是否流动党员 (SPEC §3).
public enum FlagParser: Sendable {
    /// Reads a flag.
    ///
    /// True: 是 √ ✓ ✔ ☑ ✅ Y YES TRUE 1 有 已建 已建立 (ASCII words in any case).
    /// False: 否 × ✗ ✘ ✕ ✖ ☐ ❌ N NO FALSE 0 无 没有 未建 未建立, and blank text.
    /// `1.0` and `0.0` count as 1 and 0. Surrounding whitespace and full-width
    /// forms are ignored.
    ///
    /// - Returns: the flag, or nil when the text is not a yes/no answer.
    public static func parse(_ text: String) -> Bool? {
        let s = TextNormaliser.clean(text)
        if let flag = table[s] { return flag }
        guard s.utf8.count <= 5 else { return nil }
        return table[s.lowercased()]
    }

    /// ``parse(_:)`` of a cell: a word of the table found by its bytes, or the text parsed.
    public static func parse(_ cell: CellText) -> Bool? { table.value(cell) { parse($0) } }

    private static let table: FastTable<Bool> = {
        var map: [String: Bool] = [:]
        for t in ["是", "√", "✓", "✔", "✔\u{FE0F}", "☑", "☑\u{FE0F}", "✅", "1", "1.0", "有", "已建", "已建立",
                  "y", "yes", "true"] { map[t] = true }
        for f in ["否", "×", "✗", "✘", "✕", "✖", "✖\u{FE0F}", "☐", "❌", "0", "0.0", "无", "没有", "未建", "未建立", "",
                  "n", "no", "false"] { map[f] = false }
        return FastTable(map)
    }()
}

/// The largest value of each kind of figure that one row of a return can plausibly
/// hold (SPEC §3, §4): a value above is a typing slip (a phone or ID number typed into
/// a count, an amount in 分 typed as 元) and the row is rejected. The limits also keep
/// every sum of stored figures far inside 64 bits (and below 2^53, exact as a JSON
/// number): 10^7 per row needs 900 million rows to reach 2^53.
public enum PlausibleLimit: Sendable {
    /// Members in one branch-return row (a city in a province store has a few million).
    public static let membersPerRow = 10_000_000
    /// Units (单位) in one branch-return row.
    public static let unitsPerRow = 10_000_000
    /// Organisations (党委, 党总支, 党支部) or service centres in one branch-return row
    /// (the whole nation had 5.25 million organisations in 2024).
    public static let organisationsPerRow = 1_000_000
    /// One payment of a ledger, in fen: 10,000,000 元.
    public static let paymentFen: Int64 = 1_000_000_000
}
