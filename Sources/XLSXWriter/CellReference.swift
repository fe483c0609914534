/// A1-style names for zero-based rows and columns.
public enum CellReference {
    /// Excel's last row index (zero-based): 1,048,575.
    public static let maxRow = 1_048_575
    /// Excel's last column index (zero-based): 16,383 (`XFD`).
    public static let maxColumn = 16_383

    /// `0 → "A"`, `25 → "Z"`, `26 → "AA"`.
    public static func columnLetters(_ column: Int) -> String {
        var n = column + 1
        var letters: [Character] = []
        while n > 0 {
            let rem = (n - 1) % 26
            letters.append(Character(UnicodeScalar(UInt8(65 + rem))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// `(0, 0) → "A1"`.
    public static func name(row: Int, column: Int) -> String {
        "\(columnLetters(column))\(row + 1)"
    }

    /// `(0, 0, 9, 2) → "A1:C10"`.
    public static func range(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) -> String {
        "\(name(row: firstRow, column: firstColumn)):\(name(row: lastRow, column: lastColumn))"
    }
}
