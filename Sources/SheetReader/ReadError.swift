import PartyModel

/// A file-level failure to read: the file cannot be read as a table at all.
///
/// Printed as one line: `文件 a.csv，工作表 Sheet1，第 12 行，列 C：<message> [code]`.
public struct ReadError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Stable English identifier, e.g. `csv.unbalanced_quote`, `xlsx.zip_bomb`, `xls.encrypted`.
    public var code: String
    /// Chinese message for the user.
    public var message: String
    /// The file's path as given.
    public var file: String
    /// Sheet name, or the archive part for XLSX structure errors.
    public var sheet: String?
    /// 1-based row number.
    public var row: Int?
    /// Column letter.
    public var column: String?

    /// Creates an error; `code` comes from the catalogue, so the compiler checks it.
    public init(code: ProblemCode, message: String, file: String, sheet: String? = nil, row: Int? = nil,
                column: String? = nil) {
        self.code = code.rawValue; self.message = message; self.file = file
        self.sheet = sheet; self.row = row; self.column = column
    }

    /// One line: the place, the message and the code.
    public var description: String {
        var parts = ["文件 \(file)"]
        if let sheet { parts.append("工作表 \(sheet)") }
        if let row { parts.append("第 \(row) 行") }
        if let column { parts.append("列 \(column)") }
        return parts.joined(separator: "，") + "：\(message) [\(code)]"
    }
}

/// Safety limits applied by every reader.
public struct ReadLimits: Sendable {
    /// Total uncompressed bytes an archive may inflate to.
    public var maxUncompressedBytes: Int64 = 2 << 30
    /// Largest ratio of uncompressed to compressed size for one archive entry.
    public var maxCompressionRatio: Double = 200
    /// Excel's limit on one cell.
    public var maxCellCharacters: Int = 32_767
    /// Most columns a sheet may have (Excel's limit).
    public var maxColumns: Int = 16_384
    /// Most rows a sheet may have (Excel's limit).
    public var maxRows: Int = 1_048_576
    /// The default limits.
    public init() {}
    /// The default limits.
    public static let `default` = ReadLimits()
}
