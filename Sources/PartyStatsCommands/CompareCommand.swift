import ArgumentParser
import Foundation
import PartyAnalytics
import PartyStore

/// `partystats compare --from X --to Y`: year over year, with member flows matched by ID.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "两个年度同比：党员增减（按身份证号匹配）、各项指标增减和各乡镇党员变化。",
        discussion: """
        党员增减：新增（身份证号在 --to 年度而不在 --from 年度）、减少、转移（所在乡镇变化），\
        以及两个年度中没有有效身份证号的行数。核算式 \
        本年 = 上年 + 新增 − 减少 + 本年无号 − 上年无号 会被核对并显示。\
        --json 输出 docs/json-schema.md 所述的文档。
        """
    )

    @Option(name: .long, help: "基期年度，例如 2023。")
    var from: Int

    @Option(name: .long, help: "报告年度，例如 2024。")
    var to: Int

    @Option(name: .long, help: "数据库文件。")
    var db: String = Store.defaultPath

    @Flag(name: .long, help: "输出 JSON（结构见 docs/json-schema.md）。")
    var json = false

    func validate() throws {
        try validateYear(from, option: "--from")
        try validateYear(to, option: "--to")
        guard from != to else { throw ValidationError("--from 与 --to 不能是同一年度（\(from)）") }
    }

    func run() throws {
        try reportingErrors {
            let comparison = try compare(store: try openExistingStore(db), from: from, to: to)
            if json {
                FileHandle.standardOutput.write(try PartyStats.maskedJSON(comparison))
            } else {
                print(ComparisonText.render(comparison), terminator: "")
            }
        }
    }
}

/// The human-readable form of `YearComparison`.
enum ComparisonText {
    static func render(_ c: YearComparison) -> String {
        let m = c.members
        var out = "\(c.from)→\(c.to) 年同比\n\n"
        if let rollUp = c.rollUp {
            return out + rollUpText(c, unit: rollUp.unit)
        }
        var flows = TextTable(title: "党员增减（按身份证号匹配）", headers: ["项目", "人数"], alignments: [.left, .right])
        flows.append(["\(c.from) 年党员", NumberText.count(m.from)])
        flows.append(["新增（\(c.to) 年有、\(c.from) 年无）", NumberText.count(m.joined)])
        flows.append(["减少（\(c.from) 年有、\(c.to) 年无）", NumberText.count(m.left)])
        flows.append(["\(c.to) 年无身份证号", NumberText.count(m.withoutIDTo)])
        flows.append(["\(c.from) 年无身份证号", NumberText.count(m.withoutIDFrom)])
        flows.append(["\(c.to) 年党员", NumberText.count(m.to)])
        flows.append(["其中跨乡镇转移", NumberText.count(m.transferred)])
        out += flows.render()
        out += "核算：\(m.arithmetic)（\(c.to) 年 = \(c.from) 年 + 新增 − 减少 + \(c.to) 年无号 − \(c.from) 年无号）\n\n"

        out += indicatorTable(c) + "\n"

        var townships = TextTable(
            title: "各乡镇党员",
            headers: ["乡镇", "\(c.from)", "\(c.to)", "增减", "变化率", "新增", "减少", "转入", "转出",
                      "\(c.from)无号", "\(c.to)无号"],
            alignments: [.left] + Array(repeating: .right, count: 10))
        for t in c.townships {
            townships.append([t.township, NumberText.count(t.membersFrom), NumberText.count(t.membersTo),
                              signed(t.delta), signedPercent(t.change), NumberText.count(t.joined),
                              NumberText.count(t.left), NumberText.count(t.transferredIn),
                              NumberText.count(t.transferredOut), NumberText.count(t.withoutIDFrom),
                              NumberText.count(t.withoutIDTo)])
        }
        return out + townships.render()
    }

    /// Above the county: members per unit from the forms (no flows by ID), and the indicators.
    private static func rollUpText(_ c: YearComparison, unit: String) -> String {
        var out = "党员：\(c.from) 年 \(NumberText.count(c.members.from))，\(c.to) 年 \(NumberText.count(c.members.to))"
            + "（来自各\(unit)年报表，上级不按身份证号核算新增、减少和转移）\n\n"
        out += indicatorTable(c) + "\n"
        var units = TextTable(title: "各\(unit)党员", headers: [unit, "\(c.from)", "\(c.to)", "增减", "变化率"],
                              alignments: [.left, .right, .right, .right, .right])
        for t in c.townships {
            units.append([t.township, NumberText.count(t.membersFrom), NumberText.count(t.membersTo),
                          signed(t.delta), signedPercent(t.change)])
        }
        return out + units.render()
    }

    private static func indicatorTable(_ c: YearComparison) -> String {
        var indicators = TextTable(title: "指标", headers: ["指标", "\(c.from)", "\(c.to)", "增减", "变化率"],
                                   alignments: [.left, .right, .right, .right, .right])
        for row in c.indicators {
            indicators.append([row.label, value(row.from, row.unit), value(row.to, row.unit),
                               delta(row.delta, row.unit), signedPercent(row.change)])
        }
        return indicators.render()
    }

    private static func value(_ v: IndicatorValue?, _ unit: IndicatorUnit) -> String {
        switch v {
        case nil: "—"
        case .count(let n)?: NumberText.count(n)
        case .ratio(let r)?: NumberText.percent(r)
        case .fen(let f)?: NumberText.yuan(fen: f)
        }
    }

    private static func delta(_ v: IndicatorValue?, _ unit: IndicatorUnit) -> String {
        switch v {
        case nil: "—"
        case .count(let n)?: signed(n)
        case .ratio(let r)?: (r > 0 ? "+" : "") + NumberText.percent(r).dropLast() + "个百分点"
        case .fen(let f)?: (f > 0 ? "+" : "") + NumberText.yuan(fen: f)
        }
    }

    private static func signed(_ n: Int) -> String {
        (n > 0 ? "+" : "") + NumberText.count(n)
    }

    private static func signedPercent(_ r: Double?) -> String {
        guard let r else { return "—" }
        return (r > 0 ? "+" : "") + NumberText.percent(r)
    }
}
