import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import PartyWeb
import TestSupport
import XCTest

/// A server over a fresh store in a temporary folder, and requests to it.
struct WebFixture {
    let folder: URL
    let server: WebServer
    var settings: WebSettings { server.settings }
    static let token = "t0ken-for-tests-" + String(repeating: "a", count: 48)

    /// - Parameters:
    ///   - mapping: copied in as the mapping file (e.g. datasets/mapping.yaml); none when nil.
    init(limits: UploadLimits = UploadLimits(), mapping: String? = nil) throws {
        folder = try TestSupport.temporaryDirectory("partystats-web")
        let uploads = folder.appendingPathComponent("uploads")
        try FileManager.default.createDirectory(at: uploads, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        let mappingPath = folder.appendingPathComponent("mapping.yaml").path
        if let mapping {
            try FileManager.default.copyItem(atPath: TestSupport.packageRoot.appendingPathComponent(mapping).path, toPath: mappingPath)
        }
        server = WebServer(settings: WebSettings(database: folder.appendingPathComponent("store.sqlite").path,
                                                 mapping: mappingPath, token: WebFixture.token,
                                                 uploads: uploads.path, limits: limits))
    }

    /// Runs `body` against the router (HummingbirdTesting, no socket).
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: server.router())
        try await app.test(.router) { client in try await body(client) }
    }

    /// The cookie a page sets, and the page's own origin (`Host` is `localhost` in router tests).
    static let cookie: HTTPFields = [.cookie: "partystats_token=\(token)"]
    static let sameOrigin: HTTPFields = [.cookie: "partystats_token=\(token)", .origin: "http://localhost"]
}

/// A `multipart/form-data` body of files.
struct Multipart {
    let boundary = "----partystatsTestBoundary7MA4YWxkTrZu0gW"
    var body = ByteBuffer()

    init(files: [(name: String, bytes: [UInt8])]) {
        for file in files {
            let escaped = file.name.replacingOccurrences(of: "\"", with: "%22")
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(escaped)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
    }

    /// The sample county's files of a year, each named as the command line names it (`datasets/2024/…`).
    static func sampleCounty(_ year: Int) throws -> [(name: String, bytes: [UInt8])] {
        let folder = TestSupport.packageRoot.appendingPathComponent("datasets/\(year)")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            ("datasets/\(year)/\(name)", Array(try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    /// A file of the repository's fixtures, under `name`.
    static func fixture(_ path: String, as name: String? = nil) throws -> (name: String, bytes: [UInt8]) {
        (name ?? (path as NSString).lastPathComponent,
         Array(try Data(contentsOf: TestSupport.packageRoot.appendingPathComponent(path))))
    }

    /// Headers for posting it from the page's own origin.
    var headers: HTTPFields {
        var headers = WebFixture.sameOrigin
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return headers
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:] }
    /// The codes of an error document.
    var errorCodes: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }
}

/// Personal numbers that must never appear unmasked: an 18-character ID (digits, a
/// digit or X last) or an 11-digit mobile number, not inside a longer run of digits.
func unmaskedNumbers(in text: String) -> [String] {
    let pattern = #"(?<![0-9.])([0-9]{17}[0-9Xx]|1[3-9][0-9]{9})(?![0-9])"#
    let regex = try! NSRegularExpression(pattern: pattern)
    return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
        String(text[Range($0.range, in: text)!])
    }
}
