import Foundation
import GRDB
import PartyModel

/// The embedded SQLite store (`./partystats.sqlite` by default).
///
/// One `Store` owns one GRDB `DatabaseQueue`; the schema is migrated on open.
/// The file is created with mode 0600 (owner only): it holds unmasked ID numbers.
public final class Store: Sendable {
    /// The default store path, relative to the working directory.
    public static let defaultPath = "partystats.sqlite"

    /// The store file's path.
    public let path: String
    /// How long a connection waits for another's lock before failing with `store.*`.
    static let busyTimeoutMilliseconds = 60_000
    /// The database connection. Readers in other modules query it with SQL.
    public let dbQueue: DatabaseQueue

    /// Opens (creating if needed) the store at `path` and migrates its schema.
    /// - Throws: `StoreError` when the file cannot be opened or migrated.
    public init(path: String = Store.defaultPath) throws {
        self.path = path
        // Create the file owner-only (it holds unmasked ID numbers) before SQLite does,
        // with O_EXCL: FileManager.createFile writes a temporary file and renames it
        // over the path, which would replace a store another process has just created
        // and opened (its connection then fails with "disk I/O error").
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw StoreError(code: .storeCreate, message: "无法创建数据库文件 \(path)（\(String(cString: strerror(errno)))）")
        }
        var config = Configuration()
        config.busyMode = .timeout(TimeInterval(Store.busyTimeoutMilliseconds) / 1000)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // Before anything is written to it (the switch to WAL changes the file).
            try Store.refuseForeign(db, path: path)
            // A store of ours found readable by others: owner-only before anything is written.
            try Store.tightenPermissions(path)
            // A new store gets 16 KiB pages (SQLite ignores this once the file has
            // content): fewer B-tree pages to split and walk while a million members
            // are inserted (1M import about 10 % faster than with 4 KiB pages).
            try db.execute(sql: "PRAGMA page_size = 16384")
            // WAL is a property of the file: switch only once, so that a second
            // process opening a store that is already WAL never asks for the
            // exclusive lock the switch needs. A store found in rollback-journal mode
            // is either new or being imported into (`Store.bulkWrite` switches it for
            // the import and back after): when the switch is refused because another
            // connection has the store, this one works in that mode, and the import
            // switches the store back when it ends.
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode")
            if mode?.lowercased() != "wal" {
                do {
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                } catch let error as DatabaseError
                            where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                    // Keep the current mode (see above).
                }
            }
        }
        dbQueue = try Store.openAndMigrate(path: path, configuration: config)
    }

    /// Opens an existing store for reading only (`indicators`, `report`, `export`,
    /// `compare`): SQLite opens the file `SQLITE_OPEN_READONLY` and nothing is
    /// written to it or beside it, so these commands work on a store in a read-only
    /// folder or on a full disk. When SQLite cannot open it so (a WAL store without its
    /// `-shm` file in a folder where that file cannot be created), the file is read as
    /// immutable: no journal, WAL or lock file is looked for or made; nothing can be
    /// importing into a store whose folder refuses the import's journal. A store whose
    /// schema is older than this version is opened as ``init(path:)`` opens it, to be
    /// migrated.
    /// - Throws: `StoreError` (`store.open`, `store.foreign`).
    public init(readingAt path: String) throws {
        self.path = path
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(TimeInterval(Store.busyTimeoutMilliseconds) / 1000)
        config.prepareDatabase { db in try Store.refuseForeign(db, path: path) }
        let queue: DatabaseQueue
        do {
            queue = try Store.openReadOnly(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw StoreError(code: .storeOpen, message: "无法打开数据库 \(path)：\(error.message ?? "\(error.resultCode)")")
        }
        let current = (try? queue.read { db in try StoreSchema.migrator().hasCompletedMigrations(db) }) ?? false
        if current {
            dbQueue = queue
        } else {
            dbQueue = try Store(path: path).dbQueue
        }
    }

    private static func openReadOnly(path: String, configuration: Configuration) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            // Opening is lazy about the file: read the schema now, so that a store that
            // cannot be read this way fails here.
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where error.resultCode != .SQLITE_NOTADB {
            // `immutable=1` (a URI; Debian's SQLite is built with SQLITE_USE_URI).
            var escaped = ""
            for ch in path.unicodeScalars {
                if ch == "%" || ch == "?" || ch == "#" {
                    escaped += String(format: "%%%02X", ch.value)
                } else {
                    escaped.unicodeScalars.append(ch)
                }
            }
            let queue = try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        }
    }

    /// Makes an existing store and its WAL/SHM files owner-only (0600) before it is opened
    /// for writing: a store copied or created with another umask (0644) holds unmasked ID
    /// numbers readable by everyone. A file that cannot be changed (another owner) is
    /// refused rather than written to.
    /// - Throws: `StoreError` (`store.permissions`) naming the file.
    static func tightenPermissions(_ path: String) throws {
        for file in [path, path + "-wal", path + "-shm", path + "-journal"] {
            var info = stat()
            guard stat(file, &info) == 0, info.st_mode & 0o077 != 0 else { continue }
            guard chmod(file, info.st_mode & 0o700) == 0 else {
                throw StoreError(code: .storePermissions,
                                 message: "数据库文件 \(file) 可被其他用户读取（权限 \(String(info.st_mode & 0o777, radix: 8))），"
                                    + "且无法改为仅本人可读写（\(String(cString: strerror(errno)))）；其中有未脱敏的身份证号，"
                                    + "请用 chmod 600 改正或换用本人的文件")
            }
        }
    }

    /// Refuses a database that another application made (`store.foreign`): a file with
    /// tables but without partystats' migration record would otherwise get partystats'
    /// tables added to it. An empty file (a new store) is fine.
    static func refuseForeign(_ db: Database, path: String) throws {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        // Empty, or a new store another connection is migrating: GRDB creates
        // grdb_migrations on its own before the v1 transaction commits.
        guard !tables.allSatisfy({ $0 == "grdb_migrations" }) else { return }
        var ours = false
        if tables.contains("grdb_migrations") {
            ours = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM grdb_migrations WHERE identifier = 'v1')") ?? false
            // A store another connection is creating: the migrator makes its (empty) record
            // table before v1 commits; nothing else is in the file yet.
            if !ours, tables == ["grdb_migrations"] {
                ours = try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == 0
            }
        }
        guard ours else {
            throw StoreError(code: .storeForeign,
                             message: "\(path) 不是 partystats 数据库（其中已有其他程序的数据表 "
                                 + "\(tables.prefix(3).joined(separator: "、"))\(tables.count > 3 ? " 等" : "")），"
                                     + "未做任何改动；请用 --db 指定另一个文件")
        }
    }

    /// Opens the queue and applies the schema. Two processes opening a new store at
    /// once (two imports) race to switch it to WAL and to migrate it. SQLite answers
    /// some of those collisions with SQLITE_BUSY without calling the busy handler
    /// (the journal-mode switch, a stale WAL snapshot), and the migration that
    /// commits second fails on the other's work. Each of these is retried from the
    /// start, for as long as the busy timeout, and then finds the other process's
    /// work applied.
    private static func openAndMigrate(path: String, configuration: Configuration) throws -> DatabaseQueue {
        let deadline = Date().addingTimeInterval(60)
        var attempt = 0
        while true {
            do {
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                try StoreSchema.migrator().migrate(queue)
                return queue
            } catch let error as DatabaseError {
                // A migration that lost the race fails on the other's work: `table …
                // already exists` (SQLITE_ERROR), or, for an idempotent one such as
                // `DROP INDEX IF EXISTS`, on recording itself twice in grdb_migrations
                // (SQLITE_CONSTRAINT). Migrating again then finds it applied.
                let lostMigrationRace = error.resultCode == .SQLITE_ERROR || error.resultCode == .SQLITE_CONSTRAINT
                let transient = error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
                    || (lostMigrationRace && attempt < 5)
                guard transient, Date() < deadline else {
                    throw StoreError(code: .storeOpen,
                                     message: "无法打开数据库 \(path)：\(error.message ?? "\(error.resultCode)")")
                }
                attempt += 1
                usleep(UInt32.random(in: 10_000...60_000))
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

/// A failure of the store (`store.open`, `store.create`, `store.write`, …), printed as one line.
public typealias StoreError = CodedError
