import CLibCSV
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libcsv's field callback: the field's bytes (nil for an empty field), their count, the context.
public typealias CSVFieldCallback = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void
/// libcsv's record callback: the terminating byte (`\n`, `\r`, or -1 at the end of input), the context.
public typealias CSVRecordCallback = @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void

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

/// A streaming CSV parser over libcsv: bytes are pushed in blocks, and libcsv calls
/// the caller's C callbacks with each field and record end they complete.
///
/// Owns its `struct csv_parser` and frees it exactly once in `deinit`.
/// Leading and trailing spaces of fields are kept as they are (no trimming), so
/// cells come out raw.
public final class CSVPushParser {
    private let parser: UnsafeMutablePointer<csv_parser>
    private var initialised = false
    /// True while the never-matching space test is installed (see `parse`).
    private var keepsSpaces = true

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

    /// Feeds a block of bytes; libcsv calls `field` with each complete field's bytes
    /// (valid only during the call) and `record` with each record's terminator, both
    /// with `context`. For callers that handle fields as they come, without a copy.
    /// - Throws: `CSVParseError` when libcsv stops (out of memory; parse errors only in strict mode).
    public func parse(_ bytes: UnsafeRawBufferPointer, context: UnsafeMutableRawPointer,
                      field: CSVFieldCallback, record: CSVRecordCallback) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // libcsv asks the space test about every byte of an unquoted field. A block
        // without a space or a tab cannot be trimmed, so libcsv's own inline test
        // (space or tab) gives the same fields there at no call per byte.
        let mayHaveSpaces = memchr(base, 0x20, bytes.count) != nil || memchr(base, 0x09, bytes.count) != nil
        if mayHaveSpaces != keepsSpaces {
            csv_set_space_func(parser, mayHaveSpaces ? partystats_csv_never_space : nil)
            keepsSpaces = mayHaveSpaces
        }
        let consumed = csv_parse(parser, base, bytes.count, field, record, context)
        if consumed != bytes.count {
            throw currentError()
        }
    }

    /// Ends the input, delivering the last field and row, if any, to the callbacks (see
    /// `parse(_:context:field:record:)`).
    /// - Throws: `CSVParseError` with `isParseError` when a quoted field was never closed.
    public func finish(context: UnsafeMutableRawPointer, field: CSVFieldCallback, record: CSVRecordCallback) throws {
        // libcsv's csv_fini only reports an unterminated quote in CSV_STRICT mode, which
        // also rejects stray quotes inside unquoted fields (common in hand-made files).
        // Its state is public in csv.h: pstate 2 (FIELD_BEGUN in libcsv.c) with `quoted`
        // set means a quoted field is still open.
        if unterminatedQuote {
            throw CSVParseError(code: Int32(CSV_EPARSE), message: "unterminated quoted field")
        }
        let rc = csv_fini(parser, field, record, context)
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
