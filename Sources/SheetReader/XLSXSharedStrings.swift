import Expat
import Foundation

/// Text handling shared by shared strings and inline strings.
enum XLSXText {
    /// Finishes one `<t>` run: outside `xml:space="preserve"` leading and trailing
    /// ASCII whitespace is trimmed (as calamine does); then Excel's `_x00HH_`
    /// escapes are decoded (`_x000D_` → CR, `_x005F_` → `_`).
    static func run(_ bytes: ArraySlice<UInt8>, preserve: Bool) -> String {
        var slice = bytes
        if !preserve {
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
            while let f = slice.first, isSpace(f) { slice = slice.dropFirst() }
            while let l = slice.last, isSpace(l) { slice = slice.dropLast() }
        }
        return unescape(slice)
    }

    /// Decodes `_x00HH_` sequences (two hex digits), leaving anything else as is.
    static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        let u = UInt8(ascii: "_"), x = UInt8(ascii: "x"), zero = UInt8(ascii: "0")
        guard bytes.count >= 7, bytes.contains(u) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x41 + 10
            case 0x61...0x66: return b - 0x61 + 10
            default: return nil
            }
        }
        while i < end {
            if bytes[i] == u, i + 7 <= end, bytes[i + 1] == x, bytes[i + 2] == zero, bytes[i + 3] == zero,
               bytes[i + 6] == u, let h = hex(bytes[i + 4]), let l = hex(bytes[i + 5]) {
                let v = h << 4 | l
                if v < 0x80 {
                    out.append(v)
                } else {
                    out.append(0xC0 | v >> 6)
                    out.append(0x80 | v & 0x3F)
                }
                i += 7
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Collects text from `<t>` elements of a string item (`<si>` or `<is>`): plain or
/// rich-text runs (`<r><t>`) concatenated, phonetic runs (`<rPh>`) ignored.
struct XLSXStringCollector {
    private(set) var text = ""
    private var buffer: [UInt8] = []
    private var inT = false
    private var preserve = false
    private var phoneticDepth = 0
    private var maxBytes: Int

    init(maxCharacters: Int) {
        // UTF-8 takes at most 4 bytes per UTF-16 unit; bound the buffer well above the limit.
        maxBytes = maxCharacters * 4 + 64
    }

    mutating func reset() {
        text = ""
        buffer.removeAll(keepingCapacity: true)
        inT = false
        phoneticDepth = 0
    }

    mutating func start(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("rPh") {
            phoneticDepth += 1
        } else if name.is("t") && phoneticDepth == 0 {
            inT = true
            preserve = attributes.string("space") == "preserve"
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Returns false when the text grew past the byte bound.
    mutating func end(_ name: XMLName) -> Bool {
        if name.is("rPh") {
            phoneticDepth = max(0, phoneticDepth - 1)
        } else if name.is("t") && inT {
            inT = false
            text += XLSXText.run(buffer[...], preserve: preserve)
            if text.utf8.count > maxBytes { return false }
        }
        return true
    }

    /// Returns false when the text grew past the byte bound.
    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard inT else { return true }
        buffer.append(contentsOf: bytes)
        return buffer.count <= maxBytes
    }
}

/// Reads sharedStrings.xml into memory (cells refer to it by index).
final class XLSXSharedStringsParser: XLSXPartDelegate {
    private(set) var strings: [String] = []
    private var collector: XLSXStringCollector
    private var inItem = false
    private let limits: ReadLimits
    private let path: String
    private let part: String
    // Unowned: attached by `XLSXArchive.parse`, which owns the parser for the whole parse.
    private unowned(unsafe) var parser: ExpatParser?
    var failure: ReadError?

    func attach(_ parser: ExpatParser) { self.parser = parser }

    init(limits: ReadLimits, path: String, part: String) {
        self.limits = limits
        self.path = path
        self.part = part
        collector = XLSXStringCollector(maxCharacters: limits.maxCellCharacters)
    }

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("si") {
            inItem = true
            collector.reset()
        } else if inItem {
            collector.start(name, attributes)
        }
    }

    func endElement(_ name: XMLName) {
        guard inItem else { return }
        if name.is("si") {
            inItem = false
            let s = collector.text
            if s.utf8.count > limits.maxCellCharacters && s.utf16.count > limits.maxCellCharacters {
                fail(s.utf16.count)
                return
            }
            strings.append(s)
        } else if !collector.end(name) {
            fail(nil)
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if inItem && !collector.characters(text) { fail(nil) }
    }

    private func fail(_ count: Int?) {
        guard failure == nil else { return }
        let size = count.map { "（\($0) 个字符）" } ?? ""
        failure = ReadError(code: "xlsx.cell_too_long",
                            message: "共享字符串第 \(strings.count + 1) 项过长\(size)，超过 Excel 单元格上限 \(limits.maxCellCharacters) 个字符",
                            file: path, sheet: part)
        parser?.stop()
    }
}
