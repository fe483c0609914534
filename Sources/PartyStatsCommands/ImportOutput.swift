import Foundation
import PartyImport
import PartyModel
import PartySession

/// Printing an `ImportReport` for people and for scripts (and, as `import --json`, for
/// the page of `partystats serve`).
package enum ImportOutput {
    /// How many problems the human summary lists before pointing to --json.
    static let problemsShown = 30

    package static let reasonNames = ["title": "标题", "header": "表头", "note": "备注", "blank": "空行",
                                      "total": "合计", "unrecognised": "未识别",
                                      "analysis": "分析表"]

    static func text(_ report: ImportReport) -> String {
        var table = TextTable(headers: ["文件", "工作表", "类型", "编码", "读取行", "导入", "拒绝", "跳过", "警告"],
                              alignments: [.left, .left, .left, .left, .right, .right, .right, .left, .right])
        for file in report.files {
            for sheet in file.sheets {
                let skipped = sheet.skipped.sorted { $0.key < $1.key }
                    .map { "\(reasonNames[$0.key] ?? $0.key) \($0.value)" }.joined(separator: "，")
                table.append([file.path, sheet.sheet, kindName(sheet.kind), file.encoding ?? file.format,
                              String(sheet.rowsRead), String(sheet.imported), String(sheet.rejected),
                              skipped, String(sheet.warnings)])
            }
        }
        var out = table.render()
        let log = report.problemLog
        out += "\n合计：\(report.files.count) 个文件，导入 \(report.imported) 行，拒绝 \(report.rejected) 行，警告 \(log.warnings) 条。\n"
        if log.count > 0 {
            // Rejects first: they are what loses data.
            let ordered = (log.firstRejects + log.firstWarnings).prefix(problemsShown)
            out += "\n问题（前 \(ordered.count) 条，共 \(log.count) 条；完整列表见 --json）：\n"
            for p in ordered {
                out += "  [\(p.severity == .reject ? "拒绝" : "警告")] \(p.line)\n"
            }
        }
        return out
    }

    package static func kindName(_ kind: String) -> String {
        TableKind(rawValue: kind)?.displayName ?? "已跳过"
    }

    /// `{files: [...], problems: [...]}` plus `extra` keys, on stdout (keys sorted,
    /// two-space indentation). The problems are streamed one by one from the log, so
    /// a million of them never sit in memory together.
    static func writeJSON(_ report: ImportReport, extra: [String: any Sendable]) throws {
        let out = BufferedOutput()
        try writeJSON(report, extra: extra, to: out.write)
        out.flush()
    }

    /// The `import --json` document of a stored import: the report plus `year`, `stored`
    /// and `replaced`, handed to `write` piece by piece (stdout for the command line, the
    /// response for the page).
    package static func writeImportJSON(_ result: ImportOutcome, year: Int, to write: (String) -> Void) throws {
        try writeJSON(result.report, extra: ["year": year, "stored": !result.rolledBack, "replaced": result.replaced],
                      to: write)
    }

    /// The document of ``writeJSON(_:extra:)``, handed to `write` piece by piece.
    package static func writeJSON(_ report: ImportReport, extra: [String: any Sendable],
                                  to write: (String) -> Void) throws {
        struct Summary: Encodable {
            var files: Int, imported: Int, rejected: Int, warnings: Int
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        /// A value encoded pretty and indented to sit at `depth` levels.
        func nested(_ value: some Encodable, depth: Int) throws -> String {
            let text = IDNumber.maskAll(inJSON: String(decoding: try encoder.encode(value), as: UTF8.self))
            return text.replacingOccurrences(of: "\n", with: "\n" + String(repeating: "  ", count: depth))
        }
        let log = report.problemLog
        write("{\n  \"files\" : \(try nested(report.files, depth: 1)),\n  \"problems\" : [")
        var first = true
        try log.forEach { problem in
            write(first ? "\n    " : ",\n    ")
            write(try nested(problem, depth: 2))
            first = false
        }
        write(first ? "]" : "\n  ]")
        if let replaced = extra["replaced"] as? [String] {
            write(",\n  \"replaced\" : \(try nested(replaced, depth: 1))")
        }
        if let stored = extra["stored"] as? Bool {
            write(",\n  \"stored\" : \(stored)")
        }
        let summary = Summary(files: report.files.count, imported: report.imported,
                              rejected: report.rejected, warnings: log.warnings)
        write(",\n  \"summary\" : \(try nested(summary, depth: 1))")
        if let year = extra["year"] as? Int {
            write(",\n  \"year\" : \(year)")
        }
        write("\n}\n")
    }
}

/// Writes text to stdout in blocks of about 64 KiB.
final class BufferedOutput {
    private var buffer = Data()
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }
    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

