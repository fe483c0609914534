import CXLSXWriter

/// Paper sizes libxlsxwriter knows by number (`worksheet_set_paper`).
public enum PaperSize: UInt8, Sendable {
    case printerDefault = 0
    case letter = 1
    case a3 = 8
    /// A4, 210 × 297 mm.
    case a4 = 9
}

extension Worksheet {
    /// Sets the width (in character units) and optional style of columns
    /// `first...last` (`worksheet_set_column`).
    public func setColumns(_ first: Int, _ last: Int, width: Double, style: CellStyle? = nil) throws {
        let sheet = try live("worksheet_set_column")
        let (_, c1) = try position(0, first, "worksheet_set_column")
        let (_, c2) = try position(0, last, "worksheet_set_column")
        let format = try workbook.format(for: style)
        try check(worksheet_set_column(sheet, c1, c2, width, format), "worksheet_set_column",
                  sheet: name, column: first)
    }

    /// Sets a row's height in points and optional style (`worksheet_set_row`). In
    /// constant-memory mode call it before writing the row.
    public func setRow(_ row: Int, height: Double, style: CellStyle? = nil) throws {
        let sheet = try live("worksheet_set_row")
        let (r, _) = try position(row, 0, "worksheet_set_row")
        let format = try workbook.format(for: style)
        try check(worksheet_set_row(sheet, r, height, format), "worksheet_set_row", sheet: name, row: row)
    }

    /// Sizes every column that received content to fit its widest cell, CJK counted
    /// double, clamped to `minimum...maximum`. `overrides` fixes some columns' widths.
    public func fitColumns(minimum: Double = 6, maximum: Double = 60, overrides: [Int: Double] = [:]) throws {
        for column in Set(contentWidths.keys).union(overrides.keys).sorted() {
            let width = overrides[column]
                ?? TextWidth.columnWidth(forUnits: contentWidths[column] ?? 0, minimum: minimum, maximum: maximum)
            try setColumns(column, column, width: width)
        }
    }

    /// Freezes the rows above `row` and the columns left of `column`
    /// (`worksheet_freeze_panes`; `freezePanes(row: 4, column: 0)` keeps rows 1–4 visible).
    public func freezePanes(row: Int, column: Int = 0) throws {
        let sheet = try live("worksheet_freeze_panes")
        let (r, c) = try position(row, column, "worksheet_freeze_panes")
        worksheet_freeze_panes(sheet, r, c)
    }

    /// Adds autofilter buttons to a header row over a table (`worksheet_autofilter`).
    /// In constant-memory mode `lastRow` must not be above the row being written, so
    /// set (or widen) the filter while writing the table, not after it.
    public func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) throws {
        let (sheet, (r1, c1), (r2, c2)) = try liveRange("worksheet_autofilter", firstRow, firstColumn,
                                                        lastRow, lastColumn)
        try check(worksheet_autofilter(sheet, r1, c1, r2, c2), "worksheet_autofilter",
                  sheet: name, row: firstRow, column: firstColumn)
    }

    /// Prints in landscape orientation.
    public func setLandscape() throws {
        worksheet_set_landscape(try live("worksheet_set_landscape"))
    }

    /// Sets the paper size (`worksheet_set_paper`; `.a4` is 9).
    public func setPaper(_ paper: PaperSize) throws {
        worksheet_set_paper(try live("worksheet_set_paper"), paper.rawValue)
    }

    /// Scales printing to `width` pages wide and `height` pages tall; 0 means as many
    /// as needed (`fitToPages(width: 1, height: 0)`: one page wide, any length).
    public func fitToPages(width: Int, height: Int) throws {
        let sheet = try live("worksheet_fit_to_pages")
        guard (0...Int(UInt16.max)).contains(width), (0...Int(UInt16.max)).contains(height) else {
            throw XLSXWriterError(code: .invalidParameter, message: "page counts must be 0–65535",
                                  sheet: name, what: "worksheet_fit_to_pages")
        }
        worksheet_fit_to_pages(sheet, UInt16(width), UInt16(height))
    }

    /// Repeats rows `first...last` at the top of every printed page (`worksheet_repeat_rows`).
    public func repeatRows(_ first: Int, _ last: Int) throws {
        let sheet = try live("worksheet_repeat_rows")
        let (r1, _) = try position(first, 0, "worksheet_repeat_rows")
        let (r2, _) = try position(last, 0, "worksheet_repeat_rows")
        try check(worksheet_repeat_rows(sheet, r1, r2), "worksheet_repeat_rows", sheet: name, row: first)
    }

    /// Sets the printed page header, in Excel's codes (`&C` centre, `&P` page, `&N` pages).
    /// - Throws: `.stringTooLong` over 255 characters.
    public func setHeader(_ text: String) throws {
        let sheet = try live("worksheet_set_header")
        try check(worksheet_set_header(sheet, text), "worksheet_set_header", sheet: name)
    }

    /// Sets the printed page footer, e.g. `&C第 &P 页 共 &N 页`.
    /// - Throws: `.stringTooLong` over 255 characters.
    public func setFooter(_ text: String) throws {
        let sheet = try live("worksheet_set_footer")
        try check(worksheet_set_footer(sheet, text), "worksheet_set_footer", sheet: name)
    }

    /// Sets the page margins in inches.
    public func setMargins(left: Double, right: Double, top: Double, bottom: Double) throws {
        worksheet_set_margins(try live("worksheet_set_margins"), left, right, top, bottom)
    }

    /// Centres the printed area horizontally on the page.
    public func centerHorizontallyWhenPrinted() throws {
        worksheet_center_horizontally(try live("worksheet_center_horizontally"))
    }

    /// Shows or hides gridlines on screen and in print (`worksheet_gridlines`).
    public func setGridlines(screen: Bool, print: Bool) throws {
        let sheet = try live("worksheet_gridlines")
        let option: UInt32
        switch (screen, print) {
        case (false, false): option = LXW_HIDE_ALL_GRIDLINES.rawValue
        case (true, false): option = LXW_SHOW_SCREEN_GRIDLINES.rawValue
        case (false, true): option = LXW_SHOW_PRINT_GRIDLINES.rawValue
        case (true, true): option = LXW_SHOW_ALL_GRIDLINES.rawValue
        }
        worksheet_gridlines(sheet, UInt8(option))
    }

    /// Restricts printing to a range (`worksheet_print_area`).
    public func setPrintArea(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) throws {
        let (sheet, (r1, c1), (r2, c2)) = try liveRange("worksheet_print_area", firstRow, firstColumn,
                                                        lastRow, lastColumn)
        try check(worksheet_print_area(sheet, r1, c1, r2, c2), "worksheet_print_area",
                  sheet: name, row: firstRow, column: firstColumn)
    }

    /// Starts a new printed page above each of `rows` (zero-based; `worksheet_set_h_pagebreaks`).
    /// - Throws: `.invalidParameter` for more than 1,023 breaks (Excel's limit) or row 0.
    public func setHorizontalPageBreaks(_ rows: [Int]) throws {
        let sheet = try live("worksheet_set_h_pagebreaks")
        guard rows.count <= 1023, rows.allSatisfy({ (1...CellReference.maxRow).contains($0) }) else {
            throw XLSXWriterError(code: .invalidParameter, message: "1–1,023 breaks on rows 2–1,048,576",
                                  sheet: name, what: "worksheet_set_h_pagebreaks")
        }
        // The C array ends with a 0 entry.
        var breaks = rows.map { lxw_row_t($0) } + [0]
        try check(worksheet_set_h_pagebreaks(sheet, &breaks), "worksheet_set_h_pagebreaks", sheet: name)
    }

    /// Makes this the sheet shown when the file opens.
    public func activate() throws {
        worksheet_activate(try live("worksheet_activate"))
    }

    /// Places a chart with its top-left corner in a cell, scaled from its default
    /// 480 × 288 pixels (`worksheet_insert_chart_opt`). A chart can be inserted once.
    /// - Throws: `.invalidParameter` for a chart without series or inserted twice.
    public func insertChart(_ chart: Chart, row: Int, column: Int, xScale: Double = 1, yScale: Double = 1,
                            xOffset: Int = 0, yOffset: Int = 0) throws {
        let sheet = try live("worksheet_insert_chart")
        let (r, c) = try position(row, column, "worksheet_insert_chart")
        guard chart.workbook === workbook else {
            throw XLSXWriterError(code: .invalidParameter, message: "the chart belongs to another workbook",
                                  sheet: name, row: row, column: column, what: "worksheet_insert_chart")
        }
        var options = lxw_chart_options()
        options.x_scale = xScale
        options.y_scale = yScale
        options.x_offset = Int32(clamping: xOffset)
        options.y_offset = Int32(clamping: yOffset)
        try check(worksheet_insert_chart_opt(sheet, r, c, try chart.live("worksheet_insert_chart"), &options),
                  "worksheet_insert_chart", sheet: name, row: row, column: column)
    }
}
