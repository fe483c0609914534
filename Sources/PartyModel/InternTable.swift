/// Strings by the bytes of the cells they come from, made once per distinct cell:
/// the `String` of each cell of a column with few distinct values (branches,
/// occupations, destinations), which every member with it then shares, or what a
/// cell resolves to (a township). Holds only cells whose bytes need no cleaning
/// (``CellText/isPlain``), so a cell found by its bytes needs no scan, and at most
/// `limit` of them; past that, cells are made as they come.
public struct InternTable: Sendable {
    private var index = ByteIndex()
    private var values: [String] = []
    /// The most texts held.
    public static let limit = 4096

    /// An empty table.
    public init() {}

    /// The cell's ``CellText/text`` (``CellText/compacted`` when `compact`), made once
    /// per distinct plain cell and shared after that; nil for a blank cell.
    public mutating func text(_ cell: CellText, compact: Bool) -> String? {
        if let held = plainText(cell) { return held }
        return compact ? cell.compacted : cell.text
    }

    /// The text of a plain cell that is not blank, held from the first time it is seen;
    /// nil for any other cell.
    public mutating func plainText(_ cell: CellText) -> String? {
        if cell.isBlankAsWritten { return nil }
        let found = index.find(cell.bytes)
        if let i = found.index { return values[i] }
        guard cell.isPlain else { return nil }
        let value = cell.written
        add(cell.bytes, value, at: found.slot)
        return value
    }

    /// The value held for a cell's exact bytes by ``remember(_:_:)``, if any.
    public func value(_ cell: CellText) -> String? {
        index.find(cell.bytes).index.map { values[$0] }
    }

    /// Holds `value` for a plain cell's bytes unless they have one already (a cell that
    /// needs cleaning is not held: its bytes are not its text).
    public mutating func remember(_ cell: CellText, _ value: String) {
        guard !cell.isBlankAsWritten, cell.isPlain else { return }
        let found = index.find(cell.bytes)
        if found.index == nil { add(cell.bytes, value, at: found.slot) }
    }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, _ value: String, at slot: Int) {
        guard values.count < InternTable.limit else { return }
        _ = index.insert(bytes, at: slot)
        values.append(value)
    }
}
