import PartyImport

/// A sink that keeps everything it receives, for assertions.
final class RecordingSink: ImportSink {
    var files: [SourceFile] = []
    var members: [(record: MemberRecord, duplicateOf: Int64?, ref: Int64)] = []
    var organisations: [OrganisationRecord] = []
    var disbursements: [DisbursementRecord] = []
    var totals: [DeclaredTotal] = []
    var problems: [Problem] = []
    var sheets: [SheetSummary] = []

    func beginFile(_ file: SourceFile) throws { files.append(file) }
    func beginSheet(name: String, ordinal: Int, kind: TableKind?) throws {}
    func member(_ member: MemberRecord, duplicateOf: Int64?) throws -> Int64 {
        let ref = Int64(members.count + 1)
        members.append((member, duplicateOf, ref))
        return ref
    }
    func organisation(_ organisation: OrganisationRecord) throws { organisations.append(organisation) }
    func disbursement(_ disbursement: DisbursementRecord) throws { disbursements.append(disbursement) }
    func declaredTotal(_ total: DeclaredTotal) throws { totals.append(total) }
    func problem(_ problem: Problem) throws { problems.append(problem) }
    func endSheet(_ summary: SheetSummary) throws { sheets.append(summary) }
    func endFile(_ file: FileSummary) throws {}

    func member(named name: String) -> MemberRecord? { members.first { $0.record.name == name }?.record }
}
