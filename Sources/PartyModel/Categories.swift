/// Unit categories of the branch return (SPEC §2.1).
public enum OrgCategory: Sendable {
    /// Canonical categories in display order.
    public static let canonicalNames: [String] = ["农村", "社区", "机关", "事业单位", "国有企业", "非公有制企业", "社会组织", "其他"]

    /// The canonical category for a cell.
    ///
    /// Built-in synonyms: 行政村/村 → 农村; 街道社区/城市社区 → 社区; 党政机关 → 机关;
    /// 学校/医院/其他事业单位 → 事业单位; 国企 → 国有企业; 非公企业/民营企业/私营企业 →
    /// 非公有制企业 (and a few more of the same kind, listed in the source).
    /// Matching is after ``TextNormaliser/compact(_:)`` on both sides.
    ///
    /// - Parameter extra: more synonyms from the mapping file, synonym → category.
    ///   They take precedence over the built-ins; the target is returned as
    ///   written (compacted), even if it is not one of ``canonicalNames``.
    /// - Returns: the category, or nil when unknown (the caller keeps the text
    ///   and warns `category.unknown`).
    public static func canonical(_ s: String, extra: [String: String] = [:]) -> String? {
        let key = TextNormaliser.compact(s)
        if let mapped = lookup(key, in: extra) { return mapped }
        return synonyms[key]
    }

    private static let synonyms: FastTable<String> = {
        var map: [String: String] = [:]
        for name in canonicalNames { map[name] = name }
        let groups: [String: [String]] = [
            "农村": ["行政村", "村", "农村党组织", "村党组织", "村委会"],
            "社区": ["街道社区", "城市社区", "居委会", "社区居委会"],
            "机关": ["党政机关", "机关单位", "行政机关", "政府机关"],
            "事业单位": ["学校", "医院", "其他事业单位", "公立医院", "中小学"],
            "国有企业": ["国企", "国有控股企业", "国有及国有控股企业"],
            "非公有制企业": ["非公企业", "民营企业", "私营企业", "非公有制经济组织"],
            "社会组织": ["社会团体", "民办非企业单位"],
        ]
        for (canonical, names) in groups {
            for name in names { map[name] = canonical }
        }
        return FastTable(map)
    }()
}

/// Funding sources of the assistance ledger (SPEC §2.3).
public enum FundingSource: Sendable {
    /// Canonical sources in display order; the last, 未注明, is what a blank
    /// source cell becomes.
    public static let canonicalNames: [String] = ["中央代管党费", "上级下拨党费", "本级党费", "财政资金", "部门支持", "社会捐助", "未注明"]

    /// The canonical source for a cell.
    ///
    /// Synonyms: 中组部代管党费 → 中央代管党费; 上级党费 → 上级下拨党费; 财政,
    /// 财政拨付, 财政拨款, 财政配套 → 财政资金; 上级部门支持 → 部门支持; 捐款, 捐赠,
    /// 社会捐赠 → 社会捐助; blank → 未注明. Matching is after
    /// ``TextNormaliser/compact(_:)``.
    ///
    /// - Parameter extra: more synonyms from the mapping file, synonym → source,
    ///   taking precedence over the built-ins; the target is returned as written.
    /// - Returns: the source, or nil when unknown.
    public static func canonical(_ s: String, extra: [String: String] = [:]) -> String? {
        let key = TextNormaliser.compact(s)
        if key.isEmpty { return "未注明" }
        if let mapped = OrgCategory.lookup(key, in: extra) { return mapped }
        return synonyms[key]
    }

    private static let synonyms: FastTable<String> = {
        var map: [String: String] = [:]
        for name in canonicalNames { map[name] = name }
        let groups: [String: [String]] = [
            "中央代管党费": ["中组部代管党费"],
            "上级下拨党费": ["上级党费"],
            "财政资金": ["财政", "财政拨付", "财政拨款", "财政配套"],
            "部门支持": ["上级部门支持"],
            "社会捐助": ["捐款", "捐赠", "社会捐赠"],
        ]
        for (canonical, names) in groups {
            for name in names { map[name] = canonical }
        }
        return FastTable(map)
    }()
}

extension OrgCategory {
    /// Looks `key` (already compacted) up in a user mapping whose keys and values
    /// may still carry whitespace or full-width forms. Exact hits cost one hash
    /// lookup; the scan only runs for mappings with unnormalised keys.
    static func lookup(_ key: String, in extra: [String: String]) -> String? {
        guard !extra.isEmpty else { return nil }
        if let hit = extra[key] { return TextNormaliser.compact(hit) }
        for (synonym, target) in extra where TextNormaliser.compact(synonym) == key {
            return TextNormaliser.compact(target)
        }
        return nil
    }
}

/// Township names as compared across files (SPEC §2.4).
public enum TownshipName: Sendable {
    /// The comparison key of a township name.
    ///
    /// Removes all whitespace (``TextNormaliser/compact(_:)``) and a leading 中共,
    /// then strips trailing 街道办事处, 人民政府, 委员会, 办事处, 党工委, 党委, 街道, 镇
    /// or 乡 (longest first) repeatedly until none applies, never down to nothing:
    /// `城关镇党委` → `城关镇` → `城关`; `文峰街道党工委` → `文峰`; `中共城关镇委员会`
    /// → `城关`. Two names denote the same township when their keys are equal.
    public static func key(_ s: String) -> String {
        KeyBytes.strip(TextNormaliser.compact(s), prefixes: [Array("中共".utf8)], suffixes: suffixes)
    }

    /// Longest first, so 街道办事处 wins over 办事处 and 街道.
    private static let suffixes = ["街道办事处", "人民政府", "委员会", "办事处", "党工委", "党委", "街道", "镇", "乡"]
        .map { Array($0.utf8) }
}
