import PartyModel
import SheetReader

/// Finds the table of a kind read whole-sheet (``KindReading/wholeSheet``) among a
/// sheet's first rows: the kind's own look at a sheet no kind read by rows takes.
protocol WholeSheetDetector: Sendable {
    /// The table found in a sheet's first rows (up to `HeaderDetector.scanLimit`), or nil.
    func detect(rows: [SheetRow]) -> (any WholeSheetTable)?
}

/// A table found by a ``WholeSheetDetector``: the townships it declares, and how its
/// rows (the whole sheet, read at once) become records.
protocol WholeSheetTable: Sendable {
    /// The township names the table declares, learnt in the import's first phase
    /// (a form's reporting unit, a list's township column).
    func townships(rows: [SheetRow]) -> [String]
    /// Reads every row of the sheet, the title and header rows included, through `importer`.
    func read(rows: [SheetRow], into importer: inout OrgTableImport) throws
}

/// The detector of the official 年报 forms (``KindCatalogue/officialForm``).
struct OfficialFormDetector: WholeSheetDetector {
    func detect(rows: [SheetRow]) -> (any WholeSheetTable)? { OfficialFormLayout.detect(rows: rows) }
}

/// The detector of the 党组织概况表 (``KindCatalogue/organisationList``).
struct OrgListDetector: WholeSheetDetector {
    func detect(rows: [SheetRow]) -> (any WholeSheetTable)? { OrgListLayout.detect(rows: rows) }
}

/// An official form found in a sheet (SPEC §9): its description, the header rows
/// (0-based, into the sheet's rows) and the stored columns.
struct OfficialFormLayout: Sendable {
    /// A stored column: its field, 0-based index and header as written (levels joined by `/`).
    typealias Column = (field: Field, column: Int, header: String)

    let form: OfficialForm
    let headerStart: Int
    let headerEnd: Int
    let columns: [Column]

    /// An official form: a title keyword above the table, then a header whose columns
    /// are the form's, closed by a 栏号 row or followed by known item labels.
    static func detect(rows: [SheetRow]) -> OfficialFormLayout? {
        let limit = min(rows.count, HeaderDetector.scanLimit)
        var title = ""
        for i in 0..<limit {
            title += TextNormaliser.compact(rows[i].cells.map(\.displayText).joined())
            guard let form = OfficialForm.all.first(where: { f in f.titles.contains { title.contains($0) } }) else {
                continue
            }
            // The header: the rows after the title up to the 栏号 row (or the first item row).
            for end in (i + 1)..<limit {
                let closing = OfficialForm.isColumnNumberRow(rows[end])
                    || OfficialForm.items[OfficialForm.itemKey(rows[end][0].displayText)] != nil
                guard closing else { continue }
                // The block of up to three rows that binds most columns; fewer rows on a tie.
                var best: (start: Int, columns: [Column])?
                for start in stride(from: end - 1, through: max(i + 1, end - 3), by: -1) {
                    let columns = bind(form, Array(rows[start..<end]))
                    if columns.count > (best?.columns.count ?? 1) { best = (start, columns) }
                }
                guard let best else { break }
                let headerEnd = OfficialForm.isColumnNumberRow(rows[end]) ? end + 1 : end
                return OfficialFormLayout(form: form, headerStart: best.start, headerEnd: headerEnd,
                                          columns: best.columns)
            }
        }
        return nil
    }

    /// The form's columns found in a block of header rows (levels joined as merged cells span them).
    private static func bind(_ form: OfficialForm, _ block: [SheetRow]) -> [Column] {
        var out: [Column] = []
        var seen: Set<Field> = []
        for (c, path) in HeaderDetector.columnPaths(block).enumerated() where !path.keys.isEmpty {
            var candidates = [path.keys.joined(separator: "/")]
            if path.keys.count > 1 { candidates.append(path.keys.last!) }
            for key in candidates {
                guard let entry = form.columns[key] else { continue }
                if let field = entry, !seen.contains(field) {
                    seen.insert(field)
                    out.append((field, c, path.raw.joined(separator: "/")))
                }
                break
            }
        }
        return out
    }
}

extension OfficialFormLayout: WholeSheetTable {
    /// The reporting unit written in the title block (`填报单位`).
    func townships(rows: [SheetRow]) -> [String] {
        rows.prefix(headerEnd).compactMap {
            OfficialForm.reportingUnit(in: $0.cells.map(\.displayText).joined(separator: " "))
        }
    }

    func read(rows: [SheetRow], into importer: inout OrgTableImport) throws {
        try importer.readForm(self, rows: rows)
    }
}

extension OrgListLayout: WholeSheetTable {
    /// The names in the township column, totals left out.
    func townships(rows: [SheetRow]) -> [String] {
        guard let column = columns[.township]?.index else { return [] }
        return rows.dropFirst(headerRow + 1).map { TextNormaliser.compact($0[column].displayText) }
            .filter { !$0.isEmpty && !FirstText.isTotalLabel($0) }
    }

    func read(rows: [SheetRow], into importer: inout OrgTableImport) throws {
        try importer.readList(self, rows: rows)
    }
}
