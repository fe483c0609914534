import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPTypes
@testable import PartyWeb
import XCTest

/// Requests to a ``WebServer`` listening on 127.0.0.1 (a real socket, as the browser's),
/// through URLSession with no cookie store and no redirects followed: each test sees
/// exactly what the server answers. (HummingbirdTesting would do the same without a
/// socket, but it links AsyncHTTPClient and BoringSSL, which more than doubled the time
/// a fresh clone takes to build.)
struct WebTestClient: Sendable {
    /// `http://127.0.0.1:PORT`.
    let base: String
    private let session: URLSession

    /// What the server answered.
    struct Response {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var data: Data
        var text: String { String(decoding: data, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
        /// The codes of an error document.
        var errorCodes: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }
    }

    init(base: String) {
        self.base = base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.timeoutIntervalForRequest = 600
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    /// The page's own origin (as a browser on the printed address sends it).
    var origin: String { base }

    /// Sends a request; `check` sees the response and may return a value.
    @discardableResult
    func execute<T>(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: Data? = nil,
                    _ check: (Response) async throws -> T = { _ in () }) async throws -> T {
        var request = URLRequest(url: URL(string: base + uri)!)
        request.httpMethod = method.rawValue
        for field in headers { request.addValue(field.value, forHTTPHeaderField: field.name.rawName) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        let http = try XCTUnwrap(response as? HTTPURLResponse)
        var fields = HTTPFields()
        for (name, value) in http.allHeaderFields {
            if let text = name as? String, let name = HTTPField.Name(text), let value = value as? String {
                fields.append(HTTPField(name: name, value: value))
            }
        }
        return try await check(Response(status: HTTPResponse.Status(code: http.statusCode), headers: fields, data: data))
    }

    /// Leaves a redirect to the test.
    private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }
}
