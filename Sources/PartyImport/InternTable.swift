import PartyModel

/// The `String` of each distinct cell of a column with few distinct values
/// (branches, occupations, destinations), by the cell's bytes: each is made and
/// validated once, and every member with it shares one string, instead of a
/// `String` (a heap one for most branch names) per cell. Holds at most `limit`
/// texts; past that, cells are made as they come.
struct InternTable {
    private var slots = [Int32](repeating: 0, count: 256)  // index + 1 into `keys`; 0 empty
    private var keys: [[UInt8]] = []
    private var values: [String] = []
    static let limit = 4096

    /// The string of `bytes`, made by `make` the first time they are seen.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>, make: (UnsafeBufferPointer<UInt8>) -> String) -> String {
        let mask = slots.count - 1
        var slot = InternTable.hash(bytes) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if KeyBytes.equal(keys[entry - 1], bytes) { return values[entry - 1] }
            slot = (slot + 1) & mask
        }
        let value = make(bytes)
        guard keys.count < InternTable.limit else { return value }
        keys.append(Array(bytes))
        values.append(value)
        slots[slot] = Int32(keys.count)
        if keys.count * 2 > slots.count { grow() }
        return value
    }

    /// FNV-1a over the bytes.
    private static func hash(_ bytes: some Sequence<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: hash)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (i, key) in keys.enumerated() {
            var slot = InternTable.hash(key) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i + 1)
        }
    }
}
