import CExpat

/// A failure reported by expat, or a parse stopped on purpose.
public struct ExpatError: Error, Sendable, CustomStringConvertible {
    /// Why the parse ended.
    public enum Kind: Sendable, Equatable {
        /// The document declares a DTD (`<!DOCTYPE …>`); DTDs are never processed.
        case doctypeForbidden
        /// The document is not well-formed XML (expat's own error).
        case malformed
        /// The delegate called `stop()`; the delegate knows why.
        case stoppedByDelegate
    }

    /// Why the parse ended.
    public var kind: Kind
    /// `XML_ErrorString` of expat's error code.
    public var message: String
    /// expat's `XML_Error` code.
    public var code: Int
    /// 1-based line of the error in the document.
    public var line: Int
    /// 0-based column of the error in the document.
    public var column: Int

    /// expat's message and where in the document, on one line.
    public var description: String { "\(message) (line \(line), column \(column))" }
}

/// An element name as expat reports it (UTF-8, NUL-terminated, valid during the callback only).
public struct XMLName {
    /// The full name, possibly with a namespace prefix (`x:c`).
    public let raw: UnsafePointer<CChar>

    /// Wraps a NUL-terminated name.
    @inlinable public init(raw: UnsafePointer<CChar>) { self.raw = raw }

    /// The name without its namespace prefix.
    @inlinable public var local: UnsafePointer<UInt8> {
        let bytes = UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self)
        var p = bytes
        var start = bytes
        while p.pointee != 0 {
            if p.pointee == UInt8(ascii: ":") { start = p + 1 }
            p += 1
        }
        return start
    }

    /// True when the local name (prefix ignored) equals `name`.
    @inlinable public func `is`(_ name: StaticString) -> Bool {
        XMLName.equal(local, name)
    }

    /// Compares a NUL-terminated byte string with a static ASCII string.
    @inlinable public static func equal(_ p: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        let s = name.utf8Start
        for i in 0..<n where p[i] != s[i] { return false }
        return p[n] == 0
    }

    /// The full name as a Swift string.
    public var string: String { String(cString: raw) }
}

/// The attributes of a start tag (valid during the callback only).
public struct XMLAttributes {
    @usableFromInline let base: UnsafeMutablePointer<UnsafePointer<CChar>?>?

    @usableFromInline init(base: UnsafeMutablePointer<UnsafePointer<CChar>?>?) { self.base = base }

    /// The value of the attribute whose local name (prefix ignored) is `name`, as a NUL-terminated UTF-8 string.
    @inlinable public func value(_ name: StaticString) -> UnsafePointer<CChar>? {
        guard let base else { return nil }
        var i = 0
        while let key = base[i] {
            if XMLName(raw: key).is(name) { return base[i + 1] }
            i += 2
        }
        return nil
    }

    /// Calls `body` with each attribute's local name (prefix dropped) and value, in document order.
    @inlinable public func forEach(_ body: (_ localName: UnsafePointer<UInt8>, _ value: UnsafePointer<CChar>) -> Void) {
        guard let base else { return }
        var i = 0
        while let key = base[i] {
            if let value = base[i + 1] { body(XMLName(raw: key).local, value) }
            i += 2
        }
    }

    /// The value of the attribute `name` as a Swift string.
    @inlinable public func string(_ name: StaticString) -> String? {
        value(name).map { String(cString: $0) }
    }
}

/// Receives the events of an `ExpatParser`.
public protocol ExpatDelegate: AnyObject {
    /// A start tag (or an empty-element tag, followed at once by `endElement`).
    func startElement(_ name: XMLName, _ attributes: XMLAttributes)
    /// An end tag.
    func endElement(_ name: XMLName)
    /// Character data; one text node may arrive in several pieces.
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}

/// A streaming, non-validating XML parser over libexpat that never processes a DTD.
///
/// The parser owns its `XML_Parser` and frees it once, in `deinit`. Feed the document
/// in chunks with `parse(_:isFinal:delegate:)`. A `<!DOCTYPE` anywhere stops the parse with
/// `ExpatError.Kind.doctypeForbidden`, so no entity is ever declared, expanded or fetched
/// (expat itself never opens files or the network).
public final class ExpatParser {
    private let parser: XML_Parser
    // Unowned: set only for the duration of `parse`, whose caller keeps the
    // delegate alive; avoids a retain/release pair on every callback.
    private unowned(unsafe) var delegate: (any ExpatDelegate)?
    private var sawDoctype = false
    private var stoppedByDelegate = false

    /// Creates a parser. Returns nil when expat cannot allocate one.
    public init?() {
        guard let p = XML_ParserCreate(nil) else { return nil }
        parser = p
        XML_SetUserData(p, Unmanaged.passUnretained(self).toOpaque())
        // "XML_PARAM_ENTITY_PARSING_NEVER" is expat's default; set it anyway so
        // that no external parameter entity can ever be requested.
        guard XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER) == 1 else { return nil }
        XML_SetStartDoctypeDeclHandler(p) { userData, _, _, _, _ in
            guard let userData else { return }
            let me = Unmanaged<ExpatParser>.fromOpaque(userData).takeUnretainedValue()
            me.sawDoctype = true
            me.stopNow()
        }
        XML_SetEntityDeclHandler(p) { userData, _, _, _, _, _, _, _, _ in
            guard let userData else { return }
            let me = Unmanaged<ExpatParser>.fromOpaque(userData).takeUnretainedValue()
            me.sawDoctype = true
            me.stopNow()
        }
        // The callbacks borrow the parser (`_withUnsafeGuaranteedRef`): it is alive
        // for the whole XML_Parse call that invokes them.
        XML_SetElementHandler(p, { userData, name, atts in
            guard let userData, let name else { return }
            Unmanaged<ExpatParser>.fromOpaque(userData)._withUnsafeGuaranteedRef {
                $0.delegate?.startElement(XMLName(raw: name), XMLAttributes(base: atts))
            }
        }, { userData, name in
            guard let userData, let name else { return }
            Unmanaged<ExpatParser>.fromOpaque(userData)._withUnsafeGuaranteedRef {
                $0.delegate?.endElement(XMLName(raw: name))
            }
        })
        XML_SetCharacterDataHandler(p) { userData, s, len in
            guard let userData, let s, len > 0 else { return }
            let bytes = UnsafeRawPointer(s).assumingMemoryBound(to: UInt8.self)
            Unmanaged<ExpatParser>.fromOpaque(userData)._withUnsafeGuaranteedRef {
                $0.delegate?.characters(UnsafeBufferPointer(start: bytes, count: Int(len)))
            }
        }
    }

    deinit {
        XML_ParserFree(parser)
    }

    /// Stops the parse from inside a delegate callback; `parse` then throws
    /// `ExpatError` with kind `.stoppedByDelegate`.
    public func stop() {
        stoppedByDelegate = true
        stopNow()
    }

    private func stopNow() {
        // XML_StopParser fails only when the parser is already finished or
        // suspended, in which case parsing has stopped anyway.
        _ = XML_StopParser(parser, XML_FALSE)
    }

    /// Parses the next chunk of the document.
    /// - Parameters:
    ///   - bytes: The chunk (any encoding expat detects; usually UTF-8).
    ///   - isFinal: True for the last chunk (may be empty).
    ///   - delegate: Receives the events of this chunk.
    /// - Throws: `ExpatError` on malformed XML, a DTD, or a stop requested by the delegate.
    public func parse(_ bytes: UnsafeRawBufferPointer, isFinal: Bool, delegate: any ExpatDelegate) throws(ExpatError) {
        self.delegate = delegate
        defer { self.delegate = nil }
        var offset = 0
        let maxChunk = Int(Int32.max)
        repeat {
            let n = min(bytes.count - offset, maxChunk)
            let last = isFinal && offset + n == bytes.count
            let base = bytes.baseAddress.map { ($0 + offset).assumingMemoryBound(to: CChar.self) }
            let status = XML_Parse(parser, base, Int32(n), last ? 1 : 0)
            if status != XML_STATUS_OK {
                throw currentError()
            }
            offset += n
        } while offset < bytes.count
    }

    private func currentError() -> ExpatError {
        let code = XML_GetErrorCode(parser)
        let line = Int(XML_GetCurrentLineNumber(parser))
        let column = Int(XML_GetCurrentColumnNumber(parser))
        let kind: ExpatError.Kind
        if sawDoctype {
            kind = .doctypeForbidden
        } else if stoppedByDelegate && code == XML_ERROR_ABORTED {
            kind = .stoppedByDelegate
        } else {
            kind = .malformed
        }
        let message: String
        if kind == .doctypeForbidden {
            message = "DOCTYPE declarations are not allowed"
        } else if let s = XML_ErrorString(code) {
            message = String(cString: s)
        } else {
            message = "expat error \(code.rawValue)"
        }
        return ExpatError(kind: kind, message: message, code: Int(code.rawValue), line: line, column: column)
    }
}
