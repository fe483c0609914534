import Foundation
import PartyImport
import SheetReader

/// The files of one upload, kept under names of the server's own (`0001.xlsx`, …) in a
/// private folder; the names they were sent under are only ever text (the import's
/// file names), never part of a path.
final class UploadBatch: @unchecked Sendable {
    // @unchecked: filled by the one request that receives it, then only read.

    /// The batch's folder (0700), inside the server's private folder.
    let folder: String
    /// The files' names as sent (cleaned: see ``UploadName``), sorted as the command line sorts paths.
    private(set) var names: [String] = []
    /// Where each name is kept.
    private(set) var locations: [String: String] = [:]
    /// Files that were sent but are not returns (hidden files, lock files and other types
    /// inside a dropped folder), as the command line leaves them out of a folder.
    private(set) var ignored: [String] = []
    /// Files refused (an unsupported type sent on its own, a name sent twice).
    private(set) var refused: [ReadError] = []

    /// A new, empty batch folder under `root`.
    init(root: String) throws {
        folder = root + "/batch-" + String(AccessToken.generate().prefix(16))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// Where the next file sent as `raw` is to be written, or nil when it is not to be kept.
    func place(for raw: String) -> String? {
        guard let name = UploadName.clean(raw) else {
            refused.append(ReadError(code: .uploadNameInvalid, message: "文件名无效（含控制字符或为空）", file: raw))
            return nil
        }
        let parts = name.split(separator: "/")
        let hidden = parts.contains { $0.hasPrefix(".") } || parts.last!.hasPrefix("~$")
        let format = SheetReaders.format(ofPath: name)
        if hidden || format == nil {
            if parts.count > 1 {
                ignored.append(name)
            } else {
                refused.append(ReadError(code: .fileUnsupported, message: "不支持的文件类型（支持 csv、xlsx、xlsm、xls）",
                                         file: name))
            }
            return nil
        }
        guard locations[name] == nil else {
            refused.append(ReadError(code: .uploadNameTwice, message: "同名文件上传了两次，请只保留一个", file: name))
            return nil
        }
        let suffix = (name as NSString).pathExtension.lowercased()
        let location = folder + "/" + String(format: "%04d", locations.count + 1) + "." + suffix
        locations[name] = location
        names.append(name)
        return location
    }

    /// The names sorted as `ImportPipeline.discover` sorts paths (the order that decides duplicates).
    func sortNames() {
        names.sort()
    }

    /// Removes the batch's folder and everything in it.
    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// The text a file was sent under, cleaned into a relative name: `\` read as `/`, empty,
/// `.` and `..` parts dropped. Never used as a path.
enum UploadName {
    /// Longest name kept, in bytes of UTF-8.
    static let maximumBytes = 1024

    /// The cleaned name, or nil when nothing usable is left or it holds control characters.
    static func clean(_ raw: String) -> String? {
        guard !raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        let parts = raw.replacingOccurrences(of: "\\", with: "/").split(separator: "/")
            .filter { $0 != "." && $0 != ".." }
        let name = parts.joined(separator: "/").precomposedStringWithCanonicalMapping
        guard !name.isEmpty, name.utf8.count <= maximumBytes else { return nil }
        return name
    }
}

/// The server's private folder for uploads.
enum UploadFolder {
    /// Makes a new folder, readable by this user only, under the system's temporary folder.
    static func makePrivateRoot() throws -> String {
        let temporary = NSTemporaryDirectory()
        let base = temporary.hasSuffix("/") ? String(temporary.dropLast()) : temporary
        let root = base + "/partystats-serve-" + String(AccessToken.generate().prefix(16))
        // Fails when the name exists: a folder someone made in advance is never used.
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        return root
    }
}
