import ArgumentParser
import Foundation
import PartyAnalytics
import PartyImport
import PartyModel
import SheetReader

extension PartyStats {
    /// Runs the command line like `main()`, but every failure reaches the user as
    /// one line in Chinese ending in a stable code — never ArgumentParser's English
    /// `Error:` block or a Swift error's debug text. `--help` and `--version` print
    /// as usual.
    ///
    /// Exit status: 0 done; 1 failed; 64 usage error (bad option or value); other
    /// codes as the subcommand chose (65 for rejects).
    /// - Parameter root: the root command parsed; the executable passes one that adds
    ///   `serve` (PartyWeb) to these subcommands, so that only it links the web server.
    public static func mainWithUserFacingErrors(_ arguments: [String]? = nil,
                                                root: any ParsableCommand.Type = PartyStats.self) -> Never {
        do {
            var command = try root.parseAsRoot(try checkedWords(arguments ?? Array(CommandLine.arguments.dropFirst())))
            try command.run()
            Foundation.exit(0)
        } catch {
            let status = exitCode(for: error)
            if status == .success || error is ExitCode { exit(withError: error) }
            let line = userFacingLine(for: error, status: status, arguments: arguments, root: root)
            FileHandle.standardError.write(Data((line + "\n").utf8))
            if wantsJSON(arguments ?? Array(CommandLine.arguments.dropFirst())) {
                FileHandle.standardOutput.write(errorDocument(for: error, line: line, status: status))
            }
            Foundation.exit(status.rawValue)
        }
    }

    /// The words before `--` that start with one `-`, checked before ArgumentParser
    /// sees them: it reads `-leading-dash.csv` as a cluster of short options whose `h`
    /// prints help and exits 0 having done nothing, and `--year -1` as an option without
    /// its value. A negative number after an option becomes that option's value
    /// (`--year=-1`, which the command's own check then explains); any other such word
    /// is a usage error that says to put paths starting with `-` after `--`.
    /// - Throws: `ValidationError` (exit 64).
    static func checkedWords(_ words: [String]) throws -> [String] {
        var checked: [String] = []
        var rest = words[...]
        while let word = rest.popFirst() {
            if word == "--" {
                checked.append(word)
                checked.append(contentsOf: rest)
                break
            }
            guard word.hasPrefix("-"), !word.hasPrefix("--"), word.count > 1, !["-h", "-help"].contains(word) else {
                checked.append(word)
                continue
            }
            if let option = checked.last, option.hasPrefix("--"), option.count > 2, !option.contains("="),
               word.dropFirst().first?.isASCII == true, word.dropFirst().first?.isNumber == true {
                checked[checked.count - 1] = option + "=" + word
                continue
            }
            let command = checked.first { !$0.hasPrefix("-") } ?? "import"
            throw ValidationError("「\(word)」以 - 开头，不是 partystats 的选项；以 - 开头的文件路径请写在 -- 之后，例如 partystats \(command) "
                + "… -- \(word)")
        }
        return checked
    }

    /// True when `--json` is among the options (before a `--` that ends them).
    static func wantsJSON(_ words: [String]) -> Bool {
        words.prefix { $0 != "--" }.contains("--json")
    }

    /// An analytics document as `--json` prints it: personal numbers inside its strings
    /// (township, category and source names typed by the returns) masked.
    static func maskedJSON(_ value: some Encodable) throws -> Data {
        Data(IDNumber.maskAll(inJSON: String(decoding: try AnalyticsJSON.encode(value), as: UTF8.self)).utf8)
    }

    /// One failure as scripts see it under `--json` (docs/json-schema.md, *Errors*).
    struct ErrorEntry: Encodable, Equatable {
        var code: String
        var message: String
        var file: String?
        var sheet: String?
        var row: Int?
        var column: String?
    }

    /// `{"errors": [ErrorEntry…], "status": N}` on stdout, with the same facts as the
    /// line on stderr: a failed import lists every file that could not be read.
    package static func errorDocument(for error: any Error, line: String, status: ExitCode) -> Data {
        struct Document: Encodable {
            var errors: [ErrorEntry]
            var status: Int32
        }
        let entries: [ErrorEntry]
        if let failure = error as? ImportFailure {
            entries = failure.errors.map(entry)
        } else if let read = error as? ReadError {
            entries = [entry(read)]
        } else {
            entries = [entry(line: line)]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(errors: entries, status: status.rawValue))) ?? Data("{}".utf8)
        return Data(IDNumber.maskAll(inJSON: String(decoding: data, as: UTF8.self)).utf8) + Data("\n".utf8)
    }

    static func entry(_ error: ReadError) -> ErrorEntry {
        ErrorEntry(code: error.code, message: error.message, file: error.file, sheet: error.sheet,
                   row: error.row, column: error.column)
    }

    /// An entry from a one-line message ending in ` [code]`.
    static func entry(line: String) -> ErrorEntry {
        guard line.hasSuffix("]"), let open = line.range(of: " [", options: .backwards) else {
            return ErrorEntry(code: ProblemCode.internalUnexpected.rawValue, message: line)
        }
        let code = String(line[open.upperBound..<line.index(before: line.endIndex)])
        return ErrorEntry(code: code, message: String(line[..<open.lowerBound]))
    }

    /// The one line printed for a failure.
    static func userFacingLine(for error: any Error, status: ExitCode, arguments: [String]?,
                               root: any ParsableCommand.Type = PartyStats.self) -> String {
        let line: String
        if status == .validationFailure {
            let words = arguments ?? Array(CommandLine.arguments.dropFirst())
            let subcommand = words.first { !$0.hasPrefix("-") }
                .flatMap { name in root.configuration.subcommands.first { $0._commandName == name }?._commandName }
            let help = "partystats " + (subcommand.map { $0 + " " } ?? "") + "--help"
            line = "命令行参数有误：\(message(for: error))（用法见 \(help)） [\(ProblemCode.usageInvalid)]"
        } else if String(describing: error).range(of: #" \[[a-z_]+\.[a-z_.]+\]$"#, options: .regularExpression) != nil {
            // The project's errors (ImportFailure, StoreError, MappingError, ReadError,
            // report and export errors) already read `…：<中文说明> [code]`.
            line = String(describing: error)
        } else {
            line = "意外错误（请报告此问题）：\(String(describing: error)) [\(ProblemCode.internalUnexpected)]"
        }
        return IDNumber.maskAll(in: line).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "；")
    }
}
