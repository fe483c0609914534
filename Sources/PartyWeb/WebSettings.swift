import Foundation
import PartyStore

/// What one `partystats serve` works on: the store, the mapping file, the access token
/// and the limits on uploads.
public struct WebSettings: Sendable {
    /// The SQLite store (absolute path).
    public var database: String
    /// The mapping file imports read and the page's column choices are saved to
    /// (absolute path; it need not exist until a choice is saved).
    public var mapping: String
    /// The secret every request must carry (`?token=`, then the cookie).
    public var token: String
    /// Where uploads are kept while they are imported: a private (0700) folder of this server.
    public var uploads: String
    /// Limits on one upload.
    public var limits: UploadLimits

    /// - Parameters:
    ///   - database: the store; made absolute against the current folder.
    ///   - mapping: the mapping file; made absolute likewise.
    ///   - token: the access token (``AccessToken/generate()`` for a new server).
    ///   - uploads: a private folder (``UploadFolder/makePrivateRoot()``).
    public init(database: String, mapping: String, token: String, uploads: String,
                limits: UploadLimits = UploadLimits()) {
        self.database = WebSettings.absolute(database)
        self.mapping = WebSettings.absolute(mapping)
        self.token = token
        self.uploads = uploads
        self.limits = limits
    }

    /// `path` against the current folder when relative.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// How much one upload may hold.
public struct UploadLimits: Sendable {
    /// Files in one upload.
    public var files = 500
    /// Bytes of one file.
    public var fileBytes: Int64 = 256 << 20
    /// Bytes of the whole request.
    public var totalBytes: Int64 = 1 << 30

    /// The defaults: 500 files, 256 MiB a file, 1 GiB in all.
    public init() {}
}

/// The random secret that opens the page, as Jupyter's token does.
public enum AccessToken {
    /// 32 random bytes as 64 hexadecimal digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Compares in time independent of where the two differ.
    static func matches(_ given: Substring, _ token: String) -> Bool {
        let a = Array(given.utf8), b = Array(token.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
