import ArgumentParser
import Foundation
import PartyAnalytics
import PartyImport
import PartyModel
import PartyStore

/// `partystats indicators --year Y`: the SPEC §5 indicators of one year.
struct IndicatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "计算某一年度的党建统计指标和数据核查结果。",
        discussion: """
        党员人数及占比、年龄段（按该年 12 月 31 日计）、入党时期、学历、性别、民族、职业；\
        党组织及组织覆盖；帮扶资金；各乡镇的全部数字；数据核查。\
        --json 输出 docs/json-schema.md 所述的文档。
        """
    )

    @Option(name: .long, help: "报告年度，例如 2024。")
    var year: Int

    @Option(name: .long, help: "数据库文件。")
    var db: String = Store.defaultPath

    @Flag(name: .long, help: "输出 JSON（结构见 docs/json-schema.md）。")
    var json = false

    func validate() throws {
        try validateYear(year, option: "--year")
    }

    func run() throws {
        try reportingErrors {
            let indicators = try computeIndicators(store: try openExistingStore(db), year: year)
            if json {
                FileHandle.standardOutput.write(try PartyStats.maskedJSON(indicators))
            } else {
                print(IndicatorsText(indicators).render(), terminator: "")
            }
        }
    }
}

/// Checks a year option; `ValidationError` exits with status 64.
package func validateYear(_ year: Int, option: String) throws {
    guard (1921...2200).contains(year) else {
        throw ValidationError("\(option) \(year) 不是有效的年度：应为 1921 到 2200 之间的四位年份，例如 2024")
    }
}

/// Opens the store at `path` for reading only; it must already exist (reading never
/// creates one, and never writes to it: see `Store.init(readingAt:)`).
package func openExistingStore(_ path: String) throws -> Store {
    guard FileManager.default.fileExists(atPath: path) else {
        throw StoreError(code: .storeMissing, message: "数据库文件不存在：\(path)（请先运行 partystats import）")
    }
    return try Store(readingAt: path)
}

/// Runs `body`; a failure of the project's own kinds (import, mapping, store,
/// analytics) is printed as its description — already Chinese and ending in a stable
/// code — on stderr, and the command exits 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error where error is ImportFailure || error is MappingError || error is CodedError {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        if PartyStats.wantsJSON(Array(CommandLine.arguments.dropFirst())) {
            let line = "\(error)".split(whereSeparator: \.isNewline).joined(separator: "；")
            FileHandle.standardOutput.write(PartyStats.errorDocument(for: error, line: line, status: .failure))
        }
        throw ExitCode.failure
    }
}

/// The human-readable form of `Indicators`.
struct IndicatorsText {
    let indicators: Indicators

    init(_ indicators: Indicators) {
        self.indicators = indicators
    }

    func render() -> String {
        let i = indicators
        var sections = ["\(i.year) 年党建统计指标（年龄按 \(i.year)-12-31 计算）\n"]
        if let rollUp = i.rollUp {
            sections[0] += "本级为\(rollUp.level.chineseName)汇总，单位为\(rollUp.unit)；各单位年报表不含的"
                + RollUpInfo.notCarriedLabels + "本级不汇总。\n"
        }

        var members = TextTable(title: "党员", headers: ["指标", "人数", "占比"], alignments: [.left, .right, .right])
        let ratios = Dictionary(uniqueKeysWithValues: i.ratios.fields.map { ($0.name, $0.value) })
        for (name, count) in i.members.fields where !i.leavesOut("members.\(name)") {
            members.append([memberCountLabels[name] ?? name, NumberText.count(count),
                            ratios[name].map(NumberText.percent) ?? ""])
        }
        var memberText = members.render()
        if i.formerMembers.total > 0 {
            let reasons = i.formerMembers.byReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            memberText += "另有已不是党员的人员 \(NumberText.count(i.formerMembers.total)) 人（不计入党员数；"
                + reasons.joined(separator: "、") + "）\n"
        }
        sections.append(memberText)
        sections.append(breakdown("年龄结构", i.ageBands.map { ($0.label, $0.members) }))
        sections.append(breakdown("入党时间", i.joiningPeriods.map { ($0.label, $0.members) }))
        sections.append(breakdown("学历", ordered(i.education, first: ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"])))
        if !i.leavesOut("gender") {
            sections.append(breakdown("性别", ordered(i.gender, first: ["男", "女"])))
            sections.append(breakdown("民族", ordered(i.ethnicity, first: ["汉族"])))
            sections.append(breakdown("职业", ordered(i.occupation)))
        }
        if !i.mobileDestinations.isEmpty {
            sections.append(breakdown("流动党员流向", ordered(i.mobileDestinations)))
        }

        var orgs = TextTable(title: "基层党组织", headers: ["类别", "党委", "党总支", "党支部", "报表党员数"],
                             alignments: [.left, .right, .right, .right, .right])
        for (name, o) in i.organisationsByCategory.sorted(by: { $0.key < $1.key }) + [("合计", i.organisations)] {
            orgs.append([name, NumberText.count(o.committees), NumberText.count(o.generalBranches),
                         NumberText.count(o.branches), o.membersReported.map(NumberText.count) ?? "—"])
        }
        sections.append(orgs.render())

        var coverage = TextTable(title: "组织覆盖", headers: ["类别", "单位数", "已建党组织", "覆盖率"],
                                 alignments: [.left, .right, .right, .right])
        for (name, c) in i.coverage.byCategory.sorted(by: { $0.key < $1.key }) + [("合计", i.coverage.overall)] {
            coverage.append([name, NumberText.count(c.units), NumberText.count(c.covered), NumberText.percent(c.ratio)])
        }
        let s = i.serviceCentres
        let centres = s.withCentre.map {
            "党员服务中心：\(s.townships) 个乡镇中 \($0) 个建有（\(NumberText.percent(s.ratio))），共 "
                + "\(NumberText.count(s.centres ?? 0)) 个\n"
        } ?? (i.leavesOut("service_centres") ? "" : "党员服务中心：报表未填\n")
        sections.append(coverage.render() + centres)

        let f = i.funding.figures
        var funding = "帮扶资金：合计 \(NumberText.yuan(fen: f.totalFen)) 元，\(NumberText.count(f.records)) 笔，"
            + "\(NumberText.count(f.recipients)) 人\n"
        if f.records > 0 {
            funding += "\n" + money("资金来源", f.bySourceFen) + "\n" + money("帮扶类别", f.byCategoryFen)
                + "\n" + money("发放月份", f.byMonthFen, sortByKey: true)
        }
        sections.append(funding)

        // Above the county the units are counties or cities, and the columns no form carries go.
        let unit = i.rollUp?.unit ?? "乡镇"
        let shown = [true, true, true, !i.leavesOut("members.rural"), !i.leavesOut("members.mobile"),
                     !i.leavesOut("ratios.mobile"), !i.leavesOut("organisations.members_reported"), true, true]
        let pick = { (row: [String]) in zip(row, shown).filter(\.1).map(\.0) }
        var townships = TextTable(
            title: unit, headers: pick([unit, "党员", "女党员", "农村党员", "流动党员", "流动占比", "报表党员数", "党组织覆盖率", "帮扶资金（元）"]),
            alignments: [.left] + Array(repeating: .right, count: shown.filter { $0 }.count - 1))
        for t in i.townships {
            townships.append(pick([t.township, NumberText.count(t.members.total), NumberText.count(t.members.women),
                                   NumberText.count(t.members.rural), NumberText.count(t.members.mobile),
                                   NumberText.percent(t.ratios.mobile),
                                   t.organisations.membersReported.map(NumberText.count) ?? "—",
                                   NumberText.percent(t.coverage.ratio), NumberText.yuan(fen: t.funding.totalFen)]))
        }
        sections.append(townships.render())
        sections.append(ChecksText.render(i.checks))
        return sections.joined(separator: "\n")
    }

    private func breakdown(_ title: String, _ rows: [(String, Int)]) -> String {
        var table = TextTable(title: title, headers: ["", "人数", "占比"], alignments: [.left, .right, .right])
        for (label, n) in rows {
            table.append([label, NumberText.count(n), NumberText.percent(indicators.members.total == 0 ? nil
                : Double(n) / Double(indicators.members.total))])
        }
        return table.render()
    }

    private func money(_ title: String, _ amounts: [String: Int64], sortByKey: Bool = false) -> String {
        var table = TextTable(title: title, headers: ["", "金额（元）"], alignments: [.left, .right])
        let rows = sortByKey ? amounts.sorted { $0.key < $1.key }
            : amounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        for (name, fen) in rows { table.append([name, NumberText.yuan(fen: fen)]) }
        return table.render()
    }

    /// `first` in their order, then the rest by count (descending), `未知` last.
    private func ordered(_ counts: [String: Int], first: [String] = []) -> [(String, Int)] {
        let head = first.compactMap { key in counts[key].map { (key, $0) } }
        let rest = counts.filter { !first.contains($0.key) && $0.key != "未知" }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { ($0.key, $0.value) }
        return head + rest + (counts["未知"].map { [("未知", $0)] } ?? [])
    }
}

/// The checks as a table, or a line saying there are none.
enum ChecksText {
    static func render(_ checks: [Check]) -> String {
        guard !checks.isEmpty else { return "数据核查：未发现问题\n" }
        var table = TextTable(title: "数据核查", headers: ["级别", "代码", "位置", "说明"])
        for check in checks {
            table.append([check.severity.label, check.code, check.location, check.message])
        }
        return table.render()
    }
}
