import PartyAnalytics
import PartyImport
import XLSXWriter

/// 说明: what the workbook is, where its figures come from, and how to read it.
enum ReadmeSheet {
    static let name = "说明"

    static func kindLabel(_ kind: String?) -> String {
        switch kind {
        case "skipped": return "未识别（已跳过）"
        case nil: return "—"
        case let id?: return TableKind(rawValue: id)?.displayName ?? id
        }
    }

    /// Above the county, the one line that says where the figures come from and what is left out.
    static func rollUpLine(_ context: ReportContext) -> [(String, String, Int)] {
        guard context.level.isRollUp else { return [] }
        let level = context.level
        let text: String = "本表为\(level.chineseName)汇总：数字为各\(level.unitWord)上报的年报表（基层组织数量、建立党组织情况、"
            + "党员数量和结构）和帮扶资金表之和，名册和身份证号留在县级。年报表不含的" + RollUpInfo.notCarriedLabels
            + "本级不汇总，不列为 0。"
        return [("汇总级别", text, 3)]
    }

    static func write(_ book: Workbook, _ context: ReportContext, sources: [ReportQueries.SourceSheet],
                      problemCounts: [String: Int], problemSheets: [String]) throws {
        let title = "\(context.county)\(context.year)年党内统计报告"
        let sheet = try ReportSheet(book: book, name: name, title: title, context: context, columns: 9)
        let files = Set(sources.map(\.path)).count
        let imported = sources.reduce(0) { $0 + $1.imported }
        let rejects = problemCounts["reject", default: 0]
        let warnings = problemCounts["warning", default: 0]
        var sheetList = ["说明", "主要指标", "组织覆盖", "党员结构"] + (context.level.isRollUp ? [] : ["流动党员"]) + ["帮扶资金"]
        if context.comparison != nil { sheetList.append("同比分析") }
        sheetList += FormSheets.names + ["数据核查"] + problemSheets
        var problemNote = "被拒绝的行不能构成记录（如名册缺姓名、台账金额无法识别），未计入任何统计；"
            + "保留但有疑问的行计入统计并记为警告。每一条拒绝和警告都列在“导入问题”工作表中，注明文件、工作表、行号和列，身份证号已脱敏。"
        if problemSheets.count > 1 {
            problemNote += "问题共 \(groupedNumber(rejects + warnings)) 条，超过 Excel 单表行数上限，依次续列于 "
                + problemSheets.dropFirst().joined(separator: "、") + "。"
        }
        let info: [(String, String, Int)] = [
            ("填报单位", context.county.isEmpty ? "（未填写）" : context.county, 1),
            ("统计年度", "\(context.year)年（统计时点 \(context.year)年12月31日，年龄按该日计算）", 1),
            ("对比年度", context.compareYear.map { "\($0)年（见“同比分析”）" } ?? "无", 1),
            ("生成时间", context.generatedText, 1),
            ("文件目录", context.sourceFolder.isEmpty ? "—" : context.sourceFolder, 1),
            ("数据来源", "\(files) 个文件、\(sources.count) 个工作表；导入 \(groupedNumber(imported)) 行，"
                + "拒绝 \(groupedNumber(rejects)) 行，警告 \(groupedNumber(warnings)) 条", 1),
            ("拒绝与警告", problemNote, 3),
            ("统计口径", "党员按公民身份号码去重（同一年度重复出现的只计一次，见“导入问题”member.duplicate）；"
                + "比例 = 人数 ÷ 党员总数；党组织覆盖率 = 已建立党组织单位数 ÷ 单位总数；金额单位为元，保留两位小数。", 2),
            ("工作表", sheetList.joined(separator: "、"), 1),
        ] + rollUpLine(context)
        for (label, text, lines) in info {
            let row = sheet.row
            try sheet.sheet.setRow(row, height: Double(lines) * 16 + 4)
            try sheet.sheet.write(.text(label), row: row, column: 0, style: context.styles.label, fit: false)
            try sheet.sheet.mergeRange(firstRow: row, firstColumn: 1, lastRow: row, lastColumn: sheet.columns - 1,
                                       text: ReportCell.safe(text), style: context.styles.note)
            sheet.skip()
        }
        sheet.skip()
        try sheet.caption("数据来源文件（SHA-256 可用于核对原始文件未被改动）")
        sheet.fixWidths([0: 8, 1: 34, 2: 22, 8: 68])
        try sheet.header(["序号", "文件", "工作表", "表类型", "读取行数", "导入行数", "拒绝行数", "警告数", "SHA-256"])
        for (index, source) in sources.enumerated() {
            try sheet.body([.count(index + 1), .wrapped(context.relative(source.path)), .wrapped(source.sheet ?? "—"),
                            .centered(kindLabel(source.kind)), .count(source.rowsRead), .count(source.imported),
                            .count(source.rejected), .count(source.warnings), .text(source.sha256)])
        }
        if sources.isEmpty {
            try sheet.body([.empty, .text("（本年度没有导入记录）"), .empty, .empty, .empty, .empty, .empty, .empty, .empty])
        }
        try sheet.finish(fixed: [0: 10])
        try sheet.sheet.activate()
    }
}

/// 主要指标: every numeric indicator of `Indicators.entries`, with last year and the change
/// under `--compare` (matched by name with `YearComparison.indicators`).
enum HeadlineSheet {
    static let name = "主要指标"

    /// Chinese group names for the sections of `IndicatorEntry.name`.
    static let groups: [String: String] = [
        "members": "党员队伍", "ratios": "党员占比", "age_bands": "年龄结构", "joining_periods": "入党时间",
        "gender": "性别", "education": "学历", "ethnicity": "民族", "occupation": "职业",
        "organisations": "基层党组织", "coverage": "组织覆盖", "service_centres": "党员服务中心",
        "funding": "帮扶资金", "mobile_destinations": "流动党员流向",
        "organisations_by_category": "分类别党组织",
    ]

    static func group(_ name: String) -> String {
        let section = String(name.prefix { $0 != "." })
        return groups[section] ?? "其他指标"
    }

    static func unit(_ entry: IndicatorEntry) -> String {
        switch entry.unit {
        case .yuan: return "元"
        case .ratio: return "%"
        case .count:
            if entry.name == "organisations.members_reported" { return "名" }
            if entry.name == "funding.records" { return "笔" }
            if entry.name == "funding.recipients" { return "人" }
            for prefix in ["organisations.", "coverage.", "service_centres."] where entry.name.hasPrefix(prefix) {
                return "个"
            }
            return "名"
        }
    }

    static func cell(_ value: IndicatorValue?) -> ReportCell {
        switch value {
        case .count(let n)?: return .count(n)
        case .ratio(let r)?: return .ratio(r)
        case .fen(let f)?: return .money(f)
        case nil: return .count(nil)
        }
    }

    static func write(_ book: Workbook, _ context: ReportContext) throws {
        let comparing = context.comparison != nil
        let sheet = try ReportSheet(book: book, name: name, title: "\(context.year)年党内统计主要指标",
                                    context: context, columns: comparing ? 7 : 4)
        var header = ["类别", "指标", "\(context.year)年", "单位"]
        if let x = context.compareYear { header += ["\(x)年", "增减", "增减率"] }
        try sheet.header(header)
        let changes = Dictionary((context.comparison?.indicators ?? []).map { ($0.name, $0) },
                                 uniquingKeysWith: { first, _ in first })
        for entry in context.indicators.entries {
            let unit = unit(entry)
            var cells: [ReportCell] = [.centered(group(entry.name)), .text(entry.label), cell(entry.value),
                                       .centered(unit)]
            if comparing {
                let change = changes[entry.name]
                // Ratios change by percentage points; their relative change is not shown.
                let relative: ReportCell = entry.unit == .ratio ? .centered("—") : .ratio(change?.change)
                cells += [cell(change?.from), cell(change?.delta), relative]
            }
            try sheet.body(cells)
        }
        sheet.skip()
        try sheet.note("注：占比为占党员总数的比例；“—”表示无数据或不适用。" + (comparing ? "比例指标的增减为百分点差。" : ""))
        try sheet.finish()
    }
}
