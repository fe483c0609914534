import Foundation

/// Reads a `multipart/form-data` body (RFC 7578) as it arrives, in pieces of any size:
/// each part's header lines, then its content in pieces, then its end. Nothing but the
/// current header block and a boundary's length of content is held.
struct MultipartStream {
    /// What the stream found.
    enum Event {
        /// A header line of the part that starts (name as written, value trimmed).
        case header(name: String, value: String)
        /// A piece of the part's content.
        case content(ArraySlice<UInt8>)
        /// The part ended.
        case partEnd
    }

    /// The body is not a multipart body of this boundary.
    struct Malformed: Error {}

    /// Longest header block of one part.
    static let maximumHeaderBytes = 16 << 10

    private enum State {
        case preamble, headers, content, afterBoundary, epilogue
    }

    private let delimiter: [UInt8]   // CRLF "--" boundary
    private var state = State.preamble
    private var pending: [UInt8] = []

    /// True once the closing boundary has been read.
    var finished: Bool { state == .epilogue }

    /// - Parameter boundary: the `boundary` parameter of the content type (1 to 70 characters).
    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        // The first boundary may start the body, without the line end before it.
        pending = Array("\r\n".utf8)
    }

    /// Reads `bytes`, telling `handle` what they hold.
    /// - Throws: ``Malformed``, or what `handle` throws.
    mutating func feed(_ bytes: some Sequence<UInt8>, _ handle: (Event) throws -> Void) throws {
        pending.append(contentsOf: bytes)
        var start = 0
        defer { pending.removeFirst(start) }
        while start < pending.count {
            switch state {
            case .preamble:
                guard let found = find(delimiter, from: start) else {
                    start = max(start, pending.count - delimiter.count + 1)
                    return
                }
                start = found + delimiter.count
                state = .afterBoundary
            case .afterBoundary:
                guard pending.count - start >= 2 else { return }
                let next = (pending[start], pending[start + 1])
                if next == (UInt8(ascii: "-"), UInt8(ascii: "-")) {
                    state = .epilogue
                } else if next == (13, 10) {
                    state = .headers
                } else {
                    throw Malformed()
                }
                start += 2
            case .headers:
                // The blank line that ends the headers (at once, for a part without any).
                let blank = pending[start...].starts(with: [13, 10]) ? start - 2 : nil
                guard let end = find([13, 10, 13, 10], from: start) ?? blank else {
                    guard pending.count - start <= Self.maximumHeaderBytes else { throw Malformed() }
                    return
                }
                if end >= start {
                    for line in pending[start..<end].split(separator: 10) {
                        let text = String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
                        guard let colon = text.firstIndex(of: ":") else { throw Malformed() }
                        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                        try handle(.header(name: String(text[..<colon]), value: value))
                    }
                }
                start = end + 4
                state = .content
            case .content:
                if let found = find(delimiter, from: start) {
                    if found > start { try handle(.content(pending[start..<found])) }
                    try handle(.partEnd)
                    start = found + delimiter.count
                    state = .afterBoundary
                } else {
                    // Everything but what could be the start of the delimiter.
                    let safe = max(start, pending.count - delimiter.count + 1)
                    if safe > start { try handle(.content(pending[start..<safe])) }
                    start = safe
                    return
                }
            case .epilogue:
                start = pending.count
            }
        }
    }

    /// The first place `needle` stands in `pending` at or after `from`.
    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, pending.count - from >= needle.count else { return nil }
        var i = from
        let last = pending.count - needle.count
        while i <= last {
            if pending[i] == first && pending[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
