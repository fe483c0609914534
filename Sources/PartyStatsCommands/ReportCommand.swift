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
        Sheets: 说明, 主要指标, 组织覆盖, 党员结构, 流动党员, 帮扶资金, 同比分析 (with --compare), 数据核查, 导入问题. A4 landscape, one page wide, page numbers in the footer, native charts. The file appears atomically: an existing file is replaced only when the new one is complete. ID numbers are always masked.
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

    @Option(name: .long, help: "填报单位（默认取导入时映射文件中的 county，没有则留空）。")
    var county: String?

    func validate() throws {
        guard (1900...9999).contains(year) else { throw ValidationError("年度 \(year) 无效") }
        if let compare {
            guard (1900...9999).contains(compare) else { throw ValidationError("对比年度 \(compare) 无效") }
            guard compare != year else { throw ValidationError("--compare 不能与 --year 相同") }
        }
        guard !output.isEmpty else { throw ValidationError("--output 不能为空") }
        guard output.lowercased().hasSuffix(".xlsx") else { throw ValidationError("--output 应以 .xlsx 结尾") }
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
