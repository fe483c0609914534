import Foundation

/// A legacy `.xls` workbook (BIFF5/BIFF8, as saved by Excel 97–2003, WPS or xlwt),
/// read through FreeXL.
///
/// FreeXL converts text from the workbook's code page (GBK files included) to UTF-8
/// and reports date-formatted numbers as dates. It does not report merged ranges or
/// hidden sheets, so every sheet is flagged visible.
///
/// FreeXL runs in a worker process when `XLSWorker.executablePath` is set (as the
/// `partystats` command does): opening the workbook starts one worker that lists the
/// sheets, and each `openSheet` starts one that streams that sheet's rows. A worker
/// that crashes, runs out of its memory or CPU limit, or sends a damaged stream
/// becomes a `ReadError` with code `xls.crash`; the calling process is unharmed.
/// When the setting is nil, FreeXL runs in the calling process (it holds the whole
/// workbook in memory; legacy files are at most 65,536 rows).
public final class XLSWorkbook: WorkbookReader {
    public let path: String
    public var format: FileFormat { .xls }
    public var encoding: String? { nil }
    public let sheets: [SheetInfo]
    /// The BIFF code page FreeXL reported (936 = GBK, 1200 = UTF-16LE), 0 when unknown.
    public let codePage: Int
    /// True when the workbook uses the 1904 date system.
    public let date1904: Bool

    /// Where the rows come from: a worker program, or FreeXL in this process.
    private enum Backend {
        case worker(executable: String)
        case inProcess(FreeXLSession)
    }
    private let backend: Backend
    private let limits: ReadLimits

    /// Opens a workbook (in a worker when `XLSWorker.executablePath` is set).
    /// - Throws: `ReadError` (`xls.encrypted`, `xls.not_xls`, `xls.corrupt`, `xls.memory_limit`,
    ///   `xls.crash`, `xls.worker_unavailable`, `file.unreadable`).
    public init(path: String, limits: ReadLimits = .default) throws(ReadError) {
        self.path = path
        self.limits = limits
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ReadError(code: "file.unreadable", message: "文件不存在或无法读取", file: path)
        }
        let names: [String]
        if let executable = XLSWorker.executablePath {
            let listing = try XLSWorkerStream.listSheets(executable: executable, path: path, limits: limits)
            (codePage, date1904, names) = (listing.codePage, listing.date1904, listing.names)
            backend = .worker(executable: executable)
        } else {
            let session = try FreeXLSession(path: path, limits: limits)
            (codePage, date1904, names) = (session.codePage, session.date1904, session.sheetNames)
            backend = .inProcess(session)
        }
        sheets = names.enumerated().map { SheetInfo(name: $0.element, index: $0.offset, hidden: false) }
    }

    /// Opens the sheet at a 0-based index.
    /// - Throws: `ReadError` (`sheet.not_found`, `xls.too_many_rows`, `xls.too_many_columns`, `xls.crash` …).
    public func openSheet(_ index: Int) throws -> any SheetCursor {
        guard sheets.indices.contains(index) else {
            throw ReadError(code: "sheet.not_found", message: "工作簿没有第 \(index + 1) 个工作表（共 \(sheets.count) 个）", file: path)
        }
        switch backend {
        case .worker(let executable):
            return try XLSWorkerSheetCursor(executable: executable, path: path, sheet: index, name: sheets[index].name,
                                            limits: limits)
        case .inProcess(let session):
            let (rows, columns) = try session.dimensions(sheet: index)
            return XLSSheetCursor(session: session, sheet: index, rows: rows, columns: columns)
        }
    }
}
