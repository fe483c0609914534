import Foundation
import PartyModel

/// A failure of the data-package export (`export.year_missing`, `export.output_exists`,
/// `export.write`, `export.bad_date`, `export.row_width`, `export.store`), printed as one line.
public typealias ExportError = CodedError

extension CodedError {
    /// An error from a failed system call on `path`, with the C library's own message.
    static func system(_ code: ProblemCode, path: String, errno number: Int32) -> CodedError {
        CodedError(code: code, message: "无法写入 \(path)：\(String(cString: strerror(number)))")
    }
}
