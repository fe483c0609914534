import XLSXWriter

/// The look of the leaders' workbook: 黑体 titles and headers, 宋体 body, thin borders,
/// a pale header fill, and the number formats of SPEC §7.
struct ReportStyles {
    static let bodyFont = "宋体"
    static let titleFont = "黑体"
    static let countFormat = "#,##0"
    static let ratioFormat = "0.0%"
    static let moneyFormat = "#,##0.00"
    static let headerFill: UInt32 = 0xDDEBF7
    static let totalFill: UInt32 = 0xF2F2F2
    static let borderColor: UInt32 = 0x808080

    let title = CellStyle(fontName: titleFont, fontSize: 18, horizontal: .center, vertical: .center)
    let subtitle = CellStyle(fontName: bodyFont, fontSize: 11, horizontal: .left, vertical: .center)
    let header = CellStyle(fontName: titleFont, fontSize: 11, fill: headerFill, border: .thin,
                           borderColor: borderColor, horizontal: .center, vertical: .center, wrap: true)
    let note = CellStyle(fontName: bodyFont, fontSize: 10, horizontal: .left, vertical: .top, wrap: true)
    let label = CellStyle(fontName: titleFont, fontSize: 11, horizontal: .left, vertical: .top)

    /// Body cell styles; `total` variants are bold on a grey fill.
    func text(total: Bool = false, center: Bool = false, wrap: Bool = false) -> CellStyle {
        CellStyle(fontName: Self.bodyFont, fontSize: 11, bold: total, fill: total ? Self.totalFill : nil,
                  border: .thin, borderColor: Self.borderColor, horizontal: center ? .center : .left,
                  vertical: .center, wrap: wrap)
    }

    func number(_ format: String, total: Bool = false) -> CellStyle {
        CellStyle(fontName: Self.bodyFont, fontSize: 11, bold: total, fill: total ? Self.totalFill : nil,
                  border: .thin, borderColor: Self.borderColor, horizontal: .right, vertical: .center,
                  numberFormat: format)
    }

    /// Chart text font: a CJK font so that titles and categories render.
    let chartTitleFont = Chart.Font(name: titleFont, size: 12, bold: false)
    let chartFont = Chart.Font(name: bodyFont, size: 9)
}
