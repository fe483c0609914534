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
        Writes members, organisations, coverage, disbursements, indicators and problems as UTF-8 CSV files with a Table Schema for each. ID and phone numbers are masked (410328********1234, 138****5678) unless --include-pii is given. The folder and its files are owner-only; a previous package in the folder is replaced atomically.
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
