import Foundation
import SheetReader

// read-rows FILE: reads every row of FILE's first sheet through SheetReader (the
// import's reader: decoding, splitting, one CellValue per cell) and prints the
// number of rows, cells and UTF-8 bytes of text, so that nothing is optimised away
// and the counts can be checked against the peer's.
let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: read-rows FILE\n".utf8))
    exit(64)
}
do {
    let workbook = try SheetReaders.open(path: arguments[1])
    let cursor = try workbook.openSheet(0)
    var rows = 0
    var cells = 0
    var bytes = 0
    while let row = try cursor.next() {
        rows += 1
        cells += row.cells.count
        for cell in row.cells {
            if case .text(let text) = cell { bytes += text.utf8.count }
        }
    }
    print("\(rows) rows, \(cells) cells, \(bytes) bytes of text")
} catch {
    FileHandle.standardError.write(Data("read-rows: \(error)\n".utf8))
    exit(1)
}
