import GRDB
import PartyModel

extension Store {
    /// The level the store holds (`setting` key `level`; county when unset).
    public func level() throws -> ReportingLevel {
        try dbQueue.read { db in try Store.level(db) }
    }

    /// The level stored in `db`, county when unset (or in a store without settings).
    public static func level(_ db: Database) throws -> ReportingLevel {
        guard try db.tableExists("setting"),
              let raw = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'level'") else {
            return .county
        }
        return ReportingLevel(rawValue: raw) ?? .county
    }

    /// Records the level of the store before its first import; a store that already holds
    /// returns of another level is refused (`store.level_mismatch`), so that townships and
    /// counties never add up in one store.
    /// - Throws: `StoreError` when the store holds returns at another level.
    public func setLevel(_ level: ReportingLevel) throws {
        try dbQueue.write { db in
            let current = try Store.level(db)
            guard current != level else { return }
            let files = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source_file") ?? 0
            if files > 0 {
                throw StoreError(code: .storeLevelMismatch,
                                 message: "数据库 \(path) 已存有\(current.chineseName)数据（\(files) 个文件），"
                                     + "不能再按\(level.chineseName)导入；"
                                    + "每个数据库只存一级数据，请换用 --db 指定另一个数据库")
            }
            try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('level', ?)",
                           arguments: [level.rawValue])
        }
    }
}
