import CFreeXL

/// A failure reported by FreeXL: its return code and what the code means.
public struct FreeXLError: Error, Sendable, CustomStringConvertible {
    /// FreeXL's return code (`FREEXL_*`, negative).
    public var code: Int32
    /// The meaning of the code, as documented in freexl.h.
    public var message: String
    /// The FreeXL call that failed.
    public var function: String

    public var description: String { "\(function): \(message) (\(code))" }

    /// True when the file is not an OLE/BIFF workbook at all (bad header or signature).
    public var isNotWorkbook: Bool {
        code == FREEXL_INVALID_CFBF_HEADER || code == FREEXL_CFBF_INVALID_SIGNATURE
            || code == FREEXL_BIFF_WORKBOOK_NOT_FOUND
    }

    /// True when the file does not exist or cannot be opened.
    public var isFileNotFound: Bool { code == FREEXL_FILE_NOT_FOUND }

    /// True when FreeXL could not allocate memory (for example because the file declares
    /// a huge sheet and the process runs under a memory limit).
    public var isOutOfMemory: Bool { code == FREEXL_INSUFFICIENT_MEMORY }

    init(code: Int32, function: String) {
        self.code = code
        self.function = function
        self.message = FreeXLError.meaning(code)
    }

    /// The freexl.h description of an error code.
    static func meaning(_ code: Int32) -> String {
        switch code {
        case FREEXL_FILE_NOT_FOUND: return ".xls file does not exist or is not accessible for reading"
        case FREEXL_NULL_HANDLE: return "null xls_handle argument"
        case FREEXL_INVALID_HANDLE: return "invalid xls_handle argument"
        case FREEXL_INSUFFICIENT_MEMORY: return "memory allocation failure"
        case FREEXL_NULL_ARGUMENT: return "unexpected null argument"
        case FREEXL_INVALID_INFO_ARG: return "invalid info argument"
        case FREEXL_INVALID_CFBF_HEADER: return "the file does not contain a valid CFBF header"
        case FREEXL_CFBF_READ_ERROR: return "read error (corrupt or invalid file)"
        case FREEXL_CFBF_SEEK_ERROR: return "seek error (corrupt or invalid file)"
        case FREEXL_CFBF_INVALID_SIGNATURE: return "broken CFBF header signature"
        case FREEXL_CFBF_INVALID_SECTOR_SIZE: return "broken CFBF header (sector size)"
        case FREEXL_CFBF_EMPTY_FAT_CHAIN: return "broken CFBF header (empty FAT chain)"
        case FREEXL_CFBF_ILLEGAL_FAT_ENTRY: return "invalid File Allocation Table record"
        case FREEXL_BIFF_INVALID_BOF: return "invalid BIFF record"
        case FREEXL_BIFF_INVALID_SST: return "invalid Single String Table"
        case FREEXL_BIFF_ILLEGAL_SST_INDEX: return "Single String Table entry not available"
        case FREEXL_BIFF_WORKBOOK_NOT_FOUND: return "no valid BIFF workbook"
        case FREEXL_BIFF_ILLEGAL_SHEET_INDEX: return "worksheet not available"
        case FREEXL_BIFF_UNSELECTED_SHEET: return "no active worksheet"
        case FREEXL_INVALID_CHARACTER: return "illegal character for the declared charset"
        case FREEXL_UNSUPPORTED_CHARSET: return "charset conversion not available"
        case FREEXL_ILLEGAL_CELL_ROW_COL: return "cell outside the sheet"
        case FREEXL_ILLEGAL_RK_VALUE: return "RK/MULRK value conversion failed"
        case FREEXL_INVALID_MINI_STREAM: return "invalid MiniFAT stream"
        case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY: return "invalid MiniFAT entry"
        case FREEXL_CRAFTED_FILE: return "severely corrupted (possibly crafted) file"
        default: return "FreeXL error"
        }
    }
}

/// One cell as FreeXL returns it. Text is UTF-8 (FreeXL converts the workbook's code page).
public enum FreeXLCell: Sendable, Equatable {
    case null
    case int(Int)
    case double(Double)
    case text(String)
    /// `YYYY-MM-DD`.
    case date(String)
    /// `YYYY-MM-DD HH:MM:SS`.
    case dateTime(String)
    /// `HH:MM:SS`.
    case time(String)
}

/// An open `.xls` (BIFF) workbook: owns FreeXL's handle and closes it once, in `deinit`.
///
/// FreeXL reads the whole workbook when it opens it; one worksheet at a time is
/// "active" for `cell(row:column:)`.
public final class FreeXLDocument {
    private let handle: UnsafeRawPointer
    /// The active worksheet, nil before the first selection.
    public private(set) var activeSheet: Int?

    /// Opens a workbook.
    /// - Throws: `FreeXLError` with FreeXL's code when the file is missing, not BIFF, or corrupt.
    public init(path: String) throws(FreeXLError) {
        var h: UnsafeRawPointer?
        let rc = freexl_open(path, &h)
        guard rc == FREEXL_OK, let h else {
            // "freexl_open: … on failure the handle is set to NULL" — but on some
            // errors FreeXL allocates before failing; it frees on its own paths.
            if let h { freexl_close(h) }
            throw FreeXLError(code: rc, function: "freexl_open")
        }
        handle = h
    }

    deinit {
        // freexl_close only fails for an invalid handle, which cannot happen here.
        freexl_close(handle)
    }

    private func info(_ what: Int32, _ name: String) throws(FreeXLError) -> UInt32 {
        var value: UInt32 = 0
        let rc = freexl_get_info(handle, UInt16(what), &value)
        guard rc == FREEXL_OK else { throw FreeXLError(code: rc, function: "freexl_get_info(\(name))") }
        return value
    }

    /// True when the workbook has a FILEPASS record (encrypted / password-protected).
    public func isPasswordProtected() throws(FreeXLError) -> Bool {
        try info(FREEXL_BIFF_PASSWORD, "FREEXL_BIFF_PASSWORD") == UInt32(FREEXL_BIFF_OBFUSCATED)
    }

    /// True when the workbook uses the 1904 date system.
    public func uses1904Dates() throws(FreeXLError) -> Bool {
        try info(FREEXL_BIFF_DATEMODE, "FREEXL_BIFF_DATEMODE") == UInt32(FREEXL_BIFF_DATEMODE_1904)
    }

    /// The BIFF code page (e.g. 936 for GBK, 1200 for UTF-16LE), 0 when unknown.
    public func codePage() throws(FreeXLError) -> Int {
        Int(try info(FREEXL_BIFF_CODEPAGE, "FREEXL_BIFF_CODEPAGE"))
    }

    /// The number of worksheets.
    public func sheetCount() throws(FreeXLError) -> Int {
        Int(try info(FREEXL_BIFF_SHEET_COUNT, "FREEXL_BIFF_SHEET_COUNT"))
    }

    /// The name of a worksheet (0-based).
    public func sheetName(_ index: Int) throws(FreeXLError) -> String {
        var s: UnsafePointer<CChar>?
        let rc = freexl_get_worksheet_name(handle, UInt16(clamping: index), &s)
        guard rc == FREEXL_OK else { throw FreeXLError(code: rc, function: "freexl_get_worksheet_name") }
        return s.map { String(cString: $0) } ?? ""
    }

    /// Makes a worksheet the active one.
    public func selectSheet(_ index: Int) throws(FreeXLError) {
        let rc = freexl_select_active_worksheet(handle, UInt16(clamping: index))
        guard rc == FREEXL_OK else { throw FreeXLError(code: rc, function: "freexl_select_active_worksheet") }
        activeSheet = index
    }

    /// The number of rows and columns of the active worksheet.
    public func dimensions() throws(FreeXLError) -> (rows: Int, columns: Int) {
        var rows: UInt32 = 0
        var columns: UInt16 = 0
        let rc = freexl_worksheet_dimensions(handle, &rows, &columns)
        guard rc == FREEXL_OK else { throw FreeXLError(code: rc, function: "freexl_worksheet_dimensions") }
        return (Int(rows), Int(columns))
    }

    /// A cell of the active worksheet (0-based row and column).
    public func cell(row: Int, column: Int) throws(FreeXLError) -> FreeXLCell {
        var v = FreeXL_CellValue()
        let rc = freexl_get_cell_value(handle, UInt32(clamping: row), UInt16(clamping: column), &v)
        guard rc == FREEXL_OK else { throw FreeXLError(code: rc, function: "freexl_get_cell_value") }
        func text() -> String { v.value.text_value.map { String(cString: $0) } ?? "" }
        switch Int32(v.type) {
        case FREEXL_CELL_INT: return .int(Int(v.value.int_value))
        case FREEXL_CELL_DOUBLE: return .double(v.value.double_value)
        case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT: return .text(text())
        case FREEXL_CELL_DATE: return .date(text())
        case FREEXL_CELL_DATETIME: return .dateTime(text())
        case FREEXL_CELL_TIME: return .time(text())
        default: return .null
        }
    }
}
