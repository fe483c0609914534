import PartyModel
import SheetReader

/// Imports a reported table (`ReportedTable`, read whole: these tables are small) as the
/// member or funding figures of its reporting unit (`填报单位`), checking the form's own
/// arithmetic: each breakdown of the members adds up to 党员总数, and the funding by
/// category, source, month and unit adds up to the total (`total.mismatch`).
struct ReportedTableImport {
    let file: String
    let sheet: String
    let table: ReportedTable
    let context: ImportContext
    let sink: any ImportSink
    var summary: SheetSummary

    /// Reads every row; returns the sheet's summary.
    mutating func run(rows: [SheetRow]) throws -> SheetSummary {
        switch table {
        case .members(let start, let column, let header):
            try runMembers(rows: rows, bodyStart: start, column: column, header: header)
        case .funding(let start, let columns):
            try runFunding(rows: rows, bodyStart: start, columns: columns)
        }
        return summary
    }

    private mutating func skip(_ reason: String) { summary.skipped[reason, default: 0] += 1 }

    private mutating func report(_ problem: Problem) throws {
        if problem.severity == .warning { summary.warnings += 1 }
        try context.record(problem, to: sink)
    }

    /// The title block up to the header: counted as title (or blank) rows; gives the unit.
    private mutating func head(_ rows: ArraySlice<SheetRow>, headerRows: Int) throws -> String {
        for (i, row) in rows.enumerated() {
            summary.rowsRead += 1
            skip(i >= rows.count - headerRows ? "header" : row.cells.allSatisfy(\.isBlank) ? "blank" : "title")
        }
        let text = rows.map { $0.cells.map(\.displayText).joined(separator: " ") }.joined(separator: " ")
        if let unit = OfficialForm.reportingUnit(in: text) { return context.townships.resolve(unit) ?? unit }
        if let found = context.townships.find(in: text) ?? context.townships.find(in: sheet) { return found }
        try report(Problem(code: .townshipUnknown, severity: .warning, file: file, sheet: sheet,
                           message: "表头中找不到填报单位，本表数字归入「未知」"))
        return "未知"
    }

    private static func isNote(_ text: String) -> Bool {
        let t = TextNormaliser.compact(text)
        return t.hasPrefix("补充资料") || t.hasPrefix("注") || FirstText.notePrefixes.contains { t.hasPrefix($0) }
    }

    /// A count cell: nil when blank or a dash.
    private static func count(_ cell: CellValue) -> Result<Int, ValueError>? {
        switch cell {
        case .number(let d): return CountParser.parse(number: d)
        case .text(let s):
            let t = TextNormaliser.compact(s)
            if t.isEmpty || ["-", "—", "——", "/"].contains(t) { return nil }
            return CountParser.parse(t)
        case .empty: return nil
        default: return .failure(.invalid)
        }
    }

    private mutating func reject(_ row: SheetRow, column: Int, header: String, label: String) throws {
        try report(Problem(code: .countInvalid, severity: .reject, file: file, sheet: sheet, row: row.number,
                           column: columnLetters(column), header: header, value: row[column].displayText,
                           message: "「\(label)」行的数字无法识别，该行未导入"))
        summary.rejected += 1
    }

    // MARK: Member form

    private mutating func runMembers(rows: [SheetRow], bodyStart: Int, column: Int, header: String) throws {
        let headerRows = bodyStart > 0 && OfficialForm.isColumnNumberRow(rows[bodyStart - 1]) ? 2 : 1
        let unit = try head(rows.prefix(bodyStart), headerRows: headerRows)
        var ended = false
        var total: (row: SheetRow, members: Int)?
        var sections: [String: (members: Int, row: Int)] = [:]
        for row in rows.dropFirst(bodyStart) {
            summary.rowsRead += 1
            let label = TextNormaliser.compact(row[0].displayText)
            if row.cells.allSatisfy(\.isBlank) { skip("blank"); continue }
            if ended || Self.isNote(label) { ended = true; skip("note"); continue }
            if MemberForm.sections.contains(label) { skip("header"); continue }
            guard let item = MemberForm.byKey[OfficialForm.itemKey(label)] else {
                try report(Problem(code: .categoryUnknown, severity: .warning, file: file, sheet: sheet,
                                   row: row.number,
                                   column: "A", value: label, message: "「\(label)」不是「\(MemberForm.title)」表的项目，该行未导入"))
                skip("note")
                continue
            }
            let members: Int
            switch Self.count(row[column]) {
            case .success(let n)?: members = n
            case nil: members = 0
            case .failure?:
                try reject(row, column: column, header: header, label: label)
                continue
            }
            try sink.receive(.memberFigure(ReportedMemberFigure(row: row.number, township: unit, figure: item.figure,
                                                                key: item.key, members: members)))
            summary.imported += 1
            if item.figure == "total" { total = (row, members) }
            if let section = item.section { sections[section, default: (0, row.number)].members += members }
        }
        guard let total else { return }
        for section in MemberForm.sections {
            guard let sum = sections[section] else { continue }
            try declare(total.row, label: "党员总数", field: .membersReported, column: column, header: header,
                        declared: Int64(total.members), computed: Int64(sum.members),
                        message: "党员总数 \(total.members) 名，\(section)各项之和 \(sum.members) 名")
        }
    }

    /// Records a declared total against the sum of its parts; warns when they differ.
    private mutating func declare(_ row: SheetRow, label: String, field: Field, column: Int, header: String,
                                  declared: Int64, computed: Int64, message: String) throws {
        let letter = columnLetters(column)
        try sink.receive(.declaredTotal(DeclaredTotal(row: row.number, label: label, field: field, column: letter,
                                                      declared: declared, computed: computed)))
        guard declared != computed else { return }
        try report(Problem(code: .totalMismatch, severity: .warning, file: file, sheet: sheet, row: row.number,
                           column: letter, header: header, value: row[column].displayText, message: message + "，两者不符"))
    }

    // MARK: Funding sheet

    private mutating func runFunding(rows: [SheetRow], bodyStart: Int, columns c: ReportedTable.FundingColumns) throws {
        let unit = try head(rows.prefix(bodyStart), headerRows: 1)
        var ended = false
        var group = ""
        var total: (row: SheetRow, amount: Fen)?
        var sums: [String: Fen] = [:]
        for row in rows.dropFirst(bodyStart) {
            summary.rowsRead += 1
            if row.cells.allSatisfy(\.isBlank) { skip("blank"); continue }
            let first = TextNormaliser.compact(row[c.group].displayText)
            if ended || Self.isNote(first) { ended = true; skip("note"); continue }
            if !first.isEmpty { group = first }
            guard let dimension = ReportedTable.fundingDimension(group) else { skip("note"); continue }
            let item = TextNormaliser.compact(row[c.item].displayText)
            let amount: Fen
            switch row[c.amount] {
            case .number(let d):
                guard case .success(let fen) = Fen.parse(number: d) else {
                    try reject(row, column: c.amount, header: c.amountHeader, label: item)
                    continue
                }
                amount = fen
            case .text(let s):
                guard case .success(let fen) = Fen.parse(s) else {
                    try reject(row, column: c.amount, header: c.amountHeader, label: item)
                    continue
                }
                amount = fen
            default:
                try reject(row, column: c.amount, header: c.amountHeader, label: item)
                continue
            }
            if dimension == "unit" {
                sums["unit", default: Fen(rawValue: 0)] = sums["unit", default: Fen(rawValue: 0)] + amount
                skip("breakdown")
                continue
            }
            let optional = { (column: Int?) -> Int? in
                guard let column, case .success(let n)? = Self.count(row[column]) else { return nil }
                return n
            }
            let key = dimension == "total" ? "" : dimension == "month" ? (ReportedTable.monthKey(item) ?? item) : item
            try sink.receive(.fundingFigure(ReportedFundingFigure(
                row: row.number, township: unit, dimension: dimension, key: key, amount: amount,
                records: dimension == "total" ? optional(c.records) : nil,
                recipients: dimension == "total" ? optional(c.recipients) : nil)))
            summary.imported += 1
            if dimension == "total" { total = (row, amount) } else {
                sums[dimension, default: Fen(rawValue: 0)] = sums[dimension, default: Fen(rawValue: 0)] + amount
            }
        }
        guard let total else { return }
        let names = ["category": "按帮扶类别", "source": "按资金来源", "month": "按月份", "unit": "按单位"]
        for dimension in ["category", "source", "month", "unit"] {
            guard let sum = sums[dimension] else { continue }
            try declare(total.row, label: "合计", field: .amount, column: c.amount, header: c.amountHeader,
                        declared: total.amount.rawValue, computed: sum.rawValue,
                        message: "合计 \(total.amount) 元，\(names[dimension]!)各项之和 \(sum) 元")
        }
    }
}
