/// The look of a cell: font, fill, borders, alignment, wrapping and number format.
///
/// A plain value: the workbook turns each distinct `CellStyle` into one
/// libxlsxwriter format the first time it is used and reuses it afterwards, so
/// writing a million styled cells creates a handful of formats.
///
///     var header = CellStyle(fontName: "黑体", fontSize: 11, bold: true)
///     header.fill = 0xD9E1F2
///     header.border = .thin
public struct CellStyle: Hashable, Sendable {
    /// Cell borders, all four sides alike.
    public enum Border: Hashable, Sendable { case none, thin, medium }
    /// Horizontal alignment.
    public enum Horizontal: Hashable, Sendable { case general, left, center, right, centerAcross }
    /// Vertical alignment.
    public enum Vertical: Hashable, Sendable { case bottom, center, top }

    /// Font name (Excel allows 31 characters), e.g. `宋体`, `黑体`; nil keeps Calibri.
    public var fontName: String?
    /// Font size in points; nil keeps 11.
    public var fontSize: Double?
    /// Bold font.
    public var bold: Bool
    /// Font colour as 0xRRGGBB; nil keeps automatic (black).
    public var fontColor: UInt32?
    /// Solid background fill as 0xRRGGBB; nil for none.
    public var fill: UInt32?
    /// Borders on all four sides.
    public var border: Border
    /// Border colour as 0xRRGGBB; nil for automatic.
    public var borderColor: UInt32?
    /// Horizontal alignment.
    public var horizontal: Horizontal
    /// Vertical alignment.
    public var vertical: Vertical
    /// Wrap long text onto several lines.
    public var wrap: Bool
    /// Indent level (0–15).
    public var indent: UInt8
    /// Excel number format such as `#,##0`, `0.0%`, `#,##0.00`, `yyyy-mm-dd`; nil for General.
    public var numberFormat: String?

    /// Creates a style; every property defaults to Excel's default.
    public init(fontName: String? = nil, fontSize: Double? = nil, bold: Bool = false,
                fontColor: UInt32? = nil, fill: UInt32? = nil, border: Border = .none,
                borderColor: UInt32? = nil, horizontal: Horizontal = .general,
                vertical: Vertical = .bottom, wrap: Bool = false, indent: UInt8 = 0,
                numberFormat: String? = nil) {
        self.fontName = fontName
        self.fontSize = fontSize
        self.bold = bold
        self.fontColor = fontColor
        self.fill = fill
        self.border = border
        self.borderColor = borderColor
        self.horizontal = horizontal
        self.vertical = vertical
        self.wrap = wrap
        self.indent = indent
        self.numberFormat = numberFormat
    }

    /// A copy with another number format.
    public func with(numberFormat: String?) -> CellStyle {
        var copy = self
        copy.numberFormat = numberFormat
        return copy
    }
}
