/// The kinds of return partystats reads, each described as data (SPEC §2, §9).
///
/// To add a kind: declare its `TableKind` id, add its descriptor to ``all`` (fields
/// with aliases, value types and weights; required evidence; record type), and tests.
/// Recognition, header binding, `inspect`, the Chinese names in messages and reports,
/// totals checks and the sink dispatch all read the descriptors.
public enum KindCatalogue {
    /// Every kind, in order of preference when two score the same.
    public static let all: [KindDescriptor] = [ledger, roster, branch]

    /// The ids of ``all``.
    static let ids: Set<String> = Set(all.map(\.kind.rawValue))

    /// The descriptor of a kind.
    public static func descriptor(_ kind: TableKind) -> KindDescriptor {
        // Kinds are made only from the catalogue's ids, so one is always found.
        all.first { $0.kind == kind }!
    }

    /// The kinds' Chinese names joined for a message: `基层党组织情况、党员名册或帮扶资金发放台账`.
    public static var namesForMessages: String {
        let names = [branch, roster, ledger].map(\.displayName) + all.dropFirst(3).map(\.displayName)
        return names.dropLast().joined(separator: "、") + "或" + names.last!
    }

    /// Headers of columns that hold no field in any kind (row numbers, remarks): known,
    /// never reported as unmapped, never evidence.
    public static let ignoredHeaders = ["序号", "编号", "备注", "说明", "备考"]

    static let township = ["乡镇", "乡镇(街道)", "乡镇街道", "乡镇(街道)名称", "单位", "单位名称", "乡镇名称", "党(工)委",
                           "乡镇党委", "乡镇(街道)党(工)委", "所属乡镇", "所在乡镇", "乡镇(街道)党委"]
    static let idNumber = ["公民身份号码", "身份证号", "身份证号码", "身份证", "公民身份证号码", "身份证件号码"]

    /// 基层党组织情况 (SPEC §2.1).
    static let branch = KindDescriptor(
        kind: .branch, displayName: "基层党组织情况",
        fields: [
            FieldSpec(.township, township, weight: 1),
            FieldSpec(.category, ["单位类别", "类别", "党组织类别", "单位性质", "单位类型"], weight: 1),
            FieldSpec(.unitsTotal, ["单位总数", "单位数", "应建单位数", "单位数/总数", "单位数/单位总数", "单位数/合计"],
                      .count, weight: 3),
            FieldSpec(.unitsCovered, ["已建立党组织单位数", "已建党组织", "已建立党组织", "单位数/已建立党组织",
                                      "单位数/已建党组织", "单位数/已建立党组织单位数", "已建立党组织/合计", "已建立党组织/小计"],
                      .count, weight: 3),
            FieldSpec(.unitsCoveredSingle, ["单独建立", "单独建立党组织", "已建立党组织/单独建立", "单位数/单独建立"],
                      .count, weight: 3),
            FieldSpec(.unitsCoveredJoint, ["联合建立", "联合建立党组织", "已建立党组织/联合建立", "单位数/联合建立"],
                      .count, weight: 3),
            FieldSpec(.committees, ["党委", "党委数", "基层党委"], .count, weight: 3),
            FieldSpec(.generalBranches, ["党总支", "总支", "党总支数"], .count, weight: 3),
            FieldSpec(.branches, ["党支部", "支部", "党支部数"], .count, weight: 3),
            FieldSpec(.membersReported, ["党员数", "党员人数", "党员总数"], .count, weight: 2),
            FieldSpec(.serviceCentre, ["党员服务中心", "服务中心", "是否建立党员服务中心", "党员服务中心数"], .count, weight: 3),
        ],
        required: [[.township], [.committees, .generalBranches, .branches]],
        township: .perRow,
        totals: [.unitsTotal, .unitsCovered, .committees, .generalBranches, .branches, .membersReported, .serviceCentre],
        recordType: "OrganisationRecord", storeTable: "organisation",
        checks: ["members.mismatch", "total.mismatch"], recipe: OrganisationRecipe())

    /// 党员名册 (SPEC §2.2).
    static let roster = KindDescriptor(
        kind: .roster, displayName: "党员名册",
        fields: [
            FieldSpec(.name, ["姓名", "党员姓名"], weight: 2),
            FieldSpec(.idNumber, idNumber, .idNumber, weight: 1),
            FieldSpec(.gender, ["性别"], .gender, weight: 3),
            FieldSpec(.ethnicity, ["民族"], .ethnicity, weight: 3),
            FieldSpec(.birthDate, ["出生日期", "出生年月"], .date, weight: 3),
            FieldSpec(.joinedOn, ["入党时间", "入党日期", "加入党组织日期"], .date, weight: 3),
            FieldSpec(.confirmedOn, ["转正时间", "转正日期"], .date, weight: 3),
            FieldSpec(.status, ["党员类别", "人员类别", "党籍状态"], .status, weight: 3),
            FieldSpec(.education, ["学历", "文化程度"], .education, weight: 3),
            FieldSpec(.occupation, ["职业", "工作岗位", "现工作岗位"], weight: 3),
            FieldSpec(.township, township, weight: 1),
            FieldSpec(.branch, ["所在党支部", "党支部", "所在党组织", "支部名称"], weight: 1),
            FieldSpec(.branchCategory, ["党组织类别", "所在党组织类别"], weight: 1),
            FieldSpec(.isRural, ["是否农村党员", "农村党员"], .flag, weight: 3),
            FieldSpec(.isMobile, ["是否流动党员", "流动党员"], .flag, weight: 3),
            FieldSpec(.mobileDestination, ["流出地", "流向", "外出地点", "流入地"], weight: 3),
            FieldSpec(.lostContact, ["是否失联", "失去联系", "失联党员"], .flag, weight: 3),
            FieldSpec(.hardship, ["是否困难党员", "困难党员", "生活困难"], .flag, weight: 3),
            FieldSpec(.phone, ["联系电话", "手机号码", "手机号"], weight: 1),
        ],
        required: [[.name]],
        township: .attributed,
        totals: [],
        recordType: "MemberRecord", storeTable: "member",
        checks: ["members.mismatch", "member.duplicate", "members.identity", "recipient.not_in_roster"],
        excludesMoney: true, recipe: MemberRecipe())

    /// 帮扶资金发放台账 (SPEC §2.3). An amount column is strong evidence: a sheet with
    /// an amount and a recipient is a ledger whatever else it has (issue 15 §5).
    static let ledger = KindDescriptor(
        kind: .ledger, displayName: "帮扶资金发放台账",
        fields: [
            FieldSpec(.recipient, ["姓名", "帮扶对象", "受助人", "慰问对象"], weight: 2),
            FieldSpec(.recipientID, idNumber, .idNumber, weight: 1),
            FieldSpec(.amount, ["金额", "发放金额", "帮扶金额", "慰问金"], .money, weight: 50),
            FieldSpec(.date, ["发放日期", "日期", "发放时间"], .date, weight: 2),
            FieldSpec(.township, township, weight: 1),
            FieldSpec(.category, ["帮扶类别", "类别", "项目", "慰问类别"], weight: 1),
            FieldSpec(.source, ["资金来源", "来源"], weight: 3),
        ],
        required: [[.amount], [.recipient, .recipientID]],
        township: .attributed,
        totals: [.amount],
        recordType: "DisbursementRecord", storeTable: "disbursement",
        checks: ["recipient.not_in_roster", "total.mismatch"], recipe: DisbursementRecipe())
}
