import CXLSXWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An `.xlsx` file being written; the only owner of libxlsxwriter's `lxw_workbook`.
///
/// The file appears atomically. The workbook is assembled in a temporary file in the
/// destination folder (`.NAME.XXXXXX`); `close()` finishes it, flushes it to disk and
/// renames it onto the destination. If anything fails the temporary file is removed
/// and an existing destination file is left as it was.
///
/// Lifetime: `close()` closes the C handle exactly once; calling it again after a
/// success does nothing, after a failure throws the same error again. Worksheets and
/// charts keep their workbook alive and throw `.closed` once it is closed.
///
/// Releasing a workbook that was never closed *discards* it: `deinit` frees the C
/// handle through `workbook_close` on the temporary file (libxlsxwriter's only public
/// way to free it), deletes that file and leaves the destination untouched. `deinit`
/// cannot throw, so if that cleanup itself fails the failure is written as one line to
/// standard error rather than dropped. Call `discard()` to do the same explicitly and
/// get the error thrown.
///
///     let book = try Workbook(path: "out/report.xlsx")
///     let sheet = try book.addWorksheet("说明")
///     try sheet.write(.text("唐河县"), row: 0, column: 0)
///     try book.close()
public final class Workbook {
    /// Options fixed when the workbook is created.
    public struct Options: Sendable {
        /// libxlsxwriter's `constant_memory`: each row is flushed to a temporary file
        /// when the next row is started, so memory stays flat for a million rows. In
        /// this mode every sheet must be written row by row, top to bottom; writing
        /// above the current row throws `.indexOutOfRange`. Strings are stored inline.
        public var constantMemory: Bool
        /// Folder for libxlsxwriter's own temporary files; nil uses the system's.
        public var temporaryDirectory: String?
        /// Allow ZIP64 for parts over 4 GB.
        public var zip64: Bool

        /// Creates options; all off by default.
        public init(constantMemory: Bool = false, temporaryDirectory: String? = nil, zip64: Bool = false) {
            self.constantMemory = constantMemory
            self.temporaryDirectory = temporaryDirectory
            self.zip64 = zip64
        }
    }

    /// Document properties shown by File ▸ Info (`workbook_set_properties`).
    public struct Properties: Sendable {
        /// Title.
        public var title: String?
        /// Subject.
        public var subject: String?
        /// Author.
        public var author: String?
        /// Manager.
        public var manager: String?
        /// Company.
        public var company: String?
        /// Category.
        public var category: String?
        /// Keywords, comma separated.
        public var keywords: String?
        /// Comments.
        public var comments: String?
        /// Creation time as seconds since 1970; nil means now.
        public var created: Int?

        /// Creates properties; unset ones are left empty.
        public init(title: String? = nil, subject: String? = nil, author: String? = nil,
                    manager: String? = nil, company: String? = nil, category: String? = nil,
                    keywords: String? = nil, comments: String? = nil, created: Int? = nil) {
            self.title = title
            self.subject = subject
            self.author = author
            self.manager = manager
            self.company = company
            self.category = category
            self.keywords = keywords
            self.comments = comments
            self.created = created
        }
    }

    private enum State {
        case open(UnsafeMutablePointer<lxw_workbook>)
        case published
        case failed(XLSXWriterError)
        case discarded
    }

    /// Where the finished file is renamed to.
    public let destination: String
    /// The temporary file being assembled (removed or renamed when closed).
    public let temporaryPath: String
    /// The options the workbook was created with.
    public let options: Options

    private var state: State
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    private var sheetNames: [String] = []

    /// Starts a workbook that will appear at `path` when closed.
    /// - Throws: `XLSXWriterError.Code.destination` when the folder does not exist,
    ///   is not writable, or `path` is a folder; `.memory` if libxlsxwriter cannot start.
    public init(path: String, options: Options = Options()) throws {
        self.destination = path
        self.options = options
        var isFolder = false
        if FileSystem.exists(path, isDirectory: &isFolder), isFolder {
            throw XLSXWriterError(code: .destination, message: "the destination is a folder",
                                  what: "create \(path)")
        }
        temporaryPath = try FileSystem.makeTemporaryFile(near: path)
        var opts = lxw_workbook_options()
        opts.constant_memory = options.constantMemory ? 1 : 0
        opts.use_zip64 = options.zip64 ? 1 : 0
        let tmpdir = options.temporaryDirectory.map { strdup($0) } ?? nil
        defer { free(tmpdir) }
        opts.tmpdir = tmpdir
        let temporary = temporaryPath
        guard let handle = FileSystem.silencingStandardError({ workbook_new_opt(temporary, &opts) }) else {
            FileSystem.remove(temporaryPath)
            throw XLSXWriterError(code: .memory, message: "workbook_new_opt returned NULL",
                                  what: "workbook_new_opt(\(path))")
        }
        state = .open(handle)
    }

    deinit {
        do {
            try discard()
        } catch {
            FileSystem.writeToStandardError("partystats: 未完成的工作簿已丢弃，但清理失败：\(error)\n")
        }
    }

    /// Throws `.closed` (naming `sheet` and the call `what`) once the workbook is closed.
    func checkOpen(sheet: String?, _ what: @autoclosure () -> String) throws {
        guard isOpen else {
            throw XLSXWriterError(code: .closed, message: "the workbook is already closed", sheet: sheet, what: what())
        }
    }

    /// Whether the workbook is still open for writing.
    public var isOpen: Bool {
        if case .open = state { return true }
        return false
    }

    /// The sheet names added so far, in order.
    public var worksheetNames: [String] { sheetNames }

    /// The C handle, or `.closed` when the workbook is no longer open.
    func handle(_ what: @autoclosure () -> String) throws -> UnsafeMutablePointer<lxw_workbook> {
        guard case .open(let handle) = state else {
            throw XLSXWriterError(code: .closed, message: "the workbook is already closed", what: what())
        }
        return handle
    }

    /// Adds a worksheet at the end.
    /// - Throws: `.sheetName` for an invalid or duplicate name (libxlsxwriter's check).
    public func addWorksheet(_ name: String) throws -> Worksheet {
        let book = try handle("workbook_add_worksheet(\(name))")
        try check(workbook_validate_sheet_name(book, name), "workbook_add_worksheet", sheet: name)
        guard let sheet = workbook_add_worksheet(book, name) else {
            throw XLSXWriterError(code: .memory, message: "workbook_add_worksheet returned NULL",
                                  sheet: name, what: "workbook_add_worksheet")
        }
        sheetNames.append(name)
        return Worksheet(workbook: self, handle: sheet, name: name)
    }

    /// Adds a chart; insert it into a worksheet with `Worksheet.insertChart`.
    public func addChart(_ kind: Chart.Kind) throws -> Chart {
        let book = try handle("workbook_add_chart")
        guard let chart = workbook_add_chart(book, kind.lxwType) else {
            throw XLSXWriterError(code: .memory, message: "workbook_add_chart returned NULL",
                                  what: "workbook_add_chart")
        }
        return Chart(workbook: self, handle: chart, kind: kind)
    }

    /// Sets the document properties.
    public func setProperties(_ properties: Properties) throws {
        let book = try handle("workbook_set_properties")
        var owned: [UnsafeMutablePointer<CChar>?] = []
        defer { owned.forEach { free($0) } }
        func c(_ s: String?) -> UnsafeMutablePointer<CChar>? {
            guard let s else { return nil }
            let p = strdup(s)
            owned.append(p)
            return p
        }
        var props = lxw_doc_properties()
        props.title = c(properties.title)
        props.subject = c(properties.subject)
        props.author = c(properties.author)
        props.manager = c(properties.manager)
        props.company = c(properties.company)
        props.category = c(properties.category)
        props.keywords = c(properties.keywords)
        props.comments = c(properties.comments)
        props.created = time_t(properties.created ?? 0)
        try check(workbook_set_properties(book, &props), "workbook_set_properties")
    }

    /// The libxlsxwriter format for `style`, created on first use and reused.
    func format(for style: CellStyle?) throws -> UnsafeMutablePointer<lxw_format>? {
        guard let style else { return nil }
        if let cached = formats[style] { return cached }
        let book = try handle("workbook_add_format")
        guard let format = workbook_add_format(book) else {
            throw XLSXWriterError(code: .memory, message: "workbook_add_format returned NULL",
                                  what: "workbook_add_format")
        }
        try style.apply(to: format)
        formats[style] = format
        return format
    }

    /// How many distinct formats have been created (one per distinct `CellStyle`).
    public var formatCount: Int { formats.count }

    /// Finishes the file and renames it onto the destination.
    ///
    /// - Throws: the `workbook_close` error (with `lxw_strerror`), or `.rename`; in
    ///   either case the temporary file has been removed and the destination is as
    ///   it was. A second call after success does nothing; after failure it rethrows.
    public func close() throws {
        switch state {
        case .published: return
        case .failed(let error): throw error
        case .discarded:
            throw XLSXWriterError(code: .closed, message: "the workbook was discarded", what: "close")
        case .open(let book):
            formats.removeAll()
            let result = FileSystem.silencingStandardError { workbook_close(book) }
            do {
                try check(result, "workbook_close(\(destination))")
                try FileSystem.flush(temporaryPath)
                try FileSystem.rename(temporaryPath, to: destination)
                state = .published
            } catch let error as XLSXWriterError {
                FileSystem.remove(temporaryPath)
                state = .failed(error)
                throw error
            }
        }
    }

    /// Abandons an open workbook: frees the C handle, removes the temporary file,
    /// leaves the destination untouched. Does nothing if already closed or discarded.
    /// - Throws: when libxlsxwriter or the file system reports a failure while cleaning up.
    public func discard() throws {
        guard case .open(let book) = state else { return }
        state = .discarded
        formats.removeAll()
        let result = FileSystem.silencingStandardError { workbook_close(book) }
        let removed = FileSystem.remove(temporaryPath)
        try check(result, "workbook_close(\(temporaryPath)) while discarding")
        if let removed {
            throw XLSXWriterError(code: .temporaryFile, message: removed, what: "remove \(temporaryPath)")
        }
    }
}
