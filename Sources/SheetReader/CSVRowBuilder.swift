import LibCSV
import PartyModel

/// Turns libcsv's fields and record ends into rows with their starting line numbers,
/// through one decoding mode (``CSVTextDecoding``).
///
/// Each field is decoded (or copied) once into the block's ``FieldText``, which the
/// block's rows then share as a ``TextFields``: no `String` is made per cell. The
/// fields of a record that has not ended when a block is sealed move to the next
/// block's text. Handed to the parser `inout` (a value, so that the per-field work
/// runs without a class's reference counting and exclusivity checks).
struct CSVRowBuilder<Decoding: CSVTextDecoding>: ~Copyable, CSVRecordHandler {
    private let path: String
    private let sheet: String
    private let limits: ReadLimits
    /// How the fields' bytes become text.
    var decoding: Decoding
    /// The first error, after which fields are ignored.
    private(set) var error: ReadError? {
        didSet { failed = error != nil }
    }
    /// `error != nil`, tested once per field without touching the error.
    private var failed = false
    /// True when a field of the block being parsed may hold a line break: only a quoted
    /// field can, so a block without a quote (after one without, and not inside an
    /// open quoted field) needs no field searched for one.
    var fieldsMayHaveLineBreaks = true
    /// The physical line on which the record being parsed starts (1-based).
    private(set) var currentLine = 1
    private var newlinesInRecord = 0
    private var lastTerminator = CSVTerminator.endOfInput
    private var text = FieldText()
    /// The index in `text` of the first field of the record being read.
    private var recordFirst = 0
    /// Records completed since the last `seal`: line number, first field, field count.
    private var completed: [(number: Int, first: Int, count: Int)] = []

    init(path: String, sheet: String, limits: ReadLimits, decoding: Decoding) {
        self.path = path
        self.sheet = sheet
        self.limits = limits
        self.decoding = decoding
    }

    /// Appends rows of the records completed so far, sharing one ``TextFields``, to `rows`.
    mutating func seal(into rows: inout [SheetRow]) {
        guard !completed.isEmpty else { return }
        let shared = text.split(keepingFrom: recordFirst)
        rows.reserveCapacity(rows.count + completed.count)
        for record in completed {
            rows.append(SheetRow(number: record.number, fields: shared, first: record.first, count: record.count))
        }
        completed.removeAll(keepingCapacity: true)
        recordFirst = 0
    }

    /// A complete field from libcsv, its bytes valid only during the call.
    mutating func field(_ bytes: UnsafeRawBufferPointer) {
        guard !failed else { return }
        // Empty fields count too: a line of a million commas is refused here, not
        // turned into a million cells.
        let column = text.fieldCount - recordFirst
        if column >= limits.maxColumns {
            return fail(.sheetTooManyColumns, "列数超过 \(limits.maxColumns)（Excel 的上限）", row: currentLine, column)
        }
        let newlines = fieldsMayHaveLineBreaks && !bytes.isEmpty ? CSVBlockFailure.lineFeeds(in: bytes) : 0
        let fieldLine = currentLine + newlinesInRecord
        newlinesInRecord &+= newlines
        guard decoding.decode(bytes, into: &text) else {
            return fail(.csvInvalidEncoding, decoding.invalidFieldMessage, row: fieldLine, column)
        }
        let written = text.lastField
        if written.count > limits.maxCellCharacters,
           String(decoding: written, as: UTF8.self).count > limits.maxCellCharacters {
            fail(.cellTooLong, "单元格超过 \(limits.maxCellCharacters) 个字符（Excel 的上限），可能有未闭合的引号",
                 row: currentLine, column)
        }
    }

    /// The end of a record from libcsv.
    mutating func recordEnd(_ terminator: CSVTerminator) {
        defer { lastTerminator = terminator }
        let fieldCount = text.fieldCount - recordFirst
        // With CRLF line ends, libcsv reports the LF after a CR as an empty row of its own.
        if fieldCount == 0 && terminator == .lineFeed && lastTerminator == .carriageReturn { return }
        if !failed {
            completed.append((currentLine, recordFirst, fieldCount))
        }
        recordFirst = text.fieldCount
        currentLine += 1 + newlinesInRecord
        newlinesInRecord = 0
    }

    /// Records the first error, naming the field being read (its 0-based column in the record).
    private mutating func fail(_ code: ProblemCode, _ message: String, row: Int, _ column: Int) {
        error = ReadError(code: code, message: message, file: path, sheet: sheet, row: row,
                          column: columnLetters(column))
    }
}
