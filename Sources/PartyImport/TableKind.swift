/// A kind of return, by its stable English id (stored in `sheet.kind`, shown by
/// `import --json`). What a kind is — its Chinese name, fields, aliases, evidence,
/// record and checks — is its ``KindDescriptor`` in ``KindCatalogue``: a new kind is a
/// new descriptor there, not a new case to switch on.
public struct TableKind: RawRepresentable, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The stable id, e.g. `roster`.
    public let rawValue: String

    /// The kind with this id, nil when no descriptor declares it.
    public init?(rawValue: String) {
        guard KindCatalogue.ids.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// A kind by id, for the catalogue's own declarations.
    init(id: String) { rawValue = id }

    /// 基层党组织情况: one row per township × unit category.
    public static let branch = TableKind(id: "branch")
    /// 党员名册: one row per member.
    public static let roster = TableKind(id: "roster")
    /// 帮扶资金发放台账: one row per payment.
    public static let ledger = TableKind(id: "ledger")
    /// 党内统计年报表: an official form, one row per item (unit category); stored as `branch`.
    public static let officialForm = TableKind(id: "org_form")
    /// 党组织概况表: one row per organisation; stored as `branch` (and in `org_unit`).
    public static let organisationList = TableKind(id: "org_list")
    /// 党员数量和结构情况表: a unit's member form (issue 19); its figures go to `member_tally`.
    public static let memberForm = TableKind(id: "member_form")
    /// 帮扶资金汇总表: partystats' own 帮扶资金 sheet, a unit's funding (issue 19).
    public static let fundingForm = TableKind(id: "funding_form")

    /// Every kind, in the catalogue's order.
    public static var allCases: [TableKind] { KindCatalogue.all.map(\.kind) }

    /// The kind's description.
    public var descriptor: KindDescriptor { KindCatalogue.descriptor(self) }

    /// The one Chinese name of the kind, used in every message, report and output.
    public var displayName: String { descriptor.displayName }

    /// The id.
    public var description: String { rawValue }
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
    /// read only for former members (the status spec's `runnerUp`).
    case membership
    // Ledger
    case recipient, recipientID = "recipient_id", amount, date, source
    /// The person who helps (帮扶人): bound so that it is never taken for the recipient; not stored.
    case helper
    /// The recipient's village, community or unit (a ledger's 单位/所在村): not the township; not stored.
    case recipientUnit = "recipient_unit"

    // Hashing and equality by case, not by raw value: `RawRepresentable`'s default
    // hashes the raw *string*, and fields are dictionary keys on every row read.
    /// Hashes the case (its ordinal).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ordinal)
    }

    /// Equal when the cases are.
    public static func == (a: Field, b: Field) -> Bool {
        a.ordinal == b.ordinal
    }

    /// The case's position in declaration order.
    @inline(__always)
    var ordinal: UInt8 {
        withUnsafeBytes(of: self) { $0[0] }
    }
}
