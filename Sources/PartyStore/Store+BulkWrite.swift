import Foundation
import GRDB
import PartyImport
import PartyModel

extension Store {
    /// Runs `body` in one write transaction set up for writing much at once (an import):
    /// a rollback journal when the store is free (pages written once; see
    /// ``switchToRollbackJournal()``), foreign keys off (a replaced file's rows are deleted
    /// by ``StoreWriter/replaceFiles(year:path:sha256:)``, which cascades itself), a 16 MB
    /// page cache, and the file flushed while the transaction runs (`FileWriteback`).
    /// Commits when `body` returns; rolls everything back when it throws, and rethrows
    /// (a database failure as `store.write`).
    ///
    /// The store only stores: what to replace and what to write is the caller's (the
    /// import session, module PartySession).
    public func bulkWrite<R: Sendable>(_ body: (StoreWriter) throws -> R) throws -> R {
        let rollbackJournal = switchToRollbackJournal()
        defer { if rollbackJournal { switchBackToWAL() } }
        do {
            return try dbQueue.writeWithoutTransaction { db -> R in
                // Foreign keys are off while the import writes (the setting cannot change
                // inside a transaction): SQLite checks each member's sheet by opening a
                // cursor on `sheet` and seeking it, 6 % of the store thread's work, for rows
                // whose sheet the import itself has just written. What the keys would do
                // here, cascading the delete of a replaced file, `replaceFiles` does itself.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var result: R?
                try db.inTransaction {
                    // With a rollback journal the new pages go straight into the store
                    // file: flushed while the import runs, the commit's sync has little
                    // left to wait for (see FileWriteback).
                    let writeback = rollbackJournal ? FileWriteback(path: path) : nil
                    defer { writeback?.stop() }
                    // SQLite's default 2 MB page cache is small for a large import's B-tree
                    // pages; 16 MB, for this connection only. Not more: the pages still in
                    // the cache at commit are written then, while the import waits (64 MB of
                    // them made a 1,000,000-member import 5 % slower); spilled earlier, they
                    // are written beside the pipeline's work and synced by `FileWriteback`.
                    try db.execute(sql: "PRAGMA cache_size = -16384")
                    result = try body(StoreWriter(db: db))
                    return .commit
                }
                // `inTransaction` returned without throwing: `body` returned.
                return result!
            }
        } catch let error as DatabaseError {
            throw StoreError(code: .storeWrite, message: "写入数据库失败：\(error.message ?? "\(error.resultCode)")")
        }
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
        let names = try String.fetchAll(db, sql: """
            SELECT DISTINCT township FROM organisation WHERE year = ? ORDER BY id
            """, arguments: [year])
        townships.add(contentsOf: names.map { ($0, $0) })
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
