import TextCodec
/// Detection of a CSV file's encoding and delimiter from its first bytes.
enum CSVSniffer {
    /// BOM (UTF-8, UTF-16 LE/BE) → strict UTF-8 → GB18030 (which covers GBK and GB2312).
    static func encoding(of head: [UInt8]) -> CSVEncoding {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
        if head.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if head.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        return isValidUTF8Prefix(head) ? .utf8 : .gb18030
    }

    /// True when the bytes are valid UTF-8, allowing a character cut at the end.
    static func isValidUTF8Prefix(_ bytes: [UInt8]) -> Bool {
        var end = bytes.count
        // Step back over an incomplete trailing sequence (at most 3 bytes).
        var back = 0
        while back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xC0) == 0x80 { back += 1 }
        if end - back - 1 >= 0 {
            let lead = bytes[end - back - 1]
            let need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
            if need > back { end = end - back - 1 }
        }
        return String(validating: bytes[0..<end], as: UTF8.self) != nil
    }

    /// Decodes the head for delimiter detection (lossy: only separators matter).
    static func decodeHead(_ head: [UInt8], encoding: CSVEncoding) -> String {
        let body = Array(head.dropFirst(encoding.bomLength))
        guard let name = encoding.iconvName else { return String(decoding: body, as: UTF8.self) }
        var out: [UInt8] = []
        if let codec = try? Iconv(from: name) {
            try? body.withUnsafeBytes { try codec.convert($0, final: false, into: &out) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The separator that splits the first lines most consistently into more than one field.
    static func delimiter(in text: String) -> CSVDelimiter {
        let lines = firstLines(of: text, 30)
        let candidates: [(CSVDelimiter, Character)] = [(.comma, ","), (.tab, "\t"), (.semicolon, ";"),
                                                       (.fullWidthComma, "，")]
        var best: (CSVDelimiter, Int) = (.comma, 0)
        for (delimiter, ch) in candidates {
            var counts: [Int] = []
            for line in lines {
                var inQuotes = false
                var n = 0
                for c in line {
                    if c == "\"" { inQuotes.toggle() } else if c == ch && !inQuotes { n += 1 }
                }
                counts.append(n)
            }
            // Score: how many lines share the most common non-zero count, weighted by it.
            var frequency: [Int: Int] = [:]
            for n in counts where n > 0 { frequency[n, default: 0] += 1 }
            let score = frequency.map { $0.value * 1000 + $0.key }.max() ?? 0
            if score > best.1 { best = (delimiter, score) }
        }
        return best.0
    }

    /// The first `limit` non-empty lines (split at LF, CRLF or CR), without walking the
    /// rest of the text (a file's head is thousands of lines; splitting it all into
    /// characters cost more than the whole sniff).
    static func firstLines(of text: String, _ limit: Int) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex && lines.count < limit {
            let c = text[i]
            let next = text.index(after: i)
            if c == "\n" || c == "\r\n" || c == "\r" {
                if start < i { lines.append(text[start..<i]) }
                start = next
            }
            i = next
        }
        if lines.count < limit && start < text.endIndex { lines.append(text[start...]) }
        return lines
    }

    /// A `.csv` that is really a zip (xlsx) or OLE (xls) file, or binary, is refused up front.
    static func rejectForeignMagic(_ head: [UInt8], path: String) throws {
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw ReadError(code: .csvNotText, message: "文件扩展名为 CSV，但内容是 Excel（xlsx/zip）文件，请更正扩展名", file: path)
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ReadError(code: .csvNotText, message: "文件扩展名为 CSV，但内容是 Excel 97-2003（xls）或其他 OLE 文件", file: path)
        }
    }
}
