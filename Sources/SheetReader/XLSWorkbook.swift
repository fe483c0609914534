import Foundation

/// A legacy `.xls` workbook (BIFF8 as saved by Excel 97–2003, WPS, LibreOffice or xlwt;
/// BIFF5/BIFF7 as saved by Excel 5.0/95), read by partystats' own Swift reader.
///
/// Opening reads the file, finds the `Workbook` (or `Book`) stream in its compound
/// file container (`XLSCompoundFile`, names in any case) and reads the workbook
/// globals (`XLSGlobals`): the sheet list with hidden and very hidden flags, the
/// shared strings, the code page (936 = GBK for BIFF5 text), the date system and the
/// cell formats that show dates. An encrypted workbook (FILEPASS) is refused as
/// `xls.encrypted`. Sheets are then streamed row by row (`XLSSheetCursor`): formula
/// cells give their cached result, booleans and errors keep their type.
///
/// Every length, offset and chain in the file is checked; a damaged file becomes a
/// `ReadError` naming the file (and sheet and row where known), never a crash.
///
///     let book = try XLSWorkbook(path: "乡镇报表.xls")
///     let cursor = try book.openSheet(0)
///     while let row = try cursor.next() { print(row.number, row.cells) }
public final class XLSWorkbook: WorkbookReader {
    /// The file as given.
    public let path: String
    /// Always `.xls`.
    public var format: FileFormat { .xls }
    /// Nil: not a text file.
    public var encoding: String? { nil }
    /// The sheets in workbook order.
    public let sheets: [SheetInfo]
    /// The BIFF code page (936 = GBK, 1252 = Western, 1200 = UTF-16 as BIFF8 writers declare).
    public let codePage: Int
    /// True when the workbook uses the 1904 date system.
    public let date1904: Bool
    /// True for an Excel 5.0/95 (BIFF5/BIFF7) workbook, false for BIFF8.
    public let isBIFF5: Bool

    private let book: XLSBook

    /// Opens a workbook.
    /// - Throws: `ReadError` (`file.unreadable`, `xls.not_xls`, `xls.encrypted`, `xls.corrupt`,
    ///   `xls.unsupported_version`, `xls.too_large`).
    public init(path: String, limits: ReadLimits = .default) throws(ReadError) {
        self.path = path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ReadError(code: .fileUnreadable, message: "文件不存在或无法读取", file: path)
        }
        guard Int64(data.count) <= limits.maxUncompressedBytes else {
            throw ReadError(code: .xlsTooLarge, message: "文件大小超过上限 \(limits.maxUncompressedBytes >> 20) MiB",
                            file: path)
        }
        decoding: do throws(XLSFault) {
            if XLSMagic.isRawBIFF([UInt8](data.prefix(8))) {
                let stream = [UInt8](data)
                book = XLSBook(path: path, stream: stream, globals: try XLSGlobals(rawWorksheet: stream),
                               limits: limits)
                break decoding
            }
            let container = try XLSCompoundFile(file: [UInt8](data))
            guard let entry = container.stream(named: ["Workbook", "Book"]) else {
                if container.stream(named: ["EncryptedPackage"]) != nil {
                    throw XLSFault(code: .xlsEncrypted, message: "工作簿已加密或受密码保护，请另存为未加密的文件后再导入")
                }
                throw XLSFault(code: .xlsNotXLS, message: "文件是 OLE 复合文档，但没有 Workbook 数据流，不是 Excel 工作簿（可能是 Word 等其他文档）")
            }
            let stream = try container.read(entry, limit: Int(clamping: limits.maxUncompressedBytes))
            let globals = try XLSGlobals(stream: stream, limits: limits)
            book = XLSBook(path: path, stream: stream, globals: globals, limits: limits)
        } catch {
            throw ReadError(code: error.code, message: error.message, file: path)
        }
        let globals = book.globals
        codePage = globals.codePage
        date1904 = globals.date1904
        isBIFF5 = !globals.biff8
        sheets = globals.sheets.enumerated().map { SheetInfo(name: $0.element.name, index: $0.offset,
                                                             hidden: $0.element.state != 0) }
    }

    /// Opens the sheet at a 0-based index for streaming.
    /// - Throws: `ReadError` (`sheet.not_found`, `xls.corrupt`, `xls.too_many_rows` …).
    public func openSheet(_ index: Int) throws -> any SheetCursor {
        let scan = try scan(index)
        return XLSSheetCursor(book: book, sheet: sheets[index].name, scan: scan)
    }

    /// The merged cell ranges of a sheet (MERGEDCELLS records), 0-based and inclusive,
    /// as `XLSXWorkbook.mergedRanges(sheet:)` gives them for `.xlsx`.
    /// - Throws: `ReadError` as `openSheet`.
    public func mergedRanges(sheet index: Int) throws -> [(firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int)] {
        try scan(index).merged
    }

    /// The record scan of a sheet. A chart, macro or module sheet whose offset points
    /// nowhere reads as an empty sheet; a worksheet's is refused.
    private func scan(_ index: Int) throws(ReadError) -> XLSSheetScan {
        guard sheets.indices.contains(index) else {
            throw ReadError(code: .sheetNotFound, message: "工作簿没有第 \(index + 1) 个工作表（共 \(sheets.count) 个）", file: path)
        }
        let entry = book.globals.sheets[index]
        do {
            return try XLSSheetScan(stream: book.stream, start: entry.offset, limits: book.limits)
        } catch {
            if entry.type != 0, error.code == .xlsCorrupt { return XLSSheetScan(empty: book.stream.count) }
            throw ReadError(code: error.code, message: error.message, file: path, sheet: sheets[index].name)
        }
    }
}
