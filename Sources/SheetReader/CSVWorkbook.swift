import Foundation
import LibCSV
import TextCodec

/// A CSV file as a one-sheet workbook: encoding and delimiter detected on open,
/// rows streamed through libcsv a block at a time.
final class CSVWorkbook: WorkbookReader {
    let path: String
    let format: FileFormat = .csv
    let limits: ReadLimits
    private let detectedEncoding: CSVEncoding
    let delimiter: CSVDelimiter
    let sheets: [SheetInfo]

    var encoding: String? { detectedEncoding.label }

    /// - Parameter name: the name the file is known by, when it is read from elsewhere
    ///   (its one sheet is named after it); nil: `path`.
    init(path: String, name: String? = nil, limits: ReadLimits) throws {
        self.path = path
        self.limits = limits
        let head = try CSVWorkbook.readHead(path: path, count: 64 * 1024)
        try CSVSniffer.rejectForeignMagic(head, path: path)
        detectedEncoding = CSVSniffer.encoding(of: head)
        if detectedEncoding != .utf16LE && detectedEncoding != .utf16BE, head.contains(0) {
            throw ReadError(code: .csvBinary, message: "文件含有二进制内容（NUL 字节），不是文本 CSV 文件", file: path)
        }
        let text = CSVSniffer.decodeHead(head, encoding: detectedEncoding)
        delimiter = CSVSniffer.delimiter(in: text)
        let stem = (((name ?? path) as NSString).lastPathComponent as NSString).deletingPathExtension
        sheets = [SheetInfo(name: stem, index: 0)]
    }

    func openSheet(_ index: Int) throws -> any SheetCursor {
        guard index == 0 else {
            throw ReadError(code: .sheetNotFound, message: "CSV 文件只有一个工作表", file: path)
        }
        // Each mode is named with its type here, so that the cursor, the row builder and
        // libcsv's handler are compiled for it (through an existential they run generic).
        do {
            switch detectedEncoding {
            case .utf8, .utf8BOM:
                return try cursor(UTF8Text())
            case .gb18030 where delimiter != .fullWidthComma:
                return try cursor(try GB18030Fields())
            case .gb18030, .utf16LE, .utf16BE:
                return try cursor(try ConvertedText(iconvName: detectedEncoding.iconvName ?? detectedEncoding.label,
                                                    label: detectedEncoding.label))
            }
        } catch let error as IconvError {
            throw ReadError(code: .csvInit, message: "无法初始化 CSV 解析器：\(error)", file: path)
        }
    }

    /// A cursor over the file's rows through `decoding`.
    @inline(__always)
    private func cursor<Decoding: CSVTextDecoding>(_ decoding: Decoding) throws -> any SheetCursor {
        try CSVCursor(path: path, sheetName: sheets[0].name, decoding: decoding, delimiter: delimiter,
                      bomLength: detectedEncoding.bomLength, limits: limits)
    }

    private static func readHead(path: String, count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ReadError(code: exists ? .fileUnreadable : .fileMissing,
                            message: exists ? "无法读取文件" : "文件不存在", file: path)
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.read(upToCount: count) ?? Data())
        } catch {
            throw ReadError(code: .fileUnreadable, message: "无法读取文件：\(error.localizedDescription)", file: path)
        }
    }
}

/// The text encodings a CSV file may be in.
enum CSVEncoding: Sendable, Equatable {
    case utf8, utf8BOM, utf16LE, utf16BE, gb18030

    /// The label reported to users.
    var label: String {
        switch self {
        case .utf8: return "UTF-8"
        case .utf8BOM: return "UTF-8-BOM"
        case .utf16LE: return "UTF-16LE"
        case .utf16BE: return "UTF-16BE"
        case .gb18030: return "GB18030"
        }
    }
    /// The iconv name when a conversion to UTF-8 is needed.
    var iconvName: String? {
        switch self {
        case .utf8, .utf8BOM: return nil
        case .utf16LE: return "UTF-16LE"
        case .utf16BE: return "UTF-16BE"
        case .gb18030: return "GB18030"
        }
    }
    /// Bytes of byte-order mark to skip.
    var bomLength: Int {
        switch self {
        case .utf8BOM: return 3
        case .utf16LE, .utf16BE: return 2
        default: return 0
        }
    }
}

/// Field separators found in county returns. The full-width comma is handled by
/// mapping it to a control byte before libcsv, which takes single bytes only.
enum CSVDelimiter: Sendable, Equatable {
    case comma, tab, semicolon, fullWidthComma

    var byte: UInt8 {
        switch self {
        case .comma: return UInt8(ascii: ",")
        case .tab: return UInt8(ascii: "\t")
        case .semicolon: return UInt8(ascii: ";")
        case .fullWidthComma: return 0x1F
        }
    }
}
