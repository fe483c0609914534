import GRDB
import PartyStore

/// Computes indicators, checks and year-over-year comparisons from a `Store`.
///
/// All aggregation runs in SQLite (`GROUP BY`); Swift only holds one row per
/// township × category, so memory does not grow with the number of members.
///
///     let analytics = Analytics(store: try Store(path: "partystats.sqlite"))
///     let indicators = try analytics.indicators(year: 2024)
///     let comparison = try analytics.compare(from: 2023, to: 2024)
public struct Analytics: Sendable {
    /// The store read from.
    public let store: Store

    /// Wraps `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Throws `AnalyticsError` code `year.missing` unless `year` has stored records.
    ///
    /// The message names the years that are stored:
    /// `数据库中没有 2025 年的数据；已有年份：2023、2024`.
    public func requireYear(_ year: Int) throws {
        let years = try storedYears()
        guard years.contains(year) else {
            let have = years.isEmpty ? "无（请先导入）" : years.map(String.init).joined(separator: "、")
            throw AnalyticsError(code: "year.missing", message: "数据库中没有 \(year) 年的数据；已有年份：\(have)")
        }
    }

    /// The stored report years, ascending.
    func storedYears() throws -> [Int] {
        try mapErrors { try store.years() }
    }

    /// Runs `body` in a read transaction, turning SQLite errors into one-line `AnalyticsError`s.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try mapErrors { try store.dbQueue.read { db in try body(db) } }
    }

    private func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            let detail = (error.message ?? "SQLite \(error.resultCode)")
                .split(whereSeparator: \.isNewline).joined(separator: " ")
            throw AnalyticsError(code: "store.query", message: "读取数据库失败：\(detail)")
        }
    }
}

/// The SPEC §5 indicators of `year`. Same as `Analytics(store:).indicators(year:)`.
/// - Throws: `AnalyticsError` (`year.missing`, `store.query`).
public func computeIndicators(store: Store, year: Int) throws -> Indicators {
    try Analytics(store: store).indicators(year: year)
}

/// Year-over-year comparison from `from` to `to`. Same as `Analytics(store:).compare(from:to:)`.
/// - Throws: `AnalyticsError` (`year.missing`, `store.query`, `flows.identity`).
public func compare(store: Store, from: Int, to: Int) throws -> YearComparison {
    try Analytics(store: store).compare(from: from, to: to)
}
