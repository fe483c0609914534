import Foundation
import HTTPTypes
import Hummingbird
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

    /// Runs `body` against the server listening on a free port of 127.0.0.1, then stops it.
    func test(_ body: @escaping @Sendable (WebTestClient) async throws -> Void) async throws {
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = server.application(host: "127.0.0.1", port: 0, quiet: true) { _, listening in port.yield(listening) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var listening = ports.makeAsyncIterator()
            guard let number = await listening.next() else { throw XCTSkip("the server did not start") }
            do {
                try await body(WebTestClient(base: "http://127.0.0.1:\(number)"))
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    /// The cookie a page sets.
    static let cookie: HTTPFields = [.cookie: "partystats_token=\(token)"]

    /// The cookie and the page's own origin.
    static func sameOrigin(_ client: WebTestClient) -> HTTPFields {
        [.cookie: "partystats_token=\(token)", .origin: client.origin]
    }
}

/// A `multipart/form-data` body of files.
struct Multipart {
    let boundary = "----partystatsTestBoundary7MA4YWxkTrZu0gW"
    var body = Data()

    init(files: [(name: String, bytes: [UInt8])]) {
        for file in files {
            let escaped = file.name.replacingOccurrences(of: "\"", with: "%22")
            body.append(contentsOf: Array(("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(escaped)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").utf8))
            body.append(contentsOf: file.bytes)
            body.append(contentsOf: Array("\r\n".utf8))
        }
        body.append(contentsOf: Array("--\(boundary)--\r\n".utf8))
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
    func headers(_ client: WebTestClient) -> HTTPFields {
        var headers = WebFixture.sameOrigin(client)
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return headers
    }
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
