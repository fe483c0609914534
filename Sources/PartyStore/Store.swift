import Foundation
import GRDB

/// The embedded SQLite store (`./partystats.sqlite` by default).
///
/// One `Store` owns one GRDB `DatabaseQueue`; the schema is migrated on open.
/// The file is created with mode 0600 (owner only): it holds unmasked ID numbers.
public final class Store: Sendable {
    /// The default store path, relative to the working directory.
    public static let defaultPath = "partystats.sqlite"

    public let path: String
    /// The database connection. Readers in other modules query it with SQL.
    public let dbQueue: DatabaseQueue

    /// Opens (creating if needed) the store at `path` and migrates its schema.
    /// - Throws: `StoreError` when the file cannot be opened or migrated.
    public init(path: String = Store.defaultPath) throws {
        self.path = path
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError(code: "store.create", message: "无法创建数据库文件 \(path)")
            }
        }
        var config = Configuration()
        config.busyMode = .timeout(60)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        do {
            dbQueue = try DatabaseQueue(path: path, configuration: config)
            try Store.migrate(dbQueue)
        } catch let error as DatabaseError {
            throw StoreError(code: "store.open", message: "无法打开数据库 \(path)：\(error.message ?? "\(error.resultCode)")")
        }
    }

    /// Applies the schema. Two processes opening a new store at once (two imports)
    /// both find it unmigrated; the one that commits second fails with `table …
    /// already exists` (or SQLITE_BUSY on its stale snapshot). Migrating again then
    /// finds the other's work applied and does nothing.
    private static func migrate(_ dbQueue: DatabaseQueue) throws {
        var attempt = 0
        while true {
            do {
                return try StoreSchema.migrator().migrate(dbQueue)
            } catch let error as DatabaseError
                where attempt < 5 && (error.resultCode == .SQLITE_ERROR || error.resultCode == .SQLITE_BUSY) {
                attempt += 1
            }
        }
    }

    /// The report years that have any stored records, ascending.
    public func years() throws -> [Int] {
        try dbQueue.read { db in
            try Int.fetchAll(db, sql: """
                SELECT year FROM source_file GROUP BY year ORDER BY year
                """)
        }
    }
}

/// A failure of the store, printed as one line.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// Stable English identifier, e.g. `store.open`, `store.year_missing`.
    public var code: String
    /// Chinese message for the user.
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(message) [\(code)]" }
}
