import Foundation
import Hummingbird
import PartyAnalytics
import PartyReport
import PartyStatsCommands
import PartyStore
import ZIPFoundation

/// `GET /api/years`, `/api/indicators`, `/api/compare`, `/report`, `/export`.
extension WebRoutes {
    /// The years stored (`{"years": [2023, 2024]}`; none before the first import).
    func years() async throws -> Response {
        let path = settings.database
        let years = try await Blocking.run { () throws -> [Int] in
            FileManager.default.fileExists(atPath: path) ? try Store(readingAt: path).years() : []
        }
        return WebResponse.json(try JSONEncoder().encode(["years": years]))
    }

    /// `GET /api/indicators?year=Y`: `partystats indicators --year Y --json`.
    func indicators(_ request: Request) async throws -> Response {
        let year = try Self.year(request, "year")
        let path = settings.database
        return WebResponse.json(try await Blocking.run {
            try AnalyticsJSON.encode(try computeIndicators(store: try openExistingStore(path), year: year))
        })
    }

    /// `GET /api/compare?from=X&to=Y`: `partystats compare --from X --to Y --json`.
    func comparison(_ request: Request) async throws -> Response {
        let from = try Self.year(request, "from"), to = try Self.year(request, "to")
        guard from != to else { throw WebRefusal(code: .requestInvalid, message: "from 与 to 不能是同一年度（\(from)）") }
        let path = settings.database
        return WebResponse.json(try await Blocking.run {
            try AnalyticsJSON.encode(try compare(store: try openExistingStore(path), from: from, to: to))
        })
    }

    /// `GET /report?year=Y[&compare=X]`: the workbook of `partystats report`.
    func report(_ request: Request) async throws -> Response {
        let year = try Self.year(request, "year")
        let earlier: Int? = try request.uri.queryParameters["compare"].map { _ in try Self.year(request, "compare") }
        guard earlier != year else { throw WebRefusal(code: .requestInvalid, message: "compare 不能与 year 相同") }
        let settings = self.settings
        let data = try await Blocking.run { () throws -> Data in
            try Scratch.using(in: settings.uploads) { folder in
                let output = folder + "/report.xlsx"
                try writeReport(store: try openExistingStore(settings.database), year: year, compare: earlier,
                                output: output, county: nil)
                return try Data(contentsOf: URL(fileURLWithPath: output))
            }
        }
        return WebResponse.download(data, name: "党建统计-\(year).xlsx", fallback: "partystats-\(year).xlsx",
                                    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    /// `GET /export?year=Y`: the data package of `partystats export` (IDs masked), zipped.
    func export(_ request: Request) async throws -> Response {
        let year = try Self.year(request, "year")
        let settings = self.settings
        let data = try await Blocking.run { () throws -> Data in
            try Scratch.using(in: settings.uploads) { folder in
                let package = folder + "/package-\(year)"
                try DataPackageExport.write(store: try openExistingStore(settings.database), year: year, to: package,
                                            includePII: false, created: exportCreationTime())
                let zip = URL(fileURLWithPath: folder + "/package-\(year).zip")
                try FileManager.default.zipItem(at: URL(fileURLWithPath: package), to: zip, shouldKeepParent: true,
                                                compressionMethod: .deflate)
                return try Data(contentsOf: zip)
            }
        }
        return WebResponse.download(data, name: "package-\(year).zip", fallback: "package-\(year).zip",
                                    type: "application/zip")
    }
}

/// A private scratch folder for one request's files, removed when it is done.
enum Scratch {
    static func using<T>(in root: String, _ body: (String) throws -> T) throws -> T {
        let folder = root + "/scratch-" + String(AccessToken.generate().prefix(16))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try body(folder)
    }
}
