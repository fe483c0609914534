import XLSXWriter

/// Totals rows: Excel formulas over the rows above, each with the value it evaluates to
/// cached, so that viewers which do not recalculate still show the figure.
enum ReportTotals {
    /// `SUM(C4:C12)` over `rows` of `column`, cached as `sum`.
    static func sum(column: Int, rows: ClosedRange<Int>, cached sum: Int) -> ReportCell {
        let range = CellReference.range(firstRow: rows.lowerBound, firstColumn: column,
                                        lastRow: rows.upperBound, lastColumn: column)
        return .formula("SUM(\(range))", cached: Double(sum), format: ReportStyles.countFormat)
    }

    /// `part / whole` in the total row itself (`E13/C13`), or `—` when `whole` is 0.
    static func ratio(partColumn: Int, wholeColumn: Int, row: Int, part: Int, whole: Int) -> ReportCell {
        guard whole != 0 else { return .ratio(nil) }
        let partCell = CellReference.name(row: row, column: partColumn)
        let formula = "\(partCell)/\(CellReference.name(row: row, column: wholeColumn))"
        return .formula(formula, cached: Double(part) / Double(whole), format: ReportStyles.ratioFormat)
    }
}
