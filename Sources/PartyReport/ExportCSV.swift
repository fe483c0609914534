import Foundation
import PartyModel

/// Makes a text cell safe to open in a spreadsheet program.
///
/// Excel, LibreOffice and WPS evaluate a CSV cell that begins with `=`, `+`, `-`
/// or `@` as a formula (and leading tabs, carriage returns, line feeds or spaces can
/// smuggle one in: `" =1+1"`, `"\n=cmd"`),
/// so a name such as `=HYPERLINK("http://x","点击")` or `+cmd|' /C calc'!A0` from a
/// township's return could run on a leader's machine. Such a cell gets a leading
/// apostrophe, which spreadsheet programs show as text and never evaluate.
///
/// This is the one function every CSV or text export uses; numbers are written
/// from typed values and never pass through it.
///
///     neutraliseSpreadsheetText("=1+1")    // "'=1+1"
///     neutraliseSpreadsheetText("张三")     // "张三"
///
/// - Parameter text: the cell text as stored.
/// - Returns: `text`, prefixed with `'` when its first character could start a formula.
package func neutraliseSpreadsheetText(_ text: String) -> String {
    guard let first = text.unicodeScalars.first else { return text }
    if first == "\t" || first == "\r" { return "'" + text }
    let start = text.unicodeScalars.first { !($0 == " " || $0 == "\n" || $0 == "\u{3000}" || $0 == "\u{A0}") }
    switch start {
    case "=", "+", "-", "@", "\t", "\r":
        return "'" + text
    default:
        return text
    }
}

/// One cell of an exported CSV row, typed so that numbers and text are written
/// by different rules (text is neutralised, numbers never are).
package enum ExportCell: Equatable, Sendable {
    /// An empty cell: the package's only missing value (`missingValues: [""]`).
    case missing
    /// Text from the store, written through `neutraliseSpreadsheetText`.
    case text(String)
    /// A whole number.
    case integer(Int64)
    /// A decimal written exactly as given (e.g. `3500.00`); never a binary float.
    case decimal(String)
    /// A ratio or other computed float, written in its shortest exact form.
    case number(Double)
    /// `true` / `false`.
    case boolean(Bool)
    /// Text that is already in a fixed machine format (ISO dates, `YYYY-MM`):
    /// written verbatim; it cannot begin with a formula character.
    case literal(String)

    /// Text, or `missing` when `value` is nil or empty.
    package static func text(orMissing value: String?) -> ExportCell {
        guard let value, !value.isEmpty else { return .missing }
        return .text(value)
    }

    /// An integer, or `missing` when nil.
    package static func integer(orMissing value: Int64?) -> ExportCell {
        value.map(ExportCell.integer) ?? .missing
    }

    /// A boolean from a store flag (0/1), or `missing` when nil.
    package static func flag(_ value: Int64?) -> ExportCell {
        value.map { .boolean($0 != 0) } ?? .missing
    }

    /// The cell's CSV field text, before RFC 4180 quoting; text has its personal numbers
    /// masked (``IDNumber/maskAll(in:)``) when `masking`, then is neutralised.
    func fieldText(masking: Bool) -> String {
        switch self {
        case .missing: return ""
        case .text(let text): return neutraliseSpreadsheetText(masking ? IDNumber.maskAll(in: text) : text)
        case .integer(let value): return String(value)
        case .decimal(let text), .literal(let text): return text
        case .number(let value): return ExportCell.format(value)
        case .boolean(let value): return value ? "true" : "false"
        }
    }

    /// The shortest text that reads back as the same Double, never in exponent
    /// notation (`35494`, `0.5898`, `0.00001`).
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        let shortest = "\(value)"
        if !shortest.contains("e") { return shortest }
        var text = String(format: "%.17f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// Quotes one field by RFC 4180: fields holding a comma, a double quote, CR or LF
/// are enclosed in double quotes, with inner quotes doubled.
package func csvQuoted(_ field: String) -> String {
    let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
    guard needsQuotes else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// Writes a UTF-8 CSV file (RFC 4180, LF line endings, no BOM) row by row.
///
/// The writer owns its file descriptor and closes it once, in `close()` or in
/// `deinit`; the file is created owner-only (0600) and must not already exist.
package final class ExportCSVWriter {
    /// The file being written.
    package let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let columns: Int
    /// Whether text cells have their personal numbers masked (all but `--include-pii`).
    private let masking: Bool
    /// Data rows written so far (the header row not counted).
    package private(set) var rowCount = 0

    /// Creates `path` (mode 0600, failing if it exists) and writes the header row.
    /// - Parameter masking: mask ID and mobile numbers wherever they stand in text cells.
    /// - Throws: `ExportError` with code `export.write` naming the file.
    package init(path: String, header: [String], masking: Bool = true) throws {
        self.path = path
        self.columns = header.count
        self.masking = masking
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ExportError.system(.exportWrite, path: path, errno: errno)
        }
        append(header.map { csvQuoted($0) })
    }

    deinit {
        if descriptor >= 0 { posixClose(descriptor) }
    }

    /// Appends one data row; the number of cells must equal the header's.
    /// - Throws: `ExportError` when the row has the wrong width or the write fails.
    package func write(_ cells: [ExportCell]) throws {
        guard cells.count == columns else {
            throw ExportError(code: .exportRowWidth,
                              message: "导出行的列数 \(cells.count) 与表头 \(columns) 不符：\(path)")
        }
        append(cells.map { csvQuoted($0.fieldText(masking: masking)) })
        rowCount += 1
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Flushes, syncs and closes the file. Closing twice is safe.
    /// - Throws: `ExportError` when a write, fsync or close fails.
    package func close() throws {
        guard descriptor >= 0 else { return }
        try flush()
        let fd = descriptor
        descriptor = -1
        // fsync before the rename that publishes the package, so a crash cannot
        // leave a renamed folder with empty files.
        if fsync(fd) != 0 {
            let code = errno
            posixClose(fd)
            throw ExportError.system(.exportWrite, path: path, errno: code)
        }
        if posixClose(fd) != 0 {
            throw ExportError.system(.exportWrite, path: path, errno: errno)
        }
    }

    private func append(_ fields: [String]) {
        buffer.append(contentsOf: fields.joined(separator: ",").utf8)
        buffer.append(0x0A)
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                posixWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ExportError.system(.exportWrite, path: path, errno: errno)
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
