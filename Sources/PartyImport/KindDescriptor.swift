import PartyModel
import SheetReader

/// How the values of a field are written, so that recognition can tell a column whose
/// values parse from one whose values do not (the one that parses wins a field two
/// columns could give), and `inspect` can say what it expects.
public enum ValueType: String, Sendable, Codable {
    /// Any text.
    case text
    /// 18-character (or 15-digit) 公民身份号码.
    case idNumber = "id_number"
    /// A date (SPEC §3).
    case date
    /// A non-negative whole number.
    case count
    /// An amount of money in 元 (or 万元).
    case money
    /// 是/否 and its synonyms.
    case flag
    /// 男/女.
    case gender
    /// A 民族 name or GB 3304 code.
    case ethnicity
    /// A 学历 (GB/T 4658 names and synonyms).
    case education
    /// 正式党员 / 预备党员.
    case status

    /// True when a non-blank cell's text reads as a value of this type.
    public func accepts(_ text: String) -> Bool {
        switch self {
        case .text: return true
        case .idNumber:
            if case .usable = IDNumber.parse(text: text) { return true }
            return false
        case .date: return DateParser.parse(text) != nil
        case .count: return (try? CountParser.parse(text).get()) != nil
        case .money: return (try? Fen.parse(text).get()) != nil
        case .flag: return FlagParser.parse(text) != nil
        case .gender: return Gender.parse(text) != nil
        case .ethnicity: return Ethnicity.canonical(text) != nil
        case .education: return Education.parse(text) != nil
        case .status: return MemberStatus.parse(text) != nil
        }
    }

    /// True when a cell reads as a value of this type (numbers as counts, money or dates).
    public func accepts(_ cell: CellValue) -> Bool {
        switch cell {
        case .empty, .error: return false
        case .number:
            switch self {
            case .text, .count, .money, .date, .ethnicity, .flag: return true
            case .idNumber: return false
            default: return accepts(cell.displayText)
            }
        case .date: return self == .date || self == .text
        case .bool: return self == .flag || self == .text
        default: return accepts(cell.displayText)
        }
    }
}

/// One field of a kind: the header aliases that name it, how its values are written,
/// and how much a column bound to it says that a sheet is of this kind.
public struct FieldSpec: Sendable {
    /// The field (SPEC §2 name).
    public var field: Field
    /// Header aliases after normalisation; `父/子` matches a two-level header.
    public var aliases: [String]
    /// How its values are written.
    public var type: ValueType
    /// Evidence weight of a column bound to this field. Fields that several kinds share
    /// (姓名, 乡镇, 身份证号) weigh little; a field only this kind has weighs much.
    public var weight: Int
    /// The field a second column with this field's header is read as, when another column
    /// gives this field (a 人员类别 beside a 党籍状态: the one not taken as `status` is read
    /// as `membership`). Not evidence: the runner-up adds nothing to the kind's score.
    public var runnerUp: Field?

    /// A field with its aliases, value type and evidence weight.
    public init(_ field: Field, _ aliases: [String], _ type: ValueType = .text, weight: Int, runnerUp: Field? = nil) {
        self.field = field
        self.aliases = aliases
        self.type = type
        self.weight = weight
        self.runnerUp = runnerUp
    }
}

/// Where a sheet's records get their township (SPEC §2.4).
public enum TownshipRule: Sendable {
    /// Every row names its township; a row without one is rejected; the names written
    /// are the year's known townships (the branch return).
    case perRow
    /// A township column if there is one, else the title, sheet or file name.
    case attributed
}

/// How the sheets of a kind are found and read.
enum KindReading: Sendable {
    /// By its header: the kind's fields are bound by alias and scored (`Recogniser`), and
    /// each data row becomes a record through the recipe as it is read.
    case rows(any RecordRecipe)
    /// Whole: a sheet that no kind read by rows takes is offered to the kind's detector,
    /// which finds the table's own layout (a form's title and 栏号 row, a list's name and
    /// type columns); the sheet is then read at once (these tables are small).
    case wholeSheet(any WholeSheetDetector)
}

/// A kind of return described as data: everything the pipeline needs to recognise a
/// sheet of it, bind its columns, turn its rows into records and check its totals.
///
/// Adding a kind is adding a descriptor to ``KindCatalogue`` (plus its tests); a kind
/// with a new record type also adds that record, its ``RecordRecipe``, the sink method
/// and the store table (see docs/kinds.md).
public struct KindDescriptor: Sendable {
    /// The stable id, reported for the kind's sheets (`import --json`).
    public let kind: TableKind
    /// The one Chinese name, used everywhere.
    public let displayName: String
    /// The fields with their aliases, value types and evidence weights (none for a kind
    /// read whole-sheet: its detector reads its own layout).
    public let fields: [FieldSpec]
    /// Required evidence: every group needs one of its fields bound for a sheet to be
    /// of this kind (e.g. an amount, and a recipient or a recipient ID).
    public let required: [[Field]]
    /// Where rows get their township.
    public let township: TownshipRule
    /// Fields summed over the data rows and compared with declared 合计/小计 rows.
    public let totals: [Field]
    /// The record a row becomes (documentation: `inspect`, docs/kinds.md, tests).
    public let recordType: String
    /// The store tables the records go to.
    public let storeTables: [String]
    /// The codes of the checks (`indicators` checks) that read this kind's records.
    public let checks: [ProblemCode]
    /// True for a kind whose rows can hold no money (a roster): a money-like column it
    /// cannot map makes a sheet ambiguous rather than silently of this kind.
    public let excludesMoney: Bool
    /// The kind written for its sheets in the store (`sheet.kind`): its own id, or the
    /// kind whose records it gives (the organisation tables give branch-return records
    /// and are stored as `branch`).
    public let storedKind: TableKind
    /// How its sheets are found and read.
    let reading: KindReading

    init(kind: TableKind, displayName: String, fields: [FieldSpec], required: [[Field]], township: TownshipRule,
         totals: [Field], recordType: String, storeTables: [String], checks: [ProblemCode],
         excludesMoney: Bool = false, storedKind: TableKind? = nil, reading: KindReading) {
        self.kind = kind
        self.displayName = displayName
        self.fields = fields
        self.required = required
        self.township = township
        self.totals = totals
        self.recordType = recordType
        self.storeTables = storeTables
        self.checks = checks
        self.excludesMoney = excludesMoney
        self.storedKind = storedKind ?? kind
        self.reading = reading
    }

    /// True for a kind recognised by its header and read row by row.
    public var isReadByRows: Bool {
        if case .rows = reading { return true }
        return false
    }

    /// The built-in aliases by field.
    public var aliases: [Field: [String]] {
        Dictionary(fields.map { ($0.field, $0.aliases) }, uniquingKeysWith: +)
    }

    /// The spec of a field, nil when the kind has no such field.
    public func spec(_ field: Field) -> FieldSpec? { fields.first { $0.field == field } }

    /// True when the bound fields meet every group of ``required``.
    public func isSatisfied(by bound: Set<Field>) -> Bool {
        required.allSatisfy { group in group.contains(where: bound.contains) }
    }
}

/// Built-in aliases per kind (SPEC §2), kept for callers of the earlier API.
public enum FieldAliases {
    /// The built-in aliases for a kind of table.
    public static func builtIn(for kind: TableKind) -> [Field: [String]] { kind.descriptor.aliases }
}
