import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PartyImport
import PartyModel

/// Reads a `multipart/form-data` request into an ``UploadBatch``, streaming each file to
/// disk and holding to the limits; what breaks a limit is refused with 413.
struct UploadReceiver {
    let root: String
    let limits: UploadLimits

    /// The batch of the request's files (parts without a file name are ignored).
    /// - Throws: ``UploadRefusal`` (too large, too many, not multipart), or a write failure.
    func receive(_ request: Request) async throws -> UploadBatch {
        guard let type = request.headers[.contentType], let boundary = Self.boundary(of: type) else {
            throw UploadRefusal(status: .badRequest, code: .uploadNotMultipart,
                                message: "上传须为 multipart/form-data（请在页面上选择或拖入文件）")
        }
        if let length = request.headers[.contentLength].flatMap({ Int64($0) }), length > limits.totalBytes {
            throw UploadRefusal.tooLarge(limits)
        }
        let batch = try UploadBatch(root: root)
        do {
            let writer = PartWriter(batch: batch, limits: limits)
            var stream = MultipartStream(boundary: boundary)
            var total: Int64 = 0
            for try await chunk in request.body {
                total += Int64(chunk.readableBytes)
                if total > limits.totalBytes { throw UploadRefusal.tooLarge(limits) }
                do {
                    try stream.feed(chunk.readableBytesView) { event in
                        switch event {
                        case .header(let name, let value): writer.header(name, value)
                        case .content(let bytes): writer.body(bytes)
                        case .partEnd: writer.complete()
                        }
                    }
                } catch {
                    throw UploadRefusal.malformed
                }
                if let refusal = writer.refusal { throw refusal }
            }
            writer.complete()
            if let refusal = writer.refusal { throw refusal }
            // A body cut short: its last file is incomplete.
            if !stream.finished && writer.files > 0 { throw UploadRefusal.malformed }
            batch.sortNames()
            return batch
        } catch {
            batch.remove()
            throw error
        }
    }

    /// The boundary of a `multipart/form-data` content type.
    static func boundary(of contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            var value = part.dropFirst("boundary=".count)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(value.count) ? String(value) : nil
        }
        return nil
    }

    /// The `filename` of a `Content-Disposition` header value (quoted, with the escapes
    /// browsers use: `\"`, `%22`, `%0D`, `%0A`), or `filename*=UTF-8''…`.
    static func fileName(inDisposition value: String) -> String? {
        if let star = value.range(of: "filename*=") {
            let rest = value[star.upperBound...].prefix { $0 != ";" }
            if let quote = rest.range(of: "''") {
                return String(rest[quote.upperBound...]).removingPercentEncoding
            }
        }
        guard let start = value.range(of: "filename=\"") else { return nil }
        var name = ""
        var escaped = false
        for c in value[start.upperBound...] {
            if escaped {
                name.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                return name.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "\r")
                    .replacingOccurrences(of: "%0A", with: "\n")
            } else {
                name.append(c)
            }
        }
        return nil
    }
}

/// The parser's callbacks: one part at a time into its file.
private final class PartWriter {
    let batch: UploadBatch
    let limits: UploadLimits
    var handle: FileHandle?
    var name: String?
    var written: Int64 = 0
    var files = 0
    var refusal: UploadRefusal?

    init(batch: UploadBatch, limits: UploadLimits) {
        self.batch = batch
        self.limits = limits
    }

    func header(_ field: String, _ value: String) {
        guard field.lowercased() == "content-disposition",
              let raw = UploadReceiver.fileName(inDisposition: value) else { return }
        files += 1
        guard files <= limits.files else {
            refusal = refusal ?? UploadRefusal(status: .contentTooLarge, code: .uploadTooMany,
                                               message: "一次最多上传 \(limits.files) 个文件")
            return
        }
        name = raw
        guard let location = batch.place(for: raw) else { return }
        guard FileManager.default.createFile(atPath: location, contents: nil, attributes: [.posixPermissions: 0o600]),
              let opened = FileHandle(forWritingAtPath: location) else {
            refusal = UploadRefusal(status: .internalServerError, code: .uploadWrite, message: "无法保存上传的文件「\(raw)」")
            return
        }
        handle = opened
        written = 0
    }

    func body(_ bytes: ArraySlice<UInt8>) {
        guard let handle, refusal == nil else { return }
        written += Int64(bytes.count)
        guard written <= limits.fileBytes else {
            refusal = UploadRefusal(status: .contentTooLarge, code: .uploadFileTooLarge,
                                    message: "文件「\(name ?? "")」超过单个文件上限 \(limits.fileBytes >> 20) MiB")
            return
        }
        do { try handle.write(contentsOf: bytes) } catch {
            refusal = UploadRefusal(status: .internalServerError, code: .uploadWrite,
                                    message: "无法保存上传的文件「\(name ?? "")」：\(error.localizedDescription)")
        }
    }

    func complete() {
        do { try handle?.close() } catch {
            refusal = refusal ?? UploadRefusal(status: .internalServerError, code: .uploadWrite,
                                               message: "无法保存上传的文件「\(name ?? "")」：\(error.localizedDescription)")
        }
        handle = nil
        name = nil
    }
}

/// An upload refused before anything is imported.
struct UploadRefusal: Error, CustomStringConvertible {
    var status: HTTPResponse.Status
    var code: ProblemCode
    var message: String
    var description: String { "\(message) [\(code)]" }

    static let malformed = UploadRefusal(status: .badRequest, code: .uploadMalformed,
                                         message: "上传的数据格式有误（multipart 无法解析或不完整），请重新上传")

    static func tooLarge(_ limits: UploadLimits) -> UploadRefusal {
        UploadRefusal(status: .contentTooLarge, code: .uploadTooLarge,
                      message: "上传的内容超过上限 \(limits.totalBytes >> 20) MiB，请分批上传")
    }
}
