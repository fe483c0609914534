import PartyModel
import SheetReader

/// The header of a 党组织概况表: one row per organisation, with its name and type
/// (党委 / 党总支 / 党支部 / 联合党支部 / 临时党支部), and optionally its parent, unit, unit
/// category, township and member count (SPEC §9).
struct OrgListLayout: Sendable {
    /// The columns of an organisation list.
    enum Column: String, Sendable, CaseIterable {
        case name, type, parent, unit, category, township, members
    }

    /// 0-based index of the header row.
    var headerRow: Int
    /// Bound columns: 0-based index and header as written.
    var columns: [Column: (index: Int, header: String)]

    /// Header aliases (normalised) per column.
    static let aliases: [String: Column] = {
        let table: [Column: [String]] = [
            .name: ["党组织名称", "组织名称", "党组织全称", "基层党组织名称"],
            .type: ["党组织类别", "党组织类型", "组织类别", "组织类型", "党组织性质"],
            .parent: ["上级党组织", "上级组织", "隶属党组织", "上级党委", "所属党组织", "上级党组织名称"],
            .unit: ["所在单位", "党组织所在单位", "单位名称", "所在单位名称"],
            .category: ["单位类别", "单位性质", "所在单位类别", "单位类型", "党组织所在单位类别"],
            .township: ["乡镇(街道)", "所在乡镇(街道)", "乡镇", "乡镇街道", "所属乡镇", "乡镇名称", "所属乡镇(街道)"],
            .members: ["党员数", "党员人数", "党员总数"],
        ]
        var out: [String: Column] = [:]
        for (column, names) in table {
            for name in names { out[TextNormaliser.header(name).key] = column }
        }
        return out
    }()

    /// Organisation types (normalised) → canonical type.
    static let types: [String: String] = {
        let table: [String: [String]] = [
            "党委": ["党委", "基层党委", "党委会", "机关党委", "党工委", "基层党委员会"],
            "党总支": ["党总支", "总支", "党总支部", "总支部", "党的总支部"],
            "党支部": ["党支部", "支部", "党的支部", "功能型党支部"],
            "联合党支部": ["联合党支部", "联合支部"],
            "临时党支部": ["临时党支部", "临时支部"],
        ]
        var out: [String: String] = [:]
        for (canonical, names) in table {
            for name in names { out[TextNormaliser.compact(name)] = canonical }
        }
        return out
    }()

    /// The type of an organisation: its type cell, else the end of its name
    /// (`…联合支部委员会` → 联合党支部); nil when neither tells.
    static func type(cell: String, name: String) -> String? {
        let written = TextNormaliser.compact(cell)
        if !written.isEmpty { return types[written] }
        let n = TextNormaliser.compact(name)
        if n.contains("临时党支部") || n.contains("临时支部") { return "临时党支部" }
        if n.hasSuffix("联合支部委员会") || n.hasSuffix("联合党支部") { return "联合党支部" }
        if n.hasSuffix("总支部委员会") || n.hasSuffix("党总支") { return "党总支" }
        if n.hasSuffix("支部委员会") || n.hasSuffix("党支部") { return "党支部" }
        if n.hasSuffix("委员会") || n.hasSuffix("党委") { return "党委" }
        return nil
    }

    /// A header row among the first rows with a name and a type column, followed by rows
    /// whose type is an organisation type.
    static func detect(rows: [SheetRow]) -> OrgListLayout? {
        let limit = min(rows.count, HeaderDetector.scanLimit)
        for r in 0..<limit {
            var columns: [Column: (index: Int, header: String)] = [:]
            for (c, cell) in rows[r].cells.enumerated() {
                let raw = TextNormaliser.clean(cell.displayText)
                if let column = aliases[TextNormaliser.header(raw).key], columns[column] == nil {
                    columns[column] = (c, raw)
                }
            }
            guard let name = columns[.name], let type = columns[.type] else { continue }
            let typed = rows[(r + 1)...].prefix(20).filter {
                OrgListLayout.type(cell: $0[type.index].displayText, name: $0[name.index].displayText) != nil
                    && !TextNormaliser.compact($0[type.index].displayText).isEmpty
            }
            if !typed.isEmpty { return OrgListLayout(headerRow: r, columns: columns) }
        }
        return nil
    }
}
