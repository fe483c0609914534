import PartyModel
import SheetReader

/// Imports the data rows of one recognised sheet: classifies each row (blank,
/// declared total, note, repeated header, data), fills merged township cells down,
/// attributes townships, parses records and checks declared totals.
final class SheetImport {
    let file: String
    let sheet: SheetInfo
    let layout: HeaderLayout
    let context: ImportContext
    let sink: any ImportSink
    @exclusivity(unchecked) var summary: SheetSummary
    /// The township for rows without a township column (SPEC §2.4).
    let sheetTownship: String?
    private let sheetNumber: Int
    // The per-row state below is used by the pipeline's thread alone, never
    // reentrantly: not checked for exclusivity at run time.
    @exclusivity(unchecked) private var lastTownship: String?
    private var warnedTownships: Set<String> = []
    /// Township cells already resolved, by their bytes (see `resolveTownship`).
    @exclusivity(unchecked) private var townshipCache = InternTable()
    /// The header's labels, to spot the header repeated among the data rows.
    private let labels: HeaderLabels
    /// What the rows' readers share.
    private let rowSheet: RowReader.Sheet
    /// The columns bound to a field, left to right.
    private let boundColumns: [Int]
    /// True once a note row (说明, 填写注意事项 …) has been seen: the short rows after it
    /// are the lines of its block. Per-row state of the pipeline's thread, as above.
    @exclusivity(unchecked) private var inNotes = false
    /// Data-area rows with content seen so far: a template's sample row is among the first.
    @exclusivity(unchecked) private var rowsWithContent = 0
    /// How the sheet's kind turns a row into a record.
    private let recipe: any RecordRecipe
    /// Where the kind's rows get their township.
    private let townshipRule: TownshipRule
    private var sheetSums: [Field: Int64] = [:]
    private var groupSums: [Field: Int64] = [:]
    /// The fields declared totals are checked on.
    private let totalFields: [Field]

    init(file: String, sheet: SheetInfo, layout: HeaderLayout, titleText: String, context: ImportContext,
         sink: any ImportSink, summary: SheetSummary) throws {
        self.file = file
        self.sheet = sheet
        let layout = SheetImport.unitAsRecipientUnit(layout, titleText: titleText, sheet: sheet.name, file: file,
                                                     townships: context.townships)
        self.layout = layout
        self.context = context
        self.sink = sink
        self.summary = summary
        sheetNumber = context.duplicates.sheetNumber(file: file, sheet: sheet.name)
        labels = HeaderLabels(layout.labels)
        boundColumns = layout.columns.values.map(\.column).sorted()
        let descriptor = layout.kind.descriptor
        // A layout is made only for a kind read by rows (`Recogniser` binds `KindCatalogue.byHeader`).
        guard case .rows(let recipe) = descriptor.reading else {
            preconditionFailure("\(layout.kind) is read whole-sheet")
        }
        self.recipe = recipe
        townshipRule = descriptor.township
        totalFields = descriptor.totals
        rowSheet = RowReader.Sheet(layout: layout, file: file, sheet: sheet.name,
                                   extraCategories: context.mapping.categories,
                                   reportYear: context.reportYear)
        if layout.binding(.township) == nil {
            let found = context.townships.find(in: titleText)
                ?? context.townships.find(in: sheet.name)
                ?? context.townships.find(in: lastPathComponent(file))
            sheetTownship = found ?? "未知"
            if found == nil && townshipRule == .attributed {
                try report(Problem(code: .townshipUnknown, severity: .warning, file: file, sheet: sheet.name,
                                   message: "没有乡镇列，标题行、工作表名和文件名中也找不到已知乡镇名称，本表记录归入「未知」"))
            }
        } else {
            sheetTownship = nil
        }
    }

    /// A ledger's `单位` column names the recipient's village, community or unit, not the
    /// township, when the township is known from the title, the sheet name or the file name
    /// (SPEC §9): the column is then bound as `recipient_unit` and the township comes from
    /// there. A branch return's 单位 stays the township.
    static func unitAsRecipientUnit(_ layout: HeaderLayout, titleText: String, sheet: String, file: String,
                                    townships: TownshipDirectory) -> HeaderLayout {
        guard layout.kind == .ledger, let binding = layout.binding(.township),
              unitHeaders.contains(AliasIndex.key(binding.header)),
              (townships.find(in: titleText) ?? townships.find(in: sheet)
                ?? townships.find(in: lastPathComponent(file))) != nil
        else { return layout }
        var layout = layout
        layout.columns[.township] = nil
        if layout.columns[.recipientUnit] == nil {
            layout.columns[.recipientUnit] = ColumnBinding(field: .recipientUnit, column: binding.column,
                                                           header: binding.header, unit: binding.unit)
        }
        return layout
    }

    /// The township aliases that, in a ledger, may name the recipient's unit instead.
    private static let unitHeaders: Set<String> = ["单位", "单位名称"]

    private func report(_ problem: Problem) throws {
        if problem.severity == .warning { summary.warnings += 1 }
        try context.record(problem, to: sink)
    }

    /// Handles one data-area row.
    func consume(_ row: SheetRow) throws {
        summary.rowsRead += 1
        let (nonBlank, sureMisses) = cellCounts(row)
        if nonBlank == 0 { return skip("blank") }
        if rowsWithContent < SheetImport.sampleRowWindow {
            rowsWithContent += 1
            if isSampleRow(row) { return skip("note") }
        }
        if inNotes && nonBlank <= 2 { return skip("note") }
        switch firstText(row, nonBlank: nonBlank) {
        case .total(let label):
            try checkTotals(row, label: label)
            return skip("total")
        case .note:
            inNotes = true
            return skip("note")
        case .data:
            break
        }
        if isRepeatedHeader(row, nonBlank: nonBlank, sureMisses: sureMisses) { return skip("header") }
        if boundColumns.allSatisfy({ row.isBlank($0) }) { return skip("blank") }

        var reader = RowReader(row: row, sheet: rowSheet)
        let township = resolveTownship(&reader)
        if case .skipped(let reason) = try recipe.emit(&reader, township: township, into: self) {
            for problem in reader.problems { try report(problem) }
            return skip(reason)
        }
        let problems = row.uncachedFormulas.isEmpty ? reader.problems
            : UncachedFormulas.problems(reader.problems, row: row, layout: layout, file: file, sheet: sheet.name)
        for problem in problems { try report(problem) }
        if reader.rejected { summary.rejected += 1 } else { summary.imported += 1 }
    }

    /// Classifies a row by its first text that is not a number (SPEC §4): a total label,
    /// a note, or data (``FirstText/classify(_:nonBlank:)``).
    private func firstText(_ row: SheetRow, nonBlank: Int) -> FirstText {
        for column in 0..<row.count {
            if let decided = row.withText(column, { FirstText.classify($0, nonBlank: nonBlank) }) { return decided }
        }
        return .data
    }

    /// How many of the first rows with content may be a template's sample row.
    static let sampleRowWindow = 3

    /// A template's own sample row (示例, 样例, 例 in one of its first three cells with
    /// content): a note, not a member or a payment.
    private func isSampleRow(_ row: SheetRow) -> Bool {
        var seen = 0
        for column in 0..<row.count where !row.isBlank(column) {
            if row.withText(column, { $0.withCompacted(NoteLines.marksSample) }) { return true }
            seen += 1
            if seen == 3 { break }
        }
        return false
    }

    /// A row at least half of whose non-blank cells (and at least two) are this
    /// sheet's header labels. Stops as soon as the rest of the row can no longer reach
    /// that many, so a data row costs about half its cells' normalisation.
    ///
    /// `sureMisses` (from ``cellCounts(_:)``) counts the cells that cannot be labels
    /// whatever their normal form. Most data rows have more of these (IDs, dates, 是/否)
    /// than a header row may, which decides them without normalising a cell.
    private func isRepeatedHeader(_ row: SheetRow, nonBlank: Int, sureMisses: Int) -> Bool {
        let needed = max(2, (nonBlank + 1) / 2)
        var matches = 0, misses = 0
        let allowedMisses = nonBlank - needed
        if sureMisses > allowedMisses { return false }
        for column in 0..<row.count where !row.isBlank(column) {
            if row.withText(column, { labels.contains($0) }) {
                matches += 1
                if matches >= needed { return true }
            } else {
                misses += 1
                if misses > allowedMisses { return false }
            }
        }
        return false
    }

    /// The row's non-blank cells (``SheetRow/nonBlankCount``) and, of those, the cells
    /// that cannot be a header label whatever their normal form: shorter than every
    /// label, or ASCII when no label is (``HeaderLabels/cannotBe(_:)``). One pass over the
    /// cells of every data row.
    private func cellCounts(_ row: SheetRow) -> (nonBlank: Int, sureMisses: Int) {
        var nonBlank = 0, sure = 0
        for column in 0..<row.count {
            let text: Void? = row.utf8(column) { b -> Void in
                guard !CellValue.isBlank(utf8: b) else { return }
                nonBlank &+= 1
                if labels.cannotBe(b) { sure &+= 1 }
            }
            // A number, date, boolean or error cell is not blank, and may be a label only
            // through its text: it is left to the label check.
            if text == nil { nonBlank &+= 1 }
        }
        return (nonBlank, sure)
    }

    func store(_ member: consuming MemberRecord, reader: inout RowReader) throws {
        var duplicateOf: Int64?
        let key = member.idNumber.map(DuplicateIndex.key)
        let row = member.row
        if let key, let first = context.duplicates.first(key: key) {
            duplicateOf = first.ref
            let place = "\(first.file) 工作表「\(first.sheet)」第 \(first.row) 行"
            reader.warn(.idNumber, .memberDuplicate, "与 \(place) 的党员身份证号相同，本行不重复计数")
        }
        let ref = context.nextMemberRef
        context.nextMemberRef += 1
        try sink.receive(.member(member, ref: ref, duplicateOf: duplicateOf))
        if let key, duplicateOf == nil {
            context.duplicates.register(key: key, ref: ref, sheet: sheetNumber, row: row)
        }
    }

    private func resolveTownship(_ reader: inout RowReader) -> String? {
        guard layout.column(.township) != nil else { return sheetTownship }
        // The same few township cells repeat over a sheet: a cell already resolved
        // (the directory does not change while sheets are imported) is found by its bytes
        // (only cells that need no cleaning are held, so a hit needs no scan of them).
        if let cached = reader.withText(.township, { townshipCache.value($0) }) {
            lastTownship = cached
            return cached
        }
        guard let written = reader.text(.township) else {
            // A township merged down over its rows arrives as blanks below the first.
            return lastTownship ?? (townshipRule == .perRow ? nil : attributionFallback())
        }
        var township = TextNormaliser.compact(written)
        if let known = context.townships.resolve(written) {
            township = known
        } else if !context.townships.isEmpty && !warnedTownships.contains(township) {
            warnedTownships.insert(township)
            reader.warn(.township, .townshipUnknown, "乡镇名称不在本年度基层党组织情况表或映射文件中，按原文保留")
        }
        lastTownship = township
        _ = reader.withText(.township) { townshipCache.remember($0, township) }
        return township
    }

    private func attributionFallback() -> String {
        context.townships.find(in: sheet.name) ?? context.townships.find(in: lastPathComponent(file)) ?? "未知"
    }

    private func skip(_ reason: String) {
        summary.skipped[reason, default: 0] += 1
    }

    func accumulate(_ values: [Field: Int?]) {
        for (field, value) in values {
            guard let value else { continue }
            // Checked: each value is within its row limit, but the sums are of input all the same.
            sheetSums[field] = SheetImport.add(sheetSums[field] ?? 0, value)
            groupSums[field] = SheetImport.add(groupSums[field] ?? 0, value)
        }
    }

    /// `sum + value`, held at `Int64.max` rather than trapping when it would pass it.
    static func add(_ sum: Int64, _ value: Int) -> Int64 {
        let (result, overflow) = sum.addingReportingOverflow(Int64(value))
        return overflow ? .max : result
    }

    /// Compares a declared total row with the sum of the data rows it covers:
    /// a 小计 covers the rows since the previous 小计; 合计/总计/全县 the whole sheet.
    private func checkTotals(_ row: SheetRow, label: String) throws {
        let isSubtotal = label.contains("小计")
        let sums = isSubtotal ? groupSums : sheetSums
        for field in totalFields {
            guard let binding = layout.binding(field) else { continue }
            let cell = row[binding.column]
            guard let declared = declaredValue(cell, field: field, unit: binding.unit) else { continue }
            let computed = sums[field] ?? 0
            let column = columnLetters(binding.column)
            try sink.receive(.declaredTotal(DeclaredTotal(row: row.number, label: label, field: field, column: column,
                                                          declared: declared, computed: computed)))
            if declared != computed {
                let show: (Int64) -> String = field == .amount
                    ? { Fen(rawValue: $0).yuanString + " 元" } : { String($0) }
                try report(Problem(code: .totalMismatch, severity: .warning, file: file, sheet: sheet.name,
                                   row: row.number,
                                   column: column, header: binding.header,
                                   value: IDNumber.maskAll(in: cell.displayText),
                                   message: IDNumber.maskAll(in: "\(label)行与明细之和不符：填报 \(show(declared))，明细合计 "
                                       + "\(show(computed))")))
            }
        }
        if isSubtotal { groupSums = [:] }
    }

    private func declaredValue(_ cell: CellValue, field: Field, unit: String?) -> Int64? {
        if field == .amount {
            let u: MoneyUnit = unit == "万元" ? .wan : .yuan
            let result: Result<Fen, ValueError>
            switch cell {
            case .number(let d): result = Fen.parse(number: d, unit: u)
            case .text(let s) where !TextNormaliser.clean(s).isEmpty: result = Fen.parse(s, unit: u)
            default: return nil
            }
            return (try? result.get())?.rawValue
        }
        switch cell {
        case .number(let d): return (try? CountParser.parse(number: d).get()).map(Int64.init)
        case .text(let s) where !TextNormaliser.clean(s).isEmpty:
            return (try? CountParser.parse(s).get()).map(Int64.init)
        default: return nil
        }
    }
}

/// The last component of a path.
func lastPathComponent(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}
