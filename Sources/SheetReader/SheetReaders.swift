import Foundation

/// Opens any supported file by its extension, checking its magic bytes.
public enum SheetReaders {
    /// The format a path's extension names, or nil for an unsupported extension.
    public static func format(ofPath path: String) -> FileFormat? {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv", "txt", "tsv": return .csv
        case "xlsx": return .xlsx
        case "xlsm": return .xlsm
        case "xls": return .xls
        default: return nil
        }
    }

    /// Opens a file for reading.
    /// - Parameter name: the name the file is known by when `path` is only where it is kept
    ///   (an upload of `partystats serve`): a CSV file's one sheet is named after it.
    /// - Throws: `ReadError` when the file is missing, of an unsupported kind, or not what its extension says.
    public static func open(path: String, name: String? = nil,
                            limits: ReadLimits = .default) throws -> any WorkbookReader {
        guard let format = format(ofPath: path) else {
            throw ReadError(code: .fileUnsupported, message: "不支持的文件类型（支持 csv、xlsx、xlsm、xls）", file: path)
        }
        try XLSMagic.check(path: path, format: format)
        switch format {
        case .csv:
            return try CSVWorkbook(path: path, name: name, limits: limits)
        case .xlsx, .xlsm:
            return try XLSXWorkbook(path: path, format: format, limits: limits)
        case .xls:
            return try XLSWorkbook(path: path, limits: limits)
        }
    }
}
