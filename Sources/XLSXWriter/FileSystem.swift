#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the atomic write needs, with errno as text.
enum FileSystem {
    static func exists(_ path: String, isDirectory: inout Bool) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        return true
    }

    /// The folder part of `path` (`.` when there is none).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Runs `body` with the process's standard error sent to /dev/null.
    ///
    /// libxlsxwriter reports failures twice: as the `lxw_error` it returns (which this
    /// wrapper turns into an `XLSXWriterError`) and as English `[ERROR][./src/packager.c:…]`
    /// lines it prints to stderr itself, with no switch to turn them off. Users see the
    /// one Chinese line partystats prints from the returned code, so the library's own
    /// lines are dropped around the calls that print them (`workbook_new_opt`,
    /// `workbook_close`). If stderr cannot be redirected, `body` runs unchanged.
    static func silencingStandardError<T>(_ body: () -> T) -> T {
        fflush(nil)
        let saved = dup(STDERR_FILENO)
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard saved >= 0, null >= 0, dup2(null, STDERR_FILENO) >= 0 else {
            if saved >= 0 { close(saved) }
            if null >= 0 { close(null) }
            return body()
        }
        close(null)
        defer {
            fflush(nil)
            dup2(saved, STDERR_FILENO)
            close(saved)
        }
        return body()
    }

    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// Creates an empty `.NAME.XXXXXX` file next to `path` (same folder, so the final
    /// rename is atomic) with mode 0644, and returns its path.
    static func makeTemporaryFile(near path: String) throws -> String {
        let folder = folder(of: path)
        var isFolder = false
        guard exists(folder, isDirectory: &isFolder), isFolder else {
            throw XLSXWriterError(code: .destination, message: "the folder \(folder) does not exist",
                                  what: "create \(path)")
        }
        var template = Array("\(folder)/.\(fileName(of: path)).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw XLSXWriterError(code: .destination, message: errnoText(),
                                  what: "create a temporary file in \(folder)")
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // mkstemp creates 0600; a report is an ordinary document.
        let modeFailed = fchmod(fd, 0o644) != 0 ? errnoText() : nil
        let closeFailed = closeDescriptor(fd) != 0 ? errnoText() : nil
        if let problem = modeFailed ?? closeFailed {
            if let leftover = remove(temporary) {
                throw XLSXWriterError(code: .destination, message: "\(problem); removing it: \(leftover)",
                                      what: "prepare \(temporary)")
            }
            throw XLSXWriterError(code: .destination, message: problem, what: "prepare \(temporary)")
        }
        return temporary
    }

    /// fsync so that the rename never publishes a file whose data is not on disk.
    static func flush(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw XLSXWriterError(code: .createFile, message: errnoText(), what: "open \(path) to flush it")
        }
        let synced = fsync(fd) == 0 ? nil : errnoText()
        let closed = closeDescriptor(fd) == 0 ? nil : errnoText()
        if let problem = synced ?? closed {
            throw XLSXWriterError(code: .createFile, message: problem, what: "fsync \(path)")
        }
    }

    static func rename(_ from: String, to: String) throws {
        guard renameFile(from, to) == 0 else {
            throw XLSXWriterError(code: .rename, message: errnoText(), what: "rename \(from) to \(to)")
        }
    }

    /// Removes a file; returns nil on success or when it is already gone, else the reason.
    @discardableResult
    static func remove(_ path: String) -> String? {
        if unlink(path) == 0 || errno == ENOENT { return nil }
        return errnoText()
    }

    static func writeToStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { return }
            offset += written
        }
    }
}

// File-scope wrappers: inside `FileSystem` the names `rename`/`remove` mean its own members.
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
private func renameFile(_ from: String, _ to: String) -> Int32 { rename(from, to) }
