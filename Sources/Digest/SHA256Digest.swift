import CLibCrypto

/// A failure of OpenSSL's digest functions.
public struct DigestError: Error, Sendable, CustomStringConvertible {
    /// The EVP function that failed.
    public let function: String
    /// One line naming the function that failed.
    public var description: String { "OpenSSL \(function) failed" }
}

/// Streaming SHA-256 over OpenSSL's EVP interface (libcrypto).
///
/// Owns one `EVP_MD_CTX` and frees it exactly once in `deinit`.
public final class SHA256Digest {
    private let context: OpaquePointer
    private var finished = false

    /// - Throws: `DigestError` when OpenSSL cannot allocate or initialise the context.
    public init() throws {
        guard let context = EVP_MD_CTX_new() else { throw DigestError(function: "EVP_MD_CTX_new") }
        self.context = context
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw DigestError(function: "EVP_DigestInit_ex")
        }
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(!finished, "SHA256Digest used after finalize")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard EVP_DigestUpdate(context, base, bytes.count) == 1 else { throw DigestError(function: "EVP_DigestUpdate") }
    }

    /// The 32-byte digest. The object cannot be updated afterwards.
    public func finalize() throws -> [UInt8] {
        precondition(!finished, "SHA256Digest finalized twice")
        finished = true
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let rc = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        guard rc == 1, length == 32 else { throw DigestError(function: "EVP_DigestFinal_ex") }
        return out
    }

    /// The digest as 64 lower-case hex digits.
    public func hexDigest() throws -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for b in try finalize() {
            text.append(digits[Int(b >> 4)])
            text.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
