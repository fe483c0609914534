import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import PartyAnalytics
import PartyImport
import PartyModel
import PartyStatsCommands
import SheetReader

/// The routes: pages, the JSON API and the downloads. Each answers with what the command
/// line's `--json` prints, or the file it writes; none computes anything of its own.
struct WebRoutes: Sendable {
    let server: WebServer
    var settings: WebSettings { server.settings }

    func register(on router: Router<BasicRequestContext>) {
        Pages.register(on: router)
        router.post("/api/imports") { request, _ in await respond { try await importFiles(request) } }
        router.get("/api/imports/progress") { _, _ in WebResponse.json(server.progress.json()) }
        router.post("/api/inspect") { request, _ in await respond { try await inspectFiles(request) } }
        router.post("/api/mapping") { request, _ in await respond { try await saveMapping(request) } }
        router.get("/api/labels") { _, _ in await respond { try labels() } }
        router.get("/api/rows") { request, _ in await respond { try await rows(request) } }
        router.get("/api/years") { _, _ in await respond { try await years() } }
        router.get("/api/indicators") { request, _ in await respond { try await indicators(request) } }
        router.get("/api/compare") { request, _ in await respond { try await comparison(request) } }
        router.get("/report") { request, _ in await respond(html: true) { try await report(request) } }
        router.get("/export") { request, _ in await respond(html: true) { try await export(request) } }
    }

    /// The handler's response, or its failure as an error document (a page for downloads):
    /// 400 for a bad request, 404 for a year or store that is not there, 413 for an upload
    /// over its limits, 422 for files that cannot be imported, 500 for anything else. A
    /// failure ends only its own request.
    func respond(html: Bool = false, _ handler: () async throws -> Response) async -> Response {
        do {
            return try await handler()
        } catch let refusal as UploadRefusal {
            return WebResponse.error(refusal.status, failure: refusal, html: html)
        } catch let validation as ValidationError {
            return WebResponse.error(.badRequest, code: .requestInvalid, message: validation.message, html: html)
        } catch let refusal as WebRefusal {
            let status: HTTPResponse.Status = refusal.code == .requestNotFound ? .notFound : .badRequest
            return WebResponse.error(status, failure: refusal, html: html)
        } catch let coded as CodedError
                    where [ProblemCode.yearMissing.rawValue, ProblemCode.storeMissing.rawValue].contains(coded.code) {
            return WebResponse.error(.notFound, failure: coded, html: html)
        } catch let error
                    where error is ImportFailure || error is ReadError || error is MappingError || error is CodedError {
            return WebResponse.error(.unprocessableContent, failure: error, html: html)
        } catch {
            return WebResponse.error(.internalServerError, failure: error, html: html)
        }
    }

    /// A year parameter, checked as the command line checks `--year`.
    static func year(_ request: Request, _ name: String) throws -> Int {
        guard let text = request.uri.queryParameters[Substring(name)] else {
            throw WebRefusal(code: .requestInvalid, message: "缺少参数 \(name)（年度，例如 2024）")
        }
        guard let year = Int(text) else {
            throw WebRefusal(code: .requestInvalid, message: "参数 \(name) 应为年度，例如 2024，而不是「\(text)」")
        }
        try validateYear(year, option: name)
        return year
    }

    /// The names the command line prints, for the page to show: kinds and their fields
    /// (the first alias as the field's name), skip reasons, member figures; and the
    /// mapping file the page saves to.
    func labels() throws -> Response {
        struct Kind: Encodable {
            var kind: String, name: String, fields: [[String: String]]
        }
        struct Labels: Encodable {
            var kinds: [Kind]
            var kind_names: [String: String]
            var skip_reasons: [String: String]
            var members: [String: String]
            var mapping: String
        }
        let kinds = KindCatalogue.all.filter { !$0.fields.isEmpty }.map { descriptor in
            Kind(kind: descriptor.kind.rawValue, name: descriptor.displayName,
                 fields: descriptor.fields.map {
                     ["field": $0.field.rawValue, "label": $0.aliases.first ?? $0.field.rawValue]
                 })
        }
        var names = ["skipped": ImportOutput.kindName("skipped")]
        for kind in TableKind.allCases { names[kind.rawValue] = ImportOutput.kindName(kind.rawValue) }
        let labels = Labels(kinds: kinds, kind_names: names, skip_reasons: ImportOutput.reasonNames,
                            members: memberCountLabels, mapping: settings.mapping)
        return WebResponse.json(try JSONEncoder().encode(labels))
    }
}
