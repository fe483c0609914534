/// Decodes GB18030 text (a superset of GBK and GB2312) to UTF-8 one short piece
/// at a time, such as one CSV field.
///
/// ASCII bytes are copied and two-byte characters are looked up in a table that is
/// built once from the C library's own converter (every lead byte 81–FE with every
/// trail byte 40–7E, 80–FE), so the mapping is exactly iconv's. Anything else, a
/// four-byte sequence or an invalid or truncated one, sends the whole piece through
/// iconv, which decodes it or names the offset of the bad bytes. On a 1M-row roster
/// the table decodes every field in about a third of the time glibc's iconv takes
/// for the whole file, and a call into iconv per field would cost more still.
///
/// GB18030 never uses a byte below 0x30 inside a multi-byte character, so a file can
/// be split on ASCII delimiters, quotes and line breaks before it is decoded.
public final class GB18030Decoder {
    /// For lead `l` and trail `t`: the UTF-8 bytes of the character, low byte first,
    /// with their count in the top byte; 0 where iconv must decide.
    private let table: UnsafePointer<UInt32>
    private let fallback: Iconv
    /// Output space for one piece, grown as needed; owned here, freed in deinit.
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 1024
    private var slow: [UInt8] = []

    /// The table for one process: 23,940 iconv calls, about a millisecond. Kept for
    /// the life of the process (never freed): every decoder reads it.
    /// (Read-only once built, hence safe to share between threads.)
    nonisolated(unsafe) private static let sharedTable: Result<UnsafePointer<UInt32>, any Error> = Result {
        let table = try buildTable()
        let pointer = UnsafeMutablePointer<UInt32>.allocate(capacity: table.count)
        pointer.initialize(from: table, count: table.count)
        return UnsafePointer(pointer)
    }

    /// - Throws: `IconvError.unsupported` when the C library has no GB18030 converter.
    public init() throws {
        table = try GB18030Decoder.sharedTable.get()
        fallback = try Iconv(from: "GB18030")
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit { scratch.deallocate() }

    private static func index(lead: UInt8, trail: UInt8) -> Int {
        Int(lead &- 0x81) &* 191 &+ Int(trail &- 0x40)
    }

    private static func buildTable() throws -> [UInt32] {
        var table = [UInt32](repeating: 0, count: 126 * 191)
        let converter = try Iconv(from: "GB18030")
        var out: [UInt8] = []
        for lead in UInt8(0x81)...0xFE {
            for trail in UInt8(0x40)...0xFE where trail != 0x7F {
                out.removeAll(keepingCapacity: true)
                let pair = [lead, trail]
                let ok: Bool = pair.withUnsafeBytes { bytes in
                    (try? converter.convert(bytes, final: true, into: &out)) != nil
                }
                guard ok, (1...3).contains(out.count) else { continue }
                var packed = UInt32(out.count) << 24
                for (shift, byte) in out.enumerated() { packed |= UInt32(byte) << (8 * shift) }
                table[index(lead: lead, trail: trail)] = packed
            }
        }
        return table
    }

    /// The most UTF-8 bytes `count` GB18030 bytes decode to: an ASCII byte gives one,
    /// a two-byte character at most three, a four-byte one at most four.
    /// (Plus four bytes of room: a character's bytes are stored four at a time.)
    public static func maxOutput(_ count: Int) -> Int { count + count / 2 + 4 }

    /// Decodes `input` into a string.
    /// - Throws: `IconvError.invalidSequence` with the offset of the first bad byte in `input`.
    public func string(from input: UnsafeRawBufferPointer) throws -> String {
        let capacity = GB18030Decoder.maxOutput(input.count)
        if scratchCapacity < capacity {
            scratch.deallocate()
            scratchCapacity = max(capacity, 2 * scratchCapacity)
            scratch = .allocate(capacity: scratchCapacity)
        }
        let produced = try decode(input, into: scratch)
        return String(decoding: UnsafeBufferPointer(start: scratch, count: produced), as: UTF8.self)
    }

    /// Decodes `input` to UTF-8 at `out`, which must have room for
    /// ``maxOutput(_:)`` bytes, and returns the number of bytes written.
    /// - Throws: `IconvError.invalidSequence` with the offset of the first bad byte in `input`.
    public func decode(_ input: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) throws -> Int {
        if let produced = GB18030.decode(input, into: out, table: table) { return produced }
        return try decodeWithIconv(input, into: out)
    }

    /// The decoders' shared table, for ``GB18030/decode(_:into:table:)``; it lives as long as the process.
    public var tablePointer: UnsafePointer<UInt32> { table }

    /// Decodes `input` through iconv (four-byte sequences, or bytes that are not
    /// GB18030) to `out`, which has room for ``maxOutput(_:)`` bytes.
    /// - Throws: `IconvError.invalidSequence` with the offset of the first bad byte in `input`.
    public func decodeWithIconv(_ input: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) throws -> Int {
        let count = input.count
        slow.removeAll(keepingCapacity: true)
        try fallback.convert(input, final: true, into: &slow)
        // Never longer than the bound (see maxOutput); refused rather than overrun if it were.
        guard slow.count <= GB18030Decoder.maxOutput(count) else { throw IconvError.invalidSequence(offset: 0) }
        slow.withUnsafeBufferPointer { if let from = $0.baseAddress { out.update(from: from, count: $0.count) } }
        return slow.count
    }
}

/// The table-driven part of GB18030 decoding (see ``GB18030Decoder``).
public enum GB18030 {
    /// Decodes `input` to UTF-8 at `out` (room for ``GB18030Decoder/maxOutput(_:)`` bytes) when it
    /// holds only ASCII and two-byte characters, and returns the number of bytes
    /// written; nil when iconv must decide (``GB18030Decoder/decodeWithIconv(_:into:)``).
    /// Not a method of the decoder, so that a caller in a hot loop calls it without
    /// retaining a decoder or asking for its class metadata.
    @inline(__always)
    public static func decode(_ input: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>,
                              table: UnsafePointer<UInt32>) -> Int? {
        let count = input.count
        guard let raw = input.baseAddress else { return 0 }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        // The ASCII prefix (all of most fields: IDs, dates, phone numbers), copied eight bytes at a time.
        var i = 0
        let outRaw = UnsafeMutableRawPointer(out)
        while i &+ 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            guard word & 0x8080_8080_8080_8080 == 0 else { break }
            outRaw.storeBytes(of: word, toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        while i < count && base[i] < 0x80 {
            out[i] = base[i]
            i &+= 1
        }
        if i == count { return count }

        // Then byte by byte, two-byte characters from the table; its packed entry is
        // stored whole (the room maxOutput keeps) and the output advanced by its count.
        var o = i
        while i < count {
            let b = base[i]
            if b < 0x80 {
                out[o] = b
                o &+= 1
                i &+= 1
                continue
            }
            guard b &- 0x81 < 0x7E, i &+ 1 < count else { return nil }
            let t = base[i &+ 1]
            guard t &- 0x40 < 0xBF else { return nil }
            let packed = table[Int(b &- 0x81) &* 191 &+ Int(t &- 0x40)]
            guard packed != 0 else { return nil }
            outRaw.storeBytes(of: packed.littleEndian, toByteOffset: o, as: UInt32.self)
            o &+= Int(packed >> 24)
            i &+= 2
        }
        return o
    }

}
