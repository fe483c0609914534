import PartyImport

/// A sink that keeps everything it receives, for assertions.
final class RecordingSink: ImportSink {
    var files: [SourceFile] = []
    var members: [(record: MemberRecord, duplicateOf: Int64?, ref: Int64)] = []
    var organisations: [OrganisationRecord] = []
    var formerMembers: [FormerMemberRecord] = []
    var disbursements: [DisbursementRecord] = []
    var totals: [DeclaredTotal] = []
    var problems: [Problem] = []
    var sheets: [SheetSummary] = []
    var memberFigures: [ReportedMemberFigure] = []
    var fundingFigures: [ReportedFundingFigure] = []
    /// The kind each sheet was begun with (what the store writes in `sheet.kind`).
    var sheetKinds: [TableKind?] = []

    func receive(_ event: consuming ImportEvent) throws {
        switch event {
        case .beginFile(let file): files.append(file)
        case .beginSheet(_, _, let kind): sheetKinds.append(kind)
        case .member(let member, let ref, let duplicateOf): members.append((member, duplicateOf, ref))
        case .formerMember(let former): formerMembers.append(former)
        case .organisation(let organisation): organisations.append(organisation)
        case .disbursement(let disbursement): disbursements.append(disbursement)
        case .declaredTotal(let total): totals.append(total)
        case .memberFigure(let figure): memberFigures.append(figure)
        case .fundingFigure(let figure): fundingFigures.append(figure)
        case .problem(let problem): problems.append(problem)
        case .endSheet(let summary): sheets.append(summary)
        case .endFile: break
        }
    }

    func member(named name: String) -> MemberRecord? { members.first { $0.record.name == name }?.record }
}
