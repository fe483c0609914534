import PartyModel
import SheetReader

/// When two columns can give one field, the one whose values parse wins (issue 15 §2).
///
/// Real rosters carry two status-like columns: the national system's export has 人员类别
/// (正式党员/预备党员) beside 党籍状态 (正常/停止党籍); a template has 人员类别 (a staff
/// category: 在岗职工, 离退休人员) beside 党籍状态（正式党员或预备党员）. Of the columns whose
/// header is a `status` alias, the one with the most values that read as 正式/预备党员 in
/// the rows under the header (among the first rows read) is `status`; a status column
/// left over is bound as `membership`, read for former members (已出党, 停止党籍) only.
enum ColumnPreference {
    static func resolve(_ layout: HeaderLayout, rows: [SheetRow], aliases: AliasIndex) -> HeaderLayout {
        guard layout.kind == .roster, layout.binding(.membership) == nil else { return layout }
        let block = Array(rows[layout.start..<(layout.start + layout.depth)])
        let paths = HeaderDetector.columnPaths(block)
        let candidates = paths.indices.filter {
            HeaderDetector.field(of: paths[$0], kind: .roster, aliases: aliases) == .status
        }
        guard candidates.count > 1 else { return layout }
        let data = rows.dropFirst(layout.start + layout.depth)
        func parsed(_ column: Int) -> Int {
            data.reduce(0) { $0 + (MemberStatus.parse($1[column].displayText) == nil ? 0 : 1) }
        }
        // max(by:) keeps the first of equal elements: a tie goes to the leftmost column.
        let best = candidates.max { parsed($0) < parsed($1) }!
        let other = candidates.first { $0 != best }!
        var layout = layout
        func binding(_ field: Field, _ column: Int) -> ColumnBinding {
            ColumnBinding(field: field, column: column, header: paths[column].raw.joined(separator: "/"), unit: paths[column].unit)
        }
        layout.columns[.status] = binding(.status, best)
        layout.columns[.membership] = binding(.membership, other)
        return layout
    }
}
