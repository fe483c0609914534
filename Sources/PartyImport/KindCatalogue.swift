import SheetReader

/// The kinds of return partystats reads, each described as data (SPEC §2, §9).
///
/// To add a kind: declare its `TableKind` id, add its descriptor to ``all`` (fields
/// with aliases, value types and weights; required evidence; record type), and tests.
/// Recognition, header binding, `inspect`, the Chinese names in messages and reports,
/// totals checks and the sink dispatch all read the descriptors.
public enum KindCatalogue {
    /// Every kind: first those read by rows, in order of preference when two score the
    /// same; then those read whole-sheet, in the order their detectors are tried.
    public static let all: [KindDescriptor] = [ledger, roster, branch, officialForm, organisationList, memberForm,
                                                fundingForm]

    /// The kinds recognised by their header and read row by row (`Recogniser` scores these).
    public static let byHeader: [KindDescriptor] = all.filter(\.isReadByRows)

    /// The kind read whole-sheet whose detector finds its table among a sheet's first rows
    /// (tried, in catalogue order, on a sheet that no kind read by rows takes), with the table.
    static func wholeSheetTable(in rows: [SheetRow]) -> (descriptor: KindDescriptor, table: any WholeSheetTable)? {
        for descriptor in all {
            guard case .wholeSheet(let detector) = descriptor.reading, let table = detector.detect(rows: rows) else {
                continue
            }
            return (descriptor, table)
        }
        return nil
    }

    /// The ids of ``all``.
    static let ids: Set<String> = Set(all.map(\.kind.rawValue))

    /// The descriptor of a kind.
    public static func descriptor(_ kind: TableKind) -> KindDescriptor {
        // Kinds are made only from the catalogue's ids, so one is always found.
        all.first { $0.kind == kind }!
    }

    /// The Chinese names of the kinds read by rows, joined for a message: `基层党组织情况、党员名册或帮扶资金发放台账`.
    public static var namesForMessages: String {
        let names = [branch, roster, ledger].map(\.displayName) + byHeader.dropFirst(3).map(\.displayName)
        return names.dropLast().joined(separator: "、") + "或" + names.last!
    }

    /// Headers of columns that hold no field in any kind (row numbers, remarks): known,
    /// never reported as unmapped, never evidence.
    public static let ignoredHeaders = ["序号", "编号", "备注", "说明", "备考"]

    static let township = ["乡镇", "乡镇(街道)", "乡镇街道", "乡镇(街道)名称", "单位", "单位名称", "乡镇名称", "党(工)委",
                           "乡镇党委", "乡镇(街道)党(工)委", "所属乡镇", "所在乡镇", "乡镇(街道)党委"]
    static let idNumber = ["公民身份号码", "身份证号", "身份证号码", "身份证", "公民身份证号码", "身份证件号码",
                           "公民身份证号", "公民身份证", "身份证号(18位)", "居民身份证号码", "证件号码"]

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
        totals: [.unitsTotal, .unitsCovered, .committees, .generalBranches, .branches, .membersReported,
                 .serviceCentre],
        recordType: "OrganisationRecord", storeTables: ["organisation"],
        checks: [.membersMismatch, .totalMismatch], reading: .rows(OrganisationRecipe()))

    /// 党员名册 (SPEC §2.2).
    static let roster = KindDescriptor(
        kind: .roster, displayName: "党员名册",
        fields: [
            FieldSpec(.name, ["姓名", "党员姓名"], weight: 2),
            FieldSpec(.idNumber, idNumber, .idNumber, weight: 1),
            FieldSpec(.gender, ["性别"], .gender, weight: 3),
            FieldSpec(.ethnicity, ["民族"], .ethnicity, weight: 3),
            FieldSpec(.birthDate, ["出生日期", "出生年月", "出生时间"], .date, weight: 3),
            FieldSpec(.joinedOn, ["入党时间", "入党日期", "加入党组织日期", "加入党组织时间", "入党年月"], .date, weight: 3),
            FieldSpec(.confirmedOn, ["转正时间", "转正日期", "转为正式党员日期", "转为正式党员时间"], .date, weight: 3),
            FieldSpec(.status, ["党员类别", "人员类别", "党籍状态", "党籍状态(正式党员或预备党员)", "党员状态", "正式/预备"],
                      .status, weight: 3, runnerUp: .membership),
            FieldSpec(.education, ["学历", "文化程度", "最高学历", "学历(最高学历)"], .education, weight: 3),
            FieldSpec(.occupation, ["职业", "工作岗位", "现工作岗位", "岗位"], weight: 3),
            FieldSpec(.township, township, weight: 1),
            FieldSpec(.branch, ["所在党支部", "党支部", "所在党组织", "支部名称", "所在党组织名称", "党支部名称", "所在支部"],
                      weight: 1),
            FieldSpec(.branchCategory, ["党组织类别", "所在党组织类别"], weight: 1),
            FieldSpec(.isRural, ["是否农村党员", "农村党员", "是否为农村党员"], .flag, weight: 3),
            FieldSpec(.isMobile, ["是否流动党员", "流动党员", "是否为流动党员"], .flag, weight: 3),
            FieldSpec(.mobileDestination, ["流出地", "流向", "外出地点", "流入地", "流出地点", "外出流向"], weight: 3),
            FieldSpec(.lostContact, ["是否失联", "失去联系", "失联党员", "是否失联党员", "是否为失联党员", "是否失去联系"],
                      .flag, weight: 3),
            FieldSpec(.hardship, ["是否困难党员", "困难党员", "生活困难", "是否为困难党员", "是否生活困难党员"], .flag, weight: 3),
            FieldSpec(.phone, ["联系电话", "手机号码", "手机号", "手机", "联系方式", "移动电话", "联系电话/手机号",
                               "联系电话/手机号码", "联系电话/手机"], weight: 1),
            FieldSpec(.leftReason, ["减少原因", "减少类型", "减少情况", "党员减少原因", "出党原因", "出党方式", "离开原因"],
                      weight: 3),
            FieldSpec(.leftOn, ["减少时间", "减少日期", "出党时间", "出党日期", "死亡时间", "死亡日期", "转出时间", "转出日期"],
                      .date, weight: 3),
            FieldSpec(.membership, ["党籍"], weight: 1),
        ],
        required: [[.name]],
        township: .attributed,
        totals: [],
        recordType: "MemberRecord", storeTables: ["member", "former_member", "member_tally"],
        checks: [.membersMismatch, .memberDuplicate, .membersIdentity, .recipientNotInRoster],
        excludesMoney: true, reading: .rows(MemberRecipe()))

    /// 帮扶资金发放台账 (SPEC §2.3). An amount column is strong evidence: a sheet with
    /// an amount and a recipient is a ledger whatever else it has (issue 15 §5).
    static let ledger = KindDescriptor(
        kind: .ledger, displayName: "帮扶资金发放台账",
        fields: [
            FieldSpec(.recipient, ["姓名", "帮扶对象", "受助人", "慰问对象", "被帮扶姓名", "被帮扶人", "被帮扶人姓名", "被帮扶对象",
                                    "受助人姓名", "救助对象", "困难党员姓名", "慰问对象姓名", "补助对象", "资助对象", "救助对象姓名",
                                    "领取人", "领取人姓名", "被帮扶人/姓名", "帮扶对象/姓名", "慰问对象/姓名", "救助对象/姓名",
                                    "受助人/姓名"], weight: 2),
            FieldSpec(.recipientID, idNumber, .idNumber, weight: 1),
            FieldSpec(.amount, ["金额", "发放金额", "帮扶金额", "慰问金", "慰问金额", "补助金额", "救助金额", "资助金额", "补助金",
                                 "救助金", "帮扶资金", "慰问资金", "补助资金", "救助资金", "实发金额"], .money, weight: 50),
            FieldSpec(.date, ["发放日期", "日期", "发放时间", "慰问时间", "慰问日期", "补助时间", "救助时间", "领取时间", "领取日期",
                               "发放年月"], .date, weight: 2),
            FieldSpec(.township, township, weight: 1),
            FieldSpec(.category, ["帮扶类别", "类别", "项目", "慰问类别", "慰问类型", "补助类型", "补助类别", "救助类型", "救助类别",
                                   "帮扶类型", "帮扶项目", "慰问项目", "困难类型"], weight: 1),
            FieldSpec(.source, ["资金来源", "来源", "补助机构", "资助单位", "发放单位", "资金渠道", "经费来源"], weight: 3),
            // A helper (帮扶人) is never the recipient; their group's columns are bound here so that
            // neither the recipient nor the township is taken from them (SPEC §9).
            FieldSpec(.helper, ["帮扶人", "帮扶人姓名", "帮扶责任人", "结对帮扶人", "帮扶干部", "帮扶干部姓名", "帮扶责任人姓名",
                                "帮扶人/姓名", "帮扶责任人/姓名", "结对帮扶人/姓名", "帮扶人/帮扶责任人", "帮扶人/单位",
                                "帮扶人/职务", "帮扶人/所在单位", "帮扶人/工作单位", "帮扶人/联系电话", "帮扶责任人/单位",
                                "帮扶责任人/职务", "结对帮扶人/单位", "结对帮扶人/职务"], weight: 1),
            FieldSpec(.recipientUnit, ["所在村", "村(社区)", "所在村(社区)", "村(居)", "所在单位", "工作单位", "村组"], weight: 1),
        ],
        required: [[.amount], [.recipient, .recipientID]],
        township: .attributed,
        totals: [.amount],
        recordType: "DisbursementRecord", storeTables: ["disbursement"],
        checks: [.recipientNotInRoster, .totalMismatch], reading: .rows(DisbursementRecipe()))

    /// 党内统计年报表: an official form read by item (SPEC §9): one branch-return record per
    /// item (unit category) of its reporting unit; 总计 and aggregate items are declared totals.
    static let officialForm = KindDescriptor(
        kind: .officialForm, displayName: "党内统计年报表", fields: [], required: [], township: .attributed, totals: [],
        recordType: "OrganisationRecord", storeTables: ["organisation"], checks: [.totalMismatch],
        storedKind: .branch, reading: .wholeSheet(OfficialFormDetector()))

    /// 党组织概况表: one row per organisation (SPEC §9), counted by type into branch-return
    /// records; each organisation is also stored by name and type.
    static let organisationList = KindDescriptor(
        kind: .organisationList, displayName: "党组织概况表", fields: [], required: [], township: .attributed,
        totals: [], recordType: "OrganisationRecord", storeTables: ["organisation", "org_unit"],
        checks: [.membersMismatch], storedKind: .branch, reading: .wholeSheet(OrgListDetector()))

    /// 党员数量和结构情况: a reporting unit's member figures by item (issue 19), read by a
    /// higher level into the unit's member tally.
    static let memberForm = KindDescriptor(
        kind: .memberForm, displayName: "党员数量和结构情况表", fields: [], required: [], township: .attributed,
        totals: [], recordType: "ReportedMemberFigure", storeTables: ["member_tally"], checks: [.totalMismatch],
        storedKind: .branch, reading: .wholeSheet(ReportedTableDetector(kind: .memberForm)))

    /// partystats' own 帮扶资金 sheet: a reporting unit's funding by category, source and
    /// month (no official form carries funding; issue 19).
    static let fundingForm = KindDescriptor(
        kind: .fundingForm, displayName: "帮扶资金汇总表", fields: [], required: [], township: .attributed,
        totals: [], recordType: "ReportedFundingFigure", storeTables: ["funding_tally"], checks: [.totalMismatch],
        storedKind: .branch, reading: .wholeSheet(ReportedTableDetector(kind: .fundingForm)))
}
