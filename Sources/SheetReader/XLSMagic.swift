import Foundation

/// Checks a file's first bytes against its extension, so that a workbook saved
/// with the wrong extension gets a clear error instead of garbage.
enum XLSMagic {
    /// What the first bytes say a file is.
    enum Kind { case zip, ole, biff, other }

    /// The kind of a file from its first 8 bytes; `.other` when unreadable or short.
    static func kind(path: String) -> Kind {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .other }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 8) else { return .other }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .ole }
        if isRawBIFF(Array(head)) { return .biff }
        return .other
    }

    /// True when `head` starts with the BOF record of an Excel 2.1–4.0 worksheet file
    /// (BIFF2–BIFF4, a bare record stream without a compound file container).
    static func isRawBIFF(_ head: [UInt8]) -> Bool {
        guard head.count >= 4, head[0] == 0x09, [0x00, 0x02, 0x04].contains(head[1]) else { return false }
        let length = Int(head[2]) | Int(head[3]) << 8
        return (4...16).contains(length)
    }

    /// Throws when the content contradicts the extension (`csv.is_workbook`,
    /// `xls.is_xlsx`, `xls.not_xls`). `.xlsx`/`.xlsm` are checked by `XLSXWorkbook`,
    /// which also recognises encrypted packages.
    static func check(path: String, format: FileFormat) throws(ReadError) {
        switch (format, kind(path: path)) {
        case (.csv, .zip):
            throw ReadError(code: .csvIsWorkbook,
                            message: "文件扩展名是 csv，但内容是 xlsx 工作簿（zip 压缩包），请把扩展名改为 .xlsx", file: path)
        case (.csv, .ole), (.csv, .biff):
            throw ReadError(code: .csvIsWorkbook,
                            message: "文件扩展名是 csv，但内容是 Excel 97-2003 工作簿或加密工作簿，请把扩展名改为 .xls 或另存为 csv", file: path)
        case (.xls, .zip):
            throw ReadError(code: .xlsIsXLSX,
                            message: "文件扩展名是 xls，但内容是 xlsx 工作簿，请把扩展名改为 .xlsx", file: path)
        case (.xls, .other):
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw ReadError(code: .fileUnreadable, message: "文件不存在或无法读取", file: path)
            }
            throw ReadError(code: .xlsNotXLS,
                            message: "文件不是 Excel 97-2003（xls）二进制工作簿（可能是网页或文本改名为 .xls），请用 Excel 另存为 xlsx",
                            file: path)
        default:
            return
        }
    }
}
