import ArgumentParser

/// The root command: configuration only; each subcommand lives in its own file.
public struct PartyStats: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "partystats",
        abstract: "党建统计：导入乡镇报表，校验，计算指标，生成领导用 Excel 工作簿。",
        discussion: """
        Imports township returns (branch counts, member rosters, assistance-fund ledgers) from .xlsx, .xls and CSV into a SQLite store, checks them, and reports.
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

    public init() {}
}
