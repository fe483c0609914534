import ArgumentParser
import Foundation
import PartyReport
import PartyStore

/// `partystats export`: one report year as a Frictionless data package.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "导出数据包（Frictionless Data Package：CSV + datapackage.json），供 pandas / R 使用。",
        discussion: """
        将党员、党组织、组织覆盖、帮扶资金发放、指标和导入问题写成 UTF-8 CSV 文件，每个文件附表结构说明（Table Schema）。除非给出 \
        --include-pii，身份证号和手机号一律脱敏（410328********1234、138****5678），文字列中出现的号码也不例外。\
        文件夹及其中文件仅本人可读写；原有的数据包整体原子替换；导出被中断（Ctrl-C）时不留下临时文件夹。
        """
    )

    @Option(name: .long, help: "报告年度（须已导入）。")
    var year: Int

    @Option(name: .long, help: "输出目录（不存在、为空或为先前导出的数据包）。")
    var output: String

    @Flag(name: .customLong("include-pii"), help: "不遮蔽身份证号和电话号码（输出含个人信息，请妥善保管）。")
    var includePII = false

    @Option(name: .long, help: "数据库文件。")
    var db: String = Store.defaultPath

    func validate() throws {
        guard (1900...9999).contains(year) else {
            throw ValidationError("年度 \(year) 无效")
        }
        guard !output.isEmpty else { throw ValidationError("--output 不能为空") }
    }

    func run() throws {
        let store = try openExistingStore(db)
        let summary = try DataPackageExport.write(store: store, year: year, to: output,
                                                  includePII: includePII, created: exportCreationTime())
        print("已导出 \(year) 年数据包：\(summary.path)")
        for resource in summary.resources {
            print("  \(resource.name).csv\t\(resource.rows) 行")
        }
        if includePII { print("注意：数据包含未遮蔽的身份证号和电话号码。") }
    }
}

/// Now, or `SOURCE_DATE_EPOCH` (seconds) when set, for reproducible packages.
package func exportCreationTime() -> Date {
    if let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = TimeInterval(text) {
        return Date(timeIntervalSince1970: seconds)
    }
    return Date()
}
