import Foundation
import PartyModel
import GRDB
import PartyAnalytics
import PartyStore
import XLSXWriter

/// 同比分析: member flows with their arithmetic, townships, and every indicator.
enum ComparisonSheet {
    static let name = "同比分析"

    static func write(_ book: Workbook, _ context: ReportContext) throws {
        guard let c = context.comparison else { return }
        let f = c.members
        let sheet = try ReportSheet(book: book, name: name, title: "\(c.from)—\(c.to)年党内统计同比分析",
                                    context: context, columns: 6)
        try sheet.header(["分组", "项目", "\(c.from)年", "\(c.to)年", "增减", "增减率"])
        func change(_ from: Int, _ to: Int) -> ReportCell { .ratio(from == 0 ? nil : Double(to - from) / Double(from)) }
        let totalRow = try sheet.body([.centered("党员增减"), .text("年末党员数"), .count(f.from), .count(f.to),
                                       .count(f.to - f.from), change(f.from, f.to)])
        if f.matchedByID { try flowRows(sheet, f, totalRow: totalRow) }

        var firstTownship: Int?
        var lastTownship = 0
        for t in c.townships {
            let row = try sheet.body([.centered("各\(context.level.unitWord)党员数"), .text(t.township),
                                      .count(t.membersFrom), .count(t.membersTo),
                                      .count(t.delta), .ratio(t.change)])
            firstTownship = firstTownship ?? row
            lastTownship = row
        }
        for change in c.indicators {
            let cells: [ReportCell]
            switch change.unit {
            case .count:
                cells = [HeadlineSheet.cell(change.from), HeadlineSheet.cell(change.to),
                         HeadlineSheet.cell(change.delta),
                         .ratio(change.change)]
            case .ratio:
                cells = [HeadlineSheet.cell(change.from), HeadlineSheet.cell(change.to),
                         HeadlineSheet.cell(change.delta),
                         .centered("—")]
            case .yuan:
                cells = [HeadlineSheet.cell(change.from), HeadlineSheet.cell(change.to),
                         HeadlineSheet.cell(change.delta),
                         .ratio(change.change)]
            }
            try sheet.body([.centered("指标"), .text(change.label)] + cells)
        }
        sheet.skip()
        try sheet.note(f.matchedByID
            ? "党员增减核算：\(f.arithmetic)（本年 = 上年 + 新增 − 减少 + 本年无身份证号 − 上年无身份证号）。比例指标的增减为百分点差。"
            : "党员数来自各\(context.level.unitWord)上报的年报表，上级不掌握名册，不按身份证号核算新增、减少和转移。比例指标的增减为百分点差。",
            lines: 2)
        if let first = firstTownship {
            let chart = try book.addChart(.column)
            try chart.addSeries(name: "\(c.from)年", categories: .column(1, rows: first...lastTownship, on: name),
                                values: .column(2, rows: first...lastTownship, on: name), color: 0xA5A5A5)
            try chart.addSeries(name: "\(c.to)年", categories: .column(1, rows: first...lastTownship, on: name),
                                values: .column(3, rows: first...lastTownship, on: name), color: 0xC00000)
            try chart.setTitle("各\(context.level.unitWord)党员数 \(c.from)年与\(c.to)年对比",
                               font: context.styles.chartTitleFont)
            try chart.setAxisNames(category: nil, value: "党员数", font: context.styles.chartFont)
            try chart.setValueAxis(numberFormat: "#,##0")
            try chart.setAxisLabelFont(context.styles.chartFont)
            try chart.setLegend(.bottom, font: context.styles.chartFont)
            try sheet.chart(chart, rows: 20, xScale: 2.0)
        }
        try sheet.finish()
    }

    /// The flows by ID and their arithmetic (a county store only).
    private static func flowRows(_ sheet: ReportSheet, _ f: MemberFlows, totalRow: Int) throws {
        let joined = try sheet.body([.centered("党员增减"), .text("新增（本年有、上年无，按身份证号）"), .empty,
                                     .count(f.joined), .empty, .empty])
        let left = try sheet.body([.centered("党员增减"), .text("减少（上年有、本年无，按身份证号）"), .count(f.left),
                                   .empty, .empty, .empty])
        try sheet.body([.centered("党员增减"), .text("乡镇间转移（两年都在、乡镇不同）"), .empty, .count(f.transferred),
                        .empty, .empty])
        let withoutID = try sheet.body([.centered("党员增减"), .text("无身份证号党员（按人数计入）"),
                                        .count(f.withoutIDFrom), .count(f.withoutIDTo), .empty, .empty])
        // to = from + joined − left + without_id_to − without_id_from, as a live formula.
        let d = { (row: Int, column: Int) in CellReference.name(row: row, column: column) }
        let formula = "\(d(totalRow, 2))+\(d(joined, 3))-\(d(left, 2))+\(d(withoutID, 3))-\(d(withoutID, 2))"
        let computed = f.from + f.joined - f.left + f.withoutIDTo - f.withoutIDFrom
        try sheet.body([.centered("党员增减"), .text("核算：上年 + 新增 − 减少 + 本年无号 − 上年无号"), .empty,
                        .formula(formula, cached: Double(computed), format: ReportStyles.countFormat), .empty, .empty],
                       total: true)
    }
}

/// 数据核查: every check of the analytics, then the import problems by code.
enum ChecksSheet {
    static let name = "数据核查"

    static func write(_ book: Workbook, _ context: ReportContext,
                      problemCodes: [(code: String, severity: String, count: Int)],
                      formerMembers: [FormerMemberEntry] = []) throws {
        let checks = context.indicators.checks.sorted { $0.severity < $1.severity }
        let sheet = try ReportSheet(book: book, name: name, title: "\(context.year)年数据核查结果",
                                    context: context, columns: 8)
        sheet.fixWidths([2: 22, 3: 18, 4: 40, 5: 30, 6: 64])
        try sheet.header(["序号", "级别", "代码", "名称", "含义", "位置", "说明", "数量"])
        for (index, check) in checks.enumerated() {
            let (name, meaning) = explained(check.code)
            try sheet.body([.count(index + 1), .centered(check.severity.label), .text(check.code), .wrapped(name),
                            .wrapped(meaning), .wrapped(check.location), .wrapped(check.message), .count(check.count)])
        }
        if checks.isEmpty {
            try sheet.body([.empty, .centered("—"), .text("—"), .text("—"), .text("—"), .text("—"),
                            .text("各项核查均未发现问题"), .empty])
        }
        sheet.skip()
        // The summary spans the first six columns, each with a heading and a value.
        try sheet.caption("导入问题分类汇总（明细见“导入问题”工作表）")
        try sheet.header(["序号", "类型", "代码", "名称", "含义", "条数"], filter: false)
        for (index, item) in problemCodes.enumerated() {
            let (name, meaning) = explained(item.code)
            try sheet.body([.count(index + 1), .centered(ProblemSheets.severityLabel(item.severity)), .text(item.code),
                            .wrapped(name), .wrapped(meaning), .count(item.count)])
        }
        if problemCodes.isEmpty {
            try sheet.body([.empty, .centered("—"), .text("—"), .text("—"), .text("导入时未发现拒绝或警告"), .empty])
        }
        try FormerMembersSection.write(sheet, context, formerMembers)
        try sheet.finish()
    }
}

extension ChecksSheet {
    /// A code's Chinese name and one-line explanation from the catalogue; a code this
    /// version does not know (stored by another version) is shown as written.
    static func explained(_ code: String) -> (name: String, meaning: String) {
        guard let entry = ProblemCode.entry(forID: code) else { return (code, "（本版本未收录此代码）") }
        return (entry.name, entry.explanation)
    }
}

/// 导入问题: every reject and warning, streamed from SQLite in source order.
enum ProblemSheets {
    static let name = "导入问题"

    static func severityLabel(_ severity: String) -> String {
        switch severity {
        case "reject": return "拒绝"
        case "warning": return "警告"
        default: return severity
        }
    }

    /// `导入问题`, then `导入问题(2)`, … as many as `count` problems need.
    static func names(count: Int, perSheet: Int) -> [String] {
        let sheets = max(1, (count + perSheet - 1) / perSheet)
        return (1...sheets).map { $0 == 1 ? name : "\(name)(\($0))" }
    }

    static let headers = ["序号", "类型", "代码", "文件", "工作表", "行", "列", "表头", "原值（已脱敏）", "说明"]

    static func write(_ book: Workbook, _ context: ReportContext, store: Store, total: Int, names: [String],
                      perSheet: Int, options: ReportOptions) throws {
        var sheets: [ReportSheet] = []
        func open(_ index: Int) throws -> ReportSheet {
            let title = index == 0 ? "\(context.year)年数据导入问题明细" : "\(context.year)年数据导入问题明细（续\(index)）"
            let sheet = try ReportSheet(book: book, name: names[index], title: title, context: context,
                                        columns: headers.count)
            let from = index * perSheet + 1
            let to = min(total, (index + 1) * perSheet)
            if names.count > 1 {
                try sheet.note("共 \(groupedNumber(total)) 条，超过 Excel 单表 1,048,576 行上限，分 \(names.count) 个工作表；"
                    + "本表为第 \(groupedNumber(from))—\(groupedNumber(to)) 条"
                    + (index + 1 < names.count ? "，其余见 \(names[index + 1])。" : "。"))
            }
            sheet.fixWidths([0: 9, 3: 28, 4: 16, 7: 14, 8: 24, 9: 50])
            try sheet.header(headers)
            sheets.append(sheet)
            return sheet
        }
        var sheet = try open(0)
        var written = 0
        try store.dbQueue.read { db in
            let rows = try Row.fetchCursor(db, sql: ReportQueries.problemsSQL, arguments: [context.year])
            while let row = try rows.next() {
                if written > 0, written % perSheet == 0 {
                    try sheet.finish()
                    sheet = try open(written / perSheet)
                }
                written += 1
                if written % 4096 == 0 { options.report("导入问题", written: written, total: total) }
                let line: Int? = row["row"]
                try sheet.body([.count(written), .centered(severityLabel(row["severity"])), .text(row["code"]),
                                .wrapped(context.relative(row["file"])), .wrapped(row["sheet"] ?? "—"), .count(line),
                                .centered(row["column"] ?? "—"), .wrapped(row["header"] ?? ""),
                                .wrapped(row["value"] ?? ""), .wrapped(row["message"])])
            }
        }
        if written == 0 {
            try sheet.body([.empty, .centered("—"), .text("—"), .text("导入时未发现拒绝或警告"), .empty, .empty, .empty,
                            .empty, .empty, .empty])
        }
        try sheet.finish()
        // The count was taken before streaming; a concurrent import in between would show here.
        guard written == total || (written == 0 && total == 0) else {
            throw ReportError(code: .reportProblemsChanged,
                              message: "导入问题条数在生成过程中发生变化（\(total) → \(written)），请重新生成")
        }
    }
}
