/// The three kinds of return (SPEC §2).
public enum TableKind: String, Sendable, Codable, CaseIterable {
    /// 基层党组织情况: one row per township × unit category.
    case branch
    /// 党员名册: one row per member.
    case roster
    /// 帮扶资金发放台账: one row per payment.
    case ledger

    /// Chinese name for messages.
    public var displayName: String {
        switch self {
        case .branch: return "基层党组织情况"
        case .roster: return "党员名册"
        case .ledger: return "帮扶资金发放台账"
        }
    }
}

/// A column a return may have. Raw values are the SPEC's field names, which are
/// also the keys of the mapping file's `headers:` section.
public enum Field: String, Sendable, Codable, CaseIterable {
    // Shared
    case township, category
    // Branch return
    case unitsTotal = "units_total", unitsCovered = "units_covered"
    case unitsCoveredSingle = "units_covered_single", unitsCoveredJoint = "units_covered_joint"
    case committees, generalBranches = "general_branches", branches
    case membersReported = "members_reported", serviceCentre = "service_centre"
    // Roster
    case name, idNumber = "id_number", gender, ethnicity, birthDate = "birth_date"
    case joinedOn = "joined_on", confirmedOn = "confirmed_on", status, education, occupation
    case branch, branchCategory = "branch_category", isRural = "is_rural", isMobile = "is_mobile"
    case mobileDestination = "mobile_destination", lostContact = "lost_contact", hardship, phone
    /// Why a person is no longer a member (减少原因), and since when (出党/死亡/转出日期).
    case leftReason = "left_reason", leftOn = "left_on"
    /// A second status column (党籍状态 正常/停止党籍/已出党 beside a 人员类别 正式/预备党员):
    /// read only for former members (see `ColumnPreference`).
    case membership
    // Ledger
    case recipient, recipientID = "recipient_id", amount, date, source
    /// The person who helps (帮扶人): bound so that it is never taken for the recipient; not stored.
    case helper
    /// The recipient's village, community or unit (a ledger's 单位/所在村): not the township; not stored.
    case recipientUnit = "recipient_unit"

    // Hashing and equality by case, not by raw value: `RawRepresentable`'s default
    // hashes the raw *string*, and fields are dictionary keys on every row read.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ordinal)
    }

    public static func == (a: Field, b: Field) -> Bool {
        a.ordinal == b.ordinal
    }

    /// The case's position in declaration order.
    @inline(__always)
    var ordinal: UInt8 {
        withUnsafeBytes(of: self) { $0[0] }
    }
}

/// Header aliases per table kind, after header normalisation (SPEC §2).
///
/// An alias written `父/子` matches a column whose header spans two levels with that
/// parent and child (e.g. `单位数/总数`).
public enum FieldAliases {
    static let township = ["乡镇", "乡镇(街道)", "乡镇街道", "乡镇(街道)名称", "单位", "单位名称", "乡镇名称", "党(工)委",
                           "乡镇党委", "乡镇(街道)党(工)委", "所属乡镇", "所在乡镇", "乡镇(街道)党委"]
    static let idNumber = ["公民身份号码", "身份证号", "身份证号码", "身份证", "公民身份证号码", "身份证件号码",
                           "公民身份证号", "公民身份证", "身份证号(18位)", "居民身份证号码", "证件号码"]

    /// The built-in aliases for a kind of table.
    public static func builtIn(for kind: TableKind) -> [Field: [String]] {
        switch kind {
        case .branch:
            return [
                .township: township,
                .category: ["单位类别", "类别", "党组织类别", "单位性质", "单位类型"],
                .unitsTotal: ["单位总数", "单位数", "应建单位数", "单位数/总数", "单位数/单位总数", "单位数/合计"],
                .unitsCovered: ["已建立党组织单位数", "已建党组织", "已建立党组织", "单位数/已建立党组织",
                                "单位数/已建党组织", "单位数/已建立党组织单位数", "已建立党组织/合计", "已建立党组织/小计"],
                .unitsCoveredSingle: ["单独建立", "单独建立党组织", "已建立党组织/单独建立", "单位数/单独建立"],
                .unitsCoveredJoint: ["联合建立", "联合建立党组织", "已建立党组织/联合建立", "单位数/联合建立"],
                .committees: ["党委", "党委数", "基层党委"],
                .generalBranches: ["党总支", "总支", "党总支数"],
                .branches: ["党支部", "支部", "党支部数"],
                .membersReported: ["党员数", "党员人数", "党员总数"],
                .serviceCentre: ["党员服务中心", "服务中心", "是否建立党员服务中心", "党员服务中心数"],
            ]
        case .roster:
            return [
                .name: ["姓名", "党员姓名"],
                .idNumber: idNumber,
                .gender: ["性别"],
                .ethnicity: ["民族"],
                .birthDate: ["出生日期", "出生年月", "出生时间"],
                .joinedOn: ["入党时间", "入党日期", "加入党组织日期", "加入党组织时间", "入党年月"],
                .confirmedOn: ["转正时间", "转正日期", "转为正式党员日期", "转为正式党员时间"],
                .status: ["党员类别", "人员类别", "党籍状态", "党籍状态(正式党员或预备党员)", "党员状态", "正式/预备"],
                .education: ["学历", "文化程度", "最高学历", "学历(最高学历)"],
                .occupation: ["职业", "工作岗位", "现工作岗位", "岗位"],
                .township: township,
                .branch: ["所在党支部", "党支部", "所在党组织", "支部名称", "所在党组织名称", "党支部名称", "所在支部"],
                .branchCategory: ["党组织类别", "所在党组织类别"],
                .isRural: ["是否农村党员", "农村党员", "是否为农村党员"],
                .isMobile: ["是否流动党员", "流动党员", "是否为流动党员"],
                .mobileDestination: ["流出地", "流向", "外出地点", "流入地", "流出地点", "外出流向"],
                .lostContact: ["是否失联", "失去联系", "失联党员", "是否失联党员", "是否为失联党员", "是否失去联系"],
                .hardship: ["是否困难党员", "困难党员", "生活困难", "是否为困难党员", "是否生活困难党员"],
                .phone: ["联系电话", "手机号码", "手机号", "手机", "联系方式", "移动电话", "联系电话/手机号",
                         "联系电话/手机号码", "联系电话/手机"],
                .leftReason: ["减少原因", "减少类型", "减少情况", "党员减少原因", "出党原因", "出党方式", "离开原因"],
                .leftOn: ["减少时间", "减少日期", "出党时间", "出党日期", "死亡时间", "死亡日期", "转出时间", "转出日期"],
                .membership: ["党籍"],
            ]
        case .ledger:
            return [
                .recipient: ["姓名", "帮扶对象", "受助人", "慰问对象", "被帮扶姓名", "被帮扶人", "被帮扶人姓名", "被帮扶对象",
                             "受助人姓名", "救助对象", "困难党员姓名", "慰问对象姓名", "补助对象", "资助对象", "救助对象姓名",
                             "领取人", "领取人姓名", "被帮扶人/姓名", "帮扶对象/姓名", "慰问对象/姓名", "救助对象/姓名",
                             "受助人/姓名"],
                .recipientID: idNumber,
                .amount: ["金额", "发放金额", "帮扶金额", "慰问金", "慰问金额", "补助金额", "救助金额", "资助金额", "补助金",
                          "救助金", "帮扶资金", "慰问资金", "补助资金", "救助资金", "实发金额", "补助标准"],
                .date: ["发放日期", "日期", "发放时间", "慰问时间", "慰问日期", "补助时间", "救助时间", "领取时间", "领取日期",
                        "发放年月"],
                .township: township,
                .category: ["帮扶类别", "类别", "项目", "慰问类别", "慰问类型", "补助类型", "补助类别", "救助类型", "救助类别",
                            "帮扶类型", "帮扶项目", "慰问项目", "困难类型"],
                .source: ["资金来源", "来源", "补助机构", "资助单位", "发放单位", "资金渠道", "经费来源"],
                .helper: ["帮扶人", "帮扶人姓名", "帮扶责任人", "结对帮扶人", "帮扶干部", "帮扶干部姓名", "帮扶责任人姓名",
                          "帮扶人/姓名", "帮扶责任人/姓名", "结对帮扶人/姓名", "帮扶人/帮扶责任人", "帮扶人/单位",
                          "帮扶人/职务", "帮扶人/所在单位", "帮扶人/工作单位", "帮扶人/联系电话", "帮扶责任人/单位",
                          "帮扶责任人/职务", "结对帮扶人/单位", "结对帮扶人/职务"],
                .recipientUnit: ["所在村", "村(社区)", "所在村(社区)", "村(居)", "所在单位", "工作单位", "村组"],
            ]
        }
    }
}
