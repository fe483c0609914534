import PartyModel
import SheetReader

/// Imports a table of a kind read whole-sheet (an organisation table, ``WholeSheetTable``:
/// these tables are small) as branch-return records: an official form gives one record
/// per item (unit category) of its reporting unit; a 党组织概况表 one record per
/// organisation, counted by type, with the members of each organisation counted once
/// (SPEC §9).
struct OrgTableImport {
    let file: String
    let sheet: String
    let context: ImportContext
    let sink: any ImportSink
    var summary: SheetSummary

    /// Reads every row of `table`'s sheet; returns the sheet's summary.
    mutating func run(_ table: any WholeSheetTable, rows: [SheetRow]) throws -> SheetSummary {
        try table.read(rows: rows, into: &self)
        return summary
    }

    private mutating func skip(_ reason: String) { summary.skipped[reason, default: 0] += 1 }

    private mutating func report(_ problem: Problem) throws {
        if problem.severity == .warning { summary.warnings += 1 }
        try context.record(problem, to: sink)
    }

    /// The township of rows without a township column: written in the title block, else
    /// the sheet or file name (SPEC §2.4); 未知 with a warning.
    private mutating func sheetTownship(_ titles: [SheetRow]) throws -> String {
        let text = titles.map { $0.cells.map(\.displayText).joined(separator: " ") }.joined(separator: " ")
        if let unit = OfficialForm.reportingUnit(in: text), let known = context.townships.resolve(unit) { return known }
        if let found = context.townships.find(in: text) ?? context.townships.find(in: sheet)
            ?? context.townships.find(in: lastPathComponent(file)) { return found }
        try report(Problem(code: .townshipUnknown, severity: .warning, file: file, sheet: sheet,
                           message: "填报单位、标题行、工作表名和文件名中都找不到已知乡镇名称，本表记录归入「未知」"))
        return "未知"
    }

    private mutating func countTitleRows(_ rows: ArraySlice<SheetRow>) {
        for row in rows {
            summary.rowsRead += 1
            skip(row.cells.allSatisfy(\.isBlank) ? "blank" : "title")
        }
    }

    /// A count cell: nil when blank or a dash; `.failure` when not a count.
    private func count(_ cell: CellValue) -> Result<Int, ValueError>? {
        switch cell {
        case .number(let d): return CountParser.parse(number: d)
        case .text(let s):
            let t = TextNormaliser.compact(s)
            if t.isEmpty || t == "-" || t == "—" || t == "——" || t == "/" { return nil }
            return CountParser.parse(t)
        case .empty: return nil
        default: return .failure(.invalid)
        }
    }

    private func isNote(_ text: String) -> Bool {
        let t = TextNormaliser.compact(text)
        return t.hasPrefix("补充资料") || t.hasPrefix("注") || t.hasPrefix("说明")
            || FirstText.notePrefixes.contains { t.hasPrefix($0) }
    }

    // MARK: Official forms

    /// Stored figures of a form row: 单独建立 + 联合建立 give 已建立 when it is not written.
    private static func normalised(_ values: [Field: Int]) -> [Field: Int] {
        var v = values
        let single = v.removeValue(forKey: .unitsCoveredSingle), joint = v.removeValue(forKey: .unitsCoveredJoint)
        if v[.unitsCovered] == nil, single != nil || joint != nil { v[.unitsCovered] = (single ?? 0) + (joint ?? 0) }
        return v
    }

    /// Reads an official form's rows by item (``OfficialFormLayout/read(rows:into:)``).
    mutating func readForm(_ layout: OfficialFormLayout, rows: [SheetRow]) throws {
        let form = layout.form, headerStart = layout.headerStart, headerEnd = layout.headerEnd
        let columns = layout.columns
        countTitleRows(rows.prefix(headerStart))
        for _ in headerStart..<headerEnd {
            summary.rowsRead += 1
            skip("header")
        }
        let township = try sheetTownship(Array(rows.prefix(headerEnd)))
        // The form's own 总数 column (党委 + 党总支 + 党支部), read only to check it.
        let totalColumn = rows[headerStart..<headerEnd].lazy.compactMap { row in
            row.cells.firstIndex { ["总数", "合计"].contains(TextNormaliser.compact($0.displayText)) }
        }.first
        var stored: [Field: Int] = [:]
        var totals: [(row: SheetRow, label: String, values: [Field: Int])] = []
        var aggregates: [String: (row: SheetRow, values: [Field: Int], parts: [Field: Int])] = [:]
        var ended = false
        for row in rows.dropFirst(headerEnd) {
            summary.rowsRead += 1
            let label = row[0].displayText
            let key = OfficialForm.itemKey(label)
            if row.cells.allSatisfy(\.isBlank) { skip("blank"); continue }
            let known = OfficialForm.items[key] != nil || FirstText.isTotalLabel(key)
            if ended || isNote(label) || (!known && columns.allSatisfy({ row[$0.column].isBlank })) {
                ended = ended || isNote(label)
                skip("note")
                continue
            }
            // An item left blank in every column: the unit has no such units or organisations.
            if columns.allSatisfy({ row[$0.column].isBlank }) { skip("blank"); continue }
            var values: [Field: Int] = [:]
            var bad: (column: Int, header: String)?
            for c in columns {
                switch count(row[c.column]) {
                case .success(let v)?: values[c.field, default: 0] += v
                case .failure?: bad = bad ?? (c.column, c.header)
                case nil: break
                }
            }
            if let bad {
                try report(Problem(code: .countInvalid, severity: .reject, file: file, sheet: sheet, row: row.number,
                                   column: columnLetters(bad.column), header: bad.header,
                                   value: row[bad.column].displayText,
                                   message: "「\(TextNormaliser.compact(label))」行的数字无法识别，该行未导入"))
                summary.rejected += 1
                continue
            }
            values = OrgTableImport.normalised(values)
            try checkRow(row, label: TextNormaliser.compact(label), values: values, totalColumn: totalColumn,
                         columns: columns)
            if FirstText.isTotalLabel(key) { totals.append((row, key, values)); skip("total"); continue }
            let item = OfficialForm.items[key]
            if let item, item.category == nil {            // an aggregate listed with its parts (企业)
                aggregates[key] = (row, values, [:])
                skip("total")
                continue
            }
            if let item, let parent = item.parent, OfficialForm.items[parent]?.category != nil {
                skip("breakdown")                           // a 其中 part of an item counted already
                continue
            }
            var category = item?.category ?? TextNormaliser.compact(label)
            if item == nil {
                if let canonical = OrgCategory.canonical(label, extra: context.mapping.categories) {
                    category = canonical
                } else {
                    try report(Problem(code: .categoryUnknown, severity: .warning, file: file, sheet: sheet,
                                       row: row.number,
                                       column: "A", value: label, message: "「\(category)」不是「\(form.name)」表的项目，按所写类别导入"))
                }
            }
            try sink.receive(.organisation(OrganisationRecord(
                row: row.number, township: township, category: category, unitsTotal: values[.unitsTotal],
                unitsCovered: values[.unitsCovered], committees: values[.committees],
                generalBranches: values[.generalBranches],
                branches: values[.branches], membersReported: values[.membersReported], serviceCentre: nil)))
            summary.imported += 1
            for (field, v) in values { stored[field, default: 0] += v }
            if let parent = item?.parent, aggregates[parent] != nil {
                for (field, v) in values { aggregates[parent]!.parts[field, default: 0] += v }
            }
        }
        for (label, aggregate) in aggregates.sorted(by: { $0.value.row.number < $1.value.row.number }) {
            try declare(aggregate.row, label: label, declared: aggregate.values, computed: aggregate.parts,
                        columns: columns)
        }
        for total in totals {
            try declare(total.row, label: total.label, declared: total.values, computed: stored, columns: columns)
        }
    }

    /// Records a declared total (总计, or an aggregate item such as 企业) against the sum
    /// of the rows it covers, and warns `total.mismatch` when they differ.
    /// The arithmetic of one form row: 总数 = 党委 + 党总支 + 党支部 (`form.sum_mismatch`),
    /// 已建立党组织的单位数 ≤ 单位数 (`coverage.exceeds`).
    private mutating func checkRow(_ row: SheetRow, label: String, values: [Field: Int], totalColumn: Int?,
                                   columns: [OfficialFormLayout.Column]) throws {
        let parts = [Field.committees, .generalBranches, .branches].compactMap { values[$0] }
        if let totalColumn, !parts.isEmpty, case .success(let total)? = count(row[totalColumn]),
           total != parts.reduce(0, +) {
            try report(Problem(code: .formSumMismatch, severity: .warning, file: file, sheet: sheet, row: row.number,
                               column: columnLetters(totalColumn), header: "总数", value: row[totalColumn].displayText,
                               message: "「\(label)」行总数 \(total) 不等于党委、党总支、党支部之和 \(parts.reduce(0, +))"))
        }
        if let units = values[.unitsTotal], let covered = values[.unitsCovered], covered > units {
            let column = columns.first { $0.field == .unitsCovered }
            try report(Problem(code: .coverageExceeds, severity: .warning, file: file, sheet: sheet, row: row.number,
                               column: column.map { columnLetters($0.column) }, header: column?.header,
                               value: String(covered),
                               message: "「\(label)」行已建立党组织的单位数 \(covered) 大于单位数 \(units)"))
        }
    }

    private mutating func declare(_ row: SheetRow, label: String, declared: [Field: Int], computed: [Field: Int],
                                  columns: [OfficialFormLayout.Column]) throws {
        for c in columns {
            let field = [.unitsCoveredSingle, .unitsCoveredJoint].contains(c.field) ? nil : c.field
            guard let field, let value = declared[field] else { continue }
            let sum = computed[field] ?? 0
            let letter = columnLetters(c.column)
            try sink.receive(.declaredTotal(DeclaredTotal(row: row.number, label: label, field: field, column: letter,
                                                 declared: Int64(value), computed: Int64(sum))))
            if value != sum {
                try report(Problem(code: .totalMismatch, severity: .warning, file: file, sheet: sheet, row: row.number,
                                   column: letter, header: c.header, value: row[c.column].displayText,
                                   message: "\(label)行与明细之和不符：填报 \(value)，明细合计 \(sum)"))
            }
        }
    }

    // MARK: Organisation lists

    /// Reads a 党组织概况表's rows, one organisation each (``OrgListLayout/read(rows:into:)``).
    mutating func readList(_ layout: OrgListLayout, rows: [SheetRow]) throws {
        countTitleRows(rows.prefix(layout.headerRow))
        summary.rowsRead += 1
        skip("header")
        let fallback = layout.columns[.township] == nil ? try sheetTownship(Array(rows.prefix(layout.headerRow))) : nil
        let col = { (c: OrgListLayout.Column, row: SheetRow) -> String in
            layout.columns[c].map { TextNormaliser.clean(row[$0.index].displayText) } ?? ""
        }
        let body = rows.dropFirst(layout.headerRow + 1)
        let names = Set(body.map { TextNormaliser.compact(col(.name, $0)) }.filter { !$0.isEmpty })
        for row in body {
            summary.rowsRead += 1
            let name = col(.name, row)
            if row.cells.allSatisfy(\.isBlank) { skip("blank"); continue }
            let first = row.cells.first { !$0.isBlank }?.displayText ?? ""
            if name.isEmpty || FirstText.isTotalLabel(TextNormaliser.compact(name)) {
                skip(FirstText.isTotalLabel(TextNormaliser.compact(first)) ? "total" : "note")
                continue
            }
            var problems: [Problem] = []
            let place = { (c: OrgListLayout.Column) -> (String?, String?) in
                (layout.columns[c].map { columnLetters($0.index) }, layout.columns[c]?.header)
            }
            let type = OrgListLayout.type(cell: col(.type, row), name: name)
            if type == nil {
                let (letter, header) = place(.type)
                problems.append(Problem(code: .orgTypeUnknown, severity: .warning, file: file, sheet: sheet,
                                        row: row.number,
                                        column: letter, header: header, value: col(.type, row),
                                        message: "党组织类别无法识别（应为党委、党总支、党支部、联合党支部或临时党支部），该组织不计入组织数"))
            }
            var members: Int?
            if let m = layout.columns[.members], let parsed = count(row[m.index]) {
                switch parsed {
                case .success(let v): members = v
                case .failure:
                    problems.append(Problem(code: .countInvalid, severity: .warning, file: file, sheet: sheet,
                                            row: row.number,
                                            column: columnLetters(m.index), header: m.header,
                                            value: row[m.index].displayText,
                                            message: "党员数无法识别，按未填处理"))
                }
            }
            var township = fallback ?? "未知"
            if layout.columns[.township] != nil {
                let written = col(.township, row)
                if let known = context.townships.resolve(written) { township = known } else if !written.isEmpty {
                    township = TextNormaliser.compact(written)
                }
            }
            var category: String?
            let writtenCategory = col(.category, row)
            if !writtenCategory.isEmpty {
                category = OrgCategory.canonical(writtenCategory, extra: context.mapping.categories)
                if category == nil {
                    category = TextNormaliser.compact(writtenCategory)
                    let (letter, header) = place(.category)
                    problems.append(Problem(code: .categoryUnknown, severity: .warning, file: file, sheet: sheet,
                                            row: row.number,
                                            column: letter, header: header, value: writtenCategory,
                                            message: "单位类别「\(writtenCategory)」不是已知类别，按所写类别导入"))
                }
            }
            // Members once: a 党委's or 党总支's count includes its branches' (a parent listed
            // here); a 临时党支部's members belong to their own branches.
            let parent = TextNormaliser.compact(col(.parent, row))
            let counted = type != nil && type != "临时党支部" && !names.contains(parent) ? members : nil
            try sink.receive(.organisation(OrganisationRecord(
                row: row.number, township: township, category: category, unitsTotal: nil, unitsCovered: nil,
                committees: type == "党委" ? 1 : 0, generalBranches: type == "党总支" ? 1 : 0,
                branches: type == "党支部" || type == "联合党支部" ? 1 : 0, membersReported: counted, serviceCentre: nil,
                unit: OrgUnit(name: TextNormaliser.compact(name),
                              type: type ?? TextNormaliser.compact(col(.type, row))))))
            for problem in problems { try report(problem) }
            summary.imported += 1
        }
    }
}
