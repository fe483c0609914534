import Foundation
import PartyImport

/// Printing an `ImportReport` for people and for scripts.
enum ImportOutput {
    /// How many problems the human summary lists before pointing to --json.
    static let problemsShown = 30

    static let reasonNames = ["title": "标题", "header": "表头", "note": "备注", "blank": "空行",
                              "total": "合计", "unrecognised": "未识别"]

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
        let rejects = report.problems.filter { $0.severity == .reject }.count
        let warnings = report.problems.count - rejects
        out += "\n合计：\(report.files.count) 个文件，导入 \(report.imported) 行，拒绝 \(report.rejected) 行，警告 \(warnings) 条。\n"
        if !report.problems.isEmpty {
            // Rejects first: they are what loses data.
            let ordered = report.problems.filter { $0.severity == .reject } + report.problems.filter { $0.severity == .warning }
            out += "\n问题（前 \(min(problemsShown, ordered.count)) 条，共 \(ordered.count) 条；完整列表见 --json）：\n"
            for p in ordered.prefix(problemsShown) {
                out += "  [\(p.severity == .reject ? "拒绝" : "警告")] \(p.line)\n"
            }
        }
        return out
    }

    static func kindName(_ kind: String) -> String {
        TableKind(rawValue: kind)?.displayName ?? "已跳过"
    }

    /// `{files: [...], problems: [...]}` plus `extra` keys, on stdout.
    static func writeJSON(_ report: ImportReport, extra: [String: any Sendable]) throws {
        struct Document: Encodable {
            var files: [FileSummary]
            var problems: [Problem]
            var summary: Summary
            var year: Int?
            var stored: Bool?
            var replaced: [String]?
        }
        struct Summary: Encodable {
            var files: Int, imported: Int, rejected: Int, warnings: Int
        }
        let warnings = report.problems.filter { $0.severity == .warning }.count
        let doc = Document(files: report.files, problems: report.problems,
                           summary: Summary(files: report.files.count, imported: report.imported,
                                            rejected: report.rejected, warnings: warnings),
                           year: extra["year"] as? Int, stored: extra["stored"] as? Bool,
                           replaced: extra["replaced"] as? [String])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(doc))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

/// A sink that stores nothing: `validate` only needs the accounting.
final class CountingSink: ImportSink {
    private var next: Int64 = 0
    func beginFile(_ file: SourceFile) throws {}
    func beginSheet(name: String, ordinal: Int, kind: TableKind?) throws {}
    func member(_ member: MemberRecord, duplicateOf: Int64?) throws -> Int64 {
        next += 1
        return next
    }
    func organisation(_ organisation: OrganisationRecord) throws {}
    func disbursement(_ disbursement: DisbursementRecord) throws {}
    func declaredTotal(_ total: DeclaredTotal) throws {}
    func problem(_ problem: Problem) throws {}
    func endSheet(_ summary: SheetSummary) throws {}
    func endFile(_ file: FileSummary) throws {}
}
