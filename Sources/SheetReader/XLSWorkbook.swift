import FreeXL
import Foundation

/// A legacy `.xls` workbook (BIFF5/BIFF8, as saved by Excel 97–2003, WPS or xlwt),
/// read through FreeXL.
///
/// FreeXL converts text from the workbook's code page (GBK files included) to UTF-8
/// and reports date-formatted numbers as dates. It holds the workbook in memory
/// (legacy files are at most 65,536 rows). It does not report merged ranges or
/// hidden sheets, so every sheet is flagged visible.
public final class XLSWorkbook: WorkbookReader {
    public let path: String
    public var format: FileFormat { .xls }
    public var encoding: String? { nil }
    public let sheets: [SheetInfo]
    /// The BIFF code page FreeXL reported (936 = GBK, 1200 = UTF-16LE), 0 when unknown.
    public let codePage: Int
    /// True when the workbook uses the 1904 date system.
    public let date1904: Bool

    private let document: FreeXLDocument
    private let limits: ReadLimits

    /// Opens a workbook.
    /// - Throws: `ReadError` (`xls.encrypted`, `xls.not_xls`, `xls.corrupt`, `file.unreadable`).
    public init(path: String, limits: ReadLimits = .default) throws(ReadError) {
        self.path = path
        self.limits = limits
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ReadError(code: "file.unreadable", message: "文件不存在或无法读取", file: path)
        }
        do {
            document = try FreeXLDocument(path: path)
            if try document.isPasswordProtected() {
                throw ReadError(code: "xls.encrypted", message: "工作簿已加密或受密码保护，请另存为未加密的文件后再导入", file: path)
            }
            date1904 = try document.uses1904Dates()
            codePage = try document.codePage()
            let count = try document.sheetCount()
            var infos: [SheetInfo] = []
            for i in 0..<count {
                infos.append(SheetInfo(name: try document.sheetName(i), index: i, hidden: false))
            }
            sheets = infos
        } catch let error as FreeXLError {
            throw XLSWorkbook.readError(error, path: path, sheet: nil)
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(code: "xls.corrupt", message: "无法读取 xls 文件：\(error)", file: path)
        }
    }

    /// Opens the sheet at a 0-based index.
    public func openSheet(_ index: Int) throws -> any SheetCursor {
        guard sheets.indices.contains(index) else {
            throw ReadError(code: "sheet.not_found", message: "工作簿没有第 \(index + 1) 个工作表（共 \(sheets.count) 个）", file: path)
        }
        let name = sheets[index].name
        do {
            try document.selectSheet(index)
            let (rows, columns) = try document.dimensions()
            if rows > limits.maxRows {
                throw ReadError(code: "xls.too_many_rows", message: "行数超过上限 \(limits.maxRows) 行", file: path, sheet: name)
            }
            if columns > limits.maxColumns {
                throw ReadError(code: "xls.too_many_columns", message: "列数超过上限 \(limits.maxColumns) 列", file: path, sheet: name)
            }
            return XLSSheetCursor(workbook: self, sheet: index, name: name, rows: rows, columns: columns)
        } catch let error as FreeXLError {
            throw XLSWorkbook.readError(error, path: path, sheet: name)
        }
    }

    /// Reads one row of a sheet, selecting the sheet again if another cursor moved FreeXL to another one.
    fileprivate func row(_ row: Int, sheet: Int, name: String, columns: Int) throws -> [CellValue] {
        do {
            if document.activeSheet != sheet { try document.selectSheet(sheet) }
            var cells: [CellValue] = []
            var lastFilled = -1
            cells.reserveCapacity(columns)
            for column in 0..<columns {
                let cell = try convert(document.cell(row: row, column: column), row: row, column: column, sheet: name)
                if case .empty = cell {} else { lastFilled = column }
                cells.append(cell)
            }
            cells.removeLast(cells.count - (lastFilled + 1))
            return cells
        } catch let error as FreeXLError {
            var e = XLSWorkbook.readError(error, path: path, sheet: name)
            e.row = row + 1
            throw e
        }
    }

    private func convert(_ cell: FreeXLCell, row: Int, column: Int, sheet: String) throws -> CellValue {
        switch cell {
        case .null: return .empty
        case .int(let v): return .number(Double(v))
        case .double(let v): return .number(v)
        case .text(let s):
            if s.utf8.count > limits.maxCellCharacters && s.utf16.count > limits.maxCellCharacters {
                throw ReadError(code: "xls.cell_too_long", message: "单元格文本超过 Excel 上限 \(limits.maxCellCharacters) 个字符",
                                file: path, sheet: sheet, row: row + 1, column: columnLetters(column))
            }
            return .text(s)
        case .date(let s), .dateTime(let s):
            if let d = XLSXDates.parseISO(s, date1904: date1904) { return .date(d) }
            return .text(s)
        case .time(let s):
            if let d = XLSXDates.parseISO(s, date1904: date1904) { return .date(d) }
            return .text(s)
        }
    }

    static func readError(_ error: FreeXLError, path: String, sheet: String?) -> ReadError {
        if error.isFileNotFound {
            return ReadError(code: "file.unreadable", message: "文件不存在或无法读取", file: path, sheet: sheet)
        }
        if error.isNotWorkbook {
            return ReadError(code: "xls.not_xls", message: "文件不是有效的 Excel 97-2003（xls）工作簿：\(error.message)", file: path, sheet: sheet)
        }
        return ReadError(code: "xls.corrupt", message: "xls 文件已损坏或无法解析：\(error.description)", file: path, sheet: sheet)
    }
}

/// Rows of one `.xls` worksheet, 1 to the sheet's last row.
final class XLSSheetCursor: SheetCursor {
    private let workbook: XLSWorkbook
    private let sheet: Int
    private let name: String
    private let rows: Int
    private let columns: Int
    private var nextRow = 0

    init(workbook: XLSWorkbook, sheet: Int, name: String, rows: Int, columns: Int) {
        self.workbook = workbook
        self.sheet = sheet
        self.name = name
        self.rows = rows
        self.columns = columns
    }

    func next() throws -> SheetRow? {
        guard nextRow < rows else { return nil }
        let cells = try workbook.row(nextRow, sheet: sheet, name: name, columns: columns)
        nextRow += 1
        return SheetRow(number: nextRow, cells: cells)
    }
}
