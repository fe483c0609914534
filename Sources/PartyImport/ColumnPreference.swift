import PartyModel
import SheetReader

/// When two columns can give one field, the one whose values parse wins (issue 15 §2).
///
/// Real rosters carry two status-like columns: the national system's export has 人员类别
/// (正式党员/预备党员) beside 党籍状态 (正常/停止党籍); a template has 人员类别 (a staff
/// category: 在岗职工, 离退休人员) beside 党籍状态（正式党员或预备党员）. Recognition binds
/// `status` to the one whose values parse (or the one the mapping names); a status column
/// left over is bound as `membership`, read for former members (已出党, 停止党籍) only.
enum ColumnPreference {
    static func resolve(_ layout: HeaderLayout, rows: [SheetRow], aliases: AliasIndex) -> HeaderLayout {
        guard layout.kind == .roster, layout.binding(.membership) == nil else { return layout }
        let block = Array(rows[layout.start..<(layout.start + layout.depth)])
        let paths = HeaderDetector.columnPaths(block)
        let candidates = paths.indices.filter {
            HeaderDetector.field(of: paths[$0], kind: .roster, aliases: aliases) == .status
        }
        // Recognition already chose the status column (the one whose values parse, or the one
        // the mapping names); a status-like column left over is read for former members only.
        guard candidates.count > 1, let status = layout.column(.status),
              let other = candidates.first(where: { $0 != status }) else { return layout }
        var layout = layout
        layout.columns[.membership] = ColumnBinding(field: .membership, column: other,
                                                    header: paths[other].raw.joined(separator: "/"), unit: paths[other].unit)
        return layout
    }
}
