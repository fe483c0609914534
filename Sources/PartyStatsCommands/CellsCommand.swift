import ArgumentParser
import Foundation
import SheetReader

/// `partystats cells`: the raw cells of one sheet of any supported file, like `in2csv`.
struct CellsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cells",
        abstract: "输出文件中一个工作表的原始单元格（CSV 或 JSON Lines），不做任何映射。",
        discussion: """
        Reads csv, xlsx, xlsm and xls. CSV output: numbers in shortest form, dates ISO 8601, booleans true/false, error values as text. JSON Lines: one array per row from row 1 to the last row with a value, null for an empty cell, numbers as JSON numbers, dates as ISO 8601 strings. Trailing empty cells of a row are not written.
        """
    )

    @Argument(help: "要读取的文件（csv、xlsx、xlsm、xls）。")
    var file: String

    @Option(name: .long, help: "工作表名称，或从 1 开始的序号（默认第一个工作表，隐藏的也算）。")
    var sheet: String?

    @Option(name: .long, help: "输出格式：csv 或 jsonl。")
    var format: CellsExport.Format = .csv

    @Flag(name: .customLong("list-sheets"), help: "只列出工作表（序号、名称、是否隐藏）。")
    var listSheets = false

    func validate() throws {
        if let sheet, sheet.isEmpty { throw ValidationError("--sheet 不能为空") }
        if let sheet, let n = Int(sheet), n < 1 { throw ValidationError("--sheet 序号从 1 开始") }
        if listSheets && sheet != nil { throw ValidationError("--list-sheets 不能与 --sheet 同时使用") }
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
            try CellsExport.write(PrefetchingCursor(try book.openSheet(index)), format: format, to: .standardOutput)
        } catch let error as ReadError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }

    /// The 0-based sheet named by `--sheet` (a name first, then a 1-based number).
    private func sheetIndex(in book: any WorkbookReader) throws -> Int {
        guard let sheet else {
            guard !book.sheets.isEmpty else {
                throw ReadError(code: "sheet.none", message: "文件中没有工作表", file: file)
            }
            return 0
        }
        if let info = book.sheets.first(where: { $0.name == sheet }) { return info.index }
        if let n = Int(sheet), n >= 1, n <= book.sheets.count { return n - 1 }
        let names = book.sheets.map(\.name).joined(separator: "、")
        throw ReadError(code: "sheet.not_found", message: "找不到工作表“\(sheet)”（共 \(book.sheets.count) 个：\(names)）", file: file)
    }
}

extension CellsExport.Format: ExpressibleByArgument {}
