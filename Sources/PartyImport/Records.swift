import PartyModel

/// A member roster row, normalised (SPEC §2.2, §3). Dates are ISO text with day or month precision.
public struct MemberRecord: Sendable, Equatable {
    public var row: Int
    public var name: String
    public var idNumber: IDNumber?
    public var gender: Gender?
    public var ethnicity: String?
    public var birthDate: PartyDate?
    public var joinedOn: PartyDate?
    public var confirmedOn: PartyDate?
    public var status: MemberStatus?
    public var education: Education?
    public var occupation: String?
    public var township: String
    public var branch: String?
    public var branchCategory: String?
    public var isRural: Bool?
    public var isMobile: Bool?
    public var mobileDestination: String?
    public var lostContact: Bool?
    public var hardship: Bool?
    public var phone: String?
}

/// A roster row of a person who is no longer a member (减少原因, 出党, 死亡, 转出, 党籍状态
/// 出党/停止党籍; SPEC §9): not counted as a member, counted apart and listed.
public struct FormerMemberRecord: Sendable, Equatable {
    public var row: Int
    public var name: String
    public var idNumber: IDNumber?
    public var township: String
    public var branch: String?
    /// A canonical reason (``FormerMembership/reasons``) or the reason as written.
    public var reason: String
    /// When the person left (减少时间, 出党日期, 死亡日期 …), when the roster says.
    public var leftOn: PartyDate?

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
    public var row: Int
    public var township: String
    public var category: String?
    public var unitsTotal: Int?
    public var unitsCovered: Int?
    public var committees: Int?
    public var generalBranches: Int?
    public var branches: Int?
    public var membersReported: Int?
    public var serviceCentre: Int?
    /// For a row of a 党组织概况表: the organisation (SPEC §9), stored apart as well so that
    /// organisations can be counted by type (联合党支部, 临时党支部 …). Nil for other rows.
    public var unit: OrgUnit? = nil
}

/// One organisation of a 党组织概况表: its name and type as read (党委, 党总支, 党支部,
/// 联合党支部, 临时党支部, or the type as written when unknown).
public struct OrgUnit: Sendable, Equatable {
    public var name: String
    public var type: String
}

/// One payment of an assistance-fund ledger (SPEC §2.3).
public struct DisbursementRecord: Sendable, Equatable {
    public var row: Int
    public var recipient: String?
    public var recipientID: IDNumber?
    public var amount: Fen
    public var date: PartyDate?
    public var township: String
    public var category: String?
    public var source: String
}

/// A declared total row (合计 …) with the sum of the data rows it covers, per column.
public struct DeclaredTotal: Sendable, Equatable {
    public var row: Int
    public var label: String
    public var field: Field
    public var column: String
    /// Counts as integers; money in fen.
    public var declared: Int64
    public var computed: Int64
}

/// A file about to be imported. Its SHA-256 comes with its summary (`FileSummary`),
/// once the file has been read: it is hashed beside the import (`FileFingerprints`).
public struct SourceFile: Sendable, Equatable {
    public var path: String
    public var size: Int64
    public var format: String
    public var encoding: String?
}

/// The accounting of one sheet (SPEC §4): `rowsRead = skipped + imported + rejected`.
public struct SheetSummary: Sendable, Codable, Equatable {
    public var sheet: String
    /// A kind's id (`branch`, `roster`, `ledger`, …), or `skipped` for a sheet of no known kind.
    public var kind: String
    public var rowsRead: Int = 0
    public var imported: Int = 0
    public var rejected: Int = 0
    /// Rows that are not data, by reason: `title`, `header`, `note`, `blank`, `total`, `unrecognised`,
    /// and `former` for people who are no longer members (stored apart, not counted as members).
    public var skipped: [String: Int] = [:]
    public var warnings: Int = 0
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
    public var path: String
    public var format: String
    public var encoding: String?
    public var sha256: String
    public var imported: Int
    public var rejected: Int
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
