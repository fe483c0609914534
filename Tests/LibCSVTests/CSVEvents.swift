import LibCSV

/// What libcsv delivered while parsing: every complete field's bytes (quotes
/// removed, doubled quotes collapsed) one after another, and where records ended.
///
/// A ``CSVRecordHandler`` as a test sees it: the parser hands it fields and record
/// ends through the wrapper's API, without a C callback in sight.
struct CSVEvents: CSVRecordHandler {
    /// The fields' bytes, concatenated.
    private(set) var bytes: [UInt8] = []
    /// The end offset in `bytes` of each field, in order (a field starts where the previous ends).
    private(set) var fieldEnds: [Int] = []
    /// The record ends, in order.
    private(set) var records: [CSVRecordEnd] = []

    init() {}

    /// Empties the events, keeping the arrays' storage for the next block.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
    }

    mutating func field(_ data: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: data)
        fieldEnds.append(bytes.count)
    }

    mutating func recordEnd(_ terminator: CSVTerminator) {
        records.append(CSVRecordEnd(fieldCount: fieldEnds.count, terminator: terminator))
    }
}

/// The end of a record.
struct CSVRecordEnd: Sendable, Equatable {
    /// How many fields of the events came before this record end: the record's
    /// fields are the ones between the previous record end and this one (a record
    /// may have begun in an earlier block).
    var fieldCount: Int
    /// What ended it. With unquoted line breaks reported (always on here), a blank
    /// line is a record end with no fields.
    var terminator: CSVTerminator

    init(fieldCount: Int, terminator: CSVTerminator) {
        self.fieldCount = fieldCount
        self.terminator = terminator
    }
}

