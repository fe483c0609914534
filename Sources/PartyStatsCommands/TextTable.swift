import PartyModel
import PartyAnalytics

/// A plain-text table for terminals, aligned for CJK text: a CJK or full-width character
/// takes two columns, everything else one.
///
///     var table = TextTable(headers: ["乡镇", "党员"], alignments: [.left, .right])
///     table.append(["城关镇", "1,281"])
///     print(table.render())
///     // 乡镇    党员
///     // ------  -----
///     // 城关镇  1,281
public struct TextTable: Sendable {
    /// Horizontal alignment of a column.
    public enum Alignment: Sendable {
        case left, right
    }

    /// Column headers (also fix the number of columns).
    public var headers: [String]
    /// Alignment per column; missing entries are `.left`.
    public var alignments: [Alignment]
    /// Data rows; short rows are padded with empty cells, extra cells are ignored.
    public private(set) var rows: [[String]] = []
    /// Optional title printed above the table.
    public var title: String?

    /// Creates an empty table.
    public init(title: String? = nil, headers: [String], alignments: [Alignment] = []) {
        self.title = title
        self.headers = headers
        self.alignments = alignments
    }

    /// Adds a data row.
    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table as text: title, header, a dashed rule, then the rows; columns separated
    /// by two spaces, no trailing spaces, ending with a newline.
    public func render() -> String {
        let columns = headers.count
        let cells = ([headers] + rows).map { row in
            // Every cell a person reads has its personal numbers masked (values from returns).
            (0..<columns).map { $0 < row.count ? IDNumber.maskAll(in: row[$0]) : "" }
        }
        var widths = [Int](repeating: 0, count: columns)
        for row in cells {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], Self.displayWidth(cell)) }
        }
        func line(_ row: [String]) -> String {
            var text = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - Self.displayWidth(cell))
                let alignment = i < alignments.count ? alignments[i] : .left
                text += (i > 0 ? "  " : "") + (alignment == .right ? pad + cell : cell + pad)
            }
            while text.last == " " { text.removeLast() }
            return text
        }
        var out = ""
        if let title { out += title + "\n" }
        out += line(cells[0]) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells.dropFirst() { out += line(row) + "\n" }
        return out
    }

    /// Terminal columns taken by `text`: 2 for East Asian wide and full-width characters
    /// (CJK ideographs, kana, hangul, CJK punctuation, full-width forms), 0 for combining
    /// marks and zero-width characters, 1 otherwise.
    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    private static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0x200B || v == 0x200C || v == 0x200D || v == 0xFEFF { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        default: break
        }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

/// Number formats for human output.
public enum NumberText {
    /// A count with thousands separators: `35,494`.
    public static func count(_ n: Int) -> String { groupedNumber(n) }

    /// A 0–1 ratio as a percentage with one decimal (`59.0%`); `—` when undefined.
    public static func percent(_ ratio: Double?) -> String {
        guard let ratio else { return "—" }
        let tenths = (ratio * 1000).rounded()
        let sign = tenths < 0 ? "-" : ""
        let magnitude = Int(abs(tenths))
        return "\(sign)\(groupedNumber(magnitude / 10)).\(magnitude % 10)%"
    }

    /// Fen as 元 with thousands separators and two decimals: `350,000.00`.
    public static func yuan(fen: Int64) -> String {
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(fen < 0 ? "-" : "")\(groupedNumber(Int(magnitude / 100))).\(cents < 10 ? "0" : "")\(cents)"
    }
}
