/// The text of one cell as the parsers take it: its UTF-8 bytes as read (lent by the
/// row for the length of a call) and the cleaned text, made from them only when asked.
///
/// Every cell parser of this module takes a `CellText` and chooses inside between a
/// fast path on the bytes (an exact lookup of bytes that need no cleaning, a strict
/// form such as `YYYY-MM-DD`) and the text path on the cleaned `String`; the two give
/// the same answer for every input (`CellTextTests` checks each parser on fuzzed
/// bytes), so callers never choose between them.
///
///     let gender = CellText.with("女") { Gender.parse($0) }   // .female, from the bytes
public struct CellText {
    /// The cell's UTF-8 bytes as read: valid only while they are lent.
    public let bytes: UnsafeBufferPointer<UInt8>

    /// A cell of these bytes (valid UTF-8, as rows lend them).
    @inlinable
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Calls `body` with the cell text of a string.
    public static func with<R>(_ text: String, _ body: (CellText) throws -> R) rethrows -> R {
        var text = text
        return try text.withUTF8 { try body(CellText($0)) }
    }

    /// True when the bytes need no cleaning or compacting (``TextNormaliser/isPlain(_:)``):
    /// the text is the bytes as they are. Decided by a scan of the bytes on each use.
    @inlinable
    public var isPlain: Bool { TextNormaliser.isPlain(bytes) }

    /// True when the cell reads as blank by its bytes alone: empty, or an empty marker
    /// (`-`, `/`, `无` …) as written. A cell that is blank only once cleaned has ``text`` nil.
    @inlinable
    public var isBlankAsWritten: Bool { bytes.isEmpty || EmptyMarker.matches(bytes) }

    /// The text as written, not cleaned.
    @inlinable
    public var written: String { String(decoding: bytes, as: UTF8.self) }

    /// The cleaned text (``TextNormaliser/clean(_:)``); nil when it is empty or an empty
    /// marker (SPEC §3). A cell that needs no cleaning is its bytes as they are.
    @inlinable
    public var text: String? {
        if bytes.isEmpty { return nil }
        if isPlain { return EmptyMarker.matches(bytes) ? nil : written }
        let cleaned = TextNormaliser.clean(written)
        return cleaned.isEmpty || EmptyMarker.matches(cleaned) ? nil : cleaned
    }

    /// ``text`` compacted (``TextNormaliser/compact(_:)``): no inner whitespace either.
    @inlinable
    public var compacted: String? { text.map(TextNormaliser.compact) }

    /// Calls `body` with the bytes of the text compacted (``TextNormaliser/compact(_:)``,
    /// empty markers kept): the bytes as they are when they need no compacting.
    @inlinable
    public func withCompacted<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if isPlain { return try body(bytes) }
        var compact = TextNormaliser.compact(written)
        return try compact.withUTF8(body)
    }

    /// Calls `body` with the bytes of the cell's header key (``TextNormaliser/header(_:)``):
    /// the bytes as they are when they need no normalising and end in no bracketed unit.
    @inlinable
    public func withHeaderKey<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if bytes.last != UInt8(ascii: ")"), isPlain { return try body(bytes) }
        var key = TextNormaliser.header(written).key
        return try key.withUTF8(body)
    }
}

extension FastTable {
    /// The value of a cell: the key with exactly its bytes when they need no cleaning
    /// (a hit is exact: ``subscript(plainCell:)``), else what `parse` makes of its
    /// cleaned text. `parse` must clean (or compact) its input and look it up in this
    /// table, so that both paths agree.
    @inline(__always)
    func value(_ cell: CellText, orParse parse: (String) -> Value?) -> Value? {
        if let hit = self[plainCell: cell.bytes] { return hit }
        return parse(TextNormaliser.clean(cell.written))
    }
}
