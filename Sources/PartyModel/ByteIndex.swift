/// Byte strings numbered in first-seen order and found again by their bytes, with no
/// `String` per lookup: open addressing on FNV-1a, doubled at half full. Keys equal
/// when their bytes are (no Unicode equivalence). Under `ByteCounts` (the member
/// figures) and `InternTable` (strings of cells made once).
public struct ByteIndex: Sendable {
    /// The keys, in the order they were added; a key's index is its place here.
    @usableFromInline private(set) var keys: [[UInt8]] = []
    /// Index + 1 into `keys`, 0 for an empty slot; a power of two long.
    @usableFromInline var slots = [Int32](repeating: 0, count: 16)

    public init() {}

    /// The number of keys.
    @inlinable public var count: Int { keys.count }

    /// The index of `bytes`, or nil with the slot where `insert(_:at:)` puts them
    /// (valid until the next insert).
    @inlinable
    public func find(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int?, slot: Int) {
        let mask = slots.count - 1
        var slot = ByteIndex.hash(bytes) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return (nil, slot) }
            if KeyBytes.equal(keys[entry - 1], bytes) { return (entry - 1, slot) }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `bytes`, which `find` did not find, at the slot it gave; returns their index.
    @inlinable
    public mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, at slot: Int) -> Int {
        keys.append(Array(bytes))
        slots[slot] = Int32(keys.count)
        if keys.count * 2 > slots.count { grow() }
        return keys.count - 1
    }

    /// The index of `bytes`, added when new.
    @inlinable
    public mutating func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let found = find(bytes)
        return found.index ?? insert(bytes, at: found.slot)
    }

    /// Calls `body` with the bytes of the key at an index.
    @inlinable
    public func withKey<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        keys[index].withUnsafeBufferPointer(body)
    }

    /// The key at an index as text.
    @inlinable
    public func text(_ index: Int) -> String { String(decoding: keys[index], as: UTF8.self) }

    /// FNV-1a over the bytes.
    @inlinable
    static func hash(_ bytes: some Sequence<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: hash)
    }

    @usableFromInline
    mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (i, key) in keys.enumerated() {
            var slot = ByteIndex.hash(key) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i + 1)
        }
    }
}
