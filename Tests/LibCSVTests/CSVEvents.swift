import LibCSV

// What libcsv delivered while parsing, collected for the tests: every complete
// field's bytes (quotes removed, doubled quotes collapsed) one after another, and
// where records ended. Filled through the parser's callback API, as SheetReader's
// CSV cursor fills its rows.
/// What libcsv delivered while parsing: every complete field's bytes (quotes
/// removed, doubled quotes collapsed) one after another, and where records ended.
///
/// Collected by the C callbacks straight into these arrays, so that the caller can
/// walk a whole block's fields in one loop instead of taking a call per field.
struct CSVEvents {
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

    mutating func appendField(_ data: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: data)
        fieldEnds.append(bytes.count)
    }

    mutating func appendRecordEnd(_ terminator: Int32) {
        records.append(CSVRecordEnd(fieldCount: fieldEnds.count, terminator: terminator))
    }
}

/// The end of a record.
struct CSVRecordEnd: Sendable, Equatable {
    /// How many fields of the events came before this record end: the record's
    /// fields are the ones between the previous record end and this one (a record
    /// may have begun in an earlier block).
    var fieldCount: Int
    /// The byte that ended it (`\n` or `\r`), or -1 at the end of input. With
    /// unquoted line breaks reported (always on here), a blank line is a record end
    /// with no fields.
    var terminator: Int32

    init(fieldCount: Int, terminator: Int32) {
        self.fieldCount = fieldCount
        self.terminator = terminator
    }
}


extension CSVPushParser {
    /// Feeds a block and appends every field and record end it completes to `events`.
    func parse(_ bytes: UnsafeRawBufferPointer, into events: inout CSVEvents) throws {
        try withUnsafeMutablePointer(to: &events) { context in
            try parse(bytes, context: UnsafeMutableRawPointer(context), field: eventsField, record: eventsRecord)
        }
    }

    /// Ends the input, appending the last field and record end, if any.
    func finish(into events: inout CSVEvents) throws {
        try withUnsafeMutablePointer(to: &events) { context in
            try finish(context: UnsafeMutableRawPointer(context), field: eventsField, record: eventsRecord)
        }
    }
}

// The callbacks' context is the `CSVEvents` being filled, valid for the duration of
// the csv_parse or csv_fini call that passes it.
private func eventsField(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    guard let events = context?.assumingMemoryBound(to: CSVEvents.self) else { return }
    events.pointee.appendField(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length))
}

private func eventsRecord(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let events = context?.assumingMemoryBound(to: CSVEvents.self) else { return }
    events.pointee.appendRecordEnd(terminator)
}
