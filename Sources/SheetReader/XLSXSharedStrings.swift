import Expat
import Foundation

/// Text handling shared by shared strings and inline strings.
enum XLSXText {
    /// Finishes one `<t>` run: outside `xml:space="preserve"` leading and trailing
    /// ASCII whitespace is trimmed (as calamine does); then Excel's `_xHHHH_`
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

    /// Decodes `_xHHHH_` sequences (four hex digits, one UTF-16 code unit; two in a
    /// row may form a surrogate pair), leaving anything else as is. `_x005F_` is an
    /// underscore, so `_x005F_x000D_` reads as the literal text `_x000D_`.
    static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.count >= 7, bytes.contains(UInt8(ascii: "_")) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            guard let unit = escapedUnit(bytes, at: i) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            i += 7
            var scalar = UnicodeScalar(unit)
            if (0xD800...0xDBFF).contains(unit), let low = escapedUnit(bytes, at: i), (0xDC00...0xDFFF).contains(low) {
                scalar = UnicodeScalar(0x10000 + (UInt32(unit) - 0xD800) << 10 + (UInt32(low) - 0xDC00))
                i += 7
            }
            // A lone surrogate has no scalar: it reads as U+FFFD, as UTF-16 decoding would.
            out.append(contentsOf: Array(String(Character(scalar ?? "\u{FFFD}")).utf8))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The code unit of an `_xHHHH_` escape starting at `i`, or nil.
    private static func escapedUnit(_ bytes: ArraySlice<UInt8>, at i: Int) -> UInt16? {
        guard i + 7 <= bytes.endIndex, bytes[i] == UInt8(ascii: "_"), bytes[i + 1] == UInt8(ascii: "x"),
              bytes[i + 6] == UInt8(ascii: "_") else { return nil }
        var unit: UInt16 = 0
        for k in 2..<6 {
            let b = bytes[i + k]
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x41...0x46: digit = b - 0x41 + 10
            case 0x61...0x66: digit = b - 0x61 + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
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
        failure = ReadError(code: .xlsxCellTooLong,
                            message: "共享字符串第 \(strings.count + 1) 项过长\(size)，超过 Excel 单元格上限 "
                                + "\(limits.maxCellCharacters) 个字符",
                            file: path, sheet: part)
        parser?.stop()
    }
}
