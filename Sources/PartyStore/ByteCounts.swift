import PartyModel
/// Counts of texts keyed by their UTF-8 bytes, filled from bytes read in place (no
/// `String` per lookup): texts equal when their bytes are, as SQLite's `GROUP BY`
/// compares them. For the member scan, where a million rows each add to several
/// small breakdowns.
public struct ByteCounts: Sendable {
    /// No texts.
    public init() {}

    private var index = ByteIndex()
    /// The count of each text, by its index.
    public private(set) var counts: [Int] = []

    /// The index of `bytes` (added with a count of 0 when new).
    public mutating func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let i = index.index(of: bytes)
        if i == counts.count { counts.append(0) }
        return i
    }

    /// Adds one to the count of `bytes`.
    public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        counts[index(of: bytes)] += 1
    }

    /// Adds one to the count at an index (from `index(of:)`).
    public mutating func add(at index: Int) {
        counts[index] += 1
    }

    /// Calls `body` with the bytes at an index.
    public func withKey<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        self.index.withKey(index, body)
    }

    /// The text at an index.
    public func text(_ index: Int) -> String { self.index.text(index) }

    /// Every text with its count, in first-seen order.
    public var all: [(text: String, count: Int)] { counts.indices.map { (text($0), counts[$0]) } }
}
