import PartyModel
import SheetReader

/// A table of figures a reporting unit sends upward (issue 19), found in a sheet that is
/// no return of the three kinds: the 党员数量和结构情况 form (`MemberForm`) or
/// partystats' own 帮扶资金 sheet (funding, which no official form carries). A higher
/// level imports them as the reporting unit's member and funding figures.
enum ReportedTable: Sendable {
    /// The member form: header rows end before `bodyStart`; the count column.
    case members(bodyStart: Int, column: Int, header: String)
    /// The funding sheet: its header row and the columns 分组, 项目, 金额, 笔数, 人数.
    case funding(bodyStart: Int, columns: FundingColumns)

    /// The columns of a funding sheet (0-based).
    struct FundingColumns: Sendable {
        var group: Int
        var item: Int
        var amount: Int
        var amountHeader: String
        var records: Int?
        var recipients: Int?
    }

    /// The kind of the table.
    var kind: TableKind {
        switch self {
        case .members: return .memberForm
        case .funding: return .fundingForm
        }
    }

    /// Title keyword of partystats' 帮扶资金 sheet (`2024年党内帮扶资金发放情况`).
    static let fundingTitle = "党内帮扶资金发放情况"

    /// Recognises a reported table among a sheet's first rows, or nil.
    static func detect(rows: [SheetRow]) -> ReportedTable? {
        let limit = min(rows.count, HeaderDetector.scanLimit)
        var title = ""
        for r in 0..<limit {
            let texts = rows[r].cells.map { TextNormaliser.compact($0.displayText) }
            if title.contains(MemberForm.title), texts.first == "项目",
               let column = texts.firstIndex(where: { ["党员数", "人数", "党员人数"].contains(TextNormaliser.header($0).key) }) {
                let next = r + 1 < rows.count && OfficialForm.isColumnNumberRow(rows[r + 1]) ? r + 2 : r + 1
                return .members(bodyStart: next, column: column, header: rows[r][column].displayText)
            }
            if title.contains(fundingTitle), let group = texts.firstIndex(of: "分"
                + "组"), let item = texts.firstIndex(of: "项目"),
               let amount = texts.firstIndex(where: { $0.hasPrefix("金额") }) {
                return .funding(bodyStart: r + 1, columns: FundingColumns(
                    group: group, item: item, amount: amount, amountHeader: rows[r][amount].displayText,
                    records: texts.firstIndex(of: "笔数"), recipients: texts.firstIndex(of: "人数")))
            }
            title += texts.joined()
        }
        return nil
    }


    /// The funding dimension of a 分组 label: `total`, `category`, `source`, `month`, or
    /// `unit` (the rows by township or lower unit, checked against the total but not kept).
    static func fundingDimension(_ group: String) -> String? {
        let g = TextNormaliser.compact(group)
        if ["全县", "全市", "全省", "全区", "全国", "合计", "总计"].contains(g) { return "total" }
        if g.contains("类别") { return "category" }
        if g.contains("来源") { return "source" }
        if g.contains("月份") { return "month" }
        if g.hasPrefix("按") { return "unit" }
        return nil
    }

    /// `2024年3月` → `2024-03`; nil for anything else (`未知` stays a key of its own).
    static func monthKey(_ label: String) -> String? {
        let t = TextNormaliser.compact(label)
        guard t.hasSuffix("月"), let split = t.firstIndex(of: "年"),
              let y = Int(t[..<split]), let m = Int(t[t.index(after: split)..<t.index(before: t.endIndex)]),
              (1...12).contains(m) else { return nil }
        return String(format: "%04d-%02d", y, m)
    }
}

/// A member figure of a reporting unit, read from a member form: a member-tally row
/// (`figure` and `key` as `TallyFigure` in PartyStore) written by the store as is.
public struct ReportedMemberFigure: Sendable, Equatable {
    /// Excel row of the item.
    public var row: Int
    /// The reporting unit (stored as the township of the level below).
    public var township: String
    /// `total`, `women`, `minority`, `probationary`, `college`, `age`, `period`, `education`.
    public var figure: String
    /// The figure's key (an age, a period index, an education level), empty for counts.
    public var key: String
    /// How many members.
    public var members: Int
}

/// A funding figure of a reporting unit, read from partystats' 帮扶资金 sheet.
public struct ReportedFundingFigure: Sendable, Equatable {
    /// Excel row.
    public var row: Int
    /// The reporting unit.
    public var township: String
    /// `total`, `category`, `source` or `month`.
    public var dimension: String
    /// The category, source or month (`2024-03`, `未知`); empty for the total.
    public var key: String
    /// The amount in fen.
    public var amount: Fen
    /// Disbursements (the total row only).
    public var records: Int?
    /// Distinct recipients (the total row only).
    public var recipients: Int?
}

extension ReportedTable: WholeSheetTable {
    /// The reporting unit declared in the title block (`填报单位`).
    func townships(rows: [SheetRow]) -> [String] {
        let end: Int
        switch self {
        case .members(let start, _, _), .funding(let start, _): end = start
        }
        return rows.prefix(end).compactMap {
            OfficialForm.reportingUnit(in: $0.cells.map(\.displayText).joined(separator: " "))
        }
    }

    func read(rows: [SheetRow], into importer: inout OrgTableImport) throws {
        var reader = ReportedTableImport(file: importer.file, sheet: importer.sheet, table: self,
                                         context: importer.context,
                                         sink: importer.sink, summary: importer.summary)
        importer.summary = try reader.run(rows: rows)
    }
}

/// The detector of a reported table of one kind (``KindCatalogue/memberForm``,
/// ``KindCatalogue/fundingForm``).
struct ReportedTableDetector: WholeSheetDetector {
    let kind: TableKind

    func detect(rows: [SheetRow]) -> (any WholeSheetTable)? {
        guard let table = ReportedTable.detect(rows: rows), table.kind == kind else { return nil }
        return table
    }
}
