import Foundation
@testable import PartyImport
import PartyModel
import SheetReader
import XCTest

/// The organisation tables of issue 15 §3, read from the real-forms fixtures
/// (datasets/real-forms, made by scripts/gen-real-forms with openpyxl and xlwt).
final class OrgTablesTests: XCTestCase {
    static let forms = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../datasets/real-forms").standardized

    /// Imports one fixture; its one sheet must have the kind and keep the no-loss rule.
    func importSheet(_ name: String, kind: String) throws -> (SheetSummary, RecordingSink) {
        let sink = RecordingSink()
        let report = try ImportPipeline().run(files: [Self.forms.appendingPathComponent(name).path], sink: sink)
        let sheet = try XCTUnwrap(report.files.first?.sheets.first)
        XCTAssertEqual(sheet.kind, kind)
        XCTAssertTrue(sheet.balances, "\(sheet)")
        return (sheet, sink)
    }

    func sum(_ records: [OrganisationRecord], _ value: (OrganisationRecord) -> Int?) -> Int {
        records.reduce(0) { $0 + (value($1) ?? 0) }
    }

    func testTheOfficialOrganisationCountFormIsReadByItem() throws {
        let (sheet, sink) = try importSheet("07-柳河镇-党内统计年报-基层组织数量.xlsx", kind: "org_form")
        // 8 items stored (企业 replaced by its two parts; 其他, blank in every column, has no
        // organisations and is skipped as blank); 总计 and 企业 are totals; the 栏号 row is a header.
        XCTAssertEqual(sheet.imported, 8)
        XCTAssertEqual(sheet.skipped["blank"], 1)
        XCTAssertEqual(sheet.skipped["total"], 2)
        XCTAssertEqual(sheet.skipped["note"], 3)
        XCTAssertEqual(Set(sink.organisations.map(\.township)), ["柳河镇"])   // from 填报单位
        XCTAssertEqual(sum(sink.organisations, \.committees), 3)
        XCTAssertEqual(sum(sink.organisations, \.generalBranches), 5)
        XCTAssertEqual(sum(sink.organisations, \.branches), 47)
        let enterprise = sink.organisations.filter { $0.category == "非公有制企业" || $0.category == "国有企业" }
        XCTAssertEqual(sum(enterprise, \.branches), 11)
        XCTAssertTrue(sink.totals.allSatisfy { $0.declared == $0.computed }, "\(sink.totals)")
        XCTAssertEqual(Set(sink.totals.map(\.label)), ["总计", "企业"])
        XCTAssertFalse(sink.problems.contains { $0.code == "total.mismatch" })
    }

    func testTheCoverageFormSkipsItsBreakdownRows() throws {
        let (sheet, sink) = try importSheet("08-柳河镇-党内统计年报-建立党组织情况.xls", kind: "org_form")
        XCTAssertEqual(sheet.imported, 7)
        XCTAssertEqual(sheet.skipped["breakdown"], 2)        // 其中：社会团体 / 民办非企业单位
        XCTAssertEqual(sum(sink.organisations, \.unitsTotal), 68)
        XCTAssertEqual(sum(sink.organisations, \.unitsCovered), 49)
        let social = try XCTUnwrap(sink.organisations.first { $0.category == "社会组织" })
        XCTAssertEqual([social.unitsTotal, social.unitsCovered], [6, 2])
        XCTAssertEqual(sink.organisations.first { $0.category == "国有企业" }?.unitsTotal, 2)   // 公有制企业
    }

    func testTheOrganisationListCountsTypesAndMembersOnce() throws {
        let (sheet, sink) = try importSheet("09-党组织概况表（东关街道、白沙镇）.xlsx", kind: "org_list")
        XCTAssertEqual(sheet.imported, 19)
        XCTAssertEqual(sum(sink.organisations, \.committees), 2)
        XCTAssertEqual(sum(sink.organisations, \.generalBranches), 1)
        XCTAssertEqual(sum(sink.organisations, \.branches), 15)          // 党支部 14 + 联合党支部 1; not the 临时党支部
        XCTAssertEqual(sum(sink.organisations, \.membersReported), 480)  // the top-level organisations only
        let baisha = sink.organisations.filter { $0.township == "白沙镇" }
        XCTAssertEqual(sum(baisha, \.membersReported), 112 + 31 + 27 + 15 + 9)
        XCTAssertEqual(sum(sink.organisations.filter { $0.category == "农村" }, \.branches), 5)
        let types = Dictionary(grouping: sink.organisations.compactMap(\.unit?.type), by: { $0 }).mapValues(\.count)
        XCTAssertEqual(types, ["党委": 2, "党总支": 1, "党支部": 14, "联合党支部": 1, "临时党支部": 1])
        XCTAssertEqual(sink.organisations.first?.unit?.name, "中共东关街道新华社区委员会")
    }

    func testOrganisationTablesAreKindsOfTheCatalogue() throws {
        XCTAssertEqual(TableKind(rawValue: "org_form")?.displayName, "党内统计年报表")
        XCTAssertEqual(TableKind(rawValue: "org_list")?.displayName, "党组织概况表")
        for kind in [TableKind.officialForm, .organisationList] {
            let descriptor = kind.descriptor
            XCTAssertFalse(descriptor.isReadByRows)
            XCTAssertEqual(descriptor.storedKind, .branch)
            XCTAssertEqual(descriptor.recordType, "OrganisationRecord")
        }
        XCTAssertEqual(TableKind.organisationList.descriptor.storeTables, ["organisation", "org_unit"])
        XCTAssertEqual(TableKind.officialForm.descriptor.checks, [.totalMismatch])
        // A sheet is begun (and stored) with the kind whose records it gives, reported with its own.
        let (sheet, sink) = try importSheet("09-党组织概况表（东关街道、白沙镇）.xlsx", kind: "org_list")
        XCTAssertEqual(sink.sheetKinds, [.branch])
        XCTAssertEqual(sheet.kind, TableKind.organisationList.rawValue)
        // A sheet no kind read by rows takes is offered to the whole-sheet kinds in catalogue order.
        let book = try SheetReaders.open(path: Self.forms.appendingPathComponent("08-柳河镇-党内统计年报-建立党组织情况.xls").path)
        let cursor = try book.openSheet(0)
        var head: [SheetRow] = []
        while head.count < HeaderDetector.scanLimit, let row = try cursor.next() { head.append(row) }
        XCTAssertEqual(KindCatalogue.wholeSheetTable(in: head)?.descriptor.kind, .officialForm)
        XCTAssertEqual(KindCatalogue.wholeSheetTable(in: head)?.table.townships(rows: head), ["柳河镇"])
        XCTAssertNil(KindCatalogue.wholeSheetTable(in: Array(head.prefix(1))))
    }

    func testReportingUnitsItemsAndTypes() {
        XCTAssertEqual(OfficialForm.reportingUnit(in: "填报单位：中共柳河镇委员会 2024年12月31日 单位：个"), "柳河镇")
        XCTAssertEqual(OfficialForm.reportingUnit(in: "填报单位（盖章）：中共东关街道工作委员会"), "东关街道")
        XCTAssertEqual(OfficialForm.reportingUnit(in: "填报单位:唐河县"), "唐河县")
        XCTAssertNil(OfficialForm.reportingUnit(in: "党的基层组织数量情况"))
        XCTAssertEqual(OfficialForm.itemKey("    其中：公有制企业"), "公有制企业")
        XCTAssertEqual(OfficialForm.itemKey("（1）社区（居委会）"), "社区(居委会)")
        XCTAssertEqual(OrgListLayout.type(cell: "", name: "中共白沙镇柳林村支部委员会"), "党支部")
        XCTAssertEqual(OrgListLayout.type(cell: "", name: "中共团结社区总支部委员会"), "党总支")
        XCTAssertEqual(OrgListLayout.type(cell: "", name: "东关街道非公有制企业联合支部委员会"), "联合党支部")
        XCTAssertEqual(OrgListLayout.type(cell: "基层党委", name: "x"), "党委")
        XCTAssertNil(OrgListLayout.type(cell: "团支部", name: "x"))
    }
}
