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
    private let texts: BindBuffer?
    /// Where the next text goes in `texts`, and the room left in its chunk: kept
    /// here, in the row's own struct, so that binding a text touches no class state.
    private var cursor: UnsafeMutablePointer<CChar>?
    private var room = 0
    private var index: Int32 = 0

    /// Resets `statement` (prepared by GRDB on `db`) for a new row.
    /// - Parameter texts: where bound texts are copied, if given: SQLite then binds
    ///   them in place (`SQLITE_STATIC`) instead of making its own copy of each. The
    ///   buffer must belong to this statement alone; it is reused by the statement's
    ///   next row, after the bindings of this one are cleared.
    public init(_ statement: Statement, db: Database, texts: BindBuffer? = nil) {
        self.statement = statement
        self.handle = statement.sqliteStatement
        self.db = db
        self.texts = texts
        // Reset and clear whatever the last row bound, before its texts are overwritten:
        // every parameter is then NULL, which `bind(nil)` relies on.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        if let first = texts?.reset() {
            cursor = first.base
            room = first.capacity
        }
    }

    /// SQLite copies the bytes before `bind` returns (SQLITE_TRANSIENT).
    /// (Computed: a stored constant is a `swift_once` check on every text bound.)
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    /// Binds the next parameter; nil binds NULL.
    public mutating func bind(_ value: String?) throws {
        index += 1
        // Every parameter is NULL already (`init` clears the last row's bindings).
        guard let value else { return }
        // The string's bytes in place (a small string's on the stack), without a copy
        // of the string itself (a retain and release per text on the import's hot path).
        let rc = value.utf8.withContiguousStorageIfAvailable { bindText($0) }
            ?? Array(value.utf8).withUnsafeBufferPointer { bindText($0) }
        try check(rc)
    }

    /// Binds the next parameter to text with these UTF-8 bytes (copied before the
    /// next row is bound, as a `String`'s are); nil binds NULL.
    public mutating func bind(utf8 bytes: UnsafeBufferPointer<UInt8>?) throws {
        index += 1
        guard let bytes else { return }  // NULL already (see `init`)
        // Through a closure, as `bind(_: String?)` binds: called directly, `bindText`
        // was compiled with a retain and release of the statement, database and buffer.
        let rc = bytes.withMemoryRebound(to: UInt8.self) { bindText($0) }
        try check(rc)
    }

    private mutating func bindText(_ b: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let base = b.baseAddress, b.count > 0 else {
            // A null pointer would bind NULL: an empty text is bound as "".
            return "".withCString { sqlite3_bind_text(handle, index, $0, 0, RowInsert.transient) }
        }
        guard texts != nil else {
            return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: b.count) {
                sqlite3_bind_text(handle, index, $0, Int32(b.count), RowInsert.transient)
            }
        }
        if b.count > room {
            let next = texts!.nextChunk(minimum: b.count)
            cursor = next.base
            room = next.capacity
        }
        let target = cursor!
        UnsafeMutableRawPointer(target).copyMemory(from: base, byteCount: b.count)
        cursor = target + b.count
        room -= b.count
        return sqlite3_bind_text(handle, index, target, Int32(b.count), RowInsert.static)
    }

    /// SQLite uses the bytes where they are (SQLITE_STATIC): they stay put until the
    /// statement's bindings are cleared.
    private static var `static`: sqlite3_destructor_type { unsafeBitCast(0, to: sqlite3_destructor_type.self) }

    /// Binds the next parameter; nil binds NULL.
    public mutating func bind(_ value: Int64?) throws {
        index += 1
        guard let value else { return }  // NULL already (see `init`)
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

/// Memory for the texts of one statement's row, bound in place: chunks that are
/// never moved while a row is being bound (a text that does not fit starts a new
/// chunk), reused from the start for the next row. Owns its chunks and frees them
/// once, in `deinit`.
public final class BindBuffer {
    private var chunks: [(base: UnsafeMutablePointer<CChar>, capacity: Int)] = []
    /// The chunk the row being bound writes to.
    private var chunk = 0
    private static let chunkSize = 1 << 16

    /// An empty buffer; its first chunk is allocated by the first text bound.
    public init() {}

    deinit {
        for c in chunks { c.base.deallocate() }
    }

    /// Forgets the last row's texts (their bindings must be cleared already) and
    /// returns the first chunk, where the next row's texts start.
    func reset() -> (base: UnsafeMutablePointer<CChar>, capacity: Int) {
        chunk = 0
        if chunks.isEmpty { chunks.append((.allocate(capacity: BindBuffer.chunkSize), BindBuffer.chunkSize)) }
        return chunks[0]
    }

    /// A chunk after the current one with room for at least `minimum` bytes, for
    /// a row whose texts did not fit (the current chunk's texts stay where they are).
    func nextChunk(minimum: Int) -> (base: UnsafeMutablePointer<CChar>, capacity: Int) {
        chunk += 1
        while chunk < chunks.count && chunks[chunk].capacity < minimum { chunk += 1 }
        if chunk >= chunks.count {
            let capacity = max(BindBuffer.chunkSize, minimum)
            chunks.append((.allocate(capacity: capacity), capacity))
            chunk = chunks.count - 1
        }
        return chunks[chunk]
    }
}

/// Steps a prepared GRDB statement with the SQLite C API and hands every row to a
/// closure that reads its columns in place: texts as the bytes SQLite holds, with no
/// `String` or `DatabaseValue` per column. For scans of every member of a year.
///
/// The statement stays owned by GRDB; it is reset before and after the scan, and
/// every return code is checked.
public enum RowScan {
    /// Runs `statement` with `arguments` and calls `body` once per result row.
    public static func forEach(_ statement: Statement, arguments: StatementArguments, db: Database,
                               _ body: (ScannedRow) throws -> Void) throws {
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: db.lastErrorMessage,
                                    sql: statement.sql)
            }
            try body(ScannedRow(handle: handle))
        }
    }
}

/// The current row of a `RowScan`; valid only during the call that receives it.
public struct ScannedRow {
    fileprivate let handle: OpaquePointer

    /// The column as an integer, nil when NULL.
    public func int(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    /// The column as an integer, 0 when NULL (SQLite's own conversion): for `= 1` tests,
    /// one call instead of two.
    public func intOrZero(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    /// The column's text as UTF-8 bytes (valid until the next column read or row), nil when NULL.
    public func text(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        // A text (the usual column) is read in two calls; only a NULL pointer, which is
        // NULL or an out-of-memory conversion, asks for the column's type.
        guard let bytes = sqlite3_column_text(handle, column) else {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column)))
    }
}
