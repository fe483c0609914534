import ArgumentParser
import Foundation
import PartyImport
import PartyModel

/// `partystats inspect FILE…`: how the import would read each sheet, and what to add to
/// the mapping file for what it cannot (SPEC §6, issue 15 §6).
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "查看文件中每个工作表如何被识别：表头行、各列对应的字段、表格类型及依据、前几行数据、映射文件片段。",
        discussion: """
        与 import 完全相同地读取每个工作表的前几行，不写入任何数据。每一列给出对应的字段；对应不上时给出最接近的已知别名，并为这些列给出可直接粘贴的 mapping.yaml \
        片段。显示的数据中身份证号和手机号一律脱敏。退出状态：0 完成；1 有文件无法读取；64 命令行参数有误。
        """
    )

    @Argument(help: "要查看的文件（csv、xlsx、xlsm、xls）。")
    var files: [String]

    @Option(name: .long, help: "YAML 映射文件：按导入时的映射识别。")
    var mapping: String?

    @Flag(name: .long, help: "输出 JSON（结构见 docs/json-schema.md）。")
    var json = false

    func run() throws {
        try reportingErrors {
            let mapping = try mapping.map { try Mapping.load(path: $0) } ?? Mapping()
            let inspections = try files.map { try Inspector.inspect(path: $0, mapping: mapping) }
            if json {
                FileHandle.standardOutput.write(try inspectJSON(inspections))
            } else {
                print(IDNumber.maskAll(in: InspectCommand.text(inspections)), terminator: "")
            }
        }
    }

    /// The inspections for people, in Chinese.
    static func text(_ files: [FileInspection]) -> String {
        var out = ""
        for file in files {
            out += "文件 \(file.path)（\(file.encoding.map { "\(file.format)，\($0)" } ?? file.format)）\n"
            for sheet in file.sheets { out += text(sheet) }
            out += "\n"
        }
        return out
    }

    static func text(_ sheet: SheetInspection) -> String {
        var out = "\n工作表「\(sheet.sheet)」\(sheet.hidden ? "（隐藏）" : "")："
        out += sheet.kindName.map { "识别为\($0)" } ?? "未识别"
        let rows = sheet.evidence.headerRows
        if let first = rows.first, let last = rows.last {
            out += first == last ? "，表头在第 \(first) 行" : "，表头在第 \(first)–\(last) 行"
        }
        out += "\n"
        if !sheet.evidence.scores.isEmpty {
            out += "  依据：\n"
            for score in sheet.evidence.scores {
                let name = TableKind(rawValue: score.kind)?.displayName ?? score.kind
                let reasons = score.reasons.map { reason -> String in
                    let note = reason.note.map { "，\(noteNames[$0] ?? $0)" } ?? ""
                    return "\(reason.column)「\(reason.header)」\(reason.field) +\(reason.weight)\(note)"
                }.joined(separator: "；")
                out += "    \(name) 得分 \(score.score)\(score.satisfied ? "" : "（缺少必需的列）")：\(reasons)\n"
            }
        }
        if !sheet.columns.isEmpty {
            var table = TextTable(headers: ["列", "表头", "字段", "说明"], alignments: [.left, .left, .left, .left])
            for column in sheet.columns {
                var remark = statusNames[column.status] ?? column.status
                if let nearest = column.nearest {
                    remark += "；最接近 \(nearest.field)「\(nearest.alias)」"
                }
                table.append([column.column, column.header, column.field ?? "—", remark])
            }
            out += "  各列：\n" + indent(table.render(), by: 4)
        }
        if !sheet.rows.isEmpty {
            out += "  前 \(sheet.rows.count) 行数据：\n"
            for row in sheet.rows {
                out += "    第 \(row.row) 行：" + row.cells.map { $0.isEmpty ? "·" : $0 }.joined(separator: " | ") + "\n"
            }
        }
        for note in sheet.notes {
            let place = note.column.map { "\($0) 列「\(note.header ?? "")」：" } ?? ""
            out += "  警告：\(place)\(note.message) [\(note.code)]\n"
        }
        if !sheet.mapping.isEmpty {
            out += "  mapping.yaml 片段（核对后粘贴到映射文件，用 --mapping 指定）：\n" + indent(sheet.mapping, by: 4)
        }
        return out
    }

    static let statusNames = ["mapped": "已对应", "ignored": "忽略（序号、备注等）", "duplicate": "未用（另一列更合适）",
                              "unmapped": "未对应字段"]
    static let noteNames = ["mapping": "映射文件指定", "money_header": "表头像金额", "values_do_not_parse": "数值无法识别，不计分"]

    private static func indent(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }
}

/// The `inspect --json` document: `{"files": [...]}` and a line end. The first rows are
/// shown to people: personal numbers masked wherever they stand.
package func inspectJSON(_ inspections: [FileInspection]) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let document = String(decoding: try encoder.encode(["files": inspections]), as: UTF8.self)
    return Data((IDNumber.maskAll(inJSON: document) + "\n").utf8)
}
