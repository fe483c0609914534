import Foundation
import PartyImport
import PartyModel
import SheetReader

/// Rows of an uploaded file as the import read them, for the problems table: each cell
/// as its text (what a problem's `value` shows), ID and mobile numbers masked.
enum RowsAsRead {
    /// Most rows one request returns.
    static let maximumRows = 500

    /// One row: its Excel number and its cells.
    struct Row: Encodable, Equatable {
        var row: Int
        var cells: [String]
    }

    /// The rows numbered `rows` of the sheet named `sheet` (a CSV file's one sheet whatever its name).
    /// - Throws: `ReadError` when the file or sheet cannot be read; ``WebRefusal`` for a sheet not in the file.
    static func read(location: String, sheet: String, rows: Set<Int>) throws -> [Row] {
        let workbook = try SheetReaders.open(path: location)
        let only = workbook.sheets.count == 1 ? workbook.sheets.first : nil
        guard let info = workbook.sheets.first(where: { $0.name == sheet }) ?? only else {
            throw WebRefusal(code: .requestNotFound, message: "文件中没有工作表「\(sheet)」")
        }
        guard let last = rows.max() else { return [] }
        let cursor = try workbook.openSheet(info.index)
        var found: [Row] = []
        while let row = try cursor.next(), row.number <= last {
            if rows.contains(row.number) {
                found.append(Row(row: row.number, cells: row.cells.map { Masking.text($0.displayText) }))
            }
        }
        return found
    }
}

/// Masking of the rows the page shows as read.
enum Masking {
    /// Text with ID and mobile numbers masked (`410328********1234`, `138****5678`).
    static func text(_ text: String) -> String {
        IDNumber.maskAll(in: TextNormaliser.clean(text))
    }
}
