import PartyModel
import SheetReader

/// The Chinese names of the organisation-table kinds, by the id `import --json` reports
/// for their sheets (they are read whole-sheet, not through a `KindDescriptor`).
public enum OrgTableKinds {
    /// `org_form` (an official 年报 form read by item) and `org_list` (a 党组织概况表).
    public static let displayNames = ["org_form": "党内统计年报表", "org_list": "党组织概况表"]
        .merging(ReportedTable.displayNames) { first, _ in first }
}

/// An organisation table found in a sheet whose header is not a branch return, roster or
/// ledger (SPEC §9): an official 年报 form read by item, or a one-row-per-organisation
/// 党组织概况表.
enum OrgTable: Sendable {
    /// An official form: its description, the header rows (0-based, into the sheet's
    /// rows) and the stored columns.
    case form(OfficialForm, headerStart: Int, headerEnd: Int, columns: [(field: Field, column: Int, header: String)])
    /// A 党组织概况表: the header row and its columns.
    case list(OrgListLayout)

    /// The kind reported for the sheet (`import --json`).
    var kind: String {
        switch self {
        case .form: return "org_form"
        case .list: return "org_list"
        }
    }

    /// Recognises an organisation table among a sheet's first rows, or nil.
    static func detect(rows: [SheetRow]) -> OrgTable? {
        detectForm(rows) ?? OrgListLayout.detect(rows: rows).map(OrgTable.list)
    }

    /// An official form: a title keyword above the table, then a header whose columns
    /// are the form's, closed by a 栏号 row or followed by known item labels.
    private static func detectForm(_ rows: [SheetRow]) -> OrgTable? {
        let limit = min(rows.count, HeaderDetector.scanLimit)
        var title = ""
        for i in 0..<limit {
            title += TextNormaliser.compact(rows[i].cells.map(\.displayText).joined())
            guard let form = OfficialForm.all.first(where: { f in f.titles.contains { title.contains($0) } }) else { continue }
            // The header: the rows after the title up to the 栏号 row (or the first item row).
            for end in (i + 1)..<limit {
                let closing = OfficialForm.isColumnNumberRow(rows[end])
                    || OfficialForm.items[OfficialForm.itemKey(rows[end][0].displayText)] != nil
                guard closing else { continue }
                // The block of up to three rows that binds most columns; fewer rows on a tie.
                var best: (start: Int, columns: [(field: Field, column: Int, header: String)])?
                for start in stride(from: end - 1, through: max(i + 1, end - 3), by: -1) {
                    let columns = bind(form, Array(rows[start..<end]))
                    if columns.count > (best?.columns.count ?? 1) { best = (start, columns) }
                }
                guard let best else { break }
                let headerEnd = OfficialForm.isColumnNumberRow(rows[end]) ? end + 1 : end
                return .form(form, headerStart: best.start, headerEnd: headerEnd, columns: best.columns)
            }
        }
        return nil
    }

    /// The form's columns found in a block of header rows (levels joined as merged cells span them).
    private static func bind(_ form: OfficialForm, _ block: [SheetRow]) -> [(field: Field, column: Int, header: String)] {
        var out: [(field: Field, column: Int, header: String)] = []
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
