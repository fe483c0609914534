import PartyAnalytics
import PartyModel
import XLSXWriter

/// 流动党员: mobile members by township with ratios, and where they went.
enum MobileSheet {
    static let name = "流动党员"

    static func write(_ book: Workbook, _ context: ReportContext, destinationLimit: Int) throws {
        let i = context.indicators
        let destinations = i.mobileDestinations.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .prefix(destinationLimit).map { (destination: $0.key, members: $0.value) }
        let sheet = try ReportSheet(book: book, name: name, title: "\(context.year)年流动党员情况",
                                    context: context, columns: 7)
        try sheet.header(["乡镇", "党员数", "流动党员", "流动党员占比", "失联党员", "困难党员", "农村党员"])
        var first: Int?
        var last = 0
        var sums = [0, 0, 0, 0, 0]
        for t in i.townships {
            let m = t.members
            let row = try sheet.body([.text(t.township), .count(m.total), .count(m.mobile), .ratio(t.ratios.mobile),
                                      .count(m.lostContact), .count(m.hardship), .count(m.rural)])
            first = first ?? row
            last = row
            for (k, v) in [m.total, m.mobile, m.lostContact, m.hardship, m.rural].enumerated() { sums[k] += v }
        }
        if let first {
            let row = sheet.row
            try sheet.body([.text("合计"), ReportTotals.sum(column: 1, rows: first...last, cached: sums[0]),
                            ReportTotals.sum(column: 2, rows: first...last, cached: sums[1]),
                            ReportTotals.ratio(partColumn: 2, wholeColumn: 1, row: row, part: sums[1], whole: sums[0]),
                            ReportTotals.sum(column: 4, rows: first...last, cached: sums[2]),
                            ReportTotals.sum(column: 5, rows: first...last, cached: sums[3]),
                            ReportTotals.sum(column: 6, rows: first...last, cached: sums[4])], total: true)
        }
        sheet.skip()
        try sheet.caption("流动党员主要流向（前 \(destinations.count) 位）")
        try sheet.header(["流向", "人数", "占流动党员比例"], filter: false)
        let mobile = i.members.mobile
        for d in destinations {
            try sheet.body([.text(d.destination), .count(d.members),
                            .ratio(mobile == 0 ? nil : Double(d.members) / Double(mobile))])
        }
        if destinations.isEmpty {
            try sheet.body([.text("（无流动党员或名册未填写流向）"), .empty, .empty])
        }
        if let first {
            let chart = try book.addChart(.column)
            try chart.addSeries(name: "流动党员占比", categories: .column(0, rows: first...last, on: name),
                                values: .column(3, rows: first...last, on: name), color: 0x2F5597,
                                dataLabels: i.townships.count <= 25, labelFormat: "0.0%")
            try chart.setTitle("各乡镇流动党员占比", font: context.styles.chartTitleFont)
            try chart.setAxisNames(category: nil, value: "占本乡镇党员比例", font: context.styles.chartFont)
            try chart.setValueAxis(numberFormat: "0%", minimum: 0)
            try chart.setAxisLabelFont(context.styles.chartFont)
            try chart.setLegend(.none)
            try sheet.chart(chart, rows: 20, xScale: 2.0)
        }
        try sheet.finish()
    }
}

/// 帮扶资金: assistance funds by category, source, township and month.
enum FundingSheet {
    static let name = "帮扶资金"

    static func write(_ book: Workbook, _ context: ReportContext) throws {
        let funding = context.indicators.funding
        let figures = funding.figures
        let total = figures.totalFen
        let sheet = try ReportSheet(book: book, name: name, title: "\(context.year)年党内帮扶资金发放情况",
                                    context: context, columns: 6)
        try sheet.header(["分组", "项目", "金额（元）", "占总额比例", "笔数", "人数"])
        func share(_ fen: Int64) -> ReportCell { .ratio(total == 0 ? nil : Double(fen) / Double(total)) }
        try sheet.body([.centered(context.level.wholeWord), .text("合计"), .money(total), share(total),
                        .count(figures.records),
                        .count(figures.recipients)], total: true)

        let categories = figures.byCategoryFen.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        var firstCategory: Int?
        var lastCategory = 0
        for (category, fen) in categories {
            let row = try sheet.body([.centered("按帮扶类别"), .text(category), .money(fen), share(fen), .empty, .empty])
            firstCategory = firstCategory ?? row
            lastCategory = row
        }
        let sources = FundingSource.canonicalNames.filter { figures.bySourceFen[$0] != nil }
            + figures.bySourceFen.keys.filter { !FundingSource.canonicalNames.contains($0) }.sorted()
        for source in sources {
            let fen = figures.bySourceFen[source]!
            try sheet.body([.centered("按资金来源"), .text(source), .money(fen), share(fen), .empty, .empty])
        }
        for t in context.indicators.townships where t.funding.records > 0 || t.funding.totalFen != 0 {
            try sheet.body([.centered(context.unitGroup), .text(t.township), .money(t.funding.totalFen),
                            share(t.funding.totalFen),
                            .count(t.funding.records), .count(t.funding.recipients)])
        }
        let listed = Set(context.indicators.townships.map(\.township))
        for (township, fen) in funding.byTownshipFen.sorted(by: { $0.key < $1.key }) where !listed.contains(township) {
            try sheet.body([.centered(context.unitGroup), .text(township), .money(fen), share(fen), .empty, .empty])
        }
        let months = figures.byMonthFen.keys.filter { $0 != "未知" }.sorted()
            + (figures.byMonthFen["未知"] != nil ? ["未知"] : [])
        for month in months {
            let fen = figures.byMonthFen[month]!
            try sheet.body([.centered("按月份"), .text(monthLabel(month)), .money(fen), share(fen), .empty, .empty])
        }
        sheet.skip()
        try sheet.note(context.level.isRollUp
            ? "注：金额单位为元；笔数、人数为各\(context.level.unitWord)帮扶资金表所报之和。各分组金额之和均等于合计。"
            : "注：金额单位为元；人数按身份证号去重（无身份证号的按姓名加乡镇）。各分组金额之和均等于合计。")
        if let first = firstCategory {
            let chart = try book.addChart(.doughnut)
            try chart.addSeries(name: "帮扶资金", categories: .column(1, rows: first...lastCategory, on: name),
                                values: .column(2, rows: first...lastCategory, on: name), percentLabels: true)
            try chart.setTitle("帮扶资金按类别构成", font: context.styles.chartTitleFont)
            try chart.setLegend(.right, font: context.styles.chartFont)
            try sheet.chart(chart, rows: 20)
        }
        try sheet.finish()
    }

    /// `2024-03` → `2024年3月`; anything else as is.
    static func monthLabel(_ key: String) -> String {
        let parts = key.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else { return key }
        return "\(y)年\(m)月"
    }
}
