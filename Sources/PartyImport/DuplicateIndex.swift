import PartyModel

/// Members by usable ID within a year (SPEC §4): the first in import order counts;
/// later rows with the same ID are duplicates naming the first place.
///
/// Compact on purpose: a province has millions of members. An ID is packed into a
/// 64-bit key and a place into 64 bits (sheet table index and row).
public final class DuplicateIndex {
    // Per-row state of an object one thread uses, never reentrantly: its accesses are
    // not checked for exclusivity at run time (a check per access was 3–4 % of the
    // pipeline thread).
    @exclusivity(unchecked) private var index = IDKeyTable()
    @exclusivity(unchecked) private var refs: [Int64] = []
    @exclusivity(unchecked) private var places: [UInt64] = []
    private var sheetTable: [(file: String, sheet: String)] = []

    /// An empty index.
    public init() {}

    /// The number of distinct IDs registered.
    public var count: Int { refs.count }

    /// A 64-bit key for an 18-character ID: the first 17 digits × 11 + the check value.
    static func key(_ id: IDNumber) -> UInt64 {
        id.withUTF8 { bytes in
            var n: UInt64 = 0
            var check: UInt64 = 10
            for i in 0..<bytes.count {
                let b = bytes[i]
                if i < 17 {
                    n = n &* 10 &+ UInt64(b &- 48)
                } else {
                    check = b == UInt8(ascii: "X") ? 10 : UInt64(b &- 48)
                }
            }
            return n &* 11 &+ check
        }
    }

    /// Registers a sheet and returns its number for `register(_:ref:sheet:row:)`.
    public func sheetNumber(file: String, sheet: String) -> Int {
        sheetTable.append((file, sheet))
        return sheetTable.count - 1
    }

    /// The first member with this ID, if any: its reference and where it was read.
    public func first(_ id: IDNumber) -> (ref: Int64, file: String, sheet: String, row: Int)? {
        first(key: DuplicateIndex.key(id))
    }

    /// ``first(_:)`` by the ID's key (``key(_:)``), for a caller that also registers it.
    func first(key: UInt64) -> (ref: Int64, file: String, sheet: String, row: Int)? {
        guard let i = index.find(key) else { return nil }
        let place = places[i]
        let entry = sheetTable[Int(place >> 32)]
        return (refs[i], entry.file, entry.sheet, Int(place & 0xFFFF_FFFF))
    }

    /// Records the first member with an ID.
    public func register(_ id: IDNumber, ref: Int64, sheet: Int, row: Int) {
        register(key: DuplicateIndex.key(id), ref: ref, sheet: sheet, row: row)
    }

    /// ``register(_:ref:sheet:row:)`` by the ID's key.
    func register(key: UInt64, ref: Int64, sheet: Int, row: Int) {
        guard index.insert(key, refs.count) else { return }
        refs.append(ref)
        places.append(UInt64(sheet) << 32 | UInt64(UInt32(truncatingIfNeeded: row)))
    }
}

/// ID keys to positions: open addressing with linear probing on a multiplicative
/// hash, doubled at two thirds full (16 bytes a slot: 5M members fit in 128 MiB),
/// key and position side by side (one cache line per
/// probe). A `[UInt64: Int]` costs a SipHash and more memory per member; a province
/// registers millions. A `find` that misses remembers where the key would go, so
/// that inserting that key next needs no second probe.
struct IDKeyTable {
    private struct Slot {
        var key: UInt64
        /// Position + 1; 0 for an empty slot.
        var position: Int64
    }
    private var slots = [Slot](repeating: Slot(key: 0, position: 0), count: 1024)
    private(set) var count = 0
    /// The key of the last `find` that missed and its empty slot, until the next insert.
    private var missedKey: UInt64 = 0
    private var missedSlot = -1

    @inline(__always)
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    mutating func find(_ key: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = IDKeyTable.slot(key, mask: mask)
        while slots[slot].position != 0 {
            if slots[slot].key == key { return Int(slots[slot].position) - 1 }
            slot = (slot &+ 1) & mask
        }
        missedKey = key
        missedSlot = slot
        return nil
    }

    /// Adds `key` at `position`; false (and nothing changed) when it is there already.
    mutating func insert(_ key: UInt64, _ position: Int) -> Bool {
        if 3 * (count + 1) > 2 * slots.count {
            grow()
            missedSlot = -1
        }
        var slot: Int
        if missedSlot >= 0 && missedKey == key {
            slot = missedSlot
        } else {
            let mask = slots.count - 1
            slot = IDKeyTable.slot(key, mask: mask)
            while slots[slot].position != 0 {
                if slots[slot].key == key { return false }
                slot = (slot &+ 1) & mask
            }
        }
        missedSlot = -1
        slots[slot] = Slot(key: key, position: Int64(position) + 1)
        count += 1
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: 0, position: 0), count: 2 * old.count)
        let mask = slots.count - 1
        for entry in old where entry.position != 0 {
            var slot = IDKeyTable.slot(entry.key, mask: mask)
            while slots[slot].position != 0 { slot = (slot &+ 1) & mask }
            slots[slot] = entry
        }
    }
}
