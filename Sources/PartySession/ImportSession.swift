import Foundation
import PartyImport
import PartyModel
import PartyStore

/// What an import did.
public struct ImportOutcome: Sendable {
    /// What was read, imported, rejected and warned about, per file and sheet.
    public var report: ImportReport
    /// Files of the import that replaced a stored file of the year (same path, or same content).
    public var replaced: [String]
    /// True when nothing was written (`strict` with rejects).
    public var rolledBack: Bool
}

/// The import use case (SPEC §6 `import`, `validate`), run top-down in one direction:
/// the command asks the session; the session decides what a stored file is replaced by,
/// opens one write transaction on the store, and runs the pipeline — read, recognise,
/// records — whose events go down into the store's sink. Nothing comes back up from the
/// store while the files are read.
///
/// **Replacing a stored file.** A file of the import replaces a file stored for the year
/// with its path or its content (size and SHA-256). Content can be the same only when the
/// size is, so the session hashes first only the files whose size is that of a stored file
/// of the year (usually none: a return sent again under a new name), before anything is
/// read; every other file is hashed beside the import (`FileFingerprints`), its hash
/// needed only when the file is stored. Hashing every file first would cost a 1M-member
/// roster 0.15–0.5 s before its first row (BENCHMARKS.md); this rule costs nothing there,
/// and the import never has to be rolled back and run again.
public struct ImportSession {
    /// The store the import writes to.
    public let store: Store

    /// A session on `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Imports files (already discovered and sorted) for a report year in one transaction.
    ///
    /// A file whose content or path is already stored for the year replaces the earlier
    /// copy, so re-importing never duplicates. Townships and member IDs already stored for
    /// the year take part in attribution and duplicate detection. If any file cannot be
    /// read, nothing is written.
    /// - Parameters:
    ///   - strict: when true and any row is rejected, nothing is written.
    ///   - skipUnrecognised: skip files with no recognisable sheet (each recorded as a
    ///     `file.unrecognised` problem) instead of failing.
    ///   - progress: called every few thousand rows (on the pipeline's thread), for a progress display.
    ///   - locations: where a file is read from when not from its name (`ImportPipeline.locations`:
    ///     the uploads of `partystats serve`, kept under private names; the store records the name).
    /// - Throws: `ImportFailure` (unreadable files), `StoreError`.
    public func importReturns(files: [String], year: Int, mapping: Mapping, strict: Bool = false,
                              skipUnrecognised: Bool = false, locations: [String: String] = [:],
                              progress: ((ImportProgress) -> Void)? = nil) throws -> ImportOutcome {
        // Where each file's bytes are: sizes and hashes are of those; paths stay the names.
        let sources = files.map { locations[$0] ?? $0 }
        let sizes = sources.map(ImportSession.size(of:))
        do {
            return try store.bulkWrite { writer in
                // Known here: the hash of every file that can have a stored file's content.
                let hashed = hashFirst(sources, sizes: sizes, stored: try writer.storedSizes(year: year))
                let fingerprints = FileFingerprints(files: sources, known: hashed)
                // Hashing stopped before this returns, whatever ends the import.
                defer { fingerprints.stop() }
                var replaced: [String] = []
                for (index, path) in files.enumerated() {
                    if try writer.replaceFiles(year: year, path: path, sha256: hashed[index]?.sha256) {
                        replaced.append(path)
                    }
                }
                let stored = try writer.knownState(year: year)
                let sink = try writer.beginRun(year: year)
                let pipeline = ImportPipeline(mapping: mapping, townships: stored.townships,
                                              duplicates: stored.duplicates, firstMemberRef: sink.firstMemberID,
                                              year: year)
                pipeline.progress = progress
                pipeline.skipUnrecognised = skipUnrecognised
                pipeline.locations = locations
                // The pipeline runs on a worker thread; this thread, which holds the
                // transaction, writes what it produces (see SinkRelay).
                let report = try SinkRelay.run(into: sink) { relay in
                    try pipeline.run(files: files, fingerprints: fingerprints, sink: relay)
                }
                if strict && report.rejected > 0 { throw StrictRollback(report: report, replaced: replaced) }
                try writer.finishRun(county: mapping.county)
                return ImportOutcome(report: report, replaced: replaced, rolledBack: false)
            }
        } catch let rollback as StrictRollback {
            return ImportOutcome(report: rollback.report, replaced: rollback.replaced, rolledBack: true)
        }
    }

    /// Reads and checks files exactly as an import does, storing nothing (`validate`).
    /// - Throws: `ImportFailure` listing every file that could not be read.
    public static func validate(files: [String], mapping: Mapping) throws -> ImportReport {
        try ImportPipeline(mapping: mapping).run(files: files, sink: DiscardingSink())
    }

    /// A sink that stores nothing: `validate` needs only the report's accounting.
    private final class DiscardingSink: ImportSink {
        func receive(_ event: consuming ImportEvent) throws {}
    }

    /// `strict` found rejects: the transaction is rolled back by throwing this out of it.
    private struct StrictRollback: Error {
        var report: ImportReport
        var replaced: [String]
    }

    /// The fingerprints of the files that may have a stored file's content (their size is
    /// a stored size), by index. A file that cannot be hashed is left to the pipeline,
    /// which reports it with every other unreadable file.
    private func hashFirst(_ files: [String], sizes: [Int64?],
                           stored: Set<Int64>) -> [Int: FileFingerprints.Fingerprint] {
        var known: [Int: FileFingerprints.Fingerprint] = [:]
        for (index, path) in files.enumerated() {
            guard let size = sizes[index], stored.contains(size) else { continue }
            known[index] = try? ImportPipeline.fingerprint(path)
        }
        return known
    }

    private static func size(of path: String) -> Int64? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value
    }
}
