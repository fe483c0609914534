import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import PartyModel
import PartyStatsCommands

/// The responses the server builds: JSON documents, error documents, pages, downloads.
enum WebResponse {
    /// Headers every response of ours carries: nothing from elsewhere may load, nothing is cached.
    static let common: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        .xContentTypeOptions: "nosniff",
        .cacheControl: "no-store",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]

    /// A JSON document (already encoded, as the command line's `--json` prints it).
    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        var headers = common
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The command line's error document (`{"errors": [{code, message, …}], "status": 1 or 64}`)
    /// for a failure of the project's own kinds, or a short page saying the same.
    static func error(_ status: HTTPResponse.Status, failure: any Error, html: Bool = false) -> Response {
        let line = "\(failure)".split(whereSeparator: \.isNewline).joined(separator: "；")
        let coded = line.range(of: #" \[[a-z_]+\.[a-z_.]+\]$"#, options: .regularExpression) != nil
        let shown = coded ? line : "意外错误（请报告此问题）：\(line) [internal.unexpected]"
        // `status` is what the command line would exit with: 64 for a request it would
        // call a usage error, 1 for any other failure (the HTTP status says the rest).
        let usage = failure is WebRefusal || failure is UploadRefusal
        let document = PartyStats.errorDocument(for: failure, line: shown,
                                                status: usage ? .validationFailure : .failure)
        guard html else { return json(document, status: status) }
        return page(status: status, title: "无法完成", body: "<p class=\"refusal\">\(escape(shown))</p>")
    }

    /// ``error(_:failure:html:)`` for a refusal of the server's own.
    static func error(_ status: HTTPResponse.Status, code: ProblemCode, message: String,
                      html: Bool = false) -> Response {
        error(status, failure: WebRefusal(code: code, message: message), html: html)
    }

    /// A small page of its own (refusals).
    static func page(status: HTTPResponse.Status, title: String, body: String) -> Response {
        let text = """
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <link rel="stylesheet" href="/assets/app.css"></head><body><main>\(body)</main></body></html>
            """
        return bytes(Array(text.utf8), type: "text/html; charset=utf-8", status: status)
    }

    /// Bytes of a given type.
    static func bytes(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = common
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A file to save, named `name` (UTF-8, RFC 6266; `fallback` for clients without it).
    static func download(_ data: Data, name: String, fallback: String, type: String) -> Response {
        var headers = common
        headers[.contentType] = type
        let plain = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
        let encoded = name.addingPercentEncoding(withAllowedCharacters: plain) ?? fallback
        headers[.contentDisposition] = "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Text made safe to place in HTML.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

/// A request the server refuses, with a stable code; prints as the project's errors do.
struct WebRefusal: Error, CustomStringConvertible {
    var code: ProblemCode
    var message: String
    var description: String { "\(message) [\(code)]" }
}
