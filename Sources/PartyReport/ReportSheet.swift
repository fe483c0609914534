import Foundation
import PartyImport
import XLSXWriter

/// One sheet of the leaders' workbook, laid out top to bottom.
///
/// The workbook is written in libxlsxwriter's constant-memory mode, so rows go strictly
/// downwards: title (row 1, merged), the `填报单位 / 统计时点` line (row 2, merged), then
/// tables. The first table's header row is frozen, repeated on every printed page and
/// carries the autofilter; the page is A4 landscape, one page wide, numbered in the footer.
final class ReportSheet {
    let sheet: Worksheet
    let styles: ReportStyles
    /// Columns spanned by the title lines.
    let columns: Int
    /// The next row to write.
    private(set) var row = 0
    /// Header row and last data row of the table that carries the autofilter.
    private var filterHeader: Int?
    private var filterLast: Int?
    private var filterColumns = 0
    /// Header text widths, which cap at `headerWidthCap` (headers wrap).
    private var headerUnits: [Int: Int] = [:]
    private static let headerWidthCap = 12

    /// Adds the sheet, writes the two title lines and sets up printing; `unitLine`
    /// replaces the `填报单位 / 统计时点` line (the official forms print their own).
    init(book: Workbook, name: String, title: String, context: ReportContext, columns: Int,
         unitLine: String? = nil) throws {
        sheet = try book.addWorksheet(name)
        styles = context.styles
        self.columns = max(columns, 2)
        try sheet.setRow(0, height: 36)
        try sheet.mergeRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: self.columns - 1,
                             text: title, style: styles.title)
        try sheet.setRow(1, height: 20)
        try sheet.mergeRange(firstRow: 1, firstColumn: 0, lastRow: 1, lastColumn: self.columns - 1,
                             text: unitLine ?? context.unitLine, style: styles.subtitle)
        row = 2
        try sheet.setLandscape()
        try sheet.setPaper(.a4)
        try sheet.fitToPages(width: 1, height: 0)
        try sheet.setMargins(left: 0.5, right: 0.5, top: 0.75, bottom: 0.75)
        try sheet.centerHorizontallyWhenPrinted()
        // `&` starts a header code; a literal ampersand is `&&`.
        let county = ReportCell.safe(context.county).replacingOccurrences(of: "&", with: "&&")
        try sheet.setHeader("&L\(county)&R\(name)")
        try sheet.setFooter("&C第 &P 页 共 &N 页")
    }

    /// Widths fixed before writing: `finish` keeps them, and `.wrapped` cells in these
    /// columns get a row height for the lines they need (set before the row is written,
    /// as constant-memory mode requires; viewers do not reliably autofit such rows).
    private var fixedWidths: [Int: Double] = [:]
    /// Rows that start a new printed page (above each chart).
    private var pageBreaks: [Int] = []

    /// Fixes column widths (in character units) for the rest of the sheet.
    func fixWidths(_ widths: [Int: Double]) {
        fixedWidths.merge(widths) { _, new in new }
    }

    /// Skips `count` rows.
    func skip(_ count: Int = 1) { row += count }

    /// Writes a bold caption line (merged across the title width) above a further table.
    func caption(_ text: String) throws {
        try sheet.setRow(row, height: 22)
        try sheet.mergeRange(firstRow: row, firstColumn: 0, lastRow: row, lastColumn: columns - 1,
                             text: text, style: styles.label)
        row += 1
    }

    /// Writes a note line merged across the title width, tall enough for `lines`.
    func note(_ text: String, lines: Int = 1) throws {
        try sheet.setRow(row, height: Double(max(1, lines)) * 15 + 3)
        try sheet.mergeRange(firstRow: row, firstColumn: 0, lastRow: row, lastColumn: columns - 1,
                             text: ReportCell.safe(text), style: styles.note)
        row += 1
    }

    /// Writes a table header row. The first table's header is frozen, repeated when
    /// printed and gets the autofilter (`filter: true`).
    @discardableResult
    func header(_ titles: [String], filter: Bool = true) throws -> Int {
        let headerRow = row
        let tall = titles.contains { TextWidth.units($0) > Self.headerWidthCap }
        try sheet.setRow(headerRow, height: tall ? 32 : 22)
        for (column, title) in titles.enumerated() {
            try sheet.write(.text(title), row: headerRow, column: column, style: styles.header, fit: false)
            headerUnits[column] = max(headerUnits[column, default: 0], min(TextWidth.units(title), Self.headerWidthCap))
        }
        if filter, filterHeader == nil {
            filterHeader = headerRow
            filterColumns = titles.count
            try sheet.freezePanes(row: headerRow + 1)
            try sheet.repeatRows(headerRow, headerRow)
            try sheet.autofilter(firstRow: headerRow, firstColumn: 0, lastRow: headerRow, lastColumn: titles.count - 1)
        }
        row += 1
        return headerRow
    }

    /// Writes the header of an official form: the column labels, then the 栏号 row
    /// (`甲 A B …`); both are frozen and repeated on every printed page.
    func formHeader(_ titles: [String]) throws {
        let headerRow = try header(titles, filter: false)
        try sheet.setRow(row, height: 18)
        for (column, number) in FormLayouts.columnNumbers(titles.count - 1).enumerated() {
            try sheet.write(.text(number), row: row, column: column, style: styles.header, fit: false)
        }
        row += 1
        try sheet.freezePanes(row: row)
        try sheet.repeatRows(headerRow, row - 1)
    }

    /// Writes one body row; `total` rows are bold on grey. Returns its row index.
    @discardableResult
    func body(_ cells: [ReportCell], total: Bool = false) throws -> Int {
        let bodyRow = row
        var lines = 1
        for (column, cell) in cells.enumerated() {
            guard case .wrapped(let text) = cell, let width = fixedWidths[column] else { continue }
            // CJK glyphs are a little narrower than two Latin digits in 宋体, hence 1.15.
            let perLine = max(1, Int(width * 1.15))
            let needed = text.split(separator: "\n", omittingEmptySubsequences: false)
                .reduce(0) { $0 + max(1, (TextWidth.units(String($1)) + perLine - 1) / perLine) }
            lines = max(lines, min(needed, 12))
        }
        if lines > 1 { try sheet.setRow(bodyRow, height: Double(lines) * 14.5 + 3) }
        for (column, cell) in cells.enumerated() {
            let (value, style) = cell.resolved(styles, total: total)
            try sheet.write(value, row: bodyRow, column: column, style: style)
        }
        if let header = filterHeader, bodyRow == (filterLast ?? header) + 1 {
            filterLast = bodyRow
            // In constant-memory mode the range can only reach rows not yet left behind,
            // so the filter grows with each row of its table.
            try sheet.autofilter(firstRow: header, firstColumn: 0, lastRow: bodyRow, lastColumn: filterColumns - 1)
        }
        row += 1
        return bodyRow
    }

    /// Places a chart below everything written so far, leaving `rows` rows for it.
    /// The chart starts a new printed page so that it is never cut in two.
    func chart(_ chart: Chart, column: Int = 0, rows: Int = 18, xScale: Double = 1.4, yScale: Double = 1.1) throws {
        row += 1
        pageBreaks.append(row)
        try sheet.insertChart(chart, row: row, column: column, xScale: xScale, yScale: yScale)
        row += rows
    }

    /// Sizes the columns to their text
    /// (CJK counted double; headers wrap beyond 12 units).
    func finish(minimumWidth: Double = 8, maximumWidth: Double = 48, fixed: [Int: Double] = [:]) throws {
        if !pageBreaks.isEmpty { try sheet.setHorizontalPageBreaks(pageBreaks) }
        var widths: [Int: Double] = [:]
        for column in Set(sheet.contentWidths.keys).union(headerUnits.keys) {
            let units = max(sheet.contentWidths[column] ?? 0, headerUnits[column] ?? 0)
            widths[column] = TextWidth.columnWidth(forUnits: units, minimum: minimumWidth, maximum: maximumWidth)
        }
        for (column, width) in fixedWidths.merging(fixed, uniquingKeysWith: { _, new in new }) {
            widths[column] = width
        }
        for column in widths.keys.sorted() {
            try sheet.setColumns(column, column, width: widths[column]!)
        }
    }
}
