import Expat
import Foundation

/// Streams the rows of one worksheet: inflated chunks from `XLSXChunkStream` go to
/// expat, whose events `XLSXSheetHandler` turns into rows; rows missing from the
/// file are filled in as empty rows so that numbers run 1, 2, 3 … without gaps.
///
/// Rows out of order (a row numbered below an earlier one, or a number repeated)
/// are read as calamine reads them: once order breaks, the rest of the sheet is
/// collected and sorted by row number (repeated rows merged, later cells winning),
/// up to `maxSortedCells` cells. Memory stays bounded by the stream when order holds.
final class XLSXSheetCursor: SheetCursor {
    /// The most cells kept in memory to sort a sheet whose rows are out of order.
    static let maxSortedCells = 20_000_000

    private let stream: XLSXChunkStream
    private let parser: ExpatParser
    private let handler: XLSXSheetHandler
    private let path: String
    private let sheet: String
    private var nextNumber = 1
    private var head = 0
    private var ended = false
    /// Rows collected once order broke, by number; nil while rows come in order.
    private var sorted: [Int: SheetRow]?
    private var sortedCells = 0
    private var sortedNumbers: [Int] = []

    init(stream: XLSXChunkStream, parser: ExpatParser, handler: XLSXSheetHandler, path: String, sheet: String) {
        self.stream = stream
        self.parser = parser
        self.handler = handler
        self.path = path
        self.sheet = sheet
    }

    deinit {
        stream.cancel()
    }

    /// The next row, or nil after the last row of the sheet.
    /// - Throws: `ReadError` naming the file, sheet and row.
    func next() throws -> SheetRow? {
        if sorted != nil { return try nextSorted() }
        while true {
            if handler.outOfOrder { return try nextSorted() }
            if head < handler.rows.count {
                let number = handler.rows[head].number
                if number > nextNumber {
                    defer { nextNumber += 1 }
                    return SheetRow(number: nextNumber, cells: [])
                }
                let row = handler.rows[head]
                handler.rows[head].cells = []
                head += 1
                nextNumber = number + 1
                return row
            }
            if head > 0 {
                handler.rows.removeAll(keepingCapacity: true)
                head = 0
            }
            if ended { return nil }
            try feed()
        }
    }

    /// The next row once order broke: reads the rest of the sheet into `sorted` on the
    /// first call, then hands the rows on by number, filling gaps with empty rows.
    private func nextSorted() throws -> SheetRow? {
        if sorted == nil {
            var collected: [Int: SheetRow] = [:]
            while true {
                for i in head..<handler.rows.count { try collect(handler.rows[i], into: &collected) }
                handler.rows.removeAll(keepingCapacity: true)
                head = 0
                if ended { break }
                try feed()
            }
            sorted = collected
            sortedNumbers = collected.keys.sorted(by: >)
        }
        guard let number = sortedNumbers.last else { return nil }
        if number > nextNumber {
            defer { nextNumber += 1 }
            return SheetRow(number: nextNumber, cells: [])
        }
        sortedNumbers.removeLast()
        nextNumber = number + 1
        return sorted?.removeValue(forKey: number)
    }

    /// Adds a row to the sorted collection, merging it into an earlier row of the same number.
    private func collect(_ row: SheetRow, into collected: inout [Int: SheetRow]) throws(ReadError) {
        let cells = row.cells
        sortedCells += cells.count
        if sortedCells > XLSXSheetCursor.maxSortedCells {
            ended = true
            stream.cancel()
            throw ReadError(code: .xlsxRowOrder,
                            message: "行顺序错乱，需要重新排序的单元格超过 \(XLSXSheetCursor.maxSortedCells) 个，无法读取",
                            file: path, sheet: sheet, row: row.number)
        }
        guard var earlier = collected[row.number] else {
            collected[row.number] = row
            return
        }
        var merged = earlier.cells
        if merged.count < cells.count { merged += Array(repeating: .empty, count: cells.count - merged.count) }
        for (column, cell) in cells.enumerated() {
            if case .empty = cell { continue }
            merged[column] = cell
        }
        let uncached = earlier.uncachedFormulas + row.uncachedFormulas.filter { !earlier.uncachedFormulas.contains($0) }
        earlier = SheetRow(number: row.number, cells: merged)
        earlier.uncachedFormulas = uncached
        collected[row.number] = earlier
    }

    private func feed() throws(ReadError) {
        handler.floor = nextNumber
        let chunk: Data?
        do {
            chunk = try stream.next()
        } catch {
            ended = true
            throw error
        }
        do {
            if let chunk {
                try chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
                    try parser.parse(raw, isFinal: false, delegate: handler)
                }
            } else {
                try parser.parse(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true, delegate: handler)
                ended = true
            }
        } catch {
            ended = true
            stream.cancel()
            throw handler.failure ?? XLSXArchive.xmlError(error, path: path, part: sheet)
        }
        if handler.sheetDataEnded && !ended {
            // Everything after </sheetData> (merged ranges, page setup …) is not needed for rows.
            ended = true
            stream.cancel()
        }
    }
}
