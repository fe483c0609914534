import Foundation
import HTTPTypes
import Hummingbird
import PartyModel

/// Lets a request through only with the server's token, and a request that changes
/// anything (any method but GET and HEAD) only from the page's own origin.
///
/// The token comes first as `?token=` (the address `serve` prints); a request that
/// carries it gets it back as a cookie (`HttpOnly; SameSite=Strict`), and a page opened
/// that way is sent on to its address without the token, so it stays out of the
/// history and of `Referer`. Without a valid token: 401. A POST whose `Origin` (else
/// `Referer`) is not this server: 403 — the cookie alone is not enough, since another
/// page on localhost is the same site.
struct AccessGuard<Context: RequestContext>: RouterMiddleware {
    let token: String

    /// The cookie that carries the token.
    static var cookieName: String { "partystats_token" }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let query = request.uri.queryParameters
        var fromQuery = false
        if let given = query["token"] {
            guard AccessToken.matches(given, token) else {
                return refusal(.unauthorized, request, code: .accessTokenWrong)
            }
            fromQuery = true
        } else if let cookie = request.cookies[Self.cookieName], AccessToken.matches(Substring(cookie.value), token) {
            fromQuery = false
        } else {
            return refusal(.unauthorized, request, code: .accessTokenMissing)
        }
        if request.method != .get && request.method != .head && !Self.sameOrigin(request) {
            return refusal(.forbidden, request, code: .accessCrossOrigin)
        }
        guard fromQuery else { return try await next(request, context) }
        var response: Response
        if request.method == .get && Pages.isPage(request.uri.path) {
            // The page again, without the token in its address.
            let rest = query.filter { $0.key != "token" }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            response = Response(status: .seeOther,
                                headers: [.location: request.uri.path + (rest.isEmpty ? "" : "?" + rest)])
        } else {
            response = try await next(request, context)
        }
        response.setCookie(Cookie(name: Self.cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    /// True when the request's `Origin` (or, without one, its `Referer`) is this server
    /// as the browser addressed it (`Host`).
    static func sameOrigin(_ request: Request) -> Bool {
        guard let host = request.head.authority, !host.isEmpty else { return false }
        let own = "http://" + host
        if let origin = request.headers[.origin] {
            return origin == own
        }
        if let referer = request.headers[.referer] {
            return referer == own || referer.hasPrefix(own + "/")
        }
        return false
    }

    /// A refusal in Chinese, as an error document for the API and a short page otherwise.
    private func refusal(_ status: HTTPResponse.Status, _ request: Request, code: ProblemCode) -> Response {
        let message = switch code {
        case .accessCrossOrigin: "拒绝来自其他网页的修改请求：只能在本页面上操作"
        case .accessTokenWrong: "访问令牌不正确：请使用 partystats serve 启动时打印的地址打开本页"
        default: "需要访问令牌：请使用 partystats serve 启动时打印的地址（含 ?token=…）打开本页"
        }
        return WebResponse.error(status, code: code, message: message, html: !request.uri.path.hasPrefix("/api/"))
    }
}
