import CLibCSV
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure reported by libcsv, with its own message (`csv_strerror`).
public struct CSVParseError: Error, Sendable, CustomStringConvertible {
    /// libcsv's error code (`CSV_EPARSE`, `CSV_ENOMEM`, `CSV_ETOOBIG`).
    public let code: Int32
    /// libcsv's own message for the code (`csv_strerror`).
    public let message: String
    /// True when the input is malformed (strict mode), rather than memory or size exhausted.
    public var isParseError: Bool { code == CSV_EPARSE }
    /// libcsv's message and code, on one line.
    public var description: String { "libcsv: \(message) (\(code))" }
}

/// A streaming CSV parser over libcsv: bytes are pushed in blocks, and each field and
/// record end they complete goes to the caller's ``CSVRecordHandler``.
///
/// Owns its `struct csv_parser` and frees it exactly once in `deinit`. libcsv's C
/// callbacks and their context pointer stay inside this module. Leading and trailing
/// spaces of fields are kept as they are (no trimming), so cells come out raw.
///
///     let parser = try CSVPushParser(delimiter: UInt8(ascii: ","))
///     try parser.parse(block, into: &rows)   // rows: some CSVRecordHandler
///     try parser.finish(into: &rows)
public final class CSVPushParser {
    private let parser: UnsafeMutablePointer<csv_parser>
    private var initialised = false
    /// True while the never-matching space test is installed (see `parse`).
    private var keepsSpaces = true

    /// A parser splitting on `delimiter`.
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
        csv_set_space_func(parser, partystats_csv_never_space)
    }

    deinit {
        if initialised { csv_free(parser) }
        parser.deallocate()
    }

    /// Feeds a block of bytes and hands `handler` every field and record end it
    /// completes (a field's bytes are valid only during the call: no copy in between).
    /// - Throws: `CSVParseError` when libcsv stops (out of memory; parse errors only in strict mode).
    @inlinable
    public func parse<Handler: CSVRecordHandler & ~Copyable>(_ bytes: UnsafeRawBufferPointer,
                                                             into handler: inout Handler) throws {
        try CSVDispatch.with(&handler) { try parse(bytes, dispatch: $0) }
    }

    /// Ends the input, handing `handler` the last field and record end, if any.
    /// - Throws: `CSVParseError` with `isParseError` when a quoted field was never closed.
    @inlinable
    public func finish<Handler: CSVRecordHandler & ~Copyable>(into handler: inout Handler) throws {
        try CSVDispatch.with(&handler) { try finish(dispatch: $0) }
    }

    @usableFromInline
    func parse(_ bytes: UnsafeRawBufferPointer, dispatch: CSVDispatch) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // libcsv asks the space test about every byte of an unquoted field. A block
        // without a space or a tab cannot be trimmed, so libcsv's own inline test
        // (space or tab) gives the same fields there at no call per byte.
        let mayHaveSpaces = memchr(base, 0x20, bytes.count) != nil || memchr(base, 0x09, bytes.count) != nil
        if mayHaveSpaces != keepsSpaces {
            csv_set_space_func(parser, mayHaveSpaces ? partystats_csv_never_space : nil)
            keepsSpaces = mayHaveSpaces
        }
        let consumed = withExtendedLifetime(dispatch) {
            csv_parse(parser, base, bytes.count, dispatchField, dispatchRecord, dispatch.context)
        }
        if consumed != bytes.count {
            throw currentError()
        }
    }

    @usableFromInline
    func finish(dispatch: CSVDispatch) throws {
        // libcsv's csv_fini only reports an unterminated quote in CSV_STRICT mode, which
        // also rejects stray quotes inside unquoted fields (common in hand-made files).
        // Its state is public in csv.h: pstate 2 (FIELD_BEGUN in libcsv.c) with `quoted`
        // set means a quoted field is still open.
        if unterminatedQuote {
            throw CSVParseError(code: Int32(CSV_EPARSE), message: "unterminated quoted field")
        }
        let rc = withExtendedLifetime(dispatch) { csv_fini(parser, dispatchField, dispatchRecord, dispatch.context) }
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

/// What ends a record.
public enum CSVTerminator: Sendable, Equatable {
    /// An unquoted line feed.
    case lineFeed
    /// An unquoted carriage return (a CRLF pair ends a record and then an empty one).
    case carriageReturn
    /// The end of the input (``CSVPushParser/finish(into:)``).
    case endOfInput
}

/// Receives what a ``CSVPushParser`` completes, in order. A value type is handed
/// over `inout` for the length of one `parse` or `finish` call, so that its per-field
/// work runs without the reference counting or exclusivity checks of a class.
public protocol CSVRecordHandler: ~Copyable {
    /// A complete field: quotes removed, doubled quotes collapsed, spaces kept; empty
    /// for an empty field. The bytes are libcsv's, valid only during the call.
    mutating func field(_ bytes: UnsafeRawBufferPointer)
    /// The end of a record. With every unquoted line break reported, a blank line is a
    /// record end with no fields.
    mutating func recordEnd(_ terminator: CSVTerminator)
}

/// The context libcsv's callbacks get: the handler and its two entry points,
/// specialised for the handler's type where `parse(_:into:)` is inlined. A class, so
/// that the callbacks read its closures from a reference they hold unretained for the
/// call (read from a pointer to a struct, each closure was retained and released per field).
@usableFromInline
final class CSVDispatch {
    @usableFromInline let handler: UnsafeMutableRawPointer
    @usableFromInline let field: (UnsafeMutableRawPointer, UnsafeRawBufferPointer) -> Void
    @usableFromInline let record: (UnsafeMutableRawPointer, CSVTerminator) -> Void

    @inlinable
    init(handler: UnsafeMutableRawPointer, field: @escaping (UnsafeMutableRawPointer, UnsafeRawBufferPointer) -> Void,
         record: @escaping (UnsafeMutableRawPointer, CSVTerminator) -> Void) {
        self.handler = handler
        self.field = field
        self.record = record
    }

    /// Calls `body` with a dispatch to `handler`, valid for the duration of the call.
    @inlinable
    static func with<Handler: CSVRecordHandler & ~Copyable>(
        _ handler: inout Handler, _ body: (CSVDispatch) throws -> Void
    ) throws {
        try withUnsafeMutablePointer(to: &handler) { pointer in
            let dispatch = CSVDispatch(
                handler: UnsafeMutableRawPointer(pointer),
                field: { $0.assumingMemoryBound(to: Handler.self).pointee.field($1) },
                record: { $0.assumingMemoryBound(to: Handler.self).pointee.recordEnd($1) })
            try body(dispatch)
        }
    }

    /// The context pointer for libcsv: this dispatch, unretained (the caller keeps it alive).
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

// libcsv's callbacks; the context is the `CSVDispatch` of the csv_parse or csv_fini
// call that passes it, kept alive by that call (`withExtendedLifetime`).
private func dispatchField(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    Unmanaged<CSVDispatch>.fromOpaque(context)._withUnsafeGuaranteedRef {
        $0.field($0.handler, UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length))
    }
}

private func dispatchRecord(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    let end: CSVTerminator = terminator == 0x0A ? .lineFeed : terminator == 0x0D ? .carriageReturn : .endOfInput
    Unmanaged<CSVDispatch>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.record($0.handler, end) }
}
