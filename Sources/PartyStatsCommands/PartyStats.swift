import ArgumentParser

/// The root command: configuration only; each subcommand lives in its own file.
public struct PartyStats: ParsableCommand {
    /// The root command: its abstract and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "partystats",
        abstract: "党建统计：导入乡镇报表，校验，计算指标，生成领导用 Excel 工作簿。",
        discussion: """
        将各乡镇报送的报表（基层党组织情况、党员名册、帮扶资金发放台账；.xlsx、.xls 和 CSV）导入 SQLite 数据库，进行核查，并生成统计结果和报告。
        """,
        version: "0.1.0",
        subcommands: [
            ImportCommand.self,
            ValidateCommand.self,
            IndicatorsCommand.self,
            CompareCommand.self,
            CellsCommand.self,
            InspectCommand.self,
            ExportCommand.self,
            ReportCommand.self,
        ]
    )

    /// The root command (ArgumentParser makes it).
    public init() {}
}
