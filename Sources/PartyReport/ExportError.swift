import Foundation

/// A failure of the data-package export, printed as one line.
public struct ExportError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Stable English identifier: `export.year_missing`, `export.output_exists`,
    /// `export.write`, `export.bad_date`, `export.row_width`, `export.store`.
    public var code: String
    /// Chinese message for the user, naming the file or year concerned.
    public var message: String

    /// Creates an error from its stable code and its message.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }

    /// An error from a failed system call on `path`, with the C library's own message.
    static func system(_ code: String, path: String, errno number: Int32) -> ExportError {
        ExportError(code: code, message: "无法写入 \(path)：\(String(cString: strerror(number)))")
    }
}
