import Foundation
import GRDB
import PartyAnalytics
import PartyStore

/// Writes one report year of the store as a Frictionless tabular data package:
/// `datapackage.json` plus one UTF-8 CSV file per resource (members,
/// organisations, coverage, disbursements, indicators, problems).
///
/// The folder and its files are owner-only (0700 / 0600). Everything is written
/// into a temporary folder beside `output` and renamed into place at the end, so
/// a failure leaves either the previous package or nothing. ID and phone numbers
/// are masked unless `includePII` is set; text cells that could start a formula
/// in a spreadsheet program are neutralised (see `neutraliseSpreadsheetText`).
///
///     let summary = try DataPackageExport.write(store: store, year: 2024, to: "out/2024")
///     print(summary.resources.map(\.name))   // ["members", "organisations", …]
public enum DataPackageExport {
    /// What was written.
    public struct Summary: Sendable, Equatable {
        /// The package folder.
        public var path: String
        /// Resource names and their data-row counts, in package order.
        public var resources: [(name: String, rows: Int)]

        /// Equal when every count and file is.
        public static func == (a: Summary, b: Summary) -> Bool {
            a.path == b.path && a.resources.elementsEqual(b.resources) { $0.name == $1.name && $0.rows == $1.rows }
        }
    }

    /// Exports `year` of `store` to the folder `output`.
    ///
    /// - Parameters:
    ///   - store: the store to read.
    ///   - year: a stored report year.
    ///   - output: the package folder; it may be absent, empty, or a previous
    ///     package (it is then replaced). Its parent folder must exist.
    ///   - includePII: write ID and phone numbers unmasked.
    ///   - created: the package's `created` time.
    /// - Returns: the folder and the row count of each resource.
    /// - Throws: `AnalyticsError` `year.missing` naming the stored years;
    ///   `ExportError` for an output folder that holds other files, a write
    ///   failure or a malformed stored date.
    @discardableResult
    public static func write(store: Store, year: Int, to output: String, includePII: Bool = false,
                             created: Date = Date()) throws -> Summary {
        let analytics = Analytics(store: store)
        try analytics.requireYear(year)
        let indicators = try analytics.indicators(year: year)
        let privacy = ExportPrivacy(includePII: includePII)
        let staging = try ExportStaging(destination: output)

        var resources: [ExportResource] = []
        var sources: [ExportSource] = []
        func table(_ resource: ExportResource, _ fill: (ExportCSVWriter) throws -> Void) throws {
            let writer = try ExportCSVWriter(path: staging.file(resource.path),
                                             header: resource.schema.fields.map(\.name), masking: !includePII)
            try fill(writer)
            try writer.close()
            var written = resource
            written.rows = writer.rowCount
            resources.append(written)
        }
        do {
            // One read transaction: every table comes from the same snapshot.
            try store.dbQueue.read { db in
                if let rollUp = indicators.rollUp {
                    // Above the county: no members or payments, the units' figures instead.
                    try table(unitsResource(rollUp)) { try writeUnits(indicators, to: $0) }
                } else {
                    try table(membersResource()) { try writeMembers(db, year: year, privacy: privacy, to: $0) }
                }
                try table(organisationsResource()) { try writeOrganisations(db, year: year, to: $0) }
                try table(coverageResource()) { try writeCoverage(db, year: year, to: $0) }
                if indicators.rollUp == nil {
                    try table(disbursementsResource()) {
                        try writeDisbursements(db, year: year, privacy: privacy, to: $0)
                    }
                }
                try table(indicatorsResource()) { writer in
                    for entry in indicators.entries { try writer.write(indicatorCells(entry)) }
                }
                try table(problemsResource()) {
                    try writeProblems(db, year: year, checks: indicators.checks, privacy: privacy, to: $0)
                }
                sources = try Row.fetchAll(db, sql: """
                    SELECT path, sha256, format, encoding, imported, rejected FROM source_file
                    WHERE year = ? ORDER BY path
                    """, arguments: [year]).map { row in
                    let encoding: String? = row["encoding"]
                    let format: String = row["format"], sha: String = row["sha256"]
                    let imported: Int = row["imported"], rejected: Int = row["rejected"]
                    return ExportSource(title: row["path"], description:
                        "sha256 \(sha); \(format)\(encoding.map { " \($0)" } ?? ""); imported \(imported), rejected "
                            + "\(rejected)")
                }
            }
        } catch let error as DatabaseError {
            throw ExportError(code: .exportStore, message: "读取数据库失败：\(error.message ?? "SQLite \(error.resultCode)")")
        }

        let masking = "ID numbers are masked as 410328********1234 and phone numbers as 138****5678."
        let descriptor = ExportPackageDescriptor(
            name: "partystats-\(year)",
            title: "\(year) 年党建统计数据包",
            description: """
                Grassroots Party-organisation statistics for report year \(year), exported by partystats. \
                \(includePII ? "ID and phone numbers are NOT masked: handle as personal data." : masking) \
                Text cells beginning with = + - @ TAB or CR carry a leading ' so that spreadsheet programs show them \
                as text. \
                Dates known only to the month leave the *_on / date column empty and fill *_month (YYYY-MM) and *_year.
                """,
            created: iso8601(created), year: year, includesPersonalData: includePII,
            sources: sources, resources: resources)
        try writeOwnerOnly(descriptor.jsonData(), to: staging.file("datapackage.json"))
        try staging.publish()
        return Summary(path: staging.destination, resources: resources.map { ($0.name, $0.rows ?? 0) })
    }

    /// `2024-12-31T08:00:00Z`.
    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Creates `path` with mode 0600 (failing if it exists) and writes `data`.
    static func writeOwnerOnly(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ExportError.system(.exportWrite, path: path, errno: errno) }
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { posixWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                posixClose(descriptor)
                throw ExportError.system(.exportWrite, path: path, errno: code)
            }
            offset += written
        }
        guard fsync(descriptor) == 0, posixClose(descriptor) == 0 else {
            throw ExportError.system(.exportWrite, path: path, errno: errno)
        }
    }
}
