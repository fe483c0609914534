import PartyModel

/// Members by usable ID within a year (SPEC §4): the first in import order counts;
/// later rows with the same ID are duplicates naming the first place.
///
/// Compact on purpose: a province has millions of members. An ID is packed into a
/// 64-bit key and a place into 64 bits (sheet table index and row).
public final class DuplicateIndex {
    private var index: [UInt64: Int] = [:]
    private var refs: [Int64] = []
    private var places: [UInt64] = []
    private var sheetTable: [(file: String, sheet: String)] = []

    public init() {}

    /// The number of distinct IDs registered.
    public var count: Int { index.count }

    /// A 64-bit key for an 18-character ID: the first 17 digits × 11 + the check value.
    static func key(_ id: IDNumber) -> UInt64 {
        var value = id.value
        return value.withUTF8 { bytes in
            var n: UInt64 = 0
            var check: UInt64 = 10
            for i in 0..<bytes.count {
                let b = bytes[i]
                if i < 17 { n = n &* 10 &+ UInt64(b &- 48) } else { check = b == UInt8(ascii: "X") ? 10 : UInt64(b &- 48) }
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
        guard let i = index[DuplicateIndex.key(id)] else { return nil }
        let place = places[i]
        let entry = sheetTable[Int(place >> 32)]
        return (refs[i], entry.file, entry.sheet, Int(place & 0xFFFF_FFFF))
    }

    /// Records the first member with an ID.
    public func register(_ id: IDNumber, ref: Int64, sheet: Int, row: Int) {
        let key = DuplicateIndex.key(id)
        guard index[key] == nil else { return }
        index[key] = refs.count
        refs.append(ref)
        places.append(UInt64(sheet) << 32 | UInt64(UInt32(truncatingIfNeeded: row)))
    }
}
