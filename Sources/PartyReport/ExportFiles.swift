import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The export publishes a folder atomically: everything is written into an
// owner-only temporary folder beside the destination, then renamed into place.
// A failure before the rename removes the temporary folder, so the destination
// is either the complete new package, the untouched old one, or absent.

/// `close(2)`, callable from types that have their own `close()`.
@discardableResult
func posixClose(_ descriptor: Int32) -> Int32 { close(descriptor) }

/// `write(2)`, callable from types that have their own `write`.
func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// An owner-only (0700) temporary folder beside a destination, published by rename.
final class ExportStaging {
    /// The destination folder as given.
    let destination: String
    /// The temporary folder being filled.
    let path: String
    /// `PARENT/.NAME.partial-PID-`: registered for removal on a signal (see `init`).
    private let prefix: String
    private var published = false

    /// Creates the temporary folder in the destination's parent folder.
    /// - Throws: `ExportError` when the destination is not a folder we may
    ///   replace, or the temporary folder cannot be created.
    init(destination: String) throws {
        let trimmed = destination.hasSuffix("/") && destination.count > 1
            ? String(destination.dropLast()) : destination
        self.destination = trimmed
        try ExportStaging.checkReplaceable(trimmed)
        let url = URL(fileURLWithPath: trimmed)
        let parent = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ExportError(code: .exportOutputParent, message: "输出目录的上级目录不存在：\(parent)")
        }
        ExportInterruption.install()
        ExportInterruption.removeStale(beside: trimmed)
        // mkdtemp creates the folder with mode 0700 whatever the umask; the process id in
        // its name tells a later export whether its owner still runs.
        // The prefix is registered before the folder exists: a signal right after mkdtemp
        // still finds the folder by it (our process id is in the prefix).
        let prefix = "\(parent)/\(ExportInterruption.prefix(for: url.lastPathComponent))"
        ExportInterruption.register(prefix)
        var template = Array("\(prefix)XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            ExportInterruption.unregister(prefix)
            throw ExportError.system(.exportWrite, path: parent, errno: errno)
        }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.prefix = prefix
    }

    deinit {
        ExportInterruption.waitIfInterrupted()
        if !published { try? FileManager.default.removeItem(atPath: path) }
        ExportInterruption.unregister(prefix)
    }

    /// The path of `name` inside the temporary folder.
    func file(_ name: String) -> String { path + "/" + name }

    /// Renames the temporary folder to the destination, replacing a previous
    /// export there (the old folder is removed only after the rename succeeded).
    /// - Throws: `ExportError` when a rename fails; the destination is then unchanged.
    func publish() throws {
        try ExportStaging.checkReplaceable(destination)
        let manager = FileManager.default
        var old: String?
        if manager.fileExists(atPath: destination) {
            let aside = path.replacingOccurrences(of: ".partial-", with: ".old-")
            guard rename(destination, aside) == 0 else {
                throw ExportError.system(.exportWrite, path: destination, errno: errno)
            }
            old = aside
        }
        guard rename(path, destination) == 0 else {
            let code = errno
            if let old { rename(old, destination) }
            throw ExportError.system(.exportWrite, path: destination, errno: code)
        }
        published = true
        ExportInterruption.unregister(prefix)
        if let old { try? manager.removeItem(atPath: old) }
    }

    /// A destination may be replaced when it is absent, an empty folder, or a
    /// folder holding a previous package (`datapackage.json`); anything else is
    /// someone's data and is left alone.
    private static func checkReplaceable(_ destination: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: destination, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw ExportError(code: .exportOutputExists, message: "输出路径已存在且不是目录：\(destination)")
        }
        let entries = (try? manager.contentsOfDirectory(atPath: destination)) ?? []
        if entries.isEmpty || entries.contains("datapackage.json") { return }
        throw ExportError(code: .exportOutputExists,
                          message: "输出目录 \(destination) 不为空且不是先前导出的数据包，未覆盖")
    }
}
