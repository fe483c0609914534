/// The level a store holds (SPEC §9, issue 19): statistics are summed level by level,
/// and a store's units are the level below it — townships in a county store, counties in
/// a city store, cities in a province store. Kept in the store's `setting` table under
/// `level` (absent: county), set by `import --level`.
public enum ReportingLevel: String, Sendable, CaseIterable, Codable {
    /// 县: units are townships (乡镇/街道); returns are branch returns, rosters and ledgers.
    case county
    /// 市: units are counties; returns are the counties' workbooks (official forms).
    case city
    /// 省: units are cities; returns are the cities' workbooks.
    case province
    /// 全国: units are provinces; returns are the provinces' workbooks.
    case nation

    /// The word heading per-unit tables: 乡镇, 县（市、区）, 市.
    public var unitWord: String {
        switch self {
        case .county: "乡镇"
        case .city: "县（市、区）"
        case .province: "市"
        case .nation: "省（区、市）"
        }
    }

    /// The whole of the store's area in a totals row: 全县, 全市, 全省.
    public var wholeWord: String {
        switch self {
        case .county: "全县"
        case .city: "全市"
        case .province: "全省"
        case .nation: "全国"
        }
    }

    /// 县级, 市级, 省级 (for messages).
    public var chineseName: String {
        switch self {
        case .county: "县级"
        case .city: "市级"
        case .province: "省级"
        case .nation: "全国"
        }
    }

    /// The member counts (`indicators --json` names) the member form 党员数量和结构情况
    /// carries upward; the others are not reported above the county and are left out there.
    public static let carriedMemberCounts: Set<String> = ["total", "women", "minority", "probationary", "college"]

    /// True above the county: member figures come from the units' forms, not rosters.
    public var isRollUp: Bool { self != .county }
}
