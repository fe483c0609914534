import PartyAnalytics
import PartyImport
import PartyModel
import XLSXWriter

/// The official 党内统计年报 forms (issue 19 §1), filled from the indicators: items as rows
/// under the 栏号 row, `填报单位` = the reporting unit, so that the next level imports the
/// workbook as this unit's return (`FormLayouts`, `MemberForm`). Every number is the
/// indicators' figure; derived columns (总数, 未建立, 覆盖率, 占比) are formulas with their
/// values cached.
enum FormSheets {
    static let orgCountName = "基层组织数量"
    static let coverageName = "建立党组织情况"
    static let memberName = "党员数量和结构"
    /// The sheet names, in workbook order.
    static let names = [orgCountName, coverageName, memberName]

    static let footer = "单位负责人：\u{3000}\u{3000}\u{3000}\u{3000}填表人：\u{3000}\u{3000}\u{3000}\u{3000}"
        + "联系电话：\u{3000}\u{3000}\u{3000}\u{3000}报出日期：\u{3000}\u{3000}年\u{3000}\u{3000}月\u{3000}\u{3000}日"

    static func write(_ book: Workbook, _ context: ReportContext) throws {
        try writeOrgCount(book, context)
        try writeCoverage(book, context)
        try writeMembers(book, context)
    }

    /// The unit line of a form: 填报单位, the date of the figures, the unit of the numbers.
    static func unitLine(_ context: ReportContext, unit: String) -> String {
        let name = context.county.isEmpty ? "（未填写）" : context.county
        return "填报单位：\(name)\u{3000}\u{3000}\u{3000}\u{3000}统计时点：\(context.year)年12月31日"
            + "\u{3000}\u{3000}\u{3000}\u{3000}单位：\(unit)"
    }

    /// The rows of an organisation form: the printed items, then the categories kept as
    /// written, each with the category (nil for 企业).
    static func orgRows(_ categories: Set<String>) -> [(label: String, category: String?)] {
        let printed = Set(FormLayouts.orgItems.compactMap(\.category))
        let extra = CoverageSheet.categoryOrder(categories.subtracting(printed))
        return FormLayouts.orgItems.map { ($0.label, $0.category) } + extra.map { ($0, $0) }
    }

    private static func writeOrgCount(_ book: Workbook, _ context: ReportContext) throws {
        let i = context.indicators
        let columns = FormLayouts.orgCountColumns
        let sheet = try ReportSheet(book: book, name: orgCountName, title: FormLayouts.orgCountTitle, context: context,
                                    columns: columns.count + 1, unitLine: unitLine(context, unit: "个"))
        try sheet.formHeader(["项目"] + columns)
        func line(_ label: String, _ f: Organisations, total: Bool = false) throws {
            let row = sheet.row
            try sheet.body([.text(label), ReportTotals.sum(columns: 2...4, row: row,
                                                           cached: f.committees + f.generalBranches + f.branches),
                            .count(f.committees), .count(f.generalBranches), .count(f.branches)], total: total)
        }
        try line("总计", i.organisations, total: true)
        try items(sheet, i.organisationsByCategory, columns: columns.count, sum: { parts in
            var s = Organisations()
            s.committees = parts.reduce(0) { $0 + $1.committees }
            s.generalBranches = parts.reduce(0) { $0 + $1.generalBranches }
            s.branches = parts.reduce(0) { $0 + $1.branches }
            return s
        }, line: { try line($0, $1) })
        sheet.skip()
        try sheet.note("说明：总数=党委+党总支+党支部；企业=公有制企业+非公有制企业；总计为各项目（不含“其中”项）之和，"
            + "与“主要指标”的基层党组织数一致；空白表示无此类单位的报表。本表由 partystats 根据所辖单位报表汇总生成。", lines: 2)
        try finish(sheet)
    }

    private static func writeCoverage(_ book: Workbook, _ context: ReportContext) throws {
        let i = context.indicators
        let sheet = try ReportSheet(book: book, name: coverageName, title: FormLayouts.coverageTitle, context: context,
                                    columns: FormLayouts.coverageColumns.count + 1, unitLine: unitLine(context,
                                        unit: "个"))
        try sheet.formHeader(["项目"] + FormLayouts.coverageColumns)
        func line(_ label: String, _ f: CoverageFigure, total: Bool = false) throws {
            let row = sheet.row
            try sheet.body([.text(label), .count(f.units), .count(f.covered),
                            ReportTotals.difference(minuend: 1, subtrahend: 2, row: row, cached: f.units - f.covered),
                            ReportTotals.ratio(partColumn: 2, wholeColumn: 1, row: row, part: f.covered,
                                               whole: f.units)],
                           total: total)
        }
        try line("总计", i.coverage.overall, total: true)
        try items(sheet, i.coverage.byCategory, columns: FormLayouts.coverageColumns.count, sum: { parts in
            CoverageFigure(units: parts.reduce(0) { $0 + $1.units }, covered: parts.reduce(0) { $0 + $1.covered })
        }, line: { try line($0, $1) })
        sheet.skip()
        try sheet.note("说明：未建立党组织的单位数=单位数-已建立党组织的单位数；覆盖率=已建立党组织的单位数÷单位数；"
            + "企业=公有制企业+非公有制企业。已建立党组织的单位数含单独建立和联合建立。", lines: 2)
        try finish(sheet)
    }

    /// The item rows of an organisation form: each printed item (企业 the `sum` of its
    /// parts), then each category kept as written. Items of categories the unit does not
    /// have are left blank, as on a form filled by hand, so that the next level finds no
    /// figures there.
    private static func items<V>(_ sheet: ReportSheet, _ figures: [String: V], columns: Int, sum: ([V]) -> V,
                                 line: (String, V) throws -> Void) throws {
        for (label, category) in orgRows(Set(figures.keys)) {
            let parts = category.map { figures[$0].map { [$0] } ?? [] }
                ?? FormLayouts.enterpriseParts.compactMap { figures[$0] }
            if parts.isEmpty {
                try sheet.body([.text(label)] + Array(repeating: ReportCell.empty, count: columns))
            } else {
                try line(label, category == nil ? sum(parts) : parts[0])
            }
        }
    }

    private static func writeMembers(_ book: Workbook, _ context: ReportContext) throws {
        let i = context.indicators
        let sheet = try ReportSheet(book: book, name: memberName, title: MemberForm.title, context: context,
                                    columns: MemberForm.columns.count + 1, unitLine: unitLine(context, unit: "名"))
        try sheet.formHeader(["项目"] + MemberForm.columns)
        let total = i.members.total
        let totalRow = sheet.row + (MemberForm.items.first?.section == nil ? 0 : 1)
        var section: String?
        for item in MemberForm.items {
            if item.section != section, let heading = item.section {
                try sheet.body([.text(heading), .empty, .empty])
                section = heading
            }
            let n = memberFigure(item, i)
            let row = sheet.row
            try sheet.body([.text(item.label), .count(n),
                            ReportTotals.ratio(partColumn: 1, wholeColumn: 1, row: row, part: n, whole: total,
                                               wholeRow: totalRow)],
                           total: item.figure == "total")
        }
        sheet.skip()
        try sheet.note("说明：年龄按统计时点计算；按年龄、入党时间、学历分的各项之和均等于党员总数；大专及以上学历含研究生、"
            + "大学本科、大学专科。党员按公民身份号码去重。", lines: 2)
        try finish(sheet)
    }

    /// The signature line, the print area (the whole form) and the column widths.
    private static func finish(_ sheet: ReportSheet) throws {
        try sheet.note(footer)
        try sheet.sheet.setPrintArea(firstRow: 0, firstColumn: 0, lastRow: sheet.row - 1, lastColumn: sheet.columns - 1)
        try sheet.finish(minimumWidth: 12, fixed: [0: 30])
    }

    /// The indicators' figure of a member-form item.
    static func memberFigure(_ item: MemberForm.Item, _ i: Indicators) -> Int {
        switch item.figure {
        case "total": return i.members.total
        case "women": return i.members.women
        case "minority": return i.members.minority
        case "probationary": return i.members.probationary
        case "college": return i.members.college
        case "age": return i.ageBands[AgeBand.index(age: Int(item.key))].members
        case "period": return Int(item.key).map { i.joiningPeriods[$0].members } ?? 0
        case "education": return i.education[item.key] ?? 0
        default: return 0
        }
    }
}
