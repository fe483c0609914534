import ArgumentParser
import Foundation
import PartyReport
import PartyStore

/// `partystats report`: the Excel workbook for leaders (SPEC §7).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "生成领导用 Excel 工作簿（主要指标、组织覆盖、党员结构、流动党员、帮扶资金、同比分析、核查与导入问题）。",
        discussion: """
        工作表：说明、主要指标、组织覆盖、党员结构、流动党员、帮扶资金、同比分析（给出 --compare 时）、数据核查、导入问题。A4 横向，打印时一页宽，页脚有页码，图表为 Excel \
        原生图表。文件原子生成：新文件完整写好后才替换原有文件。身份证号和手机号一律脱敏。
        """
    )

    @Option(name: .long, help: "报告年度（须已导入）。")
    var year: Int

    @Option(name: .long, help: "对比年度（须已导入）：增加“同比分析”工作表和上年数列。")
    var compare: Int?

    @Option(name: .long, help: "输出的 .xlsx 文件。")
    var output: String

    @Option(name: .long, help: "数据库文件。")
    var db: String = Store.defaultPath

    @Option(name: .long, help: "填报单位（默认取导入时映射文件中的 county，没有则留空；最多 \(ReportCommand.countyLimit) 个字）。")
    var county: String?

    /// The longest `--county`: it stands in titles and in the printed page header, which
    /// Excel limits to 255 characters with its codes.
    static let countyLimit = 100

    func validate() throws {
        guard (1900...9999).contains(year) else { throw ValidationError("年度 \(year) 无效") }
        if let compare {
            guard (1900...9999).contains(compare) else { throw ValidationError("对比年度 \(compare) 无效") }
            guard compare != year else { throw ValidationError("--compare 不能与 --year 相同") }
        }
        guard !output.isEmpty else { throw ValidationError("--output 不能为空") }
        guard output.lowercased().hasSuffix(".xlsx") else { throw ValidationError("--output 应以 .xlsx 结尾") }
        if let county, county.count > Self.countyLimit {
            throw ValidationError("--county 过长（\(county.count) 个字，最多 \(Self.countyLimit) 个字）")
        }
    }

    func run() throws {
        let store = try openExistingStore(db)
        let bar = ProgressLine.make(label: "生成报告", json: false)
        do {
            try writeReport(store: store, year: year, compare: compare, output: output, county: county,
                            progress: bar.map { bar in { bar.update($0) } })
        } catch {
            bar?.finish()
            throw error
        }
        bar?.finish()
        print("已生成 \(year) 年报告：\(output)")
    }
}
