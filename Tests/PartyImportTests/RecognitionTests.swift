import Foundation
@testable import PartyImport
import PartyModel
import SheetReader
import TestSupport
import XCTest

/// Recognition by evidence (issue 15 §5), header binding (§2) and skipping
/// unrecognised files (§7), on fixtures written by openpyxl and as CSV.
final class RecognitionTests: XCTestCase {
    static let kinds = Bundle.module.resourceURL!.appendingPathComponent("KindFixtures")

    func path(_ name: String) -> String { Self.kinds.appendingPathComponent(name).path }

    func run(_ names: [String], mapping: Mapping = Mapping(), skip: Bool = false) throws -> (ImportReport, RecordingSink) {
        let sink = RecordingSink()
        let pipeline = ImportPipeline(mapping: mapping)
        pipeline.skipUnrecognised = skip
        let report = try pipeline.run(files: names.map(path), sink: sink)
        return (report, sink)
    }

    func testMoneyHeaderWithRecipientIsALedger() throws {
        let (report, sink) = try run(["补助发放表.csv"])
        let sheet = try XCTUnwrap(report.files.first?.sheets.first)
        XCTAssertEqual(sheet.kind, "ledger")
        XCTAssertEqual(sink.members.count, 0)
        XCTAssertEqual(sink.disbursements.map(\.amount.rawValue), [50_000, 80_050, 120_000])
        let evidence = try XCTUnwrap(sheet.evidence)
        XCTAssertEqual(evidence.kind, "ledger")
        XCTAssertEqual(evidence.headerRows, [1])
        let amount = try XCTUnwrap(evidence.scores.first?.reasons.first { $0.field == "amount" })
        XCTAssertEqual(amount.column, "D")
        XCTAssertEqual(amount.note, "money_header")
        XCTAssertEqual(evidence.scores.first?.kind, "ledger")
        // The roster reading is kept as a reason too, unsatisfied by nothing but outscored.
        XCTAssertTrue(evidence.scores.contains { $0.kind == "roster" && $0.satisfied })
    }

    func testMemberColumnsBesideAnAmountAreWarnedAmbiguous() throws {
        let (report, sink) = try run(["慰问名单.csv"])
        XCTAssertEqual(report.files.first?.sheets.first?.kind, "ledger")
        XCTAssertEqual(sink.disbursements.count, 2)
        let ambiguous = try XCTUnwrap(sink.problems.first { $0.code == "kind.ambiguous" })
        XCTAssertEqual(ambiguous.severity, .warning)
        XCTAssertEqual(ambiguous.column, "B")
        XCTAssertTrue(ambiguous.message.contains("党员名册"), ambiguous.message)
        XCTAssertTrue(ambiguous.message.contains("B 列「性别」、C 列「民族」、D 列「入党时间」"), ambiguous.message)
        XCTAssertTrue(ambiguous.message.contains("按得分更高的帮扶资金发放台账读取"), ambiguous.message)
        XCTAssertEqual(sink.problems.filter { $0.code == "kind.ambiguous" }.count, 1)
    }

    func testAmountWithoutRecipientIsNeverARoster() throws {
        XCTAssertThrowsError(try run(["党员慰问金额.csv"])) { error in
            let failure = error as? ImportFailure
            XCTAssertEqual(failure?.errors.map(\.code), ["file.unrecognised"])
        }
        let (report, sink) = try run(["党员慰问金额.csv", "补助发放表.csv"], skip: true)
        XCTAssertEqual(report.files.count, 1)
        XCTAssertEqual(sink.members.count, 0)
        let skipped = try XCTUnwrap(sink.problems.first { $0.code == "file.unrecognised" })
        XCTAssertTrue(skipped.file.hasSuffix("党员慰问金额.csv"))
        XCTAssertEqual(skipped.severity, .warning)
        // Recognition says why: the amount column, named.
        let rows = try head("党员慰问金额.csv")
        let recognition = Recogniser.recognise(rows: rows, aliases: AliasIndex(mapping: Mapping()))
        XCTAssertNil(recognition.layout)
        let note = try XCTUnwrap(recognition.notes.first)
        XCTAssertEqual(note.code, .kindAmbiguous)
        XCTAssertEqual(note.column, "C")
        XCTAssertTrue(note.message.contains("C 列「慰问金额」"), note.message)
    }

    func testEveryUnmappedColumnIsReportedOnce() throws {
        let (report, sink) = try run(["党员名册_政治面貌.csv"])
        XCTAssertEqual(report.files.first?.sheets.first?.kind, "roster")
        let unmapped = sink.problems.filter { $0.code == "column.unmapped" }
        // 公民身份证号 (F) is the national system's ID header: mapped, not reported.
        XCTAssertEqual(unmapped.map(\.column), ["D"])
        XCTAssertEqual(unmapped.map(\.header), ["政治面貌"])
        XCTAssertTrue(unmapped.allSatisfy { $0.severity == .warning && $0.row == 1 })
        // 序号 is known and holds no field: not reported. The third warning: no township.
        XCTAssertEqual(report.files.first?.sheets.first?.warnings, 2)
        XCTAssertEqual(sink.problems.map(\.code).sorted(), ["column.unmapped", "township.unknown"])
    }

    func testColumnWhoseValuesParseWinsAField() throws {
        let (_, sink) = try run(["两列状态.csv"])
        XCTAssertEqual(sink.members.map { $0.record.status }, [.full, .probationary, .full])
        XCTAssertEqual(sink.members.map { $0.record.idNumber?.value }, ["110101199003074514", "110101199003070222",
                                                                        "110101199003079593"])
        let losers = sink.problems.filter { $0.code == "column.unmapped" }
        XCTAssertEqual(losers.map(\.column), ["B", "D"])
        XCTAssertTrue(losers[0].message.contains("C 列「党籍状态」"), losers[0].message)
        XCTAssertFalse(sink.problems.contains { $0.code == "status.unknown" })
    }

    func testMappingNamesTheColumnOfAField() throws {
        let dir = try TestSupport.temporaryDirectory("kinds-mapping")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("mapping.yaml")
        try "columns:\n  status: 人员类别\n".write(to: file, atomically: true, encoding: .utf8)
        let mapping = try Mapping.load(path: file.path)
        XCTAssertEqual(mapping.columns, [.status: "人员类别"])
        let (_, sink) = try run(["两列状态.csv"], mapping: mapping)
        // 公务员 is no membership status: every row warned, none read as one.
        XCTAssertEqual(sink.members.map { $0.record.status }, [nil, nil, nil])
        XCTAssertEqual(sink.problems.filter { $0.code == "status.unknown" }.map(\.column), ["B", "B", "B"])
        try "columns:\n  rank: 人员类别\n".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Mapping.load(path: file.path)) { error in
            XCTAssertTrue("\(error)".contains("columns 中的字段名「rank」未知"), "\(error)")
        }
    }

    func testSubLabelRowIsAHeader() throws {
        let (report, sink) = try run(["二级表头名册.xlsx"])
        let sheet = try XCTUnwrap(report.files.first?.sheets.first)
        XCTAssertEqual(sheet.kind, "roster")
        XCTAssertEqual(sheet.evidence?.headerRows, [2, 3])
        XCTAssertEqual(sheet.skipped, ["title": 1, "header": 2])
        XCTAssertEqual(sheet.rejected, 0)
        XCTAssertEqual(sink.members.map(\.record.phone), ["13800000001", "13800000002"])
        XCTAssertEqual(sink.problems.filter { $0.code == "column.unmapped" }.map(\.header), ["联系电话/固定电话"])
    }

    func testUnrecognisedFilesAreNamedAtOnceWithHowToGoOn() throws {
        XCTAssertThrowsError(try run(["填报说明.csv", "党员慰问金额.csv", "补助发放表.csv"])) { error in
            let failure = error as? ImportFailure
            XCTAssertEqual(failure?.errors.count, 2)
            let text = failure?.description ?? ""
            XCTAssertTrue(text.contains("填报说明.csv") && text.contains("党员慰问金额.csv"), text)
            XCTAssertTrue(text.contains("partystats inspect") && text.contains("--skip-unrecognised"), text)
        }
        let (report, sink) = try run(["填报说明.csv", "党员慰问金额.csv", "补助发放表.csv"], skip: true)
        XCTAssertEqual(report.files.map { ($0.path as NSString).lastPathComponent }, ["补助发放表.csv"])
        XCTAssertEqual(sink.problems.filter { $0.code == "file.unrecognised" }.count, 2)
        XCTAssertEqual(report.problemLog.warnings, sink.problems.filter { $0.severity == .warning }.count)
    }

    func testKindsAreDescribedOnce() {
        XCTAssertEqual(TableKind.allCases.map(\.rawValue), ["ledger", "roster", "branch", "org_form", "org_list", "member_form",
                                                           "funding_form"])
        XCTAssertEqual(KindCatalogue.byHeader.map(\.kind), [.ledger, .roster, .branch])
        XCTAssertEqual(TableKind.ledger.displayName, "帮扶资金发放台账")
        XCTAssertEqual(TableKind(rawValue: "roster"), .roster)
        XCTAssertNil(TableKind(rawValue: "skipped"))
        XCTAssertEqual(KindCatalogue.namesForMessages, "基层党组织情况、党员名册或帮扶资金发放台账")
        for descriptor in KindCatalogue.all {
            // Every required field is a field of the kind, and no alias names two fields.
            for group in descriptor.required { XCTAssertTrue(group.allSatisfy { descriptor.spec($0) != nil }) }
            var seen: [String: Field] = [:]
            for spec in descriptor.fields {
                for alias in spec.aliases {
                    XCTAssertNil(seen[alias].flatMap { $0 == spec.field ? nil : $0 }, "\(descriptor.kind) \(alias)")
                    seen[alias] = spec.field
                }
            }
        }
    }

    private func head(_ name: String) throws -> [SheetRow] {
        let book = try SheetReaders.open(path: path(name))
        let cursor = try book.openSheet(0)
        var rows: [SheetRow] = []
        while let row = try cursor.next() { rows.append(row) }
        return rows
    }
}
