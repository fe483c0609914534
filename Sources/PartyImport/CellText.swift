import PartyModel
import SheetReader

extension SheetRow {
    /// Calls `body` with the cell at a 0-based column as text (``CellText``): a text cell's
    /// bytes as read, any other cell's display text (``CellValue/displayText``).
    func withText<R>(_ column: Int, _ body: (CellText) -> R) -> R {
        if let result = utf8(column, { body(CellText($0)) }) { return result }
        return CellText.with(self[column].displayText, body)
    }
}

extension CellValue {
    /// The cell as text, the way a user would read it: integers without `.0`,
    /// dates in ISO form, booleans as 是/否, errors as written (`#N/A`).
    package var displayText: String {
        switch self {
        case .empty: return ""
        case .text(let s): return s
        case .number(let d): return CellValue.numberText(d)
        case .bool(let b): return b ? "是" : "否"
        case .date(let dt): return dt.iso8601
        case .error(let e): return e
        }
    }

    /// Shortest text for a number: `1281` for 1281.0, `0.35`, `4.10328e+17` stays Swift's round-trip form.
    static func numberText(_ d: Double) -> String {
        if d.rounded() == d && abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}
