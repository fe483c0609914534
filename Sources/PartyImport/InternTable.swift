import PartyModel

/// Strings by the bytes of the cells they come from, made once per distinct cell:
/// the `String` of each cell of a column with few distinct values (branches,
/// occupations, destinations), which every member with it then shares, or what a
/// cell resolves to (a township). Holds at most `limit` texts; past that, cells are
/// made as they come (`lookup` misses, and callers work the value out).
struct InternTable {
    private var index = ByteIndex()
    private var values: [String] = []
    static let limit = 4096

    /// The string of `bytes`, made by `make` the first time they are seen.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>, make: (UnsafeBufferPointer<UInt8>) -> String) -> String {
        let found = index.find(bytes)
        if let i = found.index { return values[i] }
        let value = make(bytes)
        add(bytes, value, at: found.slot)
        return value
    }

    /// The string held for `bytes`, if any.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        index.find(bytes).index.map { values[$0] }
    }

    /// Holds `value` for `bytes` unless they have one already.
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, _ value: String) {
        let found = index.find(bytes)
        if found.index == nil { add(bytes, value, at: found.slot) }
    }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, _ value: String, at slot: Int) {
        guard values.count < InternTable.limit else { return }
        _ = index.insert(bytes, at: slot)
        values.append(value)
    }
}
