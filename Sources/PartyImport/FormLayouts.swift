import PartyModel
import SheetReader

/// The printed layouts of the official 党内统计年报 forms that partystats writes into its
/// workbook (issue 19) and reads back at the next level: the same titles, items and
/// column labels as the forms `OfficialForm` and `MemberForm` read, so that a county's
/// workbook is a return for its city.
public enum FormLayouts {
    /// One printed item (row) of an organisation form.
    public struct OrgItem: Sendable {
        /// The label as printed (a `其中` part indented with U+3000).
        public let label: String
        /// The indicators' unit category whose figures the row shows; nil for 企业, the
        /// sum of the two rows under it.
        public let category: String?
    }

    /// The items of 党的基层组织数量情况 and 基层单位建立党组织情况, in printed order; the
    /// categories partystats keeps as written (not canonical) follow them as further rows.
    public static let orgItems: [OrgItem] = [
        OrgItem(label: "乡镇", category: "乡镇"),
        OrgItem(label: "城市街道", category: "街道"),
        OrgItem(label: "建制村", category: "农村"),
        OrgItem(label: "社区（居委会）", category: "社区"),
        OrgItem(label: "机关", category: "机关"),
        OrgItem(label: "事业单位", category: "事业单位"),
        OrgItem(label: "企业", category: nil),
        OrgItem(label: "\u{3000}其中：公有制企业", category: "国有企业"),
        OrgItem(label: "\u{3000}\u{3000}\u{3000}\u{3000}非公有制企业", category: "非公有制企业"),
        OrgItem(label: "社会组织", category: "社会组织"),
        OrgItem(label: "其他", category: "其他"),
    ]

    /// The parts 企业 sums.
    public static let enterpriseParts = ["国有企业", "非公有制企业"]

    /// Title of the organisation-count form (a title keyword of `OfficialForm`).
    public static let orgCountTitle = "党的基层组织数量情况"
    /// Column labels of the organisation-count form after 项目.
    public static let orgCountColumns = ["总数", "党委", "党总支（总支部）", "党支部"]
    /// Title of the coverage form.
    public static let coverageTitle = "基层单位建立党组织情况"
    /// Column labels of the coverage form after 项目 (覆盖率 is derived and not read).
    public static let coverageColumns = ["单位数", "已建立党组织的单位数", "未建立党组织的单位数", "覆盖率"]
    /// The names of the analysis sheets `partystats report` writes beside the forms (说明,
    /// 主要指标, …, 导入问题 and its continuations): a higher level skips them quietly.
    public static let analysisSheetNames: Set<String> = ["说明", "主要指标", "组织覆盖", "党员结构", "流动党员", "同比分析",
                                                         "数据核查", "导入问题"]

    /// True for an analysis sheet of a partystats workbook: one of ``analysisSheetNames``
    /// (导入问题(2)… included) whose second row is partystats' `填报单位：… / 统计时点：…` line.
    static func isAnalysisSheet(name: String, rows: [SheetRow]) -> Bool {
        let base = name.split(separator: "(").first.map(String.init) ?? name
        guard analysisSheetNames.contains(base), rows.count > 1 else { return false }
        let line = TextNormaliser.compact(rows[1].cells.map(\.displayText).joined())
        return line.hasPrefix("填报单位") && line.contains("/统计时点")
    }

    /// The 栏号 row: `甲`, then `A`, `B`, … for `columns` columns.
    public static func columnNumbers(_ columns: Int) -> [String] {
        ["甲"] + (0..<columns).map { String(UnicodeScalar(UInt8(65 + $0))) }
    }
}

/// 党员数量和结构情况: the members of a reporting unit by the figures the 年报 reports
/// (党员总数; 女, 少数民族, 预备党员, 大专及以上; age bands; joining periods; education),
/// items as rows under a 栏号 row, as the organisation forms are laid out.
///
/// No published layout of this form was found (datasets/real-forms/README.md): its items
/// are those of the 年报's 党员基本情况, 入党时间 and 学历 tables as the 党内统计公报 reports
/// them (the bands of SPEC §5). partystats writes it into the county workbook and reads it
/// back at the next level as member figures (`member_tally` rows of the reporting unit).
public enum MemberForm {
    /// The title keyword (above the table).
    public static let title = "党员数量和结构情况"
    /// Column labels after 项目 (the share is derived and not read).
    public static let columns = ["党员数", "占党员总数比例"]

    /// One item: its printed label, the section it is printed under, and the member
    /// figure it gives (`TallyFigure` raw value and key in PartyStore: an age band is
    /// kept under its youngest age, 30 for 30岁及以下, so that `AgeBand.index` gives it back).
    public struct Item: Sendable {
        /// The label as printed (unique among the items).
        public let label: String
        /// The section heading row above it, nil for the head items.
        public let section: String?
        /// `total`, `women`, `minority`, `probationary`, `college`, `age`, `period`, `education`.
        public let figure: String
        /// The figure's key: an age, a joining-period index, an education level; empty for counts.
        public let key: String
    }

    /// The sections in printed order.
    public static let sections = ["按年龄分", "按入党时间分", "按学历分"]

    /// The items in printed order.
    public static let items: [Item] = {
        var out = [Item(label: "党员总数", section: nil, figure: "total", key: ""),
                   Item(label: "\u{3000}其中：女党员", section: nil, figure: "women", key: ""),
                   Item(label: "\u{3000}\u{3000}\u{3000}\u{3000}少数民族党员", section: nil, figure: "minority", key: ""),
                   Item(label: "\u{3000}\u{3000}\u{3000}\u{3000}预备党员", section: nil, figure: "probationary", key: ""),
                   Item(label: "\u{3000}\u{3000}\u{3000}\u{3000}大专及以上学历党员", section: nil, figure: "college", key: "")]
        let youngest = [30, 31, 36, 41, 46, 51, 56, 61]
        for (i, age) in youngest.enumerated() {
            out.append(Item(label: AgeBand.labels[i], section: sections[0], figure: "age", key: String(age)))
        }
        out.append(Item(label: "年龄不详", section: sections[0], figure: "age", key: ""))
        for i in 0..<JoiningPeriod.unknown {
            out.append(Item(label: JoiningPeriod.labels[i], section: sections[1], figure: "period", key: String(i)))
        }
        out.append(Item(label: "入党时间不详", section: sections[1], figure: "period", key: String(JoiningPeriod.unknown)))
        for level in educationLevels {
            out.append(Item(label: level, section: sections[2], figure: "education", key: level))
        }
        out.append(Item(label: "学历不详", section: sections[2], figure: "education", key: "未知"))
        return out
    }()

    /// The education levels of SPEC §3, highest first.
    public static let educationLevels = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"]

    /// Items by normalised label (without `其中`, numbering and indentation).
    static let byKey: [String: Item] = {
        Dictionary(items.map { (OfficialForm.itemKey($0.label), $0) }, uniquingKeysWith: { first, _ in first })
    }()

}
