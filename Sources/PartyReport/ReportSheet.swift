import Foundation
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

    /// Adds the sheet, writes the two title lines and sets up printing.
    init(book: Workbook, name: String, title: String, context: ReportContext, columns: Int) throws {
        sheet = try book.addWorksheet(name)
        styles = context.styles
        self.columns = max(columns, 2)
        try sheet.setRow(0, height: 36)
        try sheet.mergeRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: self.columns - 1,
                             text: title, style: styles.title)
        try sheet.setRow(1, height: 20)
        try sheet.mergeRange(firstRow: 1, firstColumn: 0, lastRow: 1, lastColumn: self.columns - 1,
                             text: context.unitLine, style: styles.subtitle)
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
        }
        row += 1
        return headerRow
    }

    /// Writes one body row; `total` rows are bold on grey. Returns its row index.
    @discardableResult
    func body(_ cells: [ReportCell], total: Bool = false) throws -> Int {
        let bodyRow = row
        for (column, cell) in cells.enumerated() {
            let (value, style) = cell.resolved(styles, total: total)
            try sheet.write(value, row: bodyRow, column: column, style: style)
        }
        if let header = filterHeader, bodyRow == (filterLast ?? header) + 1 {
            filterLast = bodyRow
        }
        row += 1
        return bodyRow
    }

    /// Places a chart below everything written so far, leaving `rows` rows for it.
    func chart(_ chart: Chart, column: Int = 0, rows: Int = 18, xScale: Double = 1.4, yScale: Double = 1.1) throws {
        row += 1
        try sheet.insertChart(chart, row: row, column: column, xScale: xScale, yScale: yScale)
        row += rows
    }

    /// Sets the autofilter over the first table and sizes the columns to their text
    /// (CJK counted double; headers wrap beyond 12 units).
    func finish(minimumWidth: Double = 8, maximumWidth: Double = 48, fixed: [Int: Double] = [:]) throws {
        if let header = filterHeader {
            try sheet.autofilter(firstRow: header, firstColumn: 0, lastRow: max(filterLast ?? header, header),
                                 lastColumn: filterColumns - 1)
        }
        var widths: [Int: Double] = [:]
        for column in Set(sheet.contentWidths.keys).union(headerUnits.keys) {
            let units = max(sheet.contentWidths[column] ?? 0, headerUnits[column] ?? 0)
            widths[column] = TextWidth.columnWidth(forUnits: units, minimum: minimumWidth, maximum: maximumWidth)
        }
        for (column, width) in fixed { widths[column] = width }
        for column in widths.keys.sorted() {
            try sheet.setColumns(column, column, width: widths[column]!)
        }
    }
}
