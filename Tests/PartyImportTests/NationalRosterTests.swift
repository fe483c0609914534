import Foundation
import PartyImport
import PartyModel
import TestSupport
import XCTest

/// Rosters of the national member-management system and its templates, and real ledgers
/// (SPEC §9): coded values, the headers in real use, former members, sample rows, notes
/// blocks, and a ledger's recipient, helper, unit and source.
final class NationalRosterTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws { dir = try TestSupport.temporaryDirectory("national") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func run(_ name: String, _ text: String, townships: [String] = []) throws -> (ImportReport, RecordingSink) {
        let path = try TestSupport.write(Array(text.utf8), to: name, in: dir)
        var directory = TownshipDirectory()
        for township in townships { directory.add(township) }
        let sink = RecordingSink()
        let report = try ImportPipeline(townships: directory).run(files: [path], sink: sink)
        return (report, sink)
    }

    static let template = """
        党员基本信息汇总表
        填报单位：中共柳河镇委员会
        序号,姓名,性别,民族,公民身份证号,出生日期,学历,工作岗位,加入党组织日期,转为正式党员日期,党籍状态,是否为流动党员,是否为失联党员,联系电话,减少原因
        示例,张三,男,01 汉族,110105198001010016,1980-01-01,21 大学,11 农牧渔业生产人员,2005-07-01,2006-07-01,正常,否,否,13800000000,
        1,王一,男,01 汉族,110105198001010016,1980-01-01,21 大学,11 农牧渔业生产人员,2005-07-01,2006-07-01,正常,是,否,13800000000,-
        2,李二,女,03 回族,41032819750501002X,1975-05-01,61 高中,-,1999-05-01,2000-05-01,正式党员,否,是,—,
        3,赵三,男,01汉族,41032819600101003X,1960-01-01,81 小学,4,1980-01-01,1981-01-01,正常,否,否,,死亡
        4,钱四,男,01,410328195001010043,1950-01-01,31,011公务员,1970-01-01,1971-01-01,停止党籍,否,否,,
        5,孙五,女,汉族,410328199009090058,1990-09-09,14 硕士研究生,/,2015-07-01,2016-07-01,预备党员,否,无,,无
        ,,,,,,,,,,,,,,
        填写说明：
        1.姓名须与身份证一致
        2.民族、学历按代码填写
        """

    func testNationalTemplateCodesHeadersFormerMembersAndNotes() throws {
        let (report, sink) = try run("柳河镇党员基本信息.csv", Self.template, townships: ["柳河镇"])
        let sheet = try XCTUnwrap(report.files.first?.sheets.first)
        XCTAssertEqual(sheet.kind, "roster")
        XCTAssertTrue(sheet.balances, "\(sheet)")
        XCTAssertEqual(sheet.imported, 3)
        XCTAssertEqual(sheet.rejected, 0)
        XCTAssertEqual(sheet.skipped, ["title": 2, "header": 1, "note": 4, "blank": 1, "former": 2])
        XCTAssertEqual(sink.members.map(\.record.name), ["王一", "李二", "孙五"])

        let wang = try XCTUnwrap(sink.member(named: "王一"))
        XCTAssertEqual(wang.ethnicity, "汉族")
        XCTAssertEqual(wang.education, .bachelor)
        XCTAssertEqual(wang.occupation, "农牧渔业生产人员")
        XCTAssertEqual(wang.idNumber?.value, "110105198001010016")
        XCTAssertEqual(wang.joinedOn?.iso, "2005-07-01")
        XCTAssertEqual(wang.confirmedOn?.iso, "2006-07-01")
        XCTAssertNil(wang.status)
        XCTAssertEqual(wang.isMobile, true)
        XCTAssertEqual(wang.lostContact, false)
        XCTAssertEqual(wang.phone, "13800000000")
        XCTAssertEqual(wang.township, "柳河镇")

        let li = try XCTUnwrap(sink.member(named: "李二"))
        XCTAssertEqual(li.ethnicity, "回族")
        XCTAssertEqual(li.education, .highSchool)
        XCTAssertNil(li.occupation)
        XCTAssertEqual(li.status, .full)
        XCTAssertEqual(li.lostContact, true)
        XCTAssertNil(li.phone)

        let sun = try XCTUnwrap(sink.member(named: "孙五"))
        XCTAssertEqual(sun.education, .postgraduate)
        XCTAssertNil(sun.occupation)
        XCTAssertEqual(sun.status, .probationary)
        XCTAssertEqual(sun.lostContact, false)

        XCTAssertEqual(sink.formerMembers.map(\.name), ["赵三", "钱四"])
        XCTAssertEqual(sink.formerMembers.map(\.reason), ["死亡", "停止党籍"])
        XCTAssertEqual(sink.formerMembers.first?.idNumber?.value, "41032819600101003X")
        let former = report.problems.filter { $0.code == "member.former" }
        XCTAssertEqual(former.map(\.row), [7, 8])
        XCTAssertEqual(former.map(\.header), ["减少原因", "党籍状态"])
        XCTAssertTrue(former[0].message.contains("死亡"), former[0].message)
        // 正常 is a status in good standing: no warning; no value read as an unknown code.
        let codes = Set(report.problems.map(\.code))
        XCTAssertFalse(codes.contains("status.unknown"), "\(report.problems)")
        XCTAssertFalse(codes.contains("ethnicity.unknown"))
        XCTAssertFalse(codes.contains("education.unknown"))
        XCTAssertFalse(codes.contains("flag.invalid"))
        XCTAssertFalse(codes.contains("row.name_missing"))
    }

    func testFormerMembersFromDateColumnsAndTheirReasonFromTheHeader() throws {
        let text = """
            姓名,性别,入党日期,死亡日期
            周一,男,1970-01-01,
            吴二,女,1960-01-01,2024-03-05
            """
        let (report, sink) = try run("roster.csv", text)
        let sheet = try XCTUnwrap(report.files.first?.sheets.first)
        XCTAssertEqual([sheet.imported, sheet.skipped["former"]], [1, 1])
        XCTAssertEqual(sink.formerMembers.first?.reason, "死亡")
        XCTAssertEqual(sink.formerMembers.first?.leftOn?.iso, "2024-03-05")
    }

    func testOfTwoStatusColumnsTheOneWhoseValuesParseWins() throws {
        let staff = """
            姓名,人员类别,党籍状态（正式党员或预备党员）
            甲,在岗职工,预备党员
            乙,离退休人员,正式党员
            """
        let (report, sink) = try run("roster.csv", staff)
        XCTAssertEqual(sink.members.map(\.record.status), [.probationary, .full])
        XCTAssertFalse(report.problems.contains { $0.code == "status.unknown" })

        // The national export: 人员类别 is the status, 党籍状态 (正常 / 已出党) says who left.
        let export = """
            姓名,人员类别,党籍状态
            甲,正式党员,正常
            乙,预备党员,已出党
            """
        let (exportReport, exportSink) = try run("export.csv", export)
        XCTAssertEqual(exportSink.members.map(\.record.name), ["甲"])
        XCTAssertEqual(exportSink.members.first?.record.status, .full)
        XCTAssertEqual(exportSink.formerMembers.map(\.reason), ["出党"])
        XCTAssertEqual(exportReport.problems.first { $0.code == "member.former" }?.header, "党籍状态")
    }

    func testSampleRowsAreNotesOnlyAmongTheFirstRows() throws {
        let text = """
            序号,姓名,性别
            例：,张三,男
            1,李四,男
            2,王五（示例）,女
            3,赵六,女
            4,例明,男
            5,钱七,男
            6,孙八（示例）,女
            """
        let (report, sink) = try run("roster.csv", text)
        let sheet = try XCTUnwrap(report.files.first?.sheets.first)
        XCTAssertEqual(sheet.skipped["note"], 2)
        // A sample mark after the first three rows with content is data: a real roster row.
        XCTAssertEqual(sink.members.map(\.record.name), ["李四", "赵六", "例明", "钱七", "孙八(示例)"])
    }

    func testALedgerWithItsRecipientHelperUnitSourceAndCategory() throws {
        let text = """
            城关镇2024年困难党员慰问金发放台账
            序号,单位,慰问对象,帮扶人姓名,慰问类别,慰问金额（元）,补助机构,发放日期
            1,东村,张大,王干部,生活困难,500,县委组织部,2024-01-20
            2,西村,李二,王干部,大病,"1,000.00",上级党费,2024-01-21
            合计,,,,,1500,,
            """
        let (report, sink) = try run("ledger.csv", text, townships: ["城关镇", "东村镇"])
        let sheet = try XCTUnwrap(report.files.first?.sheets.first)
        XCTAssertEqual(sheet.kind, "ledger")
        XCTAssertEqual(sheet.imported, 2)
        XCTAssertTrue(sink.members.isEmpty)
        XCTAssertEqual(sink.disbursements.map(\.recipient), ["张大", "李二"])
        XCTAssertEqual(sink.disbursements.map(\.township), ["城关镇", "城关镇"])
        XCTAssertEqual(sink.disbursements.map(\.amount.rawValue), [50_000, 100_000])
        XCTAssertEqual(sink.disbursements.map(\.category), ["生活困难", "大病"])
        XCTAssertEqual(sink.disbursements.map(\.source), ["县委组织部", "上级下拨党费"])
        XCTAssertEqual(sink.totals.first?.declared, 150_000)
        XCTAssertFalse(report.problems.contains { $0.code == "total.mismatch" || $0.code == "township.unknown" })
    }

    func testALedgerWithoutATownshipInItsTitleKeepsUnitAsTownship() throws {
        let text = """
            2024年慰问金发放台账
            单位,姓名,补助金额
            城关镇,张大,300
            """
        let (_, sink) = try run("ledger.csv", text, townships: ["城关镇"])
        XCTAssertEqual(sink.disbursements.first?.township, "城关镇")
        XCTAssertEqual(sink.disbursements.first?.amount.rawValue, 30_000)
    }

    func testAHelperColumnIsNeverTheRecipient() throws {
        let text = """
            被帮扶人,,帮扶人,,帮扶金额
            姓名,身份证号,姓名,职务,
            张大,41032819750501002X,王干部,科员,800
            """
        let (report, sink) = try run("帮扶台账.csv", text)
        XCTAssertEqual(report.files.first?.sheets.first?.kind, "ledger")
        XCTAssertEqual(sink.disbursements.first?.recipient, "张大")
        XCTAssertEqual(sink.disbursements.first?.recipientID?.value, "41032819750501002X")
    }
}
