import CLibCSV

/// Receives the events of a `CSVPushParser`: one call per field, one per row end.
public protocol CSVEventHandler: AnyObject {
    /// A complete field's bytes (quotes removed, doubled quotes collapsed). Valid only during the call.
    func field(_ bytes: UnsafeRawBufferPointer)
    /// The end of a record. `terminator` is the byte that ended it (`\n` or `\r`), or -1 at end of input.
    /// With unquoted line breaks reported (always on here), a blank line is a row end with no fields.
    func rowEnd(terminator: Int32)
}

/// A failure reported by libcsv, with its own message (`csv_strerror`).
public struct CSVParseError: Error, Sendable, CustomStringConvertible {
    /// libcsv's error code (`CSV_EPARSE`, `CSV_ENOMEM`, `CSV_ETOOBIG`).
    public let code: Int32
    public let message: String
    public var isParseError: Bool { code == CSV_EPARSE }
    public var description: String { "libcsv: \(message) (\(code))" }
}

/// A streaming CSV parser over libcsv: bytes are pushed in blocks and events come
/// back through a handler while `parse` runs.
///
/// Owns its `struct csv_parser` and frees it exactly once in `deinit`.
/// Leading and trailing spaces of fields are kept as they are (no trimming), so
/// cells come out raw.
public final class CSVPushParser {
    private let parser: UnsafeMutablePointer<csv_parser>
    private var initialised = false

    /// - Parameters:
    ///   - delimiter: the field separator byte (`,`, `\t`, `;` …).
    /// - Throws: `CSVParseError` when libcsv cannot initialise.
    public init(delimiter: UInt8) throws {
        parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        let options = UInt8(CSV_REPALL_NL)
        let rc = csv_init(parser, options)
        guard rc == 0 else {
            parser.deallocate()
            throw CSVParseError(code: Int32(CSV_ENOMEM), message: "csv_init failed")
        }
        initialised = true
        csv_set_delim(parser, delimiter)
        // libcsv trims spaces and tabs by default; a space function that never
        // matches keeps cells exactly as written.
        csv_set_space_func(parser) { _ in 0 }
    }

    deinit {
        if initialised { csv_free(parser) }
        parser.deallocate()
    }

    /// Feeds a block of bytes. Events for every complete field and row are delivered before it returns.
    /// - Throws: `CSVParseError` when libcsv stops (out of memory; parse errors only in strict mode).
    public func parse(_ bytes: UnsafeRawBufferPointer, handler: some CSVEventHandler) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let box = Unmanaged.passRetained(HandlerBox(handler))
        defer { box.release() }
        let consumed = csv_parse(parser, base, bytes.count, fieldCallback, rowCallback, box.toOpaque())
        if consumed != bytes.count {
            throw currentError()
        }
    }

    /// Ends the input: delivers the last field and row, if any.
    /// - Throws: `CSVParseError` with `isParseError` when a quoted field was never closed.
    public func finish(handler: some CSVEventHandler) throws {
        // libcsv's csv_fini only reports an unterminated quote in CSV_STRICT mode, which
        // also rejects stray quotes inside unquoted fields (common in hand-made files).
        // Its state is public in csv.h: pstate 2 (FIELD_BEGUN in libcsv.c) with `quoted`
        // set means a quoted field is still open.
        if unterminatedQuote {
            throw CSVParseError(code: Int32(CSV_EPARSE), message: "unterminated quoted field")
        }
        let box = Unmanaged.passRetained(HandlerBox(handler))
        defer { box.release() }
        let rc = csv_fini(parser, fieldCallback, rowCallback, box.toOpaque())
        if rc != 0 { throw currentError() }
    }

    /// True while a quoted field is open (its closing quote not yet seen).
    public var unterminatedQuote: Bool {
        parser.pointee.quoted != 0 && parser.pointee.pstate == 2
    }

    private func currentError() -> CSVParseError {
        let code = csv_error(parser)
        let text = csv_strerror(code).map { String(cString: $0) } ?? "unknown error"
        return CSVParseError(code: code, message: text)
    }
}

private final class HandlerBox {
    let handler: any CSVEventHandler
    init(_ handler: any CSVEventHandler) { self.handler = handler }
}

private func fieldCallback(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    let box = Unmanaged<HandlerBox>.fromOpaque(context).takeUnretainedValue()
    box.handler.field(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length))
}

private func rowCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    let box = Unmanaged<HandlerBox>.fromOpaque(context).takeUnretainedValue()
    box.handler.rowEnd(terminator: terminator)
}
