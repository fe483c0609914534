import Foundation
import SheetReader

// read-rows FILE: reads every row of FILE's first sheet through SheetReader (the
// import's reader: decoding and splitting) and visits every cell's decoded UTF-8
// bytes the way the import does (`SheetRow.utf8`, no String per cell), printing the
// number of rows, cells and bytes of text, so that nothing is optimised away and the
// counts can be checked against the peer's.
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
        cells += row.count
        for column in 0..<row.count {
            bytes += row.utf8(column) { $0.count } ?? 0
        }
    }
    print("\(rows) rows, \(cells) cells, \(bytes) bytes of text")
} catch {
    FileHandle.standardError.write(Data("read-rows: \(error)\n".utf8))
    exit(1)
}
