import ArgumentParser
import Foundation

extension PartyStats {
    /// Runs the command line like `main()`, but every failure reaches the user as
    /// one line in Chinese ending in a stable code — never ArgumentParser's English
    /// `Error:` block or a Swift error's debug text. `--help` and `--version` print
    /// as usual.
    ///
    /// Exit status: 0 done; 1 failed; 64 usage error (bad option or value); other
    /// codes as the subcommand chose (65 for rejects).
    public static func mainWithUserFacingErrors(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            let status = exitCode(for: error)
            if status == .success || error is ExitCode { exit(withError: error) }
            FileHandle.standardError.write(Data((userFacingLine(for: error, status: status, arguments: arguments) + "\n").utf8))
            Foundation.exit(status.rawValue)
        }
    }

    /// The one line printed for a failure.
    static func userFacingLine(for error: any Error, status: ExitCode, arguments: [String]?) -> String {
        let line: String
        if status == .validationFailure {
            let words = arguments ?? Array(CommandLine.arguments.dropFirst())
            let subcommand = words.first { !$0.hasPrefix("-") }
                .flatMap { name in configuration.subcommands.first { $0._commandName == name }?._commandName }
            let help = "partystats " + (subcommand.map { $0 + " " } ?? "") + "--help"
            line = "命令行参数有误：\(message(for: error))（用法见 \(help)） [usage.invalid]"
        } else if String(describing: error).range(of: #" \[[a-z_]+\.[a-z_.]+\]$"#, options: .regularExpression) != nil {
            // The project's errors (ImportFailure, StoreError, MappingError, ReadError,
            // report and export errors) already read `…：<中文说明> [code]`.
            line = String(describing: error)
        } else {
            line = "意外错误（请报告此问题）：\(String(describing: error)) [internal.unexpected]"
        }
        return line.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "；")
    }
}
