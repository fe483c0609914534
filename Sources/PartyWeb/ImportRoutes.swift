import Foundation
import Hummingbird
import PartyImport
import SheetReader
import PartyModel
import PartyStatsCommands
import PartySession
import PartyStore

/// `POST /api/imports`, `POST /api/inspect`, `POST /api/mapping`, `GET /api/rows`.
extension WebRoutes {
    /// `POST /api/imports?year=Y[&skip_unrecognised=1]` (multipart files): the files imported
    /// as `partystats import FILES --year Y --mapping M --json` would, the same document back.
    func importFiles(_ request: Request) async throws -> Response {
        let year = try Self.year(request, "year")
        let skip = request.uri.queryParameters["skip_unrecognised"] == "1"
        let batch = try await receive(request)
        let settings = self.settings, board = server.progress
        do {
            let document = try await Blocking.run(on: Blocking.writer) { () throws -> Data in
                defer { board.clear() }
                let store = try Store(path: settings.database)
                let result = try ImportSession(store: store).importReturns(files: batch.names, year: year,
                                                                           mapping: try settings.loadMapping(),
                                                     skipUnrecognised: skip, locations: batch.locations,
                                                     progress: board.update)
                var out = Data()
                try ImportOutput.writeImportJSON(result, year: year) { out.append(contentsOf: $0.utf8) }
                return out
            }
            server.uploads.keep(batch)
            return WebResponse.json(document)
        } catch {
            batch.remove()
            throw error
        }
    }

    /// `POST /api/inspect` (multipart files): `partystats inspect FILES --mapping M --json`.
    func inspectFiles(_ request: Request) async throws -> Response {
        let batch = try await receive(request)
        defer { batch.remove() }
        let settings = self.settings
        let document = try await Blocking.run { () throws -> Data in
            let mapping = try settings.loadMapping()
            var errors: [ReadError] = []
            var inspections: [FileInspection] = []
            for name in batch.names {
                do {
                    let inspection = try Inspector.inspect(path: batch.locations[name]!, name: name, mapping: mapping)
                    inspections.append(inspection)
                } catch var error as ReadError {
                    error.file = name
                    errors.append(error)
                }
            }
            if !errors.isEmpty { throw ImportFailure(errors: errors) }
            return try inspectJSON(inspections)
        }
        return WebResponse.json(document)
    }

    /// `POST /api/mapping` `{"field": F, "header": H}`: `H` added to the aliases of `F` in the
    /// mapping file; the next import maps that column.
    func saveMapping(_ request: Request) async throws -> Response {
        struct Choice: Decodable {
            var field: String
            var header: String
        }
        let body = try await request.body.collect(upTo: 64 << 10)
        guard let choice = try? JSONDecoder().decode(Choice.self, from: Data(body.readableBytesView)) else {
            throw WebRefusal(code: .requestInvalid, message: "请求应为 {\"field\": 字段, \"header\": 表头}")
        }
        guard let field = Field(rawValue: choice.field) else {
            throw WebRefusal(code: .mappingFieldUnknown, message: "未知的字段「\(choice.field)」")
        }
        let path = settings.mapping
        let added = try await Blocking.run(on: Blocking.writer) {
            try Mapping.addHeaderAlias(choice.header, for: field, inFileAt: path)
        }
        let document = try JSONSerialization.data(withJSONObject: ["added": added, "mapping": path,
                                                                   "field": field.rawValue,
                                                                   "header": choice.header], options: [.sortedKeys])
        return WebResponse.json(document)
    }

    /// `GET /api/rows?file=F&sheet=S&rows=3,5`: rows of a file of the last import as read,
    /// every cell masked (`{"rows": [{"row": 3, "cells": [...]}]}`).
    func rows(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        guard let file = query["file"].map(String.init), let sheet = query["sheet"].map(String.init),
              let list = query["rows"] else {
            throw WebRefusal(code: .requestInvalid, message: "缺少参数 file、sheet 或 rows")
        }
        let numbers = Set(list.split(separator: ",").compactMap { Int($0) }.prefix(RowsAsRead.maximumRows))
        guard let location = server.uploads.location(of: file) else {
            throw WebRefusal(code: .requestNotFound, message: "文件「\(file)」不在最近一次导入中")
        }
        let rows = try await Blocking.run { try RowsAsRead.read(location: location, sheet: sheet, rows: numbers) }
        return WebResponse.json(try JSONEncoder().encode(["rows": rows]))
    }

    /// The request's files, kept in a new batch; files refused by name or type fail the
    /// request as the command line fails on such paths.
    private func receive(_ request: Request) async throws -> UploadBatch {
        let batch = try await UploadReceiver(root: settings.uploads, limits: settings.limits).receive(request)
        if !batch.refused.isEmpty {
            batch.remove()
            throw ImportFailure(errors: batch.refused)
        }
        guard !batch.names.isEmpty else {
            batch.remove()
            throw WebRefusal(code: .uploadEmpty, message: "没有可导入的文件（支持 csv、xlsx、xlsm、xls）")
        }
        return batch
    }
}

extension WebSettings {
    /// The mapping file, or an empty mapping while none has been saved.
    func loadMapping() throws -> Mapping {
        FileManager.default.fileExists(atPath: mapping) ? try Mapping.load(path: mapping) : Mapping()
    }
}
