import ArgumentParser
import Foundation
import SheetReader

/// `partystats cells`: the raw cells of one sheet of any supported file, like `in2csv`.
struct CellsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cells",
        abstract: "输出文件中一个工作表的原始单元格（CSV 或 JSON Lines），不做任何映射。",
        discussion: """
        可读取 csv、xlsx、xlsm 和 xls。--sheet 2 指第 2 个工作表（即使另有名为“2”的工作表）；--sheet-name 按名称选择工作表，找不到时取唯一一个名称以所给文字开头的工作表。CSV \
        输出：数字取最短写法，日期为 ISO 8601，布尔值为 true/false，错误值按文字输出。JSON Lines 输出：从第 1 行到最后一个有值的行，每行一个数组，空单元格为 null，数字为 JSON \
        数字，日期为 ISO 8601 字符串。每行末尾的空单元格不输出。
        """
    )

    @Argument(help: "要读取的文件（csv、xlsx、xlsm、xls）。")
    var file: String

    @Option(name: .long, help: "从 1 开始的工作表序号（默认第一个工作表，隐藏的也算）；不是数字时按名称查找。")
    var sheet: String?

    @Option(name: .customLong("sheet-name"), help: "工作表名称；没有同名工作表时，取唯一以此开头的工作表。")
    var sheetName: String?

    @Option(name: .long, help: "输出格式：csv 或 jsonl。")
    var format: CellsExport.Format = .csv

    @Flag(name: .customLong("list-sheets"), help: "只列出工作表（序号、名称、是否隐藏）。")
    var listSheets = false

    func validate() throws {
        if let sheet, sheet.isEmpty { throw ValidationError("--sheet 不能为空") }
        if let sheet, let n = Int(sheet), n < 1 { throw ValidationError("--sheet 序号从 1 开始") }
        if let sheetName, sheetName.isEmpty { throw ValidationError("--sheet-name 不能为空") }
        if sheet != nil && sheetName != nil { throw ValidationError("--sheet 与 --sheet-name 只能用一个") }
        if listSheets && (sheet != nil || sheetName != nil) { throw ValidationError("--list-sheets 不能与 --sheet 或 "
            + "--sheet-name 同时使用") }
    }

    func run() throws {
        do {
            let book = try SheetReaders.open(path: file)
            if listSheets {
                for info in book.sheets {
                    print("\(info.index + 1)\t\(info.name)\(info.hidden ? "\t隐藏" : "")")
                }
                return
            }
            let index = try sheetIndex(in: book)
            let watch = UncachedFormulaWatch(try book.openSheet(index))
            try CellsExport.write(PrefetchingCursor(watch), format: format, to: .standardOutput)
            watch.report(file: file, sheet: book.sheets[index].name)
        } catch let error as ReadError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }

    /// The 0-based sheet chosen by `--sheet` (a number is a 1-based position, other
    /// text a name) or `--sheet-name`; the first sheet when neither is given.
    private func sheetIndex(in book: any WorkbookReader) throws -> Int {
        if let sheet, let n = Int(sheet) {
            guard n <= book.sheets.count else {
                throw ReadError(code: .sheetNotFound, message: "没有第 \(n) 个工作表（共 \(book.sheets.count) 个：\(names(book))）",
                                file: file)
            }
            return n - 1
        }
        if let name = sheetName ?? sheet { return try CellsCommand.sheet(named: name, in: book, file: file) }
        guard !book.sheets.isEmpty else {
            throw ReadError(code: .sheetNone, message: "文件中没有工作表", file: file)
        }
        return 0
    }

    /// The sheet of this name; else the only sheet whose name starts with it (a name
    /// shortened as users type it: `党员` for `党员名册（2024）`).
    /// - Throws: `sheet.not_found`, or `sheet.ambiguous` when several names start with it.
    static func sheet(named name: String, in book: any WorkbookReader, file: String) throws -> Int {
        if let info = book.sheets.first(where: { $0.name == name }) { return info.index }
        let starting = book.sheets.filter { $0.name.hasPrefix(name) }
        if starting.count == 1 { return starting[0].index }
        if starting.count > 1 {
            throw ReadError(code: .sheetAmbiguous,
                            message: "有 \(starting.count) 个工作表以“\(name)”开头"
                                + "（\(starting.map(\.name).joined(separator: "、"))），请写出完整名称",
                            file: file)
        }
        throw ReadError(code: .sheetNotFound, message: "找不到工作表“\(name)”（共 \(book.sheets.count) 个：\(names(book))）",
                        file: file)
    }

    private static func names(_ book: any WorkbookReader) -> String { book.sheets.map(\.name).joined(separator: "、") }
    private func names(_ book: any WorkbookReader) -> String { CellsCommand.names(book) }
}

/// Passes a sheet's rows on and notes its formula cells stored without a result,
/// which `cells` writes as empty and names on standard error.
final class UncachedFormulaWatch: SheetCursor {
    private let base: any SheetCursor
    private var cells: [String] = []
    private var count = 0

    init(_ base: any SheetCursor) { self.base = base }

    func next() throws -> SheetRow? {
        let row = try base.next()
        if let row, !row.uncachedFormulas.isEmpty {
            count += row.uncachedFormulas.count
            for column in row.uncachedFormulas where cells.count < 10 {
                cells.append("\(columnLetters(column))\(row.number)")
            }
        }
        return row
    }

    var bytesRead: Int64? { base.bytesRead }

    /// Writes one warning line to standard error when some formula had no result.
    func report(file: String, sheet: String) {
        guard count > 0 else { return }
        let more = count > cells.count ? " 等 \(count) 个单元格" : ""
        let line = "警告：\(file) 工作表「\(sheet)」\(cells.joined(separator: "、"))\(more)是没有保存计算结果的公式"
            + "（文件由脚本生成、未经 Excel 重新计算），按空白输出 [cell.formula_uncached]\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

extension CellsExport.Format: ExpressibleByArgument {}
