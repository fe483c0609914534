import Foundation
import GRDB
import PartyImport
import PartyModel

/// What `Store.importReturns` did.
public struct StoreImportResult: Sendable {
    /// What was read, imported, rejected and warned about, per file and sheet.
    public var report: ImportReport
    /// Files whose identical content was already stored for the year and was replaced.
    public var replaced: [String]
    /// True when nothing was written (`strict` with rejects).
    public var rolledBack: Bool
}

extension Store {
    /// Imports files for a report year in one transaction (SPEC §6 `import`).
    ///
    /// A file whose content (SHA-256) or path is already stored for the year
    /// replaces the earlier copy, so re-importing never duplicates. Townships and
    /// member IDs already stored for the year take part in attribution and
    /// duplicate detection. If any file cannot be read, nothing is written.
    /// - Parameters:
    ///   - strict: when true and any row is rejected, nothing is written.
    ///   - skipUnrecognised: skip files with no recognisable sheet (each recorded as a
    ///     `file.unrecognised` problem) instead of failing.
    ///   - progress: called every few thousand rows, for a progress display.
    /// - Throws: `ImportFailure` (unreadable files), `StoreError`.
    public func importReturns(files: [String], year: Int, mapping: Mapping, strict: Bool = false,
                              skipUnrecognised: Bool = false,
                              progress: ((ImportProgress) -> Void)? = nil) throws -> StoreImportResult {
        let rollbackJournal = switchToRollbackJournal()
        defer { if rollbackJournal { switchBackToWAL() } }
        do {
            return try dbQueue.writeWithoutTransaction { db -> StoreImportResult in
                // Foreign keys are off while the import writes (the setting cannot change
                // inside a transaction): SQLite checks each member's sheet by opening a
                // cursor on `sheet` and seeking it, 6 % of the store thread's work, for rows
                // whose sheet the import itself has just written. What the keys would do
                // here, cascading the delete of a replaced file, `deleteFiles` does itself.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var result: StoreImportResult?
                var known: [FileFingerprints.Fingerprint]?
                while result == nil {
                    do {
                        try db.inTransaction {
                            // With a rollback journal the new pages go straight into the store
                            // file: flushed while the import runs, the commit's sync has little
                            // left to wait for (see FileWriteback).
                            let writeback = rollbackJournal ? FileWriteback(path: path) : nil
                            defer { writeback?.stop() }
                            result = try importInTransaction(db, files: files, known: known, year: year,
                                                             mapping: mapping, strict: strict,
                                                             skipUnrecognised: skipUnrecognised, progress: progress)
                            return .commit
                        }
                    } catch let again as ContentReplaced where known == nil {
                        // Rolled back: once more, replacing the stored copies first.
                        known = again.fingerprints
                    }
                }
                return result!
            }
        } catch let rollback as StrictRollback {
            return StoreImportResult(report: rollback.report, replaced: rollback.replaced, rolledBack: true)
        } catch let error as DatabaseError {
            throw StoreError(code: .storeWrite, message: "写入数据库失败：\(error.message ?? "\(error.resultCode)")")
        }
    }

    /// A file of the import has the content of a stored file of the year under another
    /// path, found once the files were hashed: the import is rolled back and run again
    /// with the hashes known, replacing that file first.
    private struct ContentReplaced: Error {
        let fingerprints: [FileFingerprints.Fingerprint]
    }

    /// The import itself, inside the transaction `importReturns` opened.
    ///
    /// A stored file of the year is replaced by a file of the import with its path or
    /// its content (SHA-256). The files are hashed beside the import (`FileFingerprints`)
    /// rather than before it: stored files with the same paths are replaced at once, and
    /// one with the same content under another path (rare: a return sent again under a
    /// new name) is found when the hashes are known, at the end, which rolls the import
    /// back to run it again knowing them (`known`, `ContentReplaced`).
    private func importInTransaction(_ db: Database, files: [String], known: [FileFingerprints.Fingerprint]?,
                                     year: Int, mapping: Mapping, strict: Bool, skipUnrecognised: Bool,
                                     progress: ((ImportProgress) -> Void)?) throws -> StoreImportResult {
        // SQLite's default 2 MB page cache is small for a large import's B-tree pages;
        // 16 MB, for this connection only. Not more: the pages still in the cache at
        // commit are written then, while the import waits (64 MB of them made a
        // 1,000,000-member import 5 % slower); spilled earlier, they are written beside
        // the pipeline's work and synced by `FileWriteback`.
        try db.execute(sql: "PRAGMA cache_size = -16384")
        let fingerprints = known.map(FileFingerprints.init(known:)) ?? FileFingerprints(files: files)
        // Hashing stopped before this returns, whatever ends the import (the relay's
        // worker may release its own reference to it later).
        defer { fingerprints.stop() }
        var replaced: [String] = []
        for (index, path) in files.enumerated() {
            // Same path, or (when the hashes are known) same content.
            let sha = known?[index].sha256
            let old = try String.fetchAll(db, sql: """
                SELECT path FROM source_file WHERE year = ? AND (sha256 = ? OR path = ?)
                """, arguments: [year, sha, path])
            // A file skipped as a copy of another last time left a problem of no sheet.
            try db.execute(sql: "DELETE FROM problem WHERE year = ? AND sheet_id IS NULL AND file = ?",
                           arguments: [year, path])
            if !old.isEmpty {
                replaced.append(path)
                try Store.deleteFiles(db, year: year, where: "(sha256 = ? OR path = ?)", [sha, path])
            }
        }
        let (townships, duplicates) = try Store.knownState(db, year: year)
        try db.execute(sql: "INSERT INTO import_run (year, started_at, tool_version) VALUES (?,?,?)",
                       arguments: [year, ISO8601DateFormatter().string(from: Date()), Store.toolVersion])
        let importID = db.lastInsertedRowID
        let sink = try StoreSink(db: db, year: year, importID: importID)
        let pipeline = ImportPipeline(mapping: mapping, townships: townships, duplicates: duplicates,
                                      firstMemberRef: sink.firstMemberID, year: year)
        pipeline.progress = progress
        pipeline.skipUnrecognised = skipUnrecognised
        // The pipeline runs on a worker thread; this thread, which holds the
        // transaction, writes what it produces (see SinkRelay).
        let report = try SinkRelay.run(into: sink) { relay in
            try pipeline.run(files: files, fingerprints: fingerprints, sink: relay)
        }
        if known == nil {
            let prints = try fingerprints.all()
            for print in prints {
                let sameContent = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM source_file WHERE year = ? AND sha256 = ? AND import_id != ?)
                    """, arguments: [year, print.sha256, importID]) ?? false
                if sameContent { throw ContentReplaced(fingerprints: prints) }
            }
        }
        if strict && report.rejected > 0 {
            throw StrictRollback(report: report, replaced: replaced)
        }
        try Store.analyze(db)
        if let county = mapping.county {
            try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('county', ?)", arguments: [county])
        }
        return StoreImportResult(report: report, replaced: replaced, rolledBack: false)
    }

    /// Puts the store in rollback-journal mode for an import, when no other connection
    /// has it open; true when it did.
    ///
    /// In WAL mode every page an import writes is written twice: into the WAL at
    /// commit, then copied into the database file by the checkpoint (with a sync
    /// each time). An import mostly appends new pages, which a rollback journal does
    /// not copy at all (it keeps only the original content of pages that change), so
    /// the pages are written once: a million-member import 0.7–1.0 s faster
    /// (BENCHMARKS.md). The cost: from the moment the transaction spills pages into the
    /// database file until it commits, other connections wait for it (busy timeout)
    /// instead of reading the last committed state. The switch needs the store to
    /// itself; it is not waited for, and when another connection has the store open
    /// the import simply runs in WAL mode.
    private func switchToRollbackJournal() -> Bool {
        (try? dbQueue.inDatabase { db -> Bool in
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Store.busyTimeoutMilliseconds)") }
            return try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")?.lowercased() == "delete"
        }) ?? false
    }

    /// Returns the store to WAL after an import; if another connection holds it past
    /// the busy timeout, the next `Store` to open it switches it (see `init`).
    private func switchBackToWAL() {
        _ = try? dbQueue.inDatabase { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
    }

    /// Fresh statistics for SQLite's planner, after an import. `analysis_limit` bounds
    /// the work per index. The `member` table itself is left out: with no index but
    /// the partial duplicates one, its only statistic is its row count, which SQLite
    /// gets by reading every member of every year stored (0.12 s for a million members,
    /// 10 s with SQLite's default cache; more with each year stored), and no plan over
    /// it depends on that count (member
    /// queries scan, or go by rowid or `member_duplicates`; tested). Its indexes are
    /// analysed.
    static func analyze(_ db: Database) throws {
        let targets = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master
            WHERE (type = 'table' AND name <> 'member' AND name NOT LIKE 'sqlite_%')
               OR (type = 'index' AND tbl_name = 'member' AND sql IS NOT NULL)
            ORDER BY name
            """)
        try db.execute(sql: "PRAGMA analysis_limit = 2000")
        for target in targets {
            try db.execute(sql: "ANALYZE \"\(target)\"")
        }
    }

    /// The tool version recorded with each import.
    public static let toolVersion = "0.1.0"

    /// The county name recorded from the last mapping file that named one.
    public func county() throws -> String? {
        try dbQueue.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'county'") }
    }

    private struct StrictRollback: Error {
        var report: ImportReport
        var replaced: [String]
    }

    /// Deletes the files of `year` that `condition` selects, with their sheets and
    /// everything read from them.
    static func deleteFiles(_ db: Database, year: Int, where condition: String,
                            _ arguments: StatementArguments) throws {
        try cascadeDelete(db, table: "source_file", where: "year = ? AND \(condition)", arguments: [year] + arguments)
    }

    /// Deletes the rows of `table` that `condition` selects and, first, every row that
    /// refers to them through a foreign key, as SQLite's `ON DELETE CASCADE` would: the
    /// import runs with foreign keys off. The referring tables are read from the
    /// schema, so a table added later with a key to these is deleted from too; a key
    /// that is not `ON DELETE CASCADE` stops the delete (`store.schema`).
    static func cascadeDelete(_ db: Database, table: String, where condition: String,
                              arguments: StatementArguments) throws {
        let references = try Row.fetchAll(db, sql: """
            SELECT m.name AS child, k."from" AS column, k."to" AS parent_column, k.on_delete
            FROM sqlite_master m, pragma_foreign_key_list(m.name) k
            WHERE m.type = 'table' AND k."table" = ?
            """, arguments: [table])
        for reference in references {
            let child: String = reference["child"], column: String = reference["column"]
            guard (reference["on_delete"] as String?)?.uppercased() == "CASCADE" else {
                throw StoreError(code: .storeSchema,
                                 message: "数据库结构有误：\(child).\(column) 引用 \(table) 但不是 ON DELETE CASCADE")
            }
            let parentColumn: String = reference["parent_column"] ?? "rowid"
            try cascadeDelete(db, table: child,
                              where: "\(column) IN (SELECT \(parentColumn) FROM \(table) WHERE \(condition))",
                              arguments: arguments)
        }
        try db.execute(sql: "DELETE FROM \(table) WHERE \(condition)", arguments: arguments)
    }

    /// Townships named by stored branch returns and member IDs already stored, for one year.
    static func knownState(_ db: Database, year: Int) throws -> (TownshipDirectory, DuplicateIndex) {
        var townships = TownshipDirectory()
        townships.add(contentsOf: try String.fetchAll(db,
                                                      sql: "SELECT DISTINCT township FROM organisation WHERE year = "
                                                          + "? ORDER BY id",
                                                      arguments: [year]).map { ($0, $0) })
        let duplicates = DuplicateIndex()
        let rows = try Row.fetchCursor(db, sql: """
            SELECT m.id, m.id_number, m.row, s.name AS sheet, f.path FROM member m
            JOIN sheet s ON s.id = m.sheet_id JOIN source_file f ON f.id = s.file_id
            WHERE m.year = ? AND m.id_number IS NOT NULL AND m.duplicate_of IS NULL ORDER BY m.id
            """, arguments: [year])
        var sheetNumbers: [String: Int] = [:]
        while let row = try rows.next() {
            guard case .usable(let id, _) = IDNumber.parse(text: row["id_number"]) else { continue }
            let path: String = row["path"], sheet: String = row["sheet"]
            let number = sheetNumbers[path + "\u{0}" + sheet] ?? {
                let n = duplicates.sheetNumber(file: path, sheet: sheet)
                sheetNumbers[path + "\u{0}" + sheet] = n
                return n
            }()
            duplicates.register(id, ref: row["id"], sheet: number, row: row["row"])
        }
        return (townships, duplicates)
    }
}
