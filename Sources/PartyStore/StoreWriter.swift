import Foundation
import GRDB
import PartyImport

/// The store's side of one bulk write (``Store/bulkWrite(_:)``): the tables and the
/// replace operations an import needs, inside the transaction that call holds and on
/// its thread. It decides nothing: the import session says what to replace and what to
/// write.
public struct StoreWriter {
    let db: Database

    /// The sizes of the files stored for `year`: a file of an import can have a stored
    /// file's content only if it has its size.
    public func storedSizes(year: Int) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: "SELECT size FROM source_file WHERE year = ?", arguments: [year]))
    }

    /// Deletes the stored files of `year` with this path or (when `sha256` is given) this
    /// content, with their sheets and everything read from them (cascading as the
    /// schema's `ON DELETE CASCADE` keys say), and the problem a file skipped as a copy of
    /// another left under this path.
    /// - Returns: true when a stored file was deleted.
    /// - Throws: `store.schema` when a table refers to a file or sheet without `ON DELETE CASCADE`.
    public func replaceFiles(year: Int, path: String, sha256: String?) throws -> Bool {
        let old = try String.fetchAll(db, sql: """
            SELECT path FROM source_file WHERE year = ? AND (sha256 = ? OR path = ?)
            """, arguments: [year, sha256, path])
        try db.execute(sql: "DELETE FROM problem WHERE year = ? AND sheet_id IS NULL AND file = ?",
                       arguments: [year, path])
        guard !old.isEmpty else { return false }
        try Store.deleteFiles(db, year: year, where: "(sha256 = ? OR path = ?)", [sha256, path])
        return true
    }

    /// Townships named by the stored branch returns of `year`, and the member IDs stored
    /// for it (so that an import's repeats of them are found).
    public func knownState(year: Int) throws -> (townships: TownshipDirectory, duplicates: DuplicateIndex) {
        try Store.knownState(db, year: year)
    }

    /// Records a new import run for `year` and returns the sink that writes its records
    /// (on this thread; members under the references the pipeline gives them, from
    /// ``StoreSink/firstMemberID`` on).
    public func beginRun(year: Int) throws -> StoreSink {
        try db.execute(sql: "INSERT INTO import_run (year, started_at, tool_version) VALUES (?,?,?)",
                       arguments: [year, ISO8601DateFormatter().string(from: Date()), Store.toolVersion])
        return try StoreSink(db: db, year: year, importID: db.lastInsertedRowID)
    }

    /// Ends a run: fresh planner statistics, and the county name when the mapping gave one.
    public func finishRun(county: String?) throws {
        try Store.analyze(db)
        if let county {
            try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('county', ?)", arguments: [county])
        }
    }
}
