import CXLSXWriter

/// A failure while writing a workbook, printed as one line.
///
/// Every libxlsxwriter return code that is not `LXW_NO_ERROR` becomes one of these,
/// with the library's own message (`lxw_strerror`) and where it happened.
///
///     do { try sheet.write(.text("x"), row: 2_000_000, column: 0) }
///     catch let error as XLSXWriterError where error.code == .indexOutOfRange { … }
public struct XLSXWriterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable English identifiers, safe to match in scripts and tests.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The destination folder is missing or not writable, or the path is a folder.
        case destination = "xlsx.destination"
        /// libxlsxwriter could not create the file (`LXW_ERROR_CREATING_XLSX_FILE`).
        case createFile = "xlsx.create_file"
        /// A temporary file could not be created or read.
        case temporaryFile = "xlsx.tmpfile"
        /// The zip container could not be written.
        case zip = "xlsx.zip"
        /// Memory allocation failed inside libxlsxwriter.
        case memory = "xlsx.memory"
        /// A row or column outside the sheet, or (in constant-memory mode) a row
        /// before the one being written.
        case indexOutOfRange = "xlsx.index_out_of_range"
        /// A string longer than Excel allows (32,767 characters in a cell, 255 in a
        /// header or footer, 31 in a sheet name).
        case stringTooLong = "xlsx.string_too_long"
        /// A sheet name that is invalid or already used.
        case sheetName = "xlsx.sheet_name"
        /// A parameter libxlsxwriter or this wrapper rejected.
        case invalidParameter = "xlsx.invalid_parameter"
        /// Any other libxlsxwriter error code.
        case library = "xlsx.library"
        /// The workbook was already closed or discarded.
        case closed = "xlsx.closed"
        /// The finished file could not be moved onto the destination.
        case rename = "xlsx.rename"
    }

    /// The stable identifier.
    public var code: Code
    /// The raw `lxw_error` value, when the failure came from libxlsxwriter.
    public var libraryCode: Int32?
    /// `lxw_strerror(libraryCode)`, or the system's or this wrapper's explanation.
    public var message: String
    /// The worksheet concerned, if any.
    public var sheet: String?
    /// The zero-based row concerned, if any.
    public var row: Int?
    /// The zero-based column concerned, if any.
    public var column: Int?
    /// What was being done: the C function or the wrapper operation.
    public var what: String

    /// Creates an error; most callers let the wrapper build it from a return code.
    public init(code: Code, libraryCode: Int32? = nil, message: String, sheet: String? = nil,
                row: Int? = nil, column: Int? = nil, what: String) {
        self.code = code
        self.libraryCode = libraryCode
        self.message = message
        self.sheet = sheet
        self.row = row
        self.column = column
        self.what = what
    }

    /// Builds the error for a libxlsxwriter return code.
    init(_ error: lxw_error, what: String, sheet: String? = nil, row: Int? = nil, column: Int? = nil) {
        self.init(code: Self.code(for: error), libraryCode: Int32(bitPattern: error.rawValue),
                  message: String(cString: lxw_strerror(error)),
                  sheet: sheet, row: row, column: column, what: what)
    }

    /// One line: code, operation, place, library message.
    public var description: String {
        var place = ""
        if let sheet { place += " on sheet '\(sheet)'" }
        if let row, let column {
            place += " at \(CellReference.name(row: row, column: column))"
        } else if let row {
            place += " at row \(row + 1)"
        } else if let column {
            place += " at column \(CellReference.columnLetters(column))"
        }
        let lib = libraryCode.map { " (lxw_error \($0))" } ?? ""
        return "\(code.rawValue): \(what) failed\(place): \(message)\(lib)"
    }

    static func code(for error: lxw_error) -> Code {
        switch error {
        case LXW_ERROR_MEMORY_MALLOC_FAILED: return .memory
        case LXW_ERROR_CREATING_XLSX_FILE: return .createFile
        case LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_READING_TMPFILE: return .temporaryFile
        case LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_PARAMETER_ERROR, LXW_ERROR_ZIP_BAD_ZIP_FILE,
             LXW_ERROR_ZIP_INTERNAL_ERROR, LXW_ERROR_ZIP_FILE_ADD, LXW_ERROR_ZIP_CLOSE:
            return .zip
        case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE: return .indexOutOfRange
        case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED, LXW_ERROR_INVALID_SHEETNAME_CHARACTER,
             LXW_ERROR_SHEETNAME_START_END_APOSTROPHE, LXW_ERROR_SHEETNAME_ALREADY_USED:
            return .sheetName
        case LXW_ERROR_32_STRING_LENGTH_EXCEEDED, LXW_ERROR_128_STRING_LENGTH_EXCEEDED,
             LXW_ERROR_255_STRING_LENGTH_EXCEEDED, LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
            return .stringTooLong
        case LXW_ERROR_PARAMETER_VALIDATION, LXW_ERROR_NULL_PARAMETER_IGNORED, LXW_ERROR_FEATURE_NOT_SUPPORTED:
            return .invalidParameter
        default: return .library
        }
    }
}

/// Checks a libxlsxwriter return code.
/// - Throws: `XLSXWriterError` with the library message and the given context.
@inline(__always)
func check(_ result: lxw_error, _ what: @autoclosure () -> String, sheet: String? = nil,
           row: Int? = nil, column: Int? = nil) throws {
    guard result == LXW_NO_ERROR else {
        throw XLSXWriterError(result, what: what(), sheet: sheet, row: row, column: column)
    }
}
