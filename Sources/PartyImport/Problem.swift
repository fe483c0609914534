import PartyModel

/// How serious a problem is: a rejected row is not imported; a warning keeps the row.
public enum Severity: String, Sendable, Codable {
    case reject, warning
}

/// One reject or warning, located as a user finds it in the file (SPEC §4).
public struct Problem: Sendable, Codable, Equatable {
    /// Stable English identifier, e.g. `row.name_missing`, `id.checksum`.
    public var code: String
    /// Reject (the row is not imported) or warning (the row is kept).
    public var severity: Severity
    /// The file as given.
    public var file: String
    /// The sheet, nil for a problem of the whole file.
    public var sheet: String?
    /// Row number as Excel shows it (for CSV: the physical line).
    public var row: Int?
    /// Column letter.
    public var column: String?
    /// Header text of the column, as written.
    public var header: String?
    /// The raw value, with ID and phone numbers masked.
    public var value: String?
    /// Chinese message.
    public var message: String

    /// Creates a problem; `code` comes from the catalogue, so the compiler checks it.
    public init(code: ProblemCode, severity: Severity, file: String, sheet: String? = nil, row: Int? = nil,
                column: String? = nil, header: String? = nil, value: String? = nil, message: String) {
        self.code = code.rawValue; self.severity = severity; self.file = file; self.sheet = sheet
        self.row = row; self.column = column; self.header = header; self.value = value; self.message = message
    }

    /// One line for a terminal: `a.csv 工作表 名册 第 12 行 C 列（身份证号）：… [id.checksum]`,
    /// with every personal number in it masked (file names and headers come from returns).
    public var line: String {
        var place = file
        if let sheet { place += " 工作表「\(sheet)」" }
        if let row { place += " 第 \(row) 行" }
        if let column { place += " \(column) 列" }
        if let header, !header.isEmpty { place += "（\(header)）" }
        var text = "\(place)：\(message)"
        if let value, !value.isEmpty { text += "，原值「\(value)」" }
        return IDNumber.maskAll(in: text) + " [\(code)]"
    }
}
