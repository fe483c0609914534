import PartyModel
import Expat
import Foundation

/// Turns the expat events of a worksheet part into rows of `CellValue`s.
///
/// Completed rows collect in `rows` until the cursor takes them; a chunk of XML
/// yields a few hundred rows at most, so memory stays bounded.
final class XLSXSheetHandler: ExpatDelegate {
    /// The `t` attribute of a cell.
    private enum CellType { case number, sharedString, inlineString, formulaString, boolean, error, isoDate }

    private let strings: [String]
    private let kinds: [XLSXDates.FormatKind]
    private let date1904: Bool
    private let limits: ReadLimits
    private let path: String
    private let sheet: String
    // Unowned: the cursor owns both the parser and this handler.
    private unowned let parser: ExpatParser

    /// Rows completed and not yet taken.
    var rows: [SheetRow] = []
    /// Set when `</sheetData>` has been seen: no more rows.
    private(set) var sheetDataEnded = false
    /// Set when a row came with a number not above every earlier row's: the cursor
    /// then sorts the rest of the sheet (`XLSXSheetCursor`).
    private(set) var outOfOrder = false
    /// Rows below this number were handed on by the cursor: a row that comes after
    /// them cannot be put back in order (set by the cursor before each chunk).
    var floor = 1
    /// The error that stopped the parse.
    private(set) var failure: ReadError?

    private var inSheetData = false
    private var inRow = false
    private var rowNumber = 0
    /// The highest row number seen so far.
    private var lastRowNumber = 0
    private var cells: [CellValue] = []
    /// Columns of the current row's formula cells that have no cached result.
    private var uncached: [Int] = []
    private var widestRow = 0
    private var nextColumn = 0

    private var inCell = false
    private var cellColumn = 0
    private var cellType = CellType.number
    private var cellStyle = -1
    private var hasFormula = false
    private var capturing = false
    private var hasValue = false
    private var value: [UInt8] = []
    private var inInline = false
    private var inlineText: String?
    private var collector: XLSXStringCollector
    private let maxValueBytes: Int

    init(strings: [String], kinds: [XLSXDates.FormatKind], date1904: Bool, limits: ReadLimits,
         path: String, sheet: String, parser: ExpatParser) {
        self.strings = strings
        self.kinds = kinds
        self.date1904 = date1904
        self.limits = limits
        self.path = path
        self.sheet = sheet
        self.parser = parser
        collector = XLSXStringCollector(maxCharacters: limits.maxCellCharacters)
        maxValueBytes = limits.maxCellCharacters * 4 + 64
        value.reserveCapacity(64)
    }

    // MARK: - Events

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        let local = name.local
        if inCell {
            if XMLName.equal(local, "v") {
                capturing = true
                value.removeAll(keepingCapacity: true)
            } else if XMLName.equal(local, "f") {
                hasFormula = true
            } else if XMLName.equal(local, "is") {
                inInline = true
                collector.reset()
            } else if inInline {
                collector.start(name, attributes)
            }
            return
        }
        if XMLName.equal(local, "c") {
            guard inRow else { return }
            startCell(attributes)
        } else if XMLName.equal(local, "row") {
            guard inSheetData else { return }
            startRow(attributes)
        } else if XMLName.equal(local, "sheetData") {
            inSheetData = true
        }
    }

    func endElement(_ name: XMLName) {
        let local = name.local
        if inCell {
            if XMLName.equal(local, "c") {
                endCell()
            } else if XMLName.equal(local, "v") {
                capturing = false
                hasValue = true
            } else if inInline {
                if XMLName.equal(local, "is") {
                    inInline = false
                    inlineText = collector.text
                } else if !collector.end(name) {
                    fail(.xlsxCellTooLong, "单元格文本超过 Excel 上限 \(limits.maxCellCharacters) 个字符", column: cellColumn)
                }
            }
            return
        }
        if XMLName.equal(local, "row") {
            if inRow { endRow() }
        } else if XMLName.equal(local, "sheetData") {
            inSheetData = false
            sheetDataEnded = true
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if capturing {
            value.append(contentsOf: text)
            if value.count > maxValueBytes {
                fail(.xlsxCellTooLong, "单元格文本超过 Excel 上限 \(limits.maxCellCharacters) 个字符", column: cellColumn)
            }
        } else if inInline {
            if !collector.characters(text) {
                fail(.xlsxCellTooLong, "单元格文本超过 Excel 上限 \(limits.maxCellCharacters) 个字符", column: cellColumn)
            }
        }
    }

    // MARK: - Rows and cells

    private func startRow(_ attributes: XMLAttributes) {
        // A row without `r` follows the row before it (as calamine counts).
        var number = rowNumber + 1
        if let r = attributes.value("r") {
            guard let n = XLSXSheetHandler.parseInt(r), n > 0 else {
                fail(.xlsxBadRow, "行号 “\(String(cString: r))” 无效", row: lastRowNumber + 1)
                return
            }
            number = n
        }
        if number > limits.maxRows {
            fail(.xlsxTooManyRows, "行数超过 Excel 上限 \(limits.maxRows) 行", row: number)
            return
        }
        if number <= lastRowNumber {
            // Rows out of order (or repeated) are read as other readers read them; only a
            // row whose place was already handed on cannot be.
            if number < floor {
                fail(.xlsxRowOrder,
                     "行号 \(number) 出现在第 \(lastRowNumber) 行之后，而前面的行已经读出，无法重新排序（行顺序错乱）", row: number)
                return
            }
            outOfOrder = true
        }
        rowNumber = number
        inRow = true
        nextColumn = 0
        cells.removeAll(keepingCapacity: true)
        uncached.removeAll(keepingCapacity: true)
    }

    private func endRow() {
        inRow = false
        lastRowNumber = max(lastRowNumber, rowNumber)
        var row = SheetRow(number: rowNumber, cells: cells)
        if !uncached.isEmpty { row.uncachedFormulas = uncached }
        rows.append(row)
        widestRow = max(widestRow, cells.count)
        cells = []
        cells.reserveCapacity(widestRow)
    }

    private func startCell(_ attributes: XMLAttributes) {
        var column = nextColumn
        var type = CellType.number
        var style = -1
        // One pass over the attributes: `r`, `s` and `t` are all one letter.
        attributes.forEach { key, value in
            guard key[1] == 0 else { return }
            switch key[0] {
            case UInt8(ascii: "r"): column = XLSXSheetHandler.columnIndex(value) ?? nextColumn
            case UInt8(ascii: "t"): type = XLSXSheetHandler.cellType(value)
            case UInt8(ascii: "s"): style = XLSXSheetHandler.parseInt(value) ?? 0
            default: break
            }
        }
        if column >= limits.maxColumns {
            fail(.xlsxTooManyColumns, "列数超过 Excel 上限 \(limits.maxColumns) 列", column: nil)
            return
        }
        cellColumn = column
        cellType = type
        cellStyle = style
        inCell = true
        hasFormula = false
        hasValue = false
        capturing = false
        inInline = false
        inlineText = nil
    }

    private func endCell() {
        inCell = false
        capturing = false
        nextColumn = cellColumn + 1
        guard let cell = makeValue() else { return }
        if hasFormula, case .empty = cell {
            // A formula written without its result (openpyxl and other scripts do): it reads
            // as blank, and the row says so, for the import to warn about.
            uncached.append(cellColumn)
        }
        if case .empty = cell, cellColumn >= cells.count { return }
        if cellColumn < cells.count {
            cells[cellColumn] = cell
        } else {
            while cells.count < cellColumn { cells.append(.empty) }
            cells.append(cell)
        }
    }

    /// The cell's value; nil after a failure.
    private func makeValue() -> CellValue? {
        if let text = inlineText { return checked(text) }
        guard hasValue else { return .empty }
        switch cellType {
        case .sharedString:
            if value.isEmpty { return .empty }
            guard let index = value.withUnsafeBufferPointer({ XLSXSheetHandler.parseInt($0) }), index < strings.count
            else {
                fail(.xlsxBadSharedString, "共享字符串索引 “\(String(decoding: value, as: UTF8.self))” 不存在",
                     column: cellColumn)
                return nil
            }
            return .text(strings[index])
        case .boolean:
            return .bool(!(value.count == 1 && value[0] == UInt8(ascii: "0")))
        case .error:
            return .error(String(decoding: value, as: UTF8.self))
        case .formulaString:
            // A formula's text result escapes control characters as shared strings do (`_x000D_`).
            return checked(XLSXText.unescape(value[...]))
        case .inlineString:
            // A `<v>` in an inline-string cell is redundant; the text is in `<is>` (as calamine reads it).
            return .empty
        case .isoDate:
            let text = String(decoding: value, as: UTF8.self)
            if let date = XLSXDates.parseISO(text, date1904: date1904) { return .date(date) }
            return checked(text)
        case .number:
            if value.isEmpty { return .empty }
            guard let number = parseDouble() else { return checked(String(decoding: value, as: UTF8.self)) }
            let kind = cellStyle >= 0 && cellStyle < kinds.count ? kinds[cellStyle] : .number
            if kind == .dateTime, let date = XLSXDates.dateTime(serial: number, date1904: date1904) {
                return .date(date)
            }
            return .number(number)
        }
    }

    private func checked(_ text: String) -> CellValue? {
        if text.utf8.count > limits.maxCellCharacters && text.utf16.count > limits.maxCellCharacters {
            fail(.xlsxCellTooLong, "单元格文本长 \(text.utf16.count) 个字符，超过 Excel 上限 \(limits.maxCellCharacters)",
                 column: cellColumn)
            return nil
        }
        return .text(text)
    }

    private func parseDouble() -> Double? {
        value.append(0)
        defer { value.removeLast() }
        return value.withUnsafeBufferPointer { buf -> Double? in
            buf.withMemoryRebound(to: CChar.self) { chars -> Double? in
                guard let base = chars.baseAddress else { return nil }
                var end: UnsafeMutablePointer<CChar>?
                let d = strtod(base, &end)
                guard let end, end != UnsafeMutablePointer(mutating: base) else { return nil }
                var p = end
                while p.pointee == 0x20 || p.pointee == 0x09 || p.pointee == 0x0A || p.pointee == 0x0D { p += 1 }
                return p.pointee == 0 ? d : nil
            }
        }
    }

    private func fail(_ code: ProblemCode, _ message: String, row: Int? = nil, column: Int? = nil) {
        guard failure == nil else { return }
        failure = ReadError(code: code, message: message, file: path, sheet: sheet,
                            row: row ?? (inRow ? rowNumber : nil), column: column.map(columnLetters))
        parser.stop()
    }

    // MARK: - Byte parsing

    private static func cellType(_ t: UnsafePointer<CChar>) -> CellType {
        let p = UnsafeRawPointer(t).assumingMemoryBound(to: UInt8.self)
        if XMLName.equal(p, "s") { return .sharedString }
        if XMLName.equal(p, "n") { return .number }
        if XMLName.equal(p, "str") { return .formulaString }
        if XMLName.equal(p, "inlineStr") { return .inlineString }
        if XMLName.equal(p, "b") { return .boolean }
        if XMLName.equal(p, "e") { return .error }
        if XMLName.equal(p, "d") { return .isoDate }
        return .number
    }

    /// The 0-based column of a cell reference (`AB12` → 27), nil without letters.
    static func columnIndex(_ r: UnsafePointer<CChar>) -> Int? {
        var p = UnsafeRawPointer(r).assumingMemoryBound(to: UInt8.self)
        var n = 0
        var letters = 0
        while true {
            let b = p.pointee
            if b == UInt8(ascii: "$") { p += 1; continue }
            let upper = b & 0xDF
            guard upper >= 65 && upper <= 90 else { break }
            n = n * 26 + Int(upper - 64)
            letters += 1
            if letters > 4 { return nil }
            p += 1
        }
        return letters == 0 ? nil : n - 1
    }

    static func parseInt(_ s: UnsafePointer<CChar>) -> Int? {
        let p = UnsafeRawPointer(s).assumingMemoryBound(to: UInt8.self)
        var n = 0
        var i = 0
        while p[i] >= 48 && p[i] <= 57 {
            n = n * 10 + Int(p[i] - 48)
            i += 1
            if i > 12 { return nil }
        }
        return i > 0 && p[i] == 0 ? n : nil
    }

    static func parseInt(_ buf: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !buf.isEmpty, buf.count <= 12 else { return nil }
        var n = 0
        for b in buf {
            guard b >= 48 && b <= 57 else { return nil }
            n = n * 10 + Int(b - 48)
        }
        return n
    }
}
