import Foundation
import HTTPTypes
@testable import PartyWeb
import TestSupport
import XCTest

/// `GET /api/years`, `/api/indicators`, `/api/compare`, `/report`, `/export`.
final class ReadRouteTests: XCTestCase {
    /// Two years imported through the API; the reads answer what the command line answers
    /// on the same store, the workbook opens in openpyxl, the package unzips, and nothing
    /// holds an unmasked ID or mobile number.
    func testReadsAnswerAsTheCommandLineOnTheSameStore() async throws {
        let binary = TestSupport.partystatsBinary
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "partystats not built at \(binary)")
        let fixture = try WebFixture()
        let store = fixture.settings.database
        let earlier = Multipart(files: [try Multipart.fixture("Tests/PartyImportTests/Fixtures/源潭镇党员名册.csv")])
        let later = Multipart(files: [try Multipart.fixture("Tests/PartyImportTests/Fixtures/源潭镇党员名册.csv"),
                                      try Multipart.fixture("Tests/PartyImportTests/Fixtures/roster_bom_tab.csv")])
        try await fixture.test { client in
            for (year, upload) in [(2023, earlier), (2024, later)] {
                try await client.execute(uri: "/api/imports?year=\(year)", method: .post, headers: upload.headers(client),
                                         body: upload.body) { response in
                    XCTAssertEqual(response.status, .ok, response.text)
                }
            }
            try await client.execute(uri: "/api/years", method: .get, headers: WebFixture.cookie) { response in
                XCTAssertEqual(response.json["years"] as? [Int], [2023, 2024])
            }
            let compare = try TestSupport.run(binary, ["compare", "--from", "2023", "--to", "2024", "--db", store, "--json"])
            XCTAssertEqual(compare.status, 0, compare.stderr)
            let compared = compare.stdout
            try await client.execute(uri: "/api/compare?from=2023&to=2024", method: .get, headers: WebFixture.cookie) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.text, compared)
                XCTAssertNotNil((response.json["members"] as? [String: Any])?["arithmetic"] as? String)
            }
            let indicators = try TestSupport.run(binary, ["indicators", "--year", "2023", "--db", store, "--json"]).stdout
            try await client.execute(uri: "/api/indicators?year=2023", method: .get, headers: WebFixture.cookie) { response in
                XCTAssertEqual(response.text, indicators)
            }
            try await client.execute(uri: "/report?year=2024&compare=2023", method: .get, headers: WebFixture.cookie) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertEqual(response.headers[.contentDisposition],
                               "attachment; filename=\"partystats-2024.xlsx\"; filename*=UTF-8''%E5%85%9A%E5%BB%BA%E7%BB%9F%E8%AE%A1-2024.xlsx")
                let path = fixture.folder.appendingPathComponent("downloaded.xlsx")
                try response.data.write(to: path)
                let workbook = try Inspector.inspect(path.path)
                XCTAssertEqual(workbook.sheetnames.first, "说明")
                XCTAssertTrue(workbook.sheetnames.contains("同比分析"), "\(workbook.sheetnames)")
                XCTAssertEqual(workbook.idLike, [], "IDs masked in the workbook")
            }
            try await client.execute(uri: "/export?year=2024", method: .get, headers: WebFixture.cookie) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertEqual(response.headers[.contentType], "application/zip")
                let path = fixture.folder.appendingPathComponent("package.zip")
                try response.data.write(to: path)
                let listing: TestSupport.RunResult = try TestSupport.run("/usr/bin/env", ["python3", "-c", """
                    import sys, zipfile
                    z = zipfile.ZipFile(sys.argv[1])
                    print("\\n".join(sorted(z.namelist())))
                    print("".join(z.read(n).decode("utf-8") for n in z.namelist() if not n.endswith("/")))
                    """, path.path])
                XCTAssertEqual(listing.status, 0, listing.stderr)
                XCTAssertTrue(listing.stdout.contains("package-2024/datapackage.json"), listing.stdout)
                XCTAssertTrue(listing.stdout.contains("package-2024/members.csv"), listing.stdout)
                XCTAssertEqual(unmaskedNumbers(in: listing.stdout), [])
            }
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: fixture.settings.uploads).filter { $0.hasPrefix("scratch-") },
                           [], "scratch folders removed")
        }
    }

    func testBadOrMissingYearsAreExplained() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/api/indicators?year=2024", method: .get, headers: WebFixture.cookie) { response in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertEqual(response.errorCodes, ["store.missing"])
            }
            let upload = Multipart(files: [try Multipart.fixture("Tests/PartyImportTests/Fixtures/roster_bom_tab.csv")])
            try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: upload.headers(client), body: upload.body) { _ in }
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/api/indicators?year=2030", .notFound, "year.missing"),
                ("/api/indicators", .badRequest, "request.invalid"),
                ("/api/indicators?year=abc", .badRequest, "request.invalid"),
                ("/api/compare?from=2024&to=2024", .badRequest, "request.invalid"),
                ("/api/compare?from=2023&to=2024", .notFound, "year.missing"),
                ("/report?year=2024&compare=2024", .badRequest, "request.invalid"),
                ("/export?year=1800", .badRequest, "request.invalid"),
            ]
            for (uri, status, code) in cases {
                try await client.execute(uri: uri, method: .get, headers: WebFixture.cookie) { response in
                    XCTAssertEqual(response.status, status, uri)
                    if uri.hasPrefix("/api/") {
                        XCTAssertEqual(response.errorCodes, [code], uri)
                    } else {
                        XCTAssertTrue(response.text.contains("[\(code)]"), uri + response.text)
                    }
                }
            }
        }
    }
}
