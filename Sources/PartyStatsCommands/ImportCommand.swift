import ArgumentParser
import Foundation
import PartyImport
import PartyModel
import PartySession
import PartyStore

extension ReportingLevel: ExpressibleByArgument {}

/// `partystats import PATH… --year Y`: read returns into the store in one transaction.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入乡镇报表（csv、xlsx、xlsm、xls 文件或文件夹）到数据库。",
        discussion: """
        所有文件在一个事务中读取：只要有一个文件无法读取，就不写入任何数据，退出状态为 1。同一年度再次导入相同内容时替换原有数据，不会重复。退出状态：0 完成；1 失败，未写入任何数据；64 命令行参数有误；65 使用 \
        --strict 时发现被拒绝的行。
        """
    )

    @OptionGroup var input: ReturnsInput

    @Option(name: .long, help: "报告年度，例如 2024。")
    var year: Int

    @Option(name: .long, help: "数据库文件（默认 ./partystats.sqlite）。")
    var db: String = Store.defaultPath

    @Flag(name: .long, help: "有被拒绝的行时不写入任何数据，退出码 65。")
    var strict = false

    @Flag(name: .long, help: "跳过没有可识别表格的文件（记入导入问题 file.unrecognised），导入其余文件。")
    var skipUnrecognised = false

    @Option(name: .long,
            help: "数据库所存的级别（首次导入时记录）：county 县（单位为乡镇，默认）、city 市（单位为县，导入各县工作簿或年报表）、province 省（单位为市）、nation 全国（单位为省）。")
    var level: ReportingLevel?

    func validate() throws {
        try validateYear(year, option: "--year")
    }

    func run() throws {
        try reportingErrors {
            let mapping = try input.loadMapping()
            let files = try ImportPipeline.discover(input.paths)
            let store = try Store(path: db)
            if let level { try store.setLevel(level) }
            let bar = ProgressLine.make(label: "导入", json: input.json)
            let progress: ((ImportProgress) -> Void)? = bar.map { bar in { bar.update($0) } }
            let result: ImportOutcome
            do {
                result = try ImportSession(store: store).importReturns(
                    files: files, year: year, mapping: mapping, strict: strict, skipUnrecognised: skipUnrecognised,
                    progress: progress)
            } catch {
                bar?.finish()  // erase the line before the error is printed
                throw error
            }
            bar?.finish()
            let rejected = result.report.rejected
            if input.json {
                let out = BufferedOutput()
                try ImportOutput.writeImportJSON(result, year: year, to: out.write)
                out.flush()
            } else {
                print(ImportOutput.text(result.report), terminator: "")
                if result.rolledBack {
                    print("存在 \(rejected) 个被拒绝的行，按 --strict 要求未写入任何数据。")
                } else {
                    let replaced = result.replaced.isEmpty ? "" : "（替换了已导入的相同文件 \(result.replaced.count) 个）"
                    print("已导入 \(year) 年数据到 \(db)\(replaced)。")
                }
            }
            if result.rolledBack { throw ExitCode(65) }
        }
    }
}

/// `partystats validate PATH…`: the same reading and checks as `import`, nothing stored.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "校验乡镇报表，不写入数据库。",
        discussion: """
        与 import 完全相同地读取和检查，报告每一行的去向，但不写入数据库。退出状态：0 没有被拒绝的行；1 有文件无法读取；64 命令行参数有误；65 有被拒绝的行。
        """
    )

    @OptionGroup var input: ReturnsInput

    func run() throws {
        try reportingErrors {
            let mapping = try input.loadMapping()
            let files = try ImportPipeline.discover(input.paths)
            let report = try ImportSession.validate(files: files, mapping: mapping)
            if input.json {
                try ImportOutput.writeJSON(report, extra: [:])
            } else {
                print(ImportOutput.text(report), terminator: "")
            }
            if report.rejected > 0 { throw ExitCode(65) }
        }
    }
}

/// Arguments shared by `import` and `validate`.
struct ReturnsInput: ParsableArguments {
    @Argument(help: "报表文件或文件夹（文件夹内的 csv、xlsx、xlsm、xls 文件按路径排序读取）。")
    var paths: [String]

    @Option(name: .long, help: "YAML 映射文件：补充表头别名、类别和资金来源同义词、乡镇名称。")
    var mapping: String?

    @Flag(name: .long, help: "输出 JSON（结构见 docs/json-schema.md）。")
    var json = false

    func loadMapping() throws -> Mapping {
        try mapping.map { try Mapping.load(path: $0) } ?? Mapping()
    }
}
