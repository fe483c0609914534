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

    /// `part / whole` in the total row itself (`E13/C13`), or `—` when `whole` is 0; the
    /// whole may stand in another row (`wholeRow`: `B9/B5`).
    static func ratio(partColumn: Int, wholeColumn: Int, row: Int, part: Int, whole: Int,
                      wholeRow: Int? = nil) -> ReportCell {
        guard whole != 0 else { return .ratio(nil) }
        let wholeCell = CellReference.name(row: wholeRow ?? row, column: wholeColumn)
        let formula = "\(CellReference.name(row: row, column: partColumn))/\(wholeCell)"
        return .formula(formula, cached: Double(part) / Double(whole), format: ReportStyles.ratioFormat)
    }

    /// `SUM(C5:E5)` across `columns` of one row, cached as `sum`.
    static func sum(columns: ClosedRange<Int>, row: Int, cached sum: Int) -> ReportCell {
        let range = CellReference.range(firstRow: row, firstColumn: columns.lowerBound,
                                        lastRow: row, lastColumn: columns.upperBound)
        return .formula("SUM(\(range))", cached: Double(sum), format: ReportStyles.countFormat)
    }

    /// `B5-C5` in one row, cached as `difference`.
    static func difference(minuend: Int, subtrahend: Int, row: Int, cached difference: Int) -> ReportCell {
        let minuendCell = CellReference.name(row: row, column: minuend)
        let formula = "\(minuendCell)-\(CellReference.name(row: row, column: subtrahend))"
        return .formula(formula, cached: Double(difference), format: ReportStyles.countFormat)
    }
}
