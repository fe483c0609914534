import Foundation
import HTTPTypes
@testable import PartyWeb
import TestSupport
import XCTest

/// `POST /api/imports`, `/api/inspect`, `/api/mapping` and `GET /api/rows`.
final class ImportRouteTests: XCTestCase {
    /// The sample county's 2024 files through the API give exactly the document of
    /// `partystats import datasets/2024 --json` (the files named as the command line names them),
    /// and the store then answers `indicators` as the command line does; no response holds
    /// an unmasked ID or mobile number.
    func testTheSampleCountyThroughTheAPIIsTheCommandLinesImport() async throws {
        let binary = TestSupport.partystatsBinary
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "partystats not built at \(binary)")
        let fixture = try WebFixture(mapping: "datasets/mapping.yaml")
        let cliStore = fixture.folder.appendingPathComponent("cli.sqlite").path
        let cli = try TestSupport.run(binary, ["import", "datasets/2024", "--year", "2024", "--mapping", "datasets/mapping.yaml",
                                               "--db", cliStore, "--json"], cwd: TestSupport.packageRoot)
        XCTAssertEqual(cli.status, 0, cli.stderr)
        let cliIndicators = try TestSupport.run(binary, ["indicators", "--year", "2024", "--db", cliStore, "--json"])
        let upload = Multipart(files: try Multipart.sampleCounty(2024))
        let cliImport = cli.stdout, cliFigures = cliIndicators.stdout
        try await fixture.test { client in
            var bodies: [String] = []
            bodies.append(try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: upload.headers(client),
                                                   body: upload.body) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8")
                XCTAssertEqual(response.text, cliImport)
                return response.text
            })
            bodies.append(try await client.execute(uri: "/api/indicators?year=2024", method: .get, headers: WebFixture.cookie) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.text, cliFigures)
                XCTAssertEqual((response.json["members"] as? [String: Any])?["total"] as? Int, 35_494)
                return response.text
            })
            // A problem whose value is an ID: its row as read, masked.
            let document = try JSONSerialization.jsonObject(with: Data(cliImport.utf8)) as? [String: Any]
            let problems = try XCTUnwrap(document?["problems"] as? [[String: Any]])
            let checksum = try XCTUnwrap(problems.first { $0["code"] as? String == "id.checksum" })
            let file = try XCTUnwrap(checksum["file"] as? String), sheet = try XCTUnwrap(checksum["sheet"] as? String)
            let row = try XCTUnwrap(checksum["row"] as? Int)
            let query = "file=\(file)&sheet=\(sheet)&rows=\(row),\(row + 1)"
                .addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!.replacingOccurrences(of: "+", with: "%2B")
            let value = try XCTUnwrap(checksum["value"] as? String)
            bodies.append(try await client.execute(uri: "/api/rows?" + query, method: .get, headers: WebFixture.cookie) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let rows = try XCTUnwrap(response.json["rows"] as? [[String: Any]])
                XCTAssertEqual(rows.map { $0["row"] as? Int }, [row, row + 1])
                let cells = try XCTUnwrap(rows.first?["cells"] as? [String])
                XCTAssertTrue(cells.contains(value), "\(cells)")
                return response.text
            })
            for route in ["/api/years", "/api/imports/progress", "/api/labels", "/", "/indicators", "/compare", "/reports"] {
                bodies.append(try await client.execute(uri: route, method: .get, headers: WebFixture.cookie) { response in
                    XCTAssertEqual(response.status, .ok, route)
                    return response.text
                })
            }
            for body in bodies { XCTAssertEqual(unmaskedNumbers(in: body), []) }
        }
    }

    func testUploadsOverTheLimitsAreRefusedAndNothingIsImported() async throws {
        var limits = UploadLimits()
        limits.totalBytes = 64 << 10
        limits.fileBytes = 8 << 10
        limits.files = 2
        let fixture = try WebFixture(limits: limits)
        let small = try Multipart.fixture("Tests/PartyImportTests/Fixtures/roster_bom_tab.csv")
        let big = try Multipart.fixture("datasets/2024/02-文峰街道-党员名册.csv")
        try await fixture.test { client in
            let cases: [([(name: String, bytes: [UInt8])], String)] = [
                ([big], "upload.too_large"),
                ([(name: "big.csv", bytes: Array(big.bytes.prefix(20 << 10)))], "upload.file_too_large"),
                ([small, (name: "b.csv", bytes: small.bytes), (name: "c.csv", bytes: small.bytes)], "upload.too_many"),
            ]
            for (files, code) in cases {
                let upload = Multipart(files: files)
                try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: upload.headers(client), body: upload.body) { response in
                    XCTAssertEqual(response.status, .contentTooLarge, code)
                    XCTAssertEqual(response.errorCodes, [code])
                }
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.settings.database))
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: fixture.settings.uploads), [], "every batch removed")
            // Within the limits it imports.
            let upload = Multipart(files: [small])
            try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: upload.headers(client), body: upload.body) { response in
                XCTAssertEqual(response.status, .ok, response.text)
            }
        }
    }

    /// A damaged workbook and binary garbage among good files: the import is refused
    /// naming each (nothing written, as the command line), and the server goes on.
    func testAHostileFileAmongTheUploadsIsACleanProblemAndTheServerLivesOn() async throws {
        let fixture = try WebFixture()
        let good = try Multipart.fixture("Tests/PartyImportTests/Fixtures/源潭镇党员名册.csv")
        let workbook = try Multipart.fixture("Tests/SheetReaderTests/Fixtures/openpyxl_branch_return.xlsx")
        let truncated = (name: "截断.xlsx", bytes: Array(workbook.bytes.prefix(workbook.bytes.count / 2)))
        let garbage = try Multipart.fixture("Tests/PartyImportTests/Fixtures/broken/binary.csv", as: "乱码.csv")
        try await fixture.test { client in
            let upload = Multipart(files: [good, truncated, garbage])
            try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: upload.headers(client), body: upload.body) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let errors = response.json["errors"] as? [[String: Any]] ?? []
                XCTAssertEqual(Set(errors.compactMap { $0["file"] as? String }), ["截断.xlsx", "乱码.csv"], response.text)
                XCTAssertEqual(response.json["status"] as? Int, 1)
                XCTAssertFalse(response.text.contains(fixture.settings.uploads), "files are named as sent, not where they were kept")
            }
            try await client.execute(uri: "/api/years", method: .get, headers: WebFixture.cookie) { response in
                XCTAssertEqual(response.json["years"] as? [Int], [], "nothing written")
            }
            let rest = Multipart(files: [good])
            try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: rest.headers(client), body: rest.body) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual((response.json["summary"] as? [String: Any])?["files"] as? Int, 1)
            }
        }
    }

    /// Names are only text: `../` and folders never reach the disk; a name's township
    /// still counts (§2.4, from the file name).
    func testNamesAreNeverPaths() async throws {
        let fixture = try WebFixture()
        let roster = try Multipart.fixture("Tests/PartyImportTests/Fixtures/roster_bom_tab.csv", as: "../../../逃逸/../x.csv")
        let upload = Multipart(files: [roster, (name: "a/.hidden.csv", bytes: roster.bytes), (name: "a/说明.docx", bytes: [1, 2])])
        try await fixture.test { client in
            try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: upload.headers(client), body: upload.body) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let files = response.json["files"] as? [[String: Any]] ?? []
                XCTAssertEqual(files.compactMap { $0["path"] as? String }, ["逃逸/x.csv"])
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("逃逸").path))
        let kept = try FileManager.default.subpathsOfDirectory(atPath: fixture.settings.uploads)
        XCTAssertTrue(kept.allSatisfy { $0.range(of: #"^batch-[0-9a-f]{16}(/[0-9]{4}\.csv)?$"#, options: .regularExpression) != nil }, "\(kept)")
    }

    func testAnUnrecognisedFileCanBeInspectedAndSkipped() async throws {
        let fixture = try WebFixture()
        let roster = try Multipart.fixture("Tests/PartyImportTests/Fixtures/源潭镇党员名册.csv")
        let notes = (name: "说明.csv", bytes: Array("填报说明\n请于月底前报送\n".utf8))
        try await fixture.test { client in
            let both = Multipart(files: [roster, notes])
            try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: both.headers(client), body: both.body) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertEqual(response.errorCodes, ["file.unrecognised"])
            }
            let one = Multipart(files: [notes])
            try await client.execute(uri: "/api/inspect", method: .post, headers: one.headers(client), body: one.body) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let files = response.json["files"] as? [[String: Any]] ?? []
                XCTAssertEqual(files.first?["path"] as? String, "说明.csv")
                XCTAssertNotNil(files.first?["sheets"] as? [[String: Any]])
            }
            try await client.execute(uri: "/api/imports?year=2024&skip_unrecognised=1", method: .post, headers: both.headers(client),
                                     body: both.body) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let problems = response.json["problems"] as? [[String: Any]] ?? []
                XCTAssertTrue(problems.contains { $0["code"] as? String == "file.unrecognised" && $0["file"] as? String == "说明.csv" })
            }
        }
    }

    /// A choice of field for an unmapped column is saved to the mapping file (its comment
    /// kept) and maps the column when the files are imported again.
    func testAFieldChosenForAnUnmappedColumnIsSavedAndApplied() async throws {
        let fixture = try WebFixture(mapping: "datasets/mapping.yaml")
        let text = "姓名,性别,公民身份号码,联系手机\n张三,男,11010519491231002X,13812345678\n李四,女,,13987654321\n"
        let upload = Multipart(files: [(name: "源潭镇党员名册.csv", bytes: try TestSupport.encode(text, as: "GB18030"))])
        let unmapped: @Sendable (WebTestClient.Response) -> [String] = { response in
            (response.json["problems"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == "column.unmapped" }
                .compactMap { $0["header"] as? String }
        }
        try await fixture.test { client in
            try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: upload.headers(client), body: upload.body) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertEqual(unmapped(response), ["联系手机"])
                XCTAssertEqual(unmaskedNumbers(in: response.text), [])
            }
            var json = WebFixture.sameOrigin(client)
            json[.contentType] = "application/json"
            let choice = Data(#"{"field": "phone", "header": "联系手机"}"#.utf8)
            try await client.execute(uri: "/api/mapping", method: .post, headers: json, body: choice) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertEqual(response.json["added"] as? Bool, true)
            }
            let unknown = Data(#"{"field": "nickname", "header": "联系手机"}"#.utf8)
            try await client.execute(uri: "/api/mapping", method: .post, headers: json, body: unknown) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertEqual(response.errorCodes, ["mapping.field_unknown"])
            }
            try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: upload.headers(client), body: upload.body) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertEqual(unmapped(response), [])
                XCTAssertEqual(response.json["replaced"] as? [String], ["源潭镇党员名册.csv"])
            }
        }
        let saved = try String(contentsOfFile: fixture.settings.mapping, encoding: .utf8)
        XCTAssertTrue(saved.hasPrefix("# Mapping for the sample county"), saved)
        XCTAssertTrue(saved.contains("  phone: [\"联系手机\"]"), saved)
    }

    func testARequestThatIsNotAnUploadIsRefused() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: WebFixture.sameOrigin(client),
                                     body: Data("x".utf8)) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertEqual(response.errorCodes, ["upload.not_multipart"])
            }
            let upload = Multipart(files: [try Multipart.fixture("Tests/PartyImportTests/Fixtures/roster_bom_tab.csv")])
            for (uri, code) in [("/api/imports", "request.invalid"), ("/api/imports?year=12", "request.invalid")] {
                try await client.execute(uri: uri, method: .post, headers: upload.headers(client), body: upload.body) { response in
                    XCTAssertEqual(response.status, .badRequest, uri)
                    XCTAssertEqual(response.errorCodes, [code], uri)
                }
            }
            let empty = Multipart(files: [])
            try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: empty.headers(client), body: empty.body) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertEqual(response.errorCodes, ["upload.empty"])
            }
        }
    }
}
