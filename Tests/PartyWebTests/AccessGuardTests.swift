import Foundation
import HTTPTypes
@testable import PartyWeb
import XCTest

/// Every route needs the token; changes need the page's own origin.
final class AccessGuardTests: XCTestCase {
    static let routes = ["/", "/indicators", "/compare", "/reports", "/assets/common.js", "/assets/app.css",
                         "/api/years", "/api/labels", "/api/indicators?year=2024", "/api/compare?from=2023&to=2024",
                         "/api/imports/progress", "/api/rows?file=a.csv&sheet=a&rows=1",
                         "/report?year=2024", "/export?year=2024"]

    func testEveryRouteRefusesAMissingOrWrongToken() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            for route in Self.routes {
                try await client.execute(uri: route, method: .get) { response in
                    XCTAssertEqual(response.status, .unauthorized, route)
                    XCTAssertTrue(response.text.contains("access.token_missing"), route)
                }
                let wrong = route + (route.contains("?") ? "&" : "?") + "token=" + String(repeating: "b", count: 64)
                try await client.execute(uri: wrong, method: .get) { response in
                    XCTAssertEqual(response.status, .unauthorized, wrong)
                    XCTAssertTrue(response.text.contains("access.token_wrong"), wrong)
                }
                try await client.execute(uri: route, method: .get, headers: [.cookie: "partystats_token=nope"]) { response in
                    XCTAssertEqual(response.status, .unauthorized, route)
                }
            }
            for route in ["/api/imports?year=2024", "/api/inspect", "/api/mapping"] {
                try await client.execute(uri: route, method: .post, headers: [.origin: client.origin]) { response in
                    XCTAssertEqual(response.status, .unauthorized, route)
                }
            }
        }
    }

    func testTheTokenInTheAddressBecomesAStrictHttpOnlyCookieAndLeavesTheAddress() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/indicators?token=\(WebFixture.token)&year=2024", method: .get) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/indicators?year=2024")
                let cookie = try XCTUnwrap(response.headers[.setCookie])
                XCTAssertTrue(cookie.hasPrefix("partystats_token=\(WebFixture.token)"), cookie)
                XCTAssertTrue(cookie.contains("HttpOnly"), cookie)
                XCTAssertTrue(cookie.contains("SameSite=Strict"), cookie)
            }
            // The API answers at once with the token in the address (scripts), and sets the cookie too.
            try await client.execute(uri: "/api/years?token=\(WebFixture.token)", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.json["years"] as? [Int], [])
                XCTAssertNotNil(response.headers[.setCookie])
            }
        }
    }

    func testPagesLoadNothingFromElsewhere() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            for route in ["/", "/indicators", "/compare", "/reports"] {
                try await client.execute(uri: route, method: .get, headers: WebFixture.cookie) { response in
                    XCTAssertEqual(response.status, .ok, route)
                    XCTAssertTrue(response.text.contains("lang=\"zh-CN\""), route)
                    let csp = try XCTUnwrap(response.headers[.contentSecurityPolicy])
                    XCTAssertTrue(csp.hasPrefix("default-src 'self'"), csp)
                    // Every src and href is a path of this server.
                    let regex = try NSRegularExpression(pattern: #"(?:src|href)="([^"]*)""#)
                    let text = response.text
                    let links = regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                        String(text[Range($0.range(at: 1), in: text)!])
                    }
                    XCTAssertFalse(links.isEmpty)
                    for link in links { XCTAssertTrue(link.hasPrefix("/") && !link.hasPrefix("//") || link == "#", link) }
                    // And each script it names is served.
                    for script in links where script.hasSuffix(".js") || script.hasSuffix(".css") {
                        try await client.execute(uri: script, method: .get, headers: WebFixture.cookie) { asset in
                            XCTAssertEqual(asset.status, .ok, script)
                            XCTAssertFalse(asset.text.contains("https://"), script)
                        }
                    }
                }
            }
        }
    }

    func testAPostFromAnotherOriginIsRefused() async throws {
        let fixture = try WebFixture()
        let upload = Multipart(files: [try Multipart.fixture("Tests/PartyImportTests/Fixtures/roster_bom_tab.csv")])
        try await fixture.test { client in
            var foreign = upload.headers(client)
            foreign[.origin] = "http://127.0.0.1:9999"
            var noOrigin = upload.headers(client)
            noOrigin[.origin] = nil
            var foreignReferer = noOrigin
            foreignReferer[.referer] = "http://evil.example/page"
            for headers in [foreign, noOrigin, foreignReferer] {
                for route in ["/api/imports?year=2024", "/api/inspect", "/api/mapping"] {
                    try await client.execute(uri: route, method: .post, headers: headers, body: upload.body) { response in
                        XCTAssertEqual(response.status, .forbidden, "\(route) \(headers)")
                        XCTAssertEqual(response.errorCodes, ["access.cross_origin"])
                    }
                }
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.settings.database), "nothing was imported")
            // The page's own origin, by Referer when the browser sends no Origin.
            var ownReferer = noOrigin
            ownReferer[.referer] = client.origin + "/"
            try await client.execute(uri: "/api/imports?year=2024", method: .post, headers: ownReferer, body: upload.body) { response in
                XCTAssertEqual(response.status, .ok, response.text)
            }
        }
    }
}
