import PartyModel

/// The `String` of each distinct cell of a column with few distinct values
/// (branches, occupations, destinations), by the cell's bytes: each is made and
/// validated once, and every member with it shares one string, instead of a
/// `String` (a heap one for most branch names) per cell. Holds at most `limit`
/// texts; past that, cells are made as they come.
struct InternTable {
    private var index = ByteIndex()
    private var values: [String] = []
    static let limit = 4096

    /// The string of `bytes`, made by `make` the first time they are seen.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>, make: (UnsafeBufferPointer<UInt8>) -> String) -> String {
        let found = index.find(bytes)
        if let i = found.index { return values[i] }
        let value = make(bytes)
        guard values.count < InternTable.limit else { return value }
        _ = index.insert(bytes, at: found.slot)
        values.append(value)
        return value
    }
}
