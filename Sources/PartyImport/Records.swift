import PartyModel

/// A member roster row, normalised (SPEC §2.2, §3). Dates are ISO text with day or month precision.
public struct MemberRecord: Sendable, Equatable {
    /// The row number as Excel shows it (for CSV: the physical line).
    public var row: Int
    /// The name, compacted (`张 三` → `张三`).
    public var name: String
    /// The usable ID number, nil when absent or unusable (warned).
    public var idNumber: IDNumber?
    /// The gender as written, else from the ID.
    public var gender: Gender?
    /// The canonical ethnic group (`汉族`), or the text as written when unknown.
    public var ethnicity: String?
    /// The birth date as written, else from the ID.
    public var birthDate: PartyDate?
    /// When the member joined (入党时间).
    public var joinedOn: PartyDate?
    /// When the member became full (转正时间).
    public var confirmedOn: PartyDate?
    /// Full or probationary.
    public var status: MemberStatus?
    /// The education band.
    public var education: Education?
    /// The work post, without its code.
    public var occupation: String?
    /// The township, by its display name (SPEC §2.4).
    public var township: String
    /// The branch (所在党支部), compacted.
    public var branch: String?
    /// The branch's canonical category (农村, 社区 …), or as written.
    public var branchCategory: String?
    /// Whether the member is rural, when the roster says.
    public var isRural: Bool?
    /// Whether the member is mobile (流动党员).
    public var isMobile: Bool?
    /// Where a mobile member went.
    public var mobileDestination: String?
    /// Whether the member is out of contact (失联).
    public var lostContact: Bool?
    /// Whether the member is in hardship (困难党员).
    public var hardship: Bool?
    /// The phone number, compacted (personal data: masked in outputs for people).
    public var phone: String?
}

/// A roster row of a person who is no longer a member (减少原因, 出党, 死亡, 转出, 党籍状态
/// 出党/停止党籍; SPEC §9): not counted as a member, counted apart and listed.
public struct FormerMemberRecord: Sendable, Equatable {
    /// The row number as Excel shows it (for CSV: the physical line).
    public var row: Int
    /// The name, compacted (`张 三` → `张三`).
    public var name: String
    /// The usable ID number, nil when absent or unusable (warned).
    public var idNumber: IDNumber?
    /// The township, by its display name (SPEC §2.4).
    public var township: String
    /// The branch (所在党支部), compacted.
    public var branch: String?
    /// A canonical reason (``FormerMembership/reasons``) or the reason as written.
    public var reason: String
    /// When the person left (减少时间, 出党日期, 死亡日期 …), when the roster says.
    public var leftOn: PartyDate?

    /// A former member of a roster row.
    public init(row: Int, name: String, idNumber: IDNumber?, township: String, branch: String?, reason: String,
                leftOn: PartyDate?) {
        self.row = row
        self.name = name
        self.idNumber = idNumber
        self.township = township
        self.branch = branch
        self.reason = reason
        self.leftOn = leftOn
    }
}

/// A branch-return row: one township × unit category (SPEC §2.1).
public struct OrganisationRecord: Sendable, Equatable {
    /// The row number as Excel shows it (for CSV: the physical line).
    public var row: Int
    /// The township, by its display name (SPEC §2.4).
    public var township: String
    /// The canonical category, or the text as written when unknown.
    public var category: String?
    /// Units of the category (单位总数).
    public var unitsTotal: Int?
    /// Units with a Party organisation (已建立党组织单位数).
    public var unitsCovered: Int?
    /// Party committees (党委).
    public var committees: Int?
    /// General branches (党总支).
    public var generalBranches: Int?
    /// Branches (党支部).
    public var branches: Int?
    /// Members the return reports (党员数), checked against the roster.
    public var membersReported: Int?
    /// Member service centres (党员服务中心).
    public var serviceCentre: Int?
    /// For a row of a 党组织概况表: the organisation (SPEC §9), stored apart as well so that
    /// organisations can be counted by type (联合党支部, 临时党支部 …). Nil for other rows.
    public var unit: OrgUnit? = nil
}

/// One organisation of a 党组织概况表: its name and type as read (党委, 党总支, 党支部,
/// 联合党支部, 临时党支部, or the type as written when unknown).
public struct OrgUnit: Sendable, Equatable {
    /// The organisation's name as read.
    public var name: String
    /// The type as read (党委, 党支部 …).
    public var type: String
}

/// One payment of an assistance-fund ledger (SPEC §2.3).
public struct DisbursementRecord: Sendable, Equatable {
    /// The row number as Excel shows it (for CSV: the physical line).
    public var row: Int
    /// The recipient, compacted; nil when only the ID is given.
    public var recipient: String?
    /// The recipient's usable ID number.
    public var recipientID: IDNumber?
    /// The amount in fen.
    public var amount: Fen
    /// When it was paid.
    public var date: PartyDate?
    /// The township, by its display name (SPEC §2.4).
    public var township: String
    /// The category (帮扶类别) as written, compacted.
    public var category: String?
    /// The canonical funding source (未注明 when blank).
    public var source: String
}

/// A declared total row (合计 …) with the sum of the data rows it covers, per column.
public struct DeclaredTotal: Sendable, Equatable {
    /// The row number as Excel shows it (for CSV: the physical line).
    public var row: Int
    /// The label as written (合计, 小计 …), compacted.
    public var label: String
    /// The field of the column.
    public var field: Field
    /// The column letter.
    public var column: String
    /// Counts as integers; money in fen.
    public var declared: Int64
    /// The sum of the data rows the total covers (counts as integers; money in fen).
    public var computed: Int64
}

/// A file about to be imported. Its SHA-256 comes with its summary (`FileSummary`),
/// once the file has been read: it is hashed beside the import (`FileFingerprints`).
public struct SourceFile: Sendable, Equatable {
    /// The file as given.
    public var path: String
    /// Its size in bytes.
    public var size: Int64
    /// Its format (`csv`, `xlsx`, `xlsm`, `xls`).
    public var format: String
    /// The detected text encoding of a CSV file; nil otherwise.
    public var encoding: String?
}

/// The accounting of one sheet (SPEC §4): `rowsRead = skipped + imported + rejected`.
public struct SheetSummary: Sendable, Codable, Equatable {
    /// The sheet's name.
    public var sheet: String
    /// A kind's id (`branch`, `roster`, `ledger`, …), or `skipped` for a sheet of no known kind.
    public var kind: String
    /// Rows read, every kind of row.
    public var rowsRead: Int = 0
    /// Rows imported as records.
    public var imported: Int = 0
    /// Rows rejected (not records).
    public var rejected: Int = 0
    /// Rows that are not data, by reason: `title`, `header`, `note`, `blank`, `total`, `unrecognised`,
    /// and `former` for people who are no longer members (stored apart, not counted as members).
    public var skipped: [String: Int] = [:]
    /// Warnings raised on the rows kept.
    public var warnings: Int = 0
    /// True when the workbook hides the sheet.
    public var hidden: Bool = false
    /// Why the sheet was taken for its kind (absent when no column points at any kind).
    public var evidence: SheetEvidence?

    enum CodingKeys: String, CodingKey {
        case sheet, kind, rowsRead = "rows_read", imported, rejected, skipped, warnings, hidden, evidence
    }

    /// True when every row read is accounted for.
    public var balances: Bool { rowsRead == skipped.values.reduce(0, +) + imported + rejected }
}

/// The accounting of one file.
public struct FileSummary: Sendable, Codable, Equatable {
    /// The file as given.
    public var path: String
    /// Its format (`csv`, `xlsx`, `xlsm`, `xls`).
    public var format: String
    /// The detected text encoding of a CSV file; nil otherwise.
    public var encoding: String?
    /// The file's SHA-256, lower-case hex.
    public var sha256: String
    /// Rows imported as records.
    public var imported: Int
    /// Rows rejected (not records).
    public var rejected: Int
    /// Each sheet's accounting, in workbook order.
    public var sheets: [SheetSummary]
}

/// What an import hands its sink, in import order: the records themselves, between
/// the marks that open and close each file and sheet.
public enum ImportEvent: Sendable {
    /// A file is about to be read.
    case beginFile(SourceFile)
    /// A sheet of the current file is about to be read (`kind` nil: not recognised).
    case beginSheet(name: String, ordinal: Int, kind: TableKind?)
    /// A member, with the reference the pipeline gave it (the store's row id: the
    /// pipeline numbers members from `ImportPipeline.firstMemberRef` on) and the
    /// reference of the first member with the same ID this year, if any.
    case member(MemberRecord, ref: Int64, duplicateOf: Int64?)
    /// A row of a branch return.
    /// A roster row of a person who is no longer a member (not a member: stored and counted apart).
    case formerMember(FormerMemberRecord)
    case organisation(OrganisationRecord)
    /// A row of an assistance-fund ledger.
    case disbursement(DisbursementRecord)
    /// A total row's declared figure, beside the figure computed from the rows above it.
    case declaredTotal(DeclaredTotal)
    /// A member figure a reporting unit's form gives (a higher level's return, issue 19).
    case memberFigure(ReportedMemberFigure)
    /// A funding figure a reporting unit's 帮扶资金 sheet gives.
    case fundingFigure(ReportedFundingFigure)
    /// A problem found in the current sheet (or file).
    case problem(Problem)
    /// The current sheet has been read.
    case endSheet(SheetSummary)
    /// The current file has been read.
    case endFile(FileSummary)
}

/// Receives what an import reads, in import order. The store writes it; `validate` only counts.
public protocol ImportSink: AnyObject {
    /// Takes the next event. The event is handed over (`consuming`): a sink that keeps
    /// its record (the relay, which passes it to another thread) takes it without a
    /// copy of its strings.
    func receive(_ event: consuming ImportEvent) throws
}
