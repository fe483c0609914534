import PartyAnalytics
import PartyModel
import XLSXWriter

/// 组织覆盖: coverage and organisations by unit category, then by township.
enum CoverageSheet {
    static let name = "组织覆盖"

    static func categoryOrder(_ names: some Collection<String>) -> [String] {
        let canonical = OrgCategory.canonicalNames.filter(names.contains)
        let rest = names.filter { !OrgCategory.canonicalNames.contains($0) && $0 != "未注明" }.sorted()
        return canonical + rest + (names.contains("未注明") ? ["未注明"] : [])
    }

    static func write(_ book: Workbook, _ context: ReportContext) throws {
        let i = context.indicators
        let organisationsByCategory = i.organisationsByCategory
        let sheet = try ReportSheet(book: book, name: name, title: "\(context.year)年基层党组织覆盖情况",
                                    context: context, columns: 9)
        try sheet.header(["分组", "名称", "单位总数", "已建立党组织单位数", "覆盖率", "党委", "党总支", "党支部", "党员服务中心"])

        let categories = categoryOrder(Set(i.coverage.byCategory.keys).union(organisationsByCategory.keys))
        var firstCategoryRow: Int?
        var lastCategoryRow = 0
        var sums = [0, 0, 0, 0, 0]
        for category in categories {
            let figure = i.coverage.byCategory[category] ?? CoverageFigure()
            let orgs = organisationsByCategory[category] ?? Organisations()
            let row = try sheet.body([.centered("按单位类别"), .text(category), .count(figure.units), .count(figure.covered),
                                      .ratio(figure.ratio), .count(orgs.committees), .count(orgs.generalBranches),
                                      .count(orgs.branches), .centered("—")])
            firstCategoryRow = firstCategoryRow ?? row
            lastCategoryRow = row
            for (k, v) in [figure.units, figure.covered, orgs.committees, orgs.generalBranches,
                           orgs.branches].enumerated() {
                sums[k] += v
            }
        }
        if let first = firstCategoryRow {
            try totalRow(sheet, group: "按单位类别", rows: first...lastCategoryRow, sums: sums, centres: nil, perUnit: false)
        }

        var firstTownshipRow: Int?
        var lastTownshipRow = 0
        var townshipSums = [0, 0, 0, 0, 0]
        var centres: Int?
        for t in i.townships {
            let row = try sheet.body([.centered(context.unitGroup), .text(t.township), .count(t.coverage.units),
                                      .count(t.coverage.covered), .ratio(t.coverage.ratio),
                                      .count(t.organisations.committees), .count(t.organisations.generalBranches),
                                      .count(t.organisations.branches), .count(t.serviceCentres)])
            firstTownshipRow = firstTownshipRow ?? row
            lastTownshipRow = row
            for (k, v) in [t.coverage.units, t.coverage.covered, t.organisations.committees,
                           t.organisations.generalBranches, t.organisations.branches].enumerated() {
                townshipSums[k] += v
            }
            if let c = t.serviceCentres { centres = (centres ?? 0) + c }
        }
        if let first = firstTownshipRow {
            try totalRow(sheet, group: context.unitGroup, rows: first...lastTownshipRow, sums: townshipSums,
                         centres: centres,
                         perUnit: true)
        }
        sheet.skip()
        let s = i.serviceCentres
        if context.level.isRollUp {
            try sheet.note("覆盖率 = 已建立党组织单位数 ÷ 单位总数；“—”表示无单位数据。党员服务中心不在上报的年报表中，本级不汇总。")
        } else {
            try sheet.note("党员服务中心：\(s.townships) 个乡镇中 \(s.withCentre.map(String.init) ?? "—") 个建有服务中心，"
            + "共 \(s.centres.map(String.init) ?? "—") 个。覆盖率 = 已建立党组织单位数 ÷ 单位总数；“—”表示无单位数据。")
        }

        if let first = firstCategoryRow {
            let chart = try book.addChart(.bar)
            try chart.addSeries(name: "党组织覆盖率", categories: .column(1, rows: first...lastCategoryRow, on: name),
                                values: .column(4, rows: first...lastCategoryRow, on: name), color: 0xC00000,
                                dataLabels: true, labelFormat: "0.0%")
            try chart.setTitle("各类单位党组织覆盖率", font: context.styles.chartTitleFont)
            try chart.setAxisNames(category: nil, value: "覆盖率", font: context.styles.chartFont)
            try chart.setValueAxis(numberFormat: "0%", minimum: 0, maximum: 1)
            try chart.setAxisLabelFont(context.styles.chartFont)
            try chart.setLegend(.none)
            try sheet.chart(chart, rows: max(16, categories.count + 8))
        }
        try sheet.finish()
    }

    private static func totalRow(_ sheet: ReportSheet, group: String, rows: ClosedRange<Int>, sums: [Int],
                                 centres: Int?, perUnit: Bool) throws {
        let row = sheet.row
        let centreCell: ReportCell
        if !perUnit {
            centreCell = .centered("—")
        } else if let centres {
            centreCell = ReportTotals.sum(column: 8, rows: rows, cached: centres)
        } else {
            centreCell = .count(nil)
        }
        try sheet.body([.centered(group), .text("合计"),
                        ReportTotals.sum(column: 2, rows: rows, cached: sums[0]),
                        ReportTotals.sum(column: 3, rows: rows, cached: sums[1]),
                        ReportTotals.ratio(partColumn: 3, wholeColumn: 2, row: row, part: sums[1], whole: sums[0]),
                        ReportTotals.sum(column: 5, rows: rows, cached: sums[2]),
                        ReportTotals.sum(column: 6, rows: rows, cached: sums[3]),
                        ReportTotals.sum(column: 7, rows: rows, cached: sums[4]),
                        centreCell], total: true)
    }
}

/// 党员结构: gender, ethnicity, age, education, occupation, joining period.
enum StructureSheet {
    static let name = "党员结构"
    static let educationOrder = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下", "未知"]

    /// Keys in `first` order, then the rest by count (largest first), `未知` last.
    static func ordered(_ counts: [String: Int], first: [String] = []) -> [(String, Int)] {
        let head = first.filter { counts[$0] != nil && $0 != "未知" }
        let rest = counts.keys.filter { !head.contains($0) && $0 != "未知" }
            .sorted { (counts[$0]!, $1) > (counts[$1]!, $0) }
        return (head + rest + (counts["未知"] != nil ? ["未知"] : [])).map { ($0, counts[$0]!) }
    }

    static func write(_ book: Workbook, _ context: ReportContext) throws {
        let i = context.indicators
        let total = i.members.total
        let sheet = try ReportSheet(book: book, name: name, title: "\(context.year)年党员队伍结构",
                                    context: context, columns: 4)
        try sheet.header(["分组", "项目", "人数", "占党员总数比例"])
        func group(_ title: String, _ items: [(String, Int)]) throws {
            for (label, count) in items {
                try sheet.body([.centered(title), .text(label), .count(count),
                                .ratio(total == 0 ? nil : Double(count) / Double(total))])
            }
        }
        try sheet.body([.centered("总计"), .text("党员总数"), .count(total), .ratio(total == 0 ? nil : 1)], total: true)
        try group("性别", ordered(i.gender, first: ["男", "女"]))
        try group("民族", ordered(i.ethnicity, first: ["汉族"]))
        try group("年龄", i.ageBands.filter { $0.key != "unknown" || $0.members > 0 }.map { ($0.label, $0.members) })
        try group("学历", ordered(i.education, first: educationOrder))
        try group("入党时间", i.joiningPeriods.filter { $0.key != "unknown" || $0.members > 0 }.map { ($0.label,
            $0.members) })
        try group("职业", ordered(i.occupation))
        sheet.skip()
        try sheet.note("注：年龄按 \(context.year)年12月31日 计算；入党时间分段以 1949年10月1日、1978年12月18日、2012年11月8日 为界；"
            + "“未知”为名册中该项空白或无法识别。可用“分组”列的筛选按钮查看单项。", lines: 2)
        try sheet.finish()
    }
}
