import PartyModel
import SheetReader

/// Formula cells stored without their result (`SheetRow.uncachedFormulas`: an `.xlsx`
/// written by openpyxl or another script and never recalculated) read as blank. In a
/// mapped column that is a warning naming the cell, and a row rejected over such a
/// cell says why the cell is blank.
enum UncachedFormulas {
    static let code = ProblemCode.cellFormulaUncached

    /// `problems` of a row with the uncached formula cells of its mapped columns
    /// warned about (before the row's own problems) and its rejects explained.
    static func problems(_ problems: [Problem], row: SheetRow, layout: HeaderLayout, file: String,
                         sheet: String) -> [Problem] {
        let bindings = layout.columns.values
            .filter { row.uncachedFormulas.contains($0.column) }
            .sorted { $0.column < $1.column }
        guard !bindings.isEmpty else { return problems }
        let letters = Set(bindings.map { columnLetters($0.column) })
        var out = bindings.map { binding in
            Problem(code: code, severity: .warning, file: file, sheet: sheet, row: row.number,
                    column: columnLetters(binding.column), header: binding.header,
                    message: "单元格是公式，但文件中没有保存它的计算结果（文件由脚本生成、未经 Excel 重新计算），按空白处理；"
                        + "请用 Excel 或 WPS 打开并保存后重新导入")
        }
        for var problem in problems {
            if problem.severity == .reject, let column = problem.column, letters.contains(column) {
                problem.message += "（该单元格是没有保存计算结果的公式）"
            }
            out.append(problem)
        }
        return out
    }
}
