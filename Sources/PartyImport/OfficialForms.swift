import PartyModel
import SheetReader

/// An official 党内统计年报 form (SPEC §9), described as data: items as rows, fixed
/// columns under a 栏号 row (`甲 A B C …`), the reporting unit in `填报单位`.
///
/// The kind ``KindCatalogue/officialForm`` (read whole-sheet): `OfficialFormLayout`
/// recognises a form by its title, 栏号 row and item labels, and `OrgTableImport` reads
/// its figures by item and column into branch-return records (one per township × unit
/// category), so they feed the same indicators.
struct OfficialForm: Sendable {
    /// Short English id, e.g. `org_count`.
    let id: String
    /// Chinese name for messages.
    let name: String
    /// Title keywords (compacted): one must occur above the table.
    let titles: [String]
    /// Column label (normalised; last level, or levels joined by `/`) → field; nil for a
    /// column that is derived from the others (总数, 未建立) and not stored.
    let columns: [String: Field?]

    /// The forms partystats reads.
    static let all: [OfficialForm] = [
        OfficialForm(id: "org_count", name: "党的基层组织数量情况",
                     titles: ["基层组织数量", "基层党组织数量", "党的基层组织情况"],
                     columns: keyed(["总数": nil, "合计": nil, "党委": .committees, "基层党委": .committees,
                                     "党总支(总支部)": .generalBranches, "党总支": .generalBranches,
                                     "总支部": .generalBranches, "党支部": .branches, "支部": .branches,
                                     "党员数": .membersReported, "党员人数": .membersReported])),
        OfficialForm(id: "coverage", name: "基层单位建立党组织情况",
                     titles: ["建立党组织情况", "建立党组织的情况", "党组织覆盖情况"],
                     columns: keyed(["单位数": .unitsTotal, "单位总数": .unitsTotal,
                                     "已建立党组织的单位数": .unitsCovered, "已建立党组织的单位数/小计": .unitsCovered,
                                     "已建立党组织": .unitsCovered, "已建立党组织/小计": .unitsCovered,
                                     "已建立党组织的单位数/单独建立": .unitsCoveredSingle, "单独建立": .unitsCoveredSingle,
                                     "已建立党组织的单位数/联合建立": .unitsCoveredJoint, "联合建立": .unitsCoveredJoint,
                                     "未建立党组织的单位数": nil, "未建立党组织": nil, "未建立": nil])),
    ]

    /// An item (row label) of the forms: the unit category its figures belong to, and
    /// the item it is a part of (`其中` rows).
    struct Item: Sendable {
        /// Canonical category; nil for an aggregate whose parts are listed (企业).
        var category: String?
        /// The item this one is a part of.
        var parent: String?
    }

    /// Item labels (normalised, `其中` and numbering removed) of the official forms.
    static let items: [String: Item] = {
        let table: [(labels: [String], item: Item)] = [
            (["乡镇", "乡(镇)"], Item(category: "乡镇")),
            (["城市街道", "街道"], Item(category: "街道")),
            (["建制村", "行政村", "村"], Item(category: "农村")),
            (["社区(居委会)", "社区", "居委会", "社区(居)委会"], Item(category: "社区")),
            (["机关"], Item(category: "机关")),
            (["事业单位"], Item(category: "事业单位")),
            (["企业"], Item(category: nil)),
            (["公有制企业", "国有企业", "国有控股企业"], Item(category: "国有企业", parent: "企业")),
            (["非公有制企业", "非公企业"], Item(category: "非公有制企业", parent: "企业")),
            (["社会组织"], Item(category: "社会组织")),
            (["社会团体"], Item(category: "社会组织", parent: "社会组织")),
            (["民办非企业单位", "社会服务机构"], Item(category: "社会组织", parent: "社会组织")),
            (["其他"], Item(category: "其他")),
            (["未注明"], Item(category: "未注明")),
        ]
        var out: [String: Item] = [:]
        for (labels, item) in table {
            for label in labels { out[TextNormaliser.header(label).key] = item }
        }
        return out
    }()

    /// The item key of a row label: compacted, without a leading `其中：` and numbering
    /// (`1.`, `（1）`, `一、`).
    static func itemKey(_ text: String) -> String {
        var key = TextNormaliser.header(text).key
        for prefix in ["其中:", "其中"] where key.hasPrefix(prefix) { key.removeFirst(prefix.count) }
        while let first = key.first, first.isNumber || "().、．.".contains(first) { key.removeFirst() }
        return key
    }

    private static func keyed(_ columns: [String: Field?]) -> [String: Field?] {
        Dictionary(uniqueKeysWithValues: columns.map { (AliasIndex.key($0.key), $0.value) })
    }

    /// True when a row is a 栏号 row: its first text is `甲` and the others are single
    /// letters or numbers (`A B C`, `1 2 3`, `乙`).
    static func isColumnNumberRow(_ row: SheetRow) -> Bool {
        let texts = row.cells.map { TextNormaliser.compact($0.displayText) }.filter { !$0.isEmpty }
        guard texts.first == "甲", texts.count >= 2 else { return false }
        return texts.dropFirst().allSatisfy { t in
            t == "乙" || t == "丙" || (t.count <= 2 && t.allSatisfy { $0.isLetter && $0.isASCII || $0.isNumber })
        }
    }

    /// The reporting unit written after `填报单位` (`填报单位：中共柳河镇委员会` → `柳河镇`),
    /// or nil when the text has none.
    static func reportingUnit(in text: String) -> String? {
        let compact = TextNormaliser.compact(text)
        guard let range = compact.range(of: "填报单位") else { return nil }
        var rest = compact[range.upperBound...]
        for prefix in ["(盖章)", "（盖章）", ":", "："] where rest.hasPrefix(prefix) { rest = rest.dropFirst(prefix.count) }
        if rest.hasPrefix("(盖章)") { rest = rest.dropFirst(4) }
        // The unit ends where the next label of the title block starts.
        for stop in ["(盖章)", "单位:", "单位：", "填报", "统计时间", "统计时点", "报出", "表号", "负责人", "/"] {
            if let r = rest.range(of: stop), r.lowerBound > rest.startIndex { rest = rest[..<r.lowerBound] }
        }
        var unit = String(rest.prefix { !"0123456789".contains($0) })
        for prefix in ["中国共产党", "中共"] where unit.hasPrefix(prefix) { unit.removeFirst(prefix.count) }
        for suffix in ["总支部委员会", "工作委员会", "委员会", "党工委", "党委"]
        where unit.hasSuffix(suffix) && unit.count > suffix.count {
            unit.removeLast(suffix.count)
            break
        }
        return unit.isEmpty ? nil : unit
    }
}
