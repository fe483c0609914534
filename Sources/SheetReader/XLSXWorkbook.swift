import Expat
import Foundation

/// An `.xlsx` / `.xlsm` workbook (Office Open XML), read with ZIPFoundation and expat.
///
/// Opening reads the package structure, workbook.xml (sheet order, names, visibility,
/// date system), the relationships, styles.xml (which cell formats are dates) and the
/// shared strings. Sheets are then streamed row by row: memory is bounded by the
/// shared strings and a few hundred rows, not by the sheet.
///
///     let book = try XLSXWorkbook(path: "乡镇报表.xlsx")
///     let cursor = try book.openSheet(0)
///     while let row = try cursor.next() { print(row.number, row.cells) }
public final class XLSXWorkbook: WorkbookReader {
    /// The file as given.
    public let path: String
    /// `.xlsx` or `.xlsm`.
    public let format: FileFormat
    /// Nil: not a text file.
    public var encoding: String? { nil }
    /// The sheets in workbook order.
    public let sheets: [SheetInfo]
    /// True when the workbook uses the 1904 date system.
    public let date1904: Bool

    private let archive: XLSXArchive
    private let limits: ReadLimits
    /// Package path of every sheet's part, by sheet index.
    private let sheetParts: [String?]
    private let sharedStrings: [String]
    private let formatKinds: [XLSXDates.FormatKind]

    /// Opens a workbook.
    /// - Parameters:
    ///   - path: The file.
    ///   - format: `.xlsx` or `.xlsm` (the same reader; macros are ignored).
    ///   - limits: Archive and cell limits.
    /// - Throws: `ReadError` for a file that is encrypted, not a zip, corrupt, missing
    ///   workbook.xml, malformed, or over a limit.
    public init(path: String, format: FileFormat = .xlsx, limits: ReadLimits = .default) throws(ReadError) {
        self.path = path
        self.format = format
        self.limits = limits
        let archive = try XLSXArchive(path: path, limits: limits)
        self.archive = archive

        // The package's main part, from _rels/.rels (usually xl/workbook.xml).
        var workbookPart = "xl/workbook.xml"
        if archive.contains("_rels/.rels") {
            let rels = XLSXRelsParser()
            try archive.parse(part: "_rels/.rels", delegate: rels)
            if let main = rels.relationships.first(where: { $0.type.hasSuffix("/officeDocument") && !$0.external }) {
                workbookPart = XLSXRelsParser.resolve(target: main.target, sourcePart: "")
            }
        }
        guard archive.contains(workbookPart) else {
            throw ReadError(code: .xlsxMissingPart, message: "工作簿缺少 \(workbookPart)，不是有效的 xlsx 文件", file: path,
                            sheet: workbookPart)
        }
        let workbook = XLSXWorkbookParser()
        try archive.parse(part: workbookPart, delegate: workbook)
        date1904 = workbook.date1904

        var relationships: [XLSXRelationship] = []
        let relsPart = XLSXRelsParser.relsPart(of: workbookPart)
        if archive.contains(relsPart) {
            let rels = XLSXRelsParser()
            try archive.parse(part: relsPart, delegate: rels)
            relationships = rels.relationships.filter { !$0.external }
        }
        func target(_ rel: XLSXRelationship) -> String {
            XLSXRelsParser.resolve(target: rel.target, sourcePart: workbookPart)
        }
        func partOfType(_ suffix: String, fallback: String) -> String? {
            if let rel = relationships.first(where: { $0.type.hasSuffix(suffix) }) {
                let t = target(rel)
                if archive.contains(t) { return t }
            }
            return archive.contains(fallback) ? fallback : nil
        }

        var infos: [SheetInfo] = []
        var parts: [String?] = []
        for (index, entry) in workbook.sheets.enumerated() {
            infos.append(SheetInfo(name: entry.name, index: index, hidden: entry.state != "visible"))
            parts.append(relationships.first(where: { $0.id == entry.relationshipID }).map(target))
        }
        sheets = infos
        sheetParts = parts

        if let stylesPart = partOfType("/styles", fallback: "xl/styles.xml") {
            let styles = XLSXStylesParser()
            try archive.parse(part: stylesPart, delegate: styles)
            formatKinds = styles.formatKinds
        } else {
            formatKinds = []
        }
        if let stringsPart = partOfType("/sharedStrings", fallback: "xl/sharedStrings.xml") {
            let strings = XLSXSharedStringsParser(limits: limits, path: path, part: stringsPart)
            try archive.parse(part: stringsPart, delegate: strings)
            sharedStrings = strings.strings
        } else {
            sharedStrings = []
        }
    }

    /// Opens the sheet at a 0-based index for streaming.
    /// - Throws: `ReadError` when the index is out of range or the sheet's part is missing.
    public func openSheet(_ index: Int) throws -> any SheetCursor {
        let (part, name) = try sheetPart(index)
        guard let parser = ExpatParser() else {
            throw ReadError(code: .xlsxOutOfMemory, message: "无法创建 XML 解析器（内存不足）", file: path, sheet: name)
        }
        let handler = XLSXSheetHandler(strings: sharedStrings, kinds: formatKinds, date1904: date1904, limits: limits,
                                       path: path, sheet: name, parser: parser)
        let stream = XLSXChunkStream(url: archive.url, path: path, entryPath: part, location: name, limits: limits)
        return XLSXSheetCursor(stream: stream, parser: parser, handler: handler, path: path, sheet: name)
    }

    /// The merged cell ranges of a sheet, 0-based and inclusive. Reads the whole
    /// sheet part (merged ranges come after the cells).
    /// - Throws: `ReadError` as `openSheet`.
    public func mergedRanges(sheet index: Int) throws -> [(firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int)] {
        let (part, name) = try sheetPart(index)
        let collector = XLSXMergeCollector()
        guard let entryPath = archive.entry(part)?.path else {
            throw ReadError(code: .xlsxMissingPart, message: "工作簿缺少工作表部件 \(part)", file: path, sheet: name)
        }
        try archive.parse(part: entryPath, sheet: name, delegate: collector)
        return collector.ranges
    }

    /// The archive entry path and the name of a sheet.
    private func sheetPart(_ index: Int) throws(ReadError) -> (String, String) {
        guard sheets.indices.contains(index) else {
            throw ReadError(code: .sheetNotFound, message: "工作簿没有第 \(index + 1) 个工作表（共 \(sheets.count) 个）", file: path)
        }
        let name = sheets[index].name
        guard let part = sheetParts[index], let entry = archive.entry(part) else {
            throw ReadError(code: .xlsxMissingPart,
                            message: "找不到工作表“\(name)”的部件\(sheetParts[index].map { " \($0)" } ?? "（关系缺失）")",
                            file: path, sheet: name)
        }
        return (entry.path, name)
    }
}

/// Collects `<mergeCell ref="A1:B2"/>` ranges of a worksheet.
final class XLSXMergeCollector: XLSXPartDelegate {
    var ranges: [(firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int)] = []
    var failure: ReadError? { nil }

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        guard name.is("mergeCell"), let ref = attributes.string("ref") else { return }
        let ends = ref.split(separator: ":")
        guard let a = ends.first.flatMap({ XLSXMergeCollector.cell(String($0)) }) else { return }
        let b = ends.count > 1 ? XLSXMergeCollector.cell(String(ends[1])) ?? a : a
        ranges.append((min(a.0, b.0), min(a.1, b.1), max(a.0, b.0), max(a.1, b.1)))
    }
    func endElement(_ name: XMLName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}

    /// `B3` → (row 2, column 1).
    static func cell(_ ref: String) -> (Int, Int)? {
        var col = 0
        var row = 0
        var sawDigit = false
        for u in ref.utf8 {
            switch u {
            case UInt8(ascii: "$"): continue
            case 65...90 where !sawDigit: col = col * 26 + Int(u - 64)
            case 97...122 where !sawDigit: col = col * 26 + Int(u - 96)
            case 48...57: sawDigit = true; row = row * 10 + Int(u - 48)
            default: return nil
            }
        }
        guard col > 0, row > 0 else { return nil }
        return (row - 1, col - 1)
    }
}
