import PartyModel
import XLSXWriter

/// One body cell of a report table, before styling.
///
/// Text from input files goes through `.text`, which masks ID and phone numbers and
/// is always written as a string, never as a formula.
enum ReportCell {
    /// Text (masked with `IDNumber.maskAll`).
    case text(String)
    /// Text that wraps within its column; the sheet sets the row height from the
    /// column's fixed width (see `ReportSheet.fixWidths`).
    case wrapped(String)
    /// Text centred (short labels such as 级别).
    case centered(String)
    /// A count with `#,##0`; nil shows `—`.
    case count(Int?)
    /// A 0–1 ratio with `0.0%`; nil shows `—`.
    case ratio(Double?)
    /// Money in fen, shown in 元 with `#,##0.00`; nil shows `—`.
    case money(Int64?)
    /// A formula with its cached value, in the given format.
    case formula(String, cached: Double, format: String)
    /// An empty bordered cell.
    case empty

    static let missing = "—"

    /// The value and style to write.
    func resolved(_ styles: ReportStyles, total: Bool) -> (CellValue, CellStyle) {
        switch self {
        case .text(let text):
            return (.text(Self.safe(text)), styles.text(total: total))
        case .wrapped(let text):
            return (.text(Self.safe(text)), styles.text(total: total, wrap: true))
        case .centered(let text):
            return (.text(Self.safe(text)), styles.text(total: total, center: true))
        case .count(let n):
            guard let n else { return (.text(Self.missing), styles.text(total: total, center: true)) }
            return (.integer(Int64(n)), styles.number(ReportStyles.countFormat, total: total))
        case .ratio(let r):
            guard let r, r.isFinite else { return (.text(Self.missing), styles.text(total: total, center: true)) }
            return (.number(r), styles.number(ReportStyles.ratioFormat, total: total))
        case .money(let fen):
            guard let fen else { return (.text(Self.missing), styles.text(total: total, center: true)) }
            return (.number(Self.yuan(fen)), styles.number(ReportStyles.moneyFormat, total: total))
        case .formula(let formula, let cached, let format):
            return (.formula(formula, cached: cached), styles.number(format, total: total))
        case .empty:
            return (.blank, styles.text(total: total))
        }
    }

    /// Fen to 元 for display. Exact for every amount below 2^53 fen; the cell format
    /// shows two places, so the binary rounding of e.g. 0.35 never reaches the page.
    static func yuan(_ fen: Int64) -> Double {
        Double(fen) / 100
    }

    /// Masks ID and mobile numbers, and keeps within Excel's 32,767-character limit.
    static func safe(_ text: String) -> String {
        let masked = IDNumber.maskAll(in: text)
        guard masked.unicodeScalars.count > 32_000 else { return masked }
        return String(String.UnicodeScalarView(masked.unicodeScalars.prefix(32_000))) + "…（已截断）"
    }
}
