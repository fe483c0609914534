import GRDB
import GRDBSQLite

/// Binds the values of one row straight to a prepared GRDB statement with the
/// SQLite C API and steps it: the import's hot path, where building GRDB's
/// `StatementArguments` (an array of boxed `DatabaseValue`s per member) costs more
/// than SQLite's own work.
///
/// The statement stays owned by GRDB; this only resets, binds and steps it, inside
/// the caller's transaction, and checks every return code.
public struct RowInsert {
    private let statement: Statement
    private let handle: OpaquePointer
    private let db: Database
    private var index: Int32 = 0

    /// Resets `statement` (prepared by GRDB on `db`) for a new row.
    public init(_ statement: Statement, db: Database) {
        self.statement = statement
        self.handle = statement.sqliteStatement
        self.db = db
        // Reset and clear whatever the last row bound.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// SQLite copies the bytes before `bind` returns (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds the next parameter; nil binds NULL.
    public mutating func bind(_ value: String?) throws {
        index += 1
        guard var value else { return try check(sqlite3_bind_null(handle, index)) }
        let rc = value.withUTF8 { b -> Int32 in
            guard let base = b.baseAddress, b.count > 0 else {
                // A null pointer would bind NULL: an empty text is bound as "".
                return "".withCString { sqlite3_bind_text(handle, index, $0, 0, RowInsert.transient) }
            }
            return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: b.count) {
                sqlite3_bind_text(handle, index, $0, Int32(b.count), RowInsert.transient)
            }
        }
        try check(rc)
    }

    /// Binds the next parameter; nil binds NULL.
    public mutating func bind(_ value: Int64?) throws {
        index += 1
        guard let value else { return try check(sqlite3_bind_null(handle, index)) }
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds the next parameter; nil binds NULL.
    public mutating func bind(_ value: Int?) throws {
        try bind(value.map(Int64.init))
    }

    /// Binds the next parameter as 0 or 1; nil binds NULL.
    public mutating func bind(_ value: Bool?) throws {
        try bind(value.map { $0 ? Int64(1) : 0 })
    }

    /// Steps the statement once; it must finish (an INSERT returns no rows).
    public func run() throws {
        let rc = sqlite3_step(handle)
        guard rc == SQLITE_DONE else {
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: db.lastErrorMessage,
                                sql: statement.sql)
        }
    }

    private func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: db.lastErrorMessage, sql: statement.sql)
        }
    }
}
