import Digest
import Foundation
import PartyModel
import SheetReader

/// What an import knows while it runs.
final class ImportContext {
    let mapping: Mapping
    var townships: TownshipDirectory
    let duplicates: DuplicateIndex
    let problems: ProblemLog
    /// The report year (`validate`, which has none: the current year).
    let reportYear: Int
    /// The reference the next member gets (`ImportEvent.member`).
    var nextMemberRef: Int64

    /// The current calendar year (UTC).
    static var currentYear: Int { Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!,
                                                                                  from: Date()).year! }

    init(mapping: Mapping, townships: TownshipDirectory, duplicates: DuplicateIndex, firstMemberRef: Int64,
         problemMemoryLimit: Int, reportYear: Int?) {
        problems = ProblemLog(memoryLimit: problemMemoryLimit)
        self.reportYear = reportYear ?? ImportContext.currentYear
        self.mapping = mapping
        self.townships = townships
        self.duplicates = duplicates
        nextMemberRef = firstMemberRef
    }

    /// Keeps a problem in the import's log and hands it to the sink (which stores it).
    func record(_ problem: Problem, to sink: any ImportSink) throws {
        try problems.append(problem)
        try sink.receive(.problem(problem))
    }
}

/// Files that could not be read at all: the whole import fails and nothing is written (SPEC §4).
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    /// The files that failed, each with its reason.
    public var errors: [ReadError]
    /// Files that cannot be read, each with its reason.
    package init(errors: [ReadError]) {
        self.errors = errors
    }
    /// The failure for the user, in Chinese, one file a line.
    public var description: String {
        var lines = ["导入失败，未写入任何数据。以下文件无法读取："] + errors.map { "  " + $0.description }
        let unrecognised = errors.filter { $0.code == ProblemCode.fileUnrecognised.rawValue }.count
        if unrecognised > 0 {
            lines.append("其中 \(unrecognised) 个文件没有可识别的表格。可用 partystats inspect 文件… 查看每个工作表的表头、"
                + "各列对应的字段和可直接粘贴的 mapping.yaml 片段，补充映射文件（--mapping）后重新导入；"
                + "或加 --skip-unrecognised 跳过这些文件、导入其余文件（跳过的文件记入导入问题）。")
        }
        return lines.joined(separator: "\n")
    }
}

/// The outcome of reading a set of returns.
public struct ImportReport: Sendable {
    /// Each file's accounting, in import order.
    public var files: [FileSummary]
    /// Every reject and warning, in the order found (bounded memory; see `ProblemLog`).
    public var problemLog: ProblemLog
    /// Every problem as an array. Materialises the log: for tests and small imports.
    public var problems: [Problem] { problemLog.all }
    /// Rejected rows, all files together.
    public var rejected: Int { files.reduce(0) { $0 + $1.rejected } }
    /// Imported rows, all files together.
    public var imported: Int { files.reduce(0) { $0 + $1.imported } }
}

/// How far an import has got, for a progress display.
public struct ImportProgress: Sendable {
    /// The file being read, its 0-based position and the number of files.
    public var file: String
    /// The current file's 0-based position.
    public var fileIndex: Int
    /// The number of files.
    public var fileCount: Int
    /// Rows read so far, all files together.
    public var rows: Int
    /// Bytes of input read so far (earlier files whole, plus the position in the
    /// current one), or nil when the current file's reader cannot tell its position.
    public var bytesDone: Int64?
    /// The size of all the files together.
    public var bytesTotal: Int64
}

/// Reads township returns into records (SPEC §2–§4), in two phases: first every
/// branch return is read for its township names, so that rosters and ledgers
/// without a township column can be attributed (§2.4); then every sheet is
/// imported in order (files sorted by path, then sheet order, then row), which is
/// the order that decides duplicates.
public final class ImportPipeline {
    /// The user's mapping file (aliases, synonyms, townships).
    public let mapping: Mapping
    /// The safety limits every reader applies.
    public let limits: ReadLimits
    private let context: ImportContext
    /// Called every few thousand rows while `run` reads, for a progress display.
    public var progress: ((ImportProgress) -> Void)?
    /// How often `progress` is called, in rows.
    static let progressInterval = 4096
    private var rowsRead = 0
    private var bytesBefore: Int64 = 0
    private var bytesTotal: Int64 = 0
    private var fileIndex = 0
    private var fileCount = 0
    /// When true, files with no recognisable sheet are skipped (each recorded as a
    /// `file.unrecognised` problem) instead of failing the import.
    public var skipUnrecognised = false
    /// Where a file named in `run(files:)` is read from when that is not its name: the
    /// page's uploads (`partystats serve`) are kept under private names of their own,
    /// while the name as sent is what the report, the store and township attribution
    /// (§2.4, the file name) see. Failures name the file by its name, too.
    public var locations: [String: String] = [:]

    /// - Parameters:
    ///   - townships: townships already known for the year (from the store).
    ///   - duplicates: members already stored for the year, so that a new file's repeats are found.
    ///   - firstMemberRef: the reference of the first member read; the next ones count up
    ///     from it (the store passes one past its largest member id, and stores each member
    ///     under its reference).
    ///   - problemMemoryLimit: problems kept in memory before the rest spill to a temporary file.
    ///   - year: the report year, against which birth dates are checked (nil: the current year).
    public init(mapping: Mapping = Mapping(), townships: TownshipDirectory = TownshipDirectory(),
                duplicates: DuplicateIndex = DuplicateIndex(), firstMemberRef: Int64 = 1,
                limits: ReadLimits = .default, problemMemoryLimit: Int = 20_000, year: Int? = nil) {
        self.mapping = mapping
        self.limits = limits
        var directory = townships
        directory.add(mapping: mapping)
        context = ImportContext(mapping: mapping, townships: directory, duplicates: duplicates,
                                firstMemberRef: firstMemberRef, problemMemoryLimit: problemMemoryLimit,
                                reportYear: year)
    }

    /// Expands folders (recursively) into the supported files they hold, sorted by path.
    /// - Throws: `ImportFailure` naming every path that does not exist or is not supported.
    public static func discover(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        var errors: [ReadError] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append(ReadError(code: .fileMissing, message: "文件或文件夹不存在", file: path))
                continue
            }
            if isDirectory.boolValue {
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                walk(base, into: &files, errors: &errors)
            } else if SheetReaders.format(ofPath: path) == nil {
                errors.append(ReadError(code: .fileUnsupported, message: "不支持的文件类型（支持 csv、xlsx、xlsm、xls）", file: path))
            } else {
                files.append(path)
            }
        }
        if !errors.isEmpty { throw ImportFailure(errors: errors) }
        return Array(Set(files)).sorted()
    }

    /// Adds the supported files under `folder` (recursively; hidden and `~$` lock files
    /// left out, symbolic links to folders not followed). A subfolder that cannot be
    /// listed is `file.unreadable` and a supported name whose link leads nowhere is
    /// `file.missing`: nothing under a folder is skipped without a word.
    private static func walk(_ folder: String, into files: inout [String], errors: inout [ReadError]) {
        let manager = FileManager.default
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: folder)
        } catch {
            errors.append(ReadError(code: .fileUnreadable, message: "无法读取文件夹（没有权限或无法访问），其中的文件未能导入", file: folder))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasPrefix("~$") {
            let full = folder + "/" + name
            let type = (try? manager.attributesOfItem(atPath: full)[.type]) as? FileAttributeType
            var target: ObjCBool = false
            let exists = manager.fileExists(atPath: full, isDirectory: &target)
            if type == .typeDirectory {
                walk(full, into: &files, errors: &errors)
            } else if SheetReaders.format(ofPath: name) != nil {
                if !exists {
                    errors.append(ReadError(code: .fileMissing, message: "符号链接指向的文件不存在", file: full))
                } else if !target.boolValue {
                    files.append(full)
                }
            }
        }
    }

    /// Size and SHA-256 of a file's content.
    public static func fingerprint(_ path: String) throws -> (size: Int64, sha256: String) {
        // Never stopped, so never nil.
        try fingerprint(path, stop: { false })!
    }

    /// ``fingerprint(_:)``, or nil as soon as `stop` says so (asked between chunks of 1 MiB).
    static func fingerprint(_ path: String, stop: () -> Bool) throws -> (size: Int64, sha256: String)? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReadError(code: .fileUnreadable, message: "无法读取文件", file: path)
        }
        defer { try? handle.close() }
        var size: Int64 = 0
        do {
            let hasher = try SHA256Digest()
            while true {
                let chunk: Data
                do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                    throw ReadError(code: .fileUnreadable, message: "读取文件失败：\(error.localizedDescription)", file: path)
                }
                if chunk.isEmpty { break }
                if stop() { return nil }
                size += Int64(chunk.count)
                try chunk.withUnsafeBytes { try hasher.update($0) }
            }
            return (size, try hasher.hexDigest())
        } catch let error as DigestError {
            throw ReadError(code: .fileDigest, message: "无法计算文件的 SHA-256：\(error)", file: path)
        }
    }

    /// Reads the files (already discovered and sorted) into the sink.
    /// - Parameter fingerprints: the files' sizes and SHA-256s, being hashed (the import
    ///   session starts them, with the hashes it made first to find re-imports); otherwise
    ///   hashed here, beside the import. A file's hash is waited for when the file has been
    ///   read (`endFile`'s summary), or when a later file of the same size may be its copy.
    /// - Throws: `ImportFailure` listing every file that could not be read; the caller
    ///   discards what the sink received.
    public func run(files: [String], fingerprints: FileFingerprints? = nil,
                    sink: any ImportSink) throws -> ImportReport {
        let owned = fingerprints == nil ? FileFingerprints(files: files.map(location(of:))) : nil
        // Hashing stopped before this returns, whether or not the import succeeded.
        defer { owned?.stop() }
        let fingerprints = fingerprints ?? owned!
        // Phase 1: open every file, find each sheet's header, learn townships from branch returns.
        var errors: [ReadError] = []
        var skipped: [ReadError] = []
        for path in files {
            do { try learnTownships(path) } catch let failure as ReadError {
                let error = named(failure, path)
                if skipUnrecognised && error.code == ProblemCode.fileUnrecognised.rawValue {
                    skipped.append(error)
                } else {
                    errors.append(error)
                }
            }
        }
        if !errors.isEmpty { throw ImportFailure(errors: errors) }
        for error in skipped {
            let problem = Problem(code: .fileUnrecognised, severity: .warning, file: error.file,
                                  message: (error.message) + "；按 --skip-unrecognised 跳过本文件")
            try context.record(problem, to: sink)
        }
        let skippedPaths = Set(skipped.map(\.file))

        // Phase 2: import every sheet in order.
        var summaries: [FileSummary] = []
        fileCount = files.count
        let sizes = files.map { ImportPipeline.size(of: location(of: $0)) }
        bytesTotal = sizes.reduce(0, +)
        for (index, path) in files.enumerated() {
            fileIndex = index
            do {
                if skippedPaths.contains(path) {
                    bytesBefore += sizes[index]
                    continue
                }
                // A second copy of a file (same bytes, any name) is read once (SPEC §4).
                if let first = try fingerprints.firstCopy(of: index, sizes: sizes) {
                    let problem = Problem(code: .fileDuplicate, severity: .warning, file: path,
                                          message: "与 \(files[first]) 内容完全相同（同一份报表的副本），已跳过，其中的行不重复计入")
                    try context.record(problem, to: sink)
                    bytesBefore += sizes[index]
                    continue
                }
                summaries.append(try importFile(path, size: sizes[index],
                                                sha256: { try fingerprints.fingerprint(index).sha256 },
                                                sink: sink))
                bytesBefore += sizes[index]
            } catch let error as ReadError {
                errors.append(named(error, path))
            }
        }
        if !errors.isEmpty { throw ImportFailure(errors: errors) }
        return ImportReport(files: summaries, problemLog: context.problems)
    }

    /// The township names a file's branch returns declare.
    private func learnTownships(_ path: String) throws {
        let workbook = try SheetReaders.open(path: location(of: path), name: path, limits: limits)
        var recognised = false
        var names: [(name: String, display: String?)] = []
        defer { context.townships.add(contentsOf: names) }
        for info in workbook.sheets {
            let cursor = try workbook.openSheet(info.index)
            let head = try readHead(cursor)
            guard let layout = HeaderDetector.detect(rows: head, aliases: aliases) else {
                if let (_, table) = KindCatalogue.wholeSheetTable(in: head) {
                    recognised = true
                    for name in table.townships(rows: head) { context.townships.add(name) }
                }
                continue
            }
            recognised = true
            guard layout.kind.descriptor.township == .perRow, let column = layout.columns[.township]?.column else {
                continue
            }
            let labels = HeaderLabels(layout.labels)
            var rows = head.dropFirst(layout.start + layout.depth).makeIterator()
            while let row = try rows.next() ?? cursor.next() {
                // A township name is data by the rules that classify rows (not a number, a
                // total, a note) and not a label of the header repeated.
                let name = row.withText(column) { cell -> String? in
                    guard FirstText.classify(cell, nonBlank: 1) == .data, !labels.contains(cell) else { return nil }
                    return cell.withCompacted { String(decoding: $0, as: UTF8.self) }
                }
                if let name { names.append((name, nil)) }
            }
        }
        if !recognised {
            throw ReadError(code: .fileUnrecognised,
                            message: "没有可识别的表格：所有工作表都找不到\(KindCatalogue.namesForMessages)的表头（前 "
                                + "\(HeaderDetector.scanLimit) 行内）",
                            file: path)
        }
    }

    private lazy var aliases = AliasIndex(mapping: mapping)

    private func readHead(_ cursor: any SheetCursor) throws -> [SheetRow] {
        var head: [SheetRow] = []
        while head.count < HeaderDetector.scanLimit, let row = try cursor.next() { head.append(row) }
        return head
    }

    /// Where the file named `path` is read from (see `locations`).
    public func location(of path: String) -> String {
        locations[path] ?? path
    }

    /// A failure that names a file by where it was read from, named by its name instead.
    private func named(_ error: ReadError, _ path: String) -> ReadError {
        var error = error
        if error.file == location(of: path) { error.file = path }
        return error
    }

    private static func size(of path: String) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    private func reportProgress(_ path: String, _ cursor: (any SheetCursor)?) {
        guard let progress else { return }
        var done: Int64? = bytesBefore
        if let cursor {
            done = cursor.bytesRead.map { bytesBefore + $0 }
        }
        progress(ImportProgress(file: path, fileIndex: fileIndex, fileCount: fileCount, rows: rowsRead,
                                bytesDone: done, bytesTotal: bytesTotal))
    }

    /// Imports a sheet of a kind read whole-sheet (an organisation table, SPEC §9): the
    /// rest of its rows are read, then the table turns them into records.
    private func importWholeSheet(_ descriptor: KindDescriptor, _ table: any WholeSheetTable, head: [SheetRow],
                                  cursor: any SheetCursor, path: String, info: SheetInfo,
                                  sink: any ImportSink) throws -> SheetSummary {
        try sink.receive(.beginSheet(name: info.name, ordinal: info.index, kind: descriptor.storedKind))
        var rows = head
        while let row = try cursor.next() { rows.append(row) }
        var importer = OrgTableImport(file: path, sheet: info.name, context: context, sink: sink,
                                      summary: SheetSummary(sheet: info.name, kind: descriptor.kind.rawValue,
                                                            hidden: info.hidden))
        let summary = try importer.run(table, rows: rows)
        try sink.receive(.endSheet(summary))
        return summary
    }

    /// - Parameter sha256: the file's hash, asked for once the file has been read.
    private func importFile(_ path: String, size: Int64, sha256: () throws -> String,
                            sink: any ImportSink) throws -> FileSummary {
        let workbook = try SheetReaders.open(path: location(of: path), name: path, limits: limits)
        try sink.receive(.beginFile(SourceFile(path: path, size: size, format: workbook.format.rawValue,
                                               encoding: workbook.encoding)))
        var sheets: [SheetSummary] = []
        for info in workbook.sheets {
            // Rows are read a few thousand ahead on another thread while this one
            // classifies, normalises and stores them.
            let cursor = PrefetchingCursor(try workbook.openSheet(info.index))
            let head = try readHead(cursor)
            var summary = SheetSummary(sheet: info.name, kind: "skipped", hidden: info.hidden)
            let recognition = Recogniser.recognise(rows: head, aliases: aliases)
            if !recognition.evidence.scores.isEmpty { summary.evidence = recognition.evidence }
            var notes: [Problem] = recognition.notes.map {
                Problem(code: $0.code, severity: .warning, file: path, sheet: info.name,
                        row: recognition.evidence.headerRows.last,
                        column: $0.column, header: $0.header, message: $0.message)
            }
            guard let layout = recognition.layout else {
                if let (descriptor, table) = KindCatalogue.wholeSheetTable(in: head) {
                    sheets.append(try importWholeSheet(descriptor, table, head: head, cursor: cursor, path: path,
                                                       info: info, sink: sink))
                    continue
                }
                try sink.receive(.beginSheet(name: info.name, ordinal: info.index, kind: nil))
                summary.rowsRead = head.count
                while try cursor.next() != nil { summary.rowsRead += 1 }
                // partystats' own analysis sheets beside the forms a higher level reads (issue 19).
                let analysis = FormLayouts.isAnalysisSheet(name: info.name, rows: head)
                if summary.rowsRead > 0 { summary.skipped[analysis ? "analysis" : "unrecognised"] = summary.rowsRead }
                if !analysis {
                    let message = summary.rowsRead == 0 ? "空工作表，已跳过"
                        : "工作表不是\(KindCatalogue.namesForMessages)（未找到表头），已跳过 \(summary.rowsRead) 行"
                    notes.append(Problem(code: .sheetUnrecognised, severity: .warning, file: path, sheet: info.name,
                                         message: message))
                }
                summary.warnings = notes.count
                for problem in notes {
                    try context.record(problem, to: sink)
                }
                try sink.receive(.endSheet(summary))
                sheets.append(summary)
                continue
            }
            try sink.receive(.beginSheet(name: info.name, ordinal: info.index, kind: layout.kind))
            summary.kind = layout.kind.rawValue
            summary.warnings = notes.count
            for problem in notes {
                try context.record(problem, to: sink)
            }
            var titleText = ""
            for row in head[0..<layout.start] {
                summary.rowsRead += 1
                let text = row.cells.map(\.displayText).joined(separator: " ")
                if row.cells.allSatisfy(\.isBlank) { summary.skipped["blank", default: 0] += 1 } else {
                    summary.skipped["title", default: 0] += 1
                    titleText += text + " "
                }
            }
            summary.rowsRead += layout.depth
            summary.skipped["header", default: 0] += layout.depth
            let sheetImport = try SheetImport(file: path, sheet: info, layout: layout, titleText: titleText,
                                              context: context, sink: sink, summary: summary)
            for row in head[(layout.start + layout.depth)...] { try sheetImport.consume(row) }
            while let row = try cursor.next() {
                try sheetImport.consume(row)
                rowsRead += 1
                if rowsRead % ImportPipeline.progressInterval == 0 { reportProgress(path, cursor) }
            }
            try sink.receive(.endSheet(sheetImport.summary))
            sheets.append(sheetImport.summary)
        }
        reportProgress(path, nil)
        let file = FileSummary(path: path, format: workbook.format.rawValue, encoding: workbook.encoding,
                               sha256: try sha256(),
                               imported: sheets.reduce(0) { $0 + $1.imported },
                               rejected: sheets.reduce(0) { $0 + $1.rejected }, sheets: sheets)
        try sink.receive(.endFile(file))
        return file
    }
}
