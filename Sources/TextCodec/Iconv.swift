#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a conversion stopped.
public enum IconvError: Error, Sendable, Equatable {
    /// `iconv_open` refused the pair of encodings.
    case unsupported(from: String, to: String)
    /// An invalid byte sequence at `offset` bytes into the current input block.
    case invalidSequence(offset: Int)
}

/// A streaming converter between two encodings over the C library's `iconv`.
///
/// Owns one `iconv_t` and closes it exactly once in `deinit`. Input may end in the
/// middle of a multi-byte character: the incomplete tail is kept and joined to the
/// next block.
public final class Iconv {
    private let handle: iconv_t
    private var pending: [UInt8] = []
    private var output: [UInt8]

    /// - Throws: `IconvError.unsupported` when the C library does not know an encoding.
    public init(from: String, to: String = "UTF-8") throws {
        let h = iconv_open(to, from)
        // iconv_open returns (iconv_t)-1 on failure (POSIX).
        guard let h, Int(bitPattern: h) != -1 else {
            throw IconvError.unsupported(from: from, to: to)
        }
        handle = h
        output = [UInt8](repeating: 0, count: 1 << 16)
    }

    deinit { iconv_close(handle) }

    /// Converts a block, appending the converted bytes to `out`.
    /// - Parameter final: true for the last block; an incomplete character left then is invalid.
    /// - Throws: `IconvError.invalidSequence` with the offset within this call's input.
    public func convert(_ input: UnsafeRawBufferPointer, final: Bool = false, into out: inout [UInt8]) throws {
        var data = pending
        let carried = pending.count
        pending.removeAll(keepingCapacity: true)
        data.append(contentsOf: input)
        try data.withUnsafeMutableBytes { inBuf in
            var inPtr = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = inBuf.count
            while inLeft > 0 {
                let rc: Int32 = output.withUnsafeMutableBytes { outBuf in
                    var outPtr = outBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count
                    let r = iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
                    let produced = outBuf.count - outLeft
                    if produced > 0 { out.append(contentsOf: outBuf[0..<produced]) }
                    return r == -1 ? errno : 0
                }
                if rc == 0 || rc == E2BIG { continue }
                if rc == EINVAL && !final {
                    // An incomplete multi-byte sequence at the end of this block: keep it for the next.
                    pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: inBuf[(inBuf.count - inLeft)...]))
                    return
                }
                throw IconvError.invalidSequence(offset: max(inBuf.count - inLeft - carried, 0))
            }
        }
    }
}
