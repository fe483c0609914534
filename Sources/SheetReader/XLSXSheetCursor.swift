import Expat
import Foundation

/// Streams the rows of one worksheet: inflated chunks from `XLSXChunkStream` go to
/// expat, whose events `XLSXSheetHandler` turns into rows; rows missing from the
/// file are filled in as empty rows so that numbers run 1, 2, 3 … without gaps.
final class XLSXSheetCursor: SheetCursor {
    private let stream: XLSXChunkStream
    private let parser: ExpatParser
    private let handler: XLSXSheetHandler
    private let path: String
    private let sheet: String
    private var nextNumber = 1
    private var head = 0
    private var ended = false

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
        while true {
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

    private func feed() throws(ReadError) {
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
