/// What a sheet cursor shares with its workbook: the workbook stream and its globals.
final class XLSBook {
    let path: String
    let stream: [UInt8]
    let globals: XLSGlobals
    let limits: ReadLimits

    init(path: String, stream: [UInt8], globals: XLSGlobals, limits: ReadLimits) {
        self.path = path
        self.stream = stream
        self.globals = globals
        self.limits = limits
    }
}

/// Streams the rows of one `.xls` worksheet from its substream ([MS-XLS] 2.1.7.20.5):
/// the cell records (NUMBER, RK, MULRK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA
/// with its cached result and the STRING after it, BLANK, MULBLANK) become rows,
/// numbered from 1 with empty rows for the gaps, up to the last row holding any cell
/// record. Records of embedded substreams (charts) are skipped.
///
/// Opening scans the record headers once (`XLSSheetScan`): when the cells come in row
/// order, as every writer puts them, rows are decoded one at a time as they are asked
/// for; otherwise the sheet's cells are gathered first and handed out in order.
final class XLSSheetCursor: SheetCursor {
    private let book: XLSBook
    private let sheet: String
    private let scan: XLSSheetScan
    private var decoder: XLSCellDecoder
    /// The next record to decode.
    private var offset: Int
    private var depth = 0
    private var finished = false
    /// Rows decoded and not yet handed out: (0-based row, cells), in row order.
    private var queue: [(Int, [CellValue])] = []
    private var head = 0
    /// The row being gathered (ordered sheets): its 0-based index and cells.
    private var building = -1
    private var cells: [CellValue] = []
    /// The 1-based number of the next row to hand out.
    private var nextNumber = 1

    /// Opens the sheet whose BOF record is at `scan.start`.
    init(book: XLSBook, sheet: String, scan: XLSSheetScan) {
        self.book = book
        self.sheet = sheet
        self.scan = scan
        decoder = XLSCellDecoder(book: book)
        offset = scan.start
    }

    /// The next row, or nil after the last row holding a cell record.
    /// - Throws: `ReadError` naming the file, the sheet and the row.
    func next() throws -> SheetRow? {
        while true {
            if head < queue.count {
                let (index, row) = queue[head]
                if nextNumber <= index {
                    nextNumber += 1
                    return SheetRow(number: nextNumber - 1, cells: [])
                }
                queue[head].1 = []
                head += 1
                nextNumber = index + 2
                return SheetRow(number: index + 1, cells: row)
            }
            if head > 0 {
                queue.removeAll(keepingCapacity: true)
                head = 0
            }
            if finished {
                guard nextNumber <= scan.lastRow + 1 else { return nil }
                nextNumber += 1
                return SheetRow(number: nextNumber - 1, cells: [])
            }
            do {
                try decode()
            } catch let fault {
                finished = true
                throw ReadError(code: fault.code, message: fault.message, file: book.path, sheet: sheet,
                                row: decoder.lastRow.map { $0 + 1 }, column: decoder.lastColumn.map(columnLetters))
            }
        }
    }

    /// Decodes records until a row is complete (ordered) or the sheet ends.
    private func decode() throws(XLSFault) {
        let bytes = book.stream
        let ordered = scan.ordered
        var byRow: [Int: [CellValue]] = [:]
        while !finished {
            guard offset < scan.end, let record = try XLSRecord.at(offset, in: bytes) else {
                finished = true
                break
            }
            offset = record.end
            switch record.type {
            case 0x0809:
                if record.body - 4 != scan.start { depth += 1 }
                continue
            case 0x000A:
                if depth == 0 { finished = true } else { depth -= 1 }
                continue
            default:
                if depth > 0 { continue }
            }
            try decoder.decode(record, in: bytes) { row, column, value in
                if !ordered {
                    byRow[row, default: []].put(value, at: column)
                    return
                }
                if row != building {
                    if building >= 0 && !cells.isEmpty { queue.append((building, cells)) }
                    building = row
                    cells = []
                }
                cells.put(value, at: column)
            }
            if ordered && !queue.isEmpty { return }
        }
        if ordered {
            if building >= 0 && !cells.isEmpty { queue.append((building, cells)) }
            cells = []
        } else {
            queue = byRow.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
    }
}

extension Array where Element == CellValue {
    /// Sets the cell at a 0-based column, padding with empty cells.
    @inline(__always)
    mutating func put(_ value: CellValue, at column: Int) {
        if column < count {
            self[column] = value
        } else {
            if column > count { append(contentsOf: repeatElement(.empty, count: column - count)) }
            append(value)
        }
    }
}

/// What a pass over a sheet's record headers finds: where the sheet ends, its last
/// row, whether its cells come in row order, and its merged ranges.
struct XLSSheetScan {
    var start: Int
    var end: Int
    /// The last 0-based row of any cell record (blank cells included); -1 for none.
    var lastRow = -1
    var ordered = true
    var merged: [(firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int)] = []

    /// Scans from the sheet's BOF at `start` to its EOF (or the end of the stream).
    /// - Throws: `XLSFault` when no BOF is at `start`, a record runs past the end, or a
    ///   row or column is beyond the limits.
    init(stream bytes: [UInt8], start: Int, limits: ReadLimits) throws(XLSFault) {
        self.start = start
        guard start >= 0, let bof = try XLSRecord.at(start, in: bytes), [0x0809, 0x0009, 0x0209,
                                                                         0x0409].contains(bof.type) else {
            throw .corrupt("工作表的起始位置（偏移 \(start)）不是 BOF 记录")
        }
        var offset = bof.end
        var depth = 0
        var previous = -1
        end = bytes.count
        while let record = try XLSRecord.at(offset, in: bytes) {
            offset = record.end
            switch record.type {
            case 0x0809:
                depth += 1
            case 0x000A:
                if depth == 0 {
                    end = offset
                    return
                }
                depth -= 1
            case 0x00E5 where depth == 0 && record.length >= 2:
                let count = min(bytes.le16(record.body), (record.length - 2) / 8)
                for i in 0..<count {
                    let at = record.body + 2 + 8 * i
                    merged.append((bytes.le16(at), bytes.le16(at + 4), bytes.le16(at + 2), bytes.le16(at + 6)))
                }
            case 0x0203, 0x027E, 0x00BD, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0201, 0x00BE, 0x0006,
                 0x0206, 0x0406, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005:
                guard depth == 0, record.length >= 4 else { continue }
                let row = bytes.le16(record.body)
                if row < previous { ordered = false }
                previous = row
                lastRow = max(lastRow, row)
                guard row < limits.maxRows else {
                    throw XLSFault(code: .xlsTooManyRows, message: "行数超过上限 \(limits.maxRows) 行")
                }
            default:
                break
            }
        }
    }
}

extension XLSSheetScan {
    /// A sheet with no records (a chart or module sheet that cannot be found).
    init(empty streamLength: Int) {
        start = streamLength
        end = streamLength
    }
}
