import CXLSXWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cell range that feeds a chart series: one column (or row) of a worksheet.
public struct ChartRange: Sendable, Equatable {
    /// The worksheet's name.
    public var sheet: String
    /// First row, zero-based.
    public var firstRow: Int
    /// First column, zero-based.
    public var firstColumn: Int
    /// Last row, zero-based, inclusive.
    public var lastRow: Int
    /// Last column, zero-based, inclusive.
    public var lastColumn: Int

    /// A range on `sheet`; zero-based, inclusive.
    public init(sheet: String, firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.sheet = sheet
        self.firstRow = firstRow
        self.firstColumn = firstColumn
        self.lastRow = lastRow
        self.lastColumn = lastColumn
    }

    /// Rows `firstRow...lastRow` of one column.
    public static func column(_ column: Int, rows: ClosedRange<Int>, on sheet: String) -> ChartRange {
        ChartRange(sheet: sheet, firstRow: rows.lowerBound, firstColumn: column,
                   lastRow: rows.upperBound, lastColumn: column)
    }
}

/// A native Excel chart created by `Workbook.addChart`; the workbook owns the C
/// object and frees it on close. Insert it once with `Worksheet.insertChart`.
///
///     let chart = try book.addChart(.column)
///     try chart.addSeries(name: "2024年", categories: .column(0, rows: 3...10, on: "流动党员"),
///                         values: .column(1, rows: 3...10, on: "流动党员"))
///     try chart.setTitle("各乡镇流动党员占比")
public final class Chart {
    /// Chart types used here; two or more series on `.column` make a clustered column.
    public enum Kind: Sendable {
        /// Horizontal bars.
        case bar
        /// Vertical columns (clustered when several series).
        case column
        case pie
        case doughnut

        var lxwType: UInt8 {
            switch self {
            case .bar: return UInt8(LXW_CHART_BAR.rawValue)
            case .column: return UInt8(LXW_CHART_COLUMN.rawValue)
            case .pie: return UInt8(LXW_CHART_PIE.rawValue)
            case .doughnut: return UInt8(LXW_CHART_DOUGHNUT.rawValue)
            }
        }

        var hasAxes: Bool { self == .bar || self == .column }
    }

    /// Where the legend goes.
    public enum LegendPosition: Sendable { case none, right, top, bottom }

    /// Font for titles, axes and legends: a CJK font keeps Chinese text legible.
    public struct Font: Sendable {
        /// Font name; nil keeps the chart's default.
        public var name: String?
        /// Size in points; nil keeps the default.
        public var size: Double?
        /// Bold text.
        public var bold: Bool
        /// A font; every part left out keeps the chart's default.
        public init(name: String? = nil, size: Double? = nil, bold: Bool = false) {
            self.name = name
            self.size = size
            self.bold = bold
        }
    }

    /// The workbook that owns the chart.
    public let workbook: Workbook
    /// The chart type.
    public let kind: Kind
    let handle: UnsafeMutablePointer<lxw_chart>
    /// How many series have been added.
    public private(set) var seriesCount = 0

    init(workbook: Workbook, handle: UnsafeMutablePointer<lxw_chart>, kind: Kind) {
        self.workbook = workbook
        self.handle = handle
        self.kind = kind
    }

    func live(_ what: @autoclosure () -> String) throws -> UnsafeMutablePointer<lxw_chart> {
        try workbook.checkOpen(sheet: nil, what())
        return handle
    }

    private func validate(_ range: ChartRange, _ what: String) throws {
        guard (0...CellReference.maxRow).contains(range.firstRow), (0...CellReference.maxRow).contains(range.lastRow),
              (0...CellReference.maxColumn).contains(range.firstColumn),
              (0...CellReference.maxColumn).contains(range.lastColumn),
              range.firstRow <= range.lastRow, range.firstColumn <= range.lastColumn else {
            throw XLSXWriterError(code: .indexOutOfRange, message: "invalid chart range", sheet: range.sheet,
                                  row: range.firstRow, column: range.firstColumn, what: what)
        }
        guard workbook.worksheetNames.contains(range.sheet) else {
            throw XLSXWriterError(code: .invalidParameter, message: "no worksheet named '\(range.sheet)'",
                                  sheet: range.sheet, what: what)
        }
    }

    /// Adds a series whose categories and values are read from worksheet ranges.
    /// - Parameters:
    ///   - name: the legend text.
    ///   - color: fill colour 0xRRGGBB; nil for the theme's.
    ///   - dataLabels: show each value on the chart.
    ///   - labelFormat: number format of the data labels, e.g. `0.0%`.
    ///   - percentLabels: pie/doughnut: label slices with their percentage.
    public func addSeries(name: String?, categories: ChartRange, values: ChartRange, color: UInt32? = nil,
                          dataLabels: Bool = false, labelFormat: String? = nil, percentLabels: Bool = false) throws {
        let chart = try live("chart_add_series")
        try validate(categories, "chart_series_set_categories")
        try validate(values, "chart_series_set_values")
        guard let series = chart_add_series(chart, nil, nil) else {
            throw XLSXWriterError(code: .memory, message: "chart_add_series returned NULL", what: "chart_add_series")
        }
        chart_series_set_categories(series, categories.sheet, lxw_row_t(categories.firstRow),
                                    lxw_col_t(categories.firstColumn), lxw_row_t(categories.lastRow),
                                    lxw_col_t(categories.lastColumn))
        chart_series_set_values(series, values.sheet, lxw_row_t(values.firstRow), lxw_col_t(values.firstColumn),
                                lxw_row_t(values.lastRow), lxw_col_t(values.lastColumn))
        if let name { chart_series_set_name(series, name) }
        if let color {
            var fill = lxw_chart_fill()
            fill.color = lxw_color_t(color & 0xFFFFFF)
            chart_series_set_fill(series, &fill)
        }
        if dataLabels || percentLabels {
            chart_series_set_labels(series)
            if percentLabels {
                chart_series_set_labels_options(series, 0, 0, 0)
                chart_series_set_labels_percentage(series)
                chart_series_set_labels_leader_line(series)
            }
            if let labelFormat { chart_series_set_labels_num_format(series, labelFormat) }
        }
        seriesCount += 1
    }

    /// Sets the chart title, optionally with a font.
    public func setTitle(_ title: String, font: Font? = nil) throws {
        let chart = try live("chart_title_set_name")
        chart_title_set_name(chart, title)
        if let font { Self.withFont(font) { chart_title_set_name_font(chart, $0) } }
    }

    /// Names the category axis and the value axis (bar and column charts only; for a
    /// bar chart the category axis is the vertical one).
    public func setAxisNames(category: String?, value: String?, font: Font? = nil) throws {
        let chart = try live("chart_axis_set_name")
        guard kind.hasAxes else {
            throw XLSXWriterError(code: .invalidParameter, message: "pie and doughnut charts have no axes",
                                  what: "chart_axis_set_name")
        }
        let (categoryAxis, valueAxis) = axes(chart)
        for (axis, text) in [(categoryAxis, category), (valueAxis, value)] {
            guard let axis, let text else { continue }
            chart_axis_set_name(axis, text)
            if let font { Self.withFont(font) { chart_axis_set_name_font(axis, $0) } }
        }
    }

    /// Sets the value axis number format (e.g. `0%`) and, optionally, its range.
    public func setValueAxis(numberFormat: String?, minimum: Double? = nil, maximum: Double? = nil) throws {
        let chart = try live("chart_axis_set_num_format")
        guard kind.hasAxes, let axis = axes(chart).value else {
            throw XLSXWriterError(code: .invalidParameter, message: "pie and doughnut charts have no axes",
                                  what: "chart_axis_set_num_format")
        }
        if let numberFormat { chart_axis_set_num_format(axis, numberFormat) }
        if let minimum { chart_axis_set_min(axis, minimum) }
        if let maximum { chart_axis_set_max(axis, maximum) }
    }

    /// Sets the font of the axis labels (category names, values).
    public func setAxisLabelFont(_ font: Font) throws {
        let chart = try live("chart_axis_set_num_font")
        guard kind.hasAxes else { return }
        for axis in [chart.pointee.x_axis, chart.pointee.y_axis] {
            guard let axis else { continue }
            Self.withFont(font) { chart_axis_set_num_font(axis, $0) }
        }
    }

    /// libxlsxwriter's x axis is the category axis, except in a bar chart where the bars
    /// run along x, so x is the value axis and y the category axis.
    private func axes(_ chart: UnsafeMutablePointer<lxw_chart>)
        -> (category: UnsafeMutablePointer<lxw_chart_axis>?, value: UnsafeMutablePointer<lxw_chart_axis>?) {
        kind == .bar ? (chart.pointee.y_axis, chart.pointee.x_axis) : (chart.pointee.x_axis, chart.pointee.y_axis)
    }

    /// Places or hides the legend, optionally with a font.
    public func setLegend(_ position: LegendPosition, font: Font? = nil) throws {
        let chart = try live("chart_legend_set_position")
        let value: UInt32
        switch position {
        case .none: value = LXW_CHART_LEGEND_NONE.rawValue
        case .right: value = LXW_CHART_LEGEND_RIGHT.rawValue
        case .top: value = LXW_CHART_LEGEND_TOP.rawValue
        case .bottom: value = LXW_CHART_LEGEND_BOTTOM.rawValue
        }
        chart_legend_set_position(chart, UInt8(value))
        if let font { Self.withFont(font) { chart_legend_set_font(chart, $0) } }
    }

    /// Sets Excel's built-in chart style (1–48).
    public func setStyle(_ style: Int) throws {
        let chart = try live("chart_set_style")
        guard (1...48).contains(style) else {
            throw XLSXWriterError(code: .invalidParameter, message: "chart styles are 1–48", what: "chart_set_style")
        }
        chart_set_style(chart, UInt8(style))
    }

    /// libxlsxwriter copies the font name, so a temporary C string is enough.
    private static func withFont(_ font: Font, _ body: (UnsafeMutablePointer<lxw_chart_font>) -> Void) {
        var cFont = lxw_chart_font()
        let name = font.name.map { strdup($0) } ?? nil
        defer { free(name) }
        cFont.name = name
        cFont.size = font.size ?? 0
        cFont.bold = font.bold ? 1 : 0
        body(&cFont)
    }
}
