/// Byte strings numbered in first-seen order and found again by their bytes, with no
/// `String` per lookup: open addressing, doubled at half full. Keys equal when their
/// bytes are (no Unicode equivalence). Under `ByteCounts` (the member figures),
/// `InternTable` (strings of cells made once) and `FastTable` (coded cells).
///
/// The import looks up several cells of every row here, so a lookup touches no
/// reference count: the keys sit back to back in one byte array, and each slot holds
/// its key's 32-bit hash beside the key's index, so that a probe compares bytes only
/// when the hashes agree. Hash and comparison read the bytes a word at a time.
public struct ByteIndex: Sendable {
    /// The keys' bytes, in the order they were added.
    @usableFromInline private(set) var bytes: [UInt8] = []
    /// Where each key starts in `bytes`, and (last) the end of the last key.
    @usableFromInline private(set) var starts: [Int] = [0]
    /// A key's hash (high 32 bits) and index + 1 (low 32 bits); 0 for an empty slot.
    /// A power of two long.
    @usableFromInline var slots = [UInt64](repeating: 0, count: 16)

    /// An empty index.
    public init() {}

    /// The number of keys.
    @inlinable public var count: Int { starts.count - 1 }

    /// The index of `key`, or nil with the slot where `insert(_:at:)` puts it
    /// (valid until the next insert).
    @inlinable
    public func find(_ key: UnsafeBufferPointer<UInt8>) -> (index: Int?, slot: Int) {
        let hash = ByteIndex.hash(key)
        let mask = slots.count &- 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return (nil, slot) }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let i = Int(UInt32(truncatingIfNeeded: entry)) &- 1
                if equal(i, key) { return (i, slot) }
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// True when the key at index `i` has exactly the bytes of `key`.
    @inlinable @inline(__always)
    func equal(_ i: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[i]
        guard starts[i &+ 1] &- start == key.count else { return false }
        return bytes.withUnsafeBufferPointer { all in
            ByteIndex.sameBytes(all.baseAddress.map { $0 + start }, key.baseAddress, key.count)
        }
    }

    /// True when `count` bytes at `a` and `b` are the same: words compared in place
    /// (the keys are short; a call to `memcmp` cost more than the comparison).
    @inlinable @inline(__always)
    static func sameBytes(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        guard count > 0, let a, let b else { return true }
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        if count >= 8 {
            var i = 0
            while i &+ 8 <= count {
                if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i,
                                                                                          as: UInt64.self) {
                    return false
                }
                i &+= 8
            }
            // The last eight bytes (overlapping words already compared when count is not a multiple of 8).
            return i == count || x.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
                == y.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        }
        return ByteIndex.shortWord(x, count) == ByteIndex.shortWord(y, count)
    }

    /// The 1…7 bytes at `p` as one word: two overlapping 4-byte loads, or the first,
    /// middle and last byte of 1…3 (with the count, a word that differs for different bytes).
    @inlinable @inline(__always)
    static func shortWord(_ p: UnsafeRawPointer, _ count: Int) -> UInt64 {
        if count >= 4 {
            return UInt64(p.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
                | UInt64(p.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)) << 32
        }
        return UInt64(p.load(fromByteOffset: 0, as: UInt8.self))
            | UInt64(p.load(fromByteOffset: count >> 1, as: UInt8.self)) << 8
            | UInt64(p.load(fromByteOffset: count &- 1, as: UInt8.self)) << 16
    }

    /// Adds `key`, which `find` did not find, at the slot it gave; returns its index.
    @inlinable
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>, at slot: Int) -> Int {
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        let index = count - 1
        slots[slot] = UInt64(ByteIndex.hash(key)) << 32 | UInt64(index + 1)
        if count * 2 > slots.count { grow() }
        return index
    }

    /// The index of `key`, added when new.
    @inlinable
    public mutating func index(of key: UnsafeBufferPointer<UInt8>) -> Int {
        let found = find(key)
        return found.index ?? insert(key, at: found.slot)
    }

    /// Calls `body` with the bytes of the key at an index.
    @inlinable
    public func withKey<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = starts[index], end = starts[index + 1]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start ..< end])) }
    }

    /// The key at an index as text.
    @inlinable public func text(_ index: Int) -> String {
        withKey(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// A 32-bit hash of the bytes, eight at a time (a multiply and shift per word; the
    /// last 1…7 bytes as one word, `shortWord` or an overlapping load), then a final mix
    /// so that the low bits, which pick the slot, depend on every byte.
    @inlinable @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        let n = key.count
        var h = UInt64(truncatingIfNeeded: n) &* multiplier
        guard n > 0, let base = key.baseAddress else { return UInt32(truncatingIfNeeded: h >> 32) }
        let raw = UnsafeRawPointer(base)
        if n < 8 {
            h = (h ^ shortWord(raw, n)) &* multiplier
        } else {
            var i = 0
            while i &+ 8 <= n {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* multiplier
                h ^= h >> 29
                i &+= 8
            }
            if i < n { h = (h ^ raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)) &* multiplier }
        }
        h ^= h >> 32
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return UInt32(truncatingIfNeeded: h)
    }

    @usableFromInline
    mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for entry in old where entry != 0 {
            var slot = Int(UInt32(truncatingIfNeeded: entry >> 32)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}
