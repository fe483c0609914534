import FreeXL

/// The one place where FreeXL's answers become partystats' values: opening a
/// workbook, selecting a sheet with the size checks, and converting cells
/// (`FreeXLCell` → `CellValue`, text length limit, dates through `XLSXDates`).
///
/// It runs inside the `.xls` worker process (`XLSWorker.serve`) and, when no worker
/// is configured, in the calling process (`XLSWorkbook` falls back to it). Every
/// failure is a `ReadError` naming the file, the sheet and the row when known.
final class FreeXLSession {
    let path: String
    let limits: ReadLimits
    /// The BIFF code page, 0 when unknown.
    let codePage: Int
    let date1904: Bool
    let sheetNames: [String]
    /// The data-segment limit the process runs under (the worker's `RLIMIT_DATA`), for
    /// the message when FreeXL cannot allocate; nil in-process.
    let memoryLimit: Int?

    private let document: FreeXLDocument

    /// Opens a workbook and reads its sheet list.
    /// - Throws: `ReadError` (`xls.encrypted`, `xls.not_xls`, `xls.corrupt`, `xls.memory_limit`, `file.unreadable`).
    init(path: String, limits: ReadLimits, memoryLimit: Int? = nil) throws(ReadError) {
        self.path = path
        self.limits = limits
        self.memoryLimit = memoryLimit
        do {
            document = try FreeXLDocument(path: path)
            if try document.isPasswordProtected() {
                throw ReadError(code: "xls.encrypted", message: "工作簿已加密或受密码保护，请另存为未加密的文件后再导入", file: path)
            }
            date1904 = try document.uses1904Dates()
            codePage = try document.codePage()
            let count = try document.sheetCount()
            var names: [String] = []
            for i in 0..<count {
                let name = try document.sheetName(i)
                // BIFF stores a sheet name in at most 255 characters.
                guard name.utf16.count <= 255 else {
                    throw ReadError(code: "xls.corrupt", message: "xls 文件已损坏：第 \(i + 1) 个工作表的名称超过 255 个字符", file: path)
                }
                names.append(name)
            }
            sheetNames = names
        } catch let error as FreeXLError {
            throw FreeXLSession.readError(error, path: path, sheet: nil, memoryLimit: memoryLimit)
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(code: "xls.corrupt", message: "无法读取 xls 文件：\(error)", file: path)
        }
    }

    /// Selects a sheet (0-based, must exist) and returns its size, checked against the limits.
    /// - Throws: `ReadError` (`xls.too_many_rows`, `xls.too_many_columns`, `xls.corrupt`).
    func dimensions(sheet index: Int) throws(ReadError) -> (rows: Int, columns: Int) {
        let name = sheetNames[index]
        do {
            try document.selectSheet(index)
            let (rows, columns) = try document.dimensions()
            if rows > limits.maxRows {
                throw ReadError(code: "xls.too_many_rows", message: "行数超过上限 \(limits.maxRows) 行", file: path, sheet: name)
            }
            if columns > limits.maxColumns {
                throw ReadError(code: "xls.too_many_columns", message: "列数超过上限 \(limits.maxColumns) 列", file: path, sheet: name)
            }
            return (rows, columns)
        } catch let error as FreeXLError {
            throw FreeXLSession.readError(error, path: path, sheet: name, memoryLimit: memoryLimit)
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(code: "xls.corrupt", message: "无法读取 xls 文件：\(error)", file: path, sheet: name)
        }
    }

    /// One row (0-based) of a sheet whose size `dimensions(sheet:)` returned, without
    /// trailing empty cells. Selects the sheet again if another cursor moved FreeXL away.
    func row(_ row: Int, sheet: Int, columns: Int) throws(ReadError) -> [CellValue] {
        let name = sheetNames[sheet]
        var cells: [CellValue] = []
        var lastFilled = -1
        cells.reserveCapacity(columns)
        do {
            if document.activeSheet != sheet { try document.selectSheet(sheet) }
            for column in 0..<columns {
                let cell = try convert(document.cell(row: row, column: column), row: row, column: column, sheet: name)
                if case .empty = cell {} else { lastFilled = column }
                cells.append(cell)
            }
        } catch let error as FreeXLError {
            var e = FreeXLSession.readError(error, path: path, sheet: name, memoryLimit: memoryLimit)
            e.row = row + 1
            throw e
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(code: "xls.corrupt", message: "无法读取 xls 文件：\(error)", file: path, sheet: name, row: row + 1)
        }
        cells.removeLast(cells.count - (lastFilled + 1))
        return cells
    }

    private func convert(_ cell: FreeXLCell, row: Int, column: Int, sheet: String) throws(ReadError) -> CellValue {
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
        case .date(let s), .dateTime(let s), .time(let s):
            if let d = XLSXDates.parseISO(s, date1904: date1904) { return .date(d) }
            return .text(s)
        }
    }

    /// The `ReadError` for a FreeXL failure.
    static func readError(_ error: FreeXLError, path: String, sheet: String?, memoryLimit: Int?) -> ReadError {
        if error.isFileNotFound {
            return ReadError(code: "file.unreadable", message: "文件不存在或无法读取", file: path, sheet: sheet)
        }
        if error.isNotWorkbook {
            return ReadError(code: "xls.not_xls", message: "文件不是有效的 Excel 97-2003（xls）工作簿：\(error.message)", file: path, sheet: sheet)
        }
        if error.isOutOfMemory, let memoryLimit {
            return ReadError(code: "xls.memory_limit",
                             message: "无法读取此 xls 文件：解析所需内存超过上限 \(memoryLimit >> 20) MiB（文件声明的表格大小异常，可能已损坏）",
                             file: path, sheet: sheet)
        }
        return ReadError(code: "xls.corrupt", message: "xls 文件已损坏或无法解析：\(error.description)", file: path, sheet: sheet)
    }
}

/// Rows of one `.xls` worksheet read in-process (no worker configured), 1 to the sheet's last row.
final class XLSSheetCursor: SheetCursor {
    private let session: FreeXLSession
    private let sheet: Int
    private let rows: Int
    private let columns: Int
    private var nextRow = 0

    init(session: FreeXLSession, sheet: Int, rows: Int, columns: Int) {
        self.session = session
        self.sheet = sheet
        self.rows = rows
        self.columns = columns
    }

    func next() throws -> SheetRow? {
        guard nextRow < rows else { return nil }
        let cells = try session.row(nextRow, sheet: sheet, columns: columns)
        nextRow += 1
        return SheetRow(number: nextRow, cells: cells)
    }
}
