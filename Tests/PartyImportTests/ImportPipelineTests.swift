import Foundation
import PartyImport
import PartyModel
import TestSupport
import XCTest

final class ImportPipelineTests: XCTestCase {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    static let goodFiles = ["branch_fullwidth.csv", "roster_bom_tab.csv", "帮扶资金台账.csv", "源潭镇党员名册.csv"]
        .map { fixtures.appendingPathComponent($0).path }

    func runGood() throws -> (ImportReport, RecordingSink) {
        let sink = RecordingSink()
        let files = try ImportPipeline.discover(Self.goodFiles)
        let report = try ImportPipeline().run(files: files, sink: sink)
        return (report, sink)
    }

    func testEveryRowIsAccountedFor() throws {
        let (report, _) = try runGood()
        XCTAssertEqual(report.files.count, 4)
        for file in report.files {
            for sheet in file.sheets {
                XCTAssertTrue(sheet.balances, "\(file.path) \(sheet.sheet): \(sheet)")
            }
        }
        let byName = Dictionary(uniqueKeysWithValues: report.files.map { (lastComponent($0.path), $0) })
        let roster = try XCTUnwrap(byName["源潭镇党员名册.csv"]?.sheets.first)
        // 11 physical lines, but one record spans two lines: 10 rows read.
        XCTAssertEqual(roster.rowsRead, 10)
        XCTAssertEqual(roster.imported, 5)
        XCTAssertEqual(roster.rejected, 1)
        XCTAssertEqual(roster.skipped, ["title": 1, "header": 1, "blank": 1, "note": 1])
        XCTAssertEqual(byName["源潭镇党员名册.csv"]?.encoding, "GB18030")
        XCTAssertEqual(byName["roster_bom_tab.csv"]?.encoding, "UTF-8-BOM")
        let branch = try XCTUnwrap(byName["branch_fullwidth.csv"]?.sheets.first)
        XCTAssertEqual(branch.kind, "branch")
        XCTAssertEqual(branch.skipped, ["title": 2, "header": 2, "total": 1, "note": 1])
        XCTAssertEqual(branch.imported, 3)
        let ledger = try XCTUnwrap(byName["帮扶资金台账.csv"]?.sheets.first)
        XCTAssertEqual(ledger.kind, "ledger")
        XCTAssertEqual([ledger.imported, ledger.rejected], [3, 1])
        XCTAssertEqual(report.imported, 14)
        XCTAssertEqual(report.rejected, 2)
    }

    func testRepeatedHeadersWithASCIIAndCJKLabels() throws {
        // Repeated header rows are recognised whether their labels are ASCII (which the
        // check may only skip when no label is ASCII) or CJK; data rows, all-ASCII
        // values included, are not taken for headers.
        let dir = try TestSupport.temporaryDirectory("repeated")
        defer { try? FileManager.default.removeItem(at: dir) }
        let ascii = "NO,ID,CODE,姓名\n1,7,A1,张三\nNO,ID,CODE,姓名\n2,8,A2,李四\n"
        let cjk = "序号,姓名,性别,民族\n1,张三,男,汉族\n序号,姓名,性别,民族\n2,李四,女,回族\n3,123,456,789\n"
        // Repeated with spaces and full-width letters: longer than the labels, still labels.
        let spaced = "NO,ID,姓名,性别\n1,7,张三,男\n\"Ｎ Ｏ\",ＩＤ,姓　名,性 别\n2,8,李四,女\n"
        // A repetition after many data rows: still recognised, and the rows after it are
        // data again.
        let dataRow = { (i: Int) in "党员\(i),男,41032819900101\(1000 + i),1990-01-01,否\n" }
        let long = "姓名,性别,身份证号,出生日期,是否流动党员\n" + (0..<20).map(dataRow).joined()
            + "姓名,性别,身份证号,出生日期,是否流动党员\n" + (20..<40).map(dataRow).joined()
        for (name, text, imported) in [("ascii.csv", ascii, 2), ("cjk.csv", cjk, 3), ("spaced.csv", spaced, 2),
                                        ("long.csv", long, 40)] {
            let path = try TestSupport.write(Array(text.utf8), to: name, in: dir)
            let report = try ImportPipeline().run(files: [path], sink: RecordingSink())
            let sheet = try XCTUnwrap(report.files.first?.sheets.first)
            XCTAssertEqual(sheet.skipped, ["header": 2], "\(name): the header row and its repetition")
            XCTAssertEqual(sheet.imported, imported, name)
        }
    }

    func testRejectsNameTheirPlace() throws {
        let (report, _) = try runGood()
        let rejects = report.problems.filter { $0.severity == .reject }
        XCTAssertEqual(rejects.map(\.code).sorted(), ["amount.invalid", "row.name_missing"])
        let nameMissing = try XCTUnwrap(rejects.first { $0.code == "row.name_missing" })
        XCTAssertEqual(nameMissing.row, 7, "the embedded line break in row 3 shifts later rows by one line")
        XCTAssertEqual(nameMissing.column, "B")
        XCTAssertEqual(nameMissing.header, "姓名")
        XCTAssertEqual(nameMissing.sheet, "源潭镇党员名册")
        let amount = try XCTUnwrap(rejects.first { $0.code == "amount.invalid" })
        XCTAssertEqual([amount.row, amount.column, amount.value], [4, "D", "abc"] as [AnyHashable?])
    }

    func testRosterNormalisation() throws {
        let (_, sink) = try runGood()
        let zhang = try XCTUnwrap(sink.members.first { $0.record.name == "张三" && $0.record.township == "源潭镇" })
        XCTAssertEqual(zhang.record.gender, .male, "derived from the ID when the column is empty")
        XCTAssertEqual(zhang.record.ethnicity, "汉族")
        XCTAssertEqual(zhang.record.birthDate?.iso, "1985-03")
        XCTAssertEqual(zhang.record.joinedOn?.iso, "2008-05")
        XCTAssertEqual(zhang.record.education, .associate)
        XCTAssertEqual(zhang.record.isMobile, true)
        XCTAssertEqual(zhang.record.status, .full)
        XCTAssertNotNil(zhang.duplicateOf, "also listed by 张店镇 in a file that sorts first")

        let wang = try XCTUnwrap(sink.member(named: "王五"))
        XCTAssertEqual(wang.idNumber?.value.count, 18, "a 15-digit ID is upgraded")
        XCTAssertEqual(wang.idNumber?.value.prefix(8), "41032819")
        XCTAssertEqual(wang.joinedOn?.iso, "2008-05-01", "Excel serial 39569 written as text")
        XCTAssertEqual(wang.ethnicity, "回族")
        XCTAssertEqual(wang.birthDate?.iso, "1975-06")

        let zhao = try XCTUnwrap(sink.member(named: "赵六"))
        XCTAssertNil(zhao.idNumber, "4.10328E+17 lost its digits: dropped, member kept")
        XCTAssertEqual(zhao.joinedOn?.iso, "2008-05-01")
        XCTAssertEqual(zhao.education, .postgraduate)

        let li = try XCTUnwrap(sink.member(named: "李四"))
        XCTAssertEqual(li.status, .probationary)
        XCTAssertEqual(li.gender, .female)

        let qian = try XCTUnwrap(sink.member(named: "钱七"))
        XCTAssertEqual(qian.idNumber?.checksumValid, false)
        XCTAssertEqual(qian.isMobile, true, "√ is true")

        let sun = try XCTUnwrap(sink.member(named: "孙八"))
        XCTAssertEqual(sun.idNumber?.value.first, "4", "full-width digits are folded")
        XCTAssertEqual(sun.township, "张店镇")
        let zhou = try XCTUnwrap(sink.member(named: "周九"))
        XCTAssertEqual(zhou.township, "张店镇", "a blank township cell is filled down")
        XCTAssertEqual(zhou.isRural, true)
        XCTAssertEqual(zhou.education, .technical)
    }

    func testWarningsCarryCodesAndMaskedValues() throws {
        let (report, _) = try runGood()
        let codes = report.problems.filter { $0.severity == .warning }.map(\.code)
        for code in ["member.duplicate", "id.lost_precision", "id.checksum", "id.gender_mismatch", "total.mismatch"] {
            XCTAssertTrue(codes.contains(code), "missing \(code) in \(codes)")
        }
        for problem in report.problems {
            if let value = problem.value {
                XCTAssertNil(value.range(of: #"\d{17}[\dXx]"#, options: .regularExpression), "unmasked ID in \(problem)")
            }
        }
        let duplicate = try XCTUnwrap(report.problems.first { $0.code == "member.duplicate" })
        XCTAssertTrue(duplicate.message.contains("roster_bom_tab.csv"), "names the first place: \(duplicate.message)")
        XCTAssertTrue(duplicate.message.contains("第 3 行"))
    }

    func testBranchReturnWithTwoRowHeaderAndMergedTownship() throws {
        let (_, sink) = try runGood()
        XCTAssertEqual(sink.organisations.map(\.township), ["源潭镇", "源潭镇", "张店镇"])
        XCTAssertEqual(sink.organisations.map(\.category), ["农村", "非公有制企业", "社区"])
        XCTAssertEqual(sink.organisations.map(\.branches), [20, 5, 1281])
        XCTAssertEqual(sink.organisations.map(\.committees), [1, 0, 1])
        XCTAssertEqual(sink.organisations.map(\.generalBranches), [0, 1, 2])
        XCTAssertEqual(sink.organisations.map(\.membersReported), [600, 80, 1200])
        XCTAssertEqual(sink.organisations.map(\.unitsTotal), [20, 12, 30])
        XCTAssertEqual(sink.organisations.map(\.unitsCovered), [20, 6, 30])
        let branches = try XCTUnwrap(sink.totals.first { $0.field == .branches })
        XCTAssertEqual([branches.declared, branches.computed], [1300, 1306])
        XCTAssertEqual(branches.column, "E")
        let committees = try XCTUnwrap(sink.totals.first { $0.field == .committees })
        XCTAssertEqual([committees.declared, committees.computed], [2, 2])
    }

    func testLedgerAmountsInFen() throws {
        let (_, sink) = try runGood()
        XCTAssertEqual(sink.disbursements.map(\.amount.rawValue), [350_000, 200_000, 100_000],
                       "0.35 under a 万元 header; 0.2万元 and 1,000元 carry their own unit")
        XCTAssertEqual(sink.disbursements.map(\.source), ["财政资金", "部门支持", "未注明"])
        XCTAssertEqual(sink.disbursements.first?.date?.iso, "2024-01-15")
        XCTAssertEqual(sink.disbursements[1].date?.iso, "2024-02")
        let total = try XCTUnwrap(sink.totals.first { $0.field == .amount })
        XCTAssertEqual([total.declared, total.computed], [650_000, 650_000])
    }

    func testBrokenFilesFailWithTheirLine() throws {
        let broken = Self.fixtures.appendingPathComponent("broken")
        let expectations = [("unbalanced_quote.csv", "csv.unbalanced_quote", 2),
                            ("binary.csv", "csv.binary", nil),
                            ("invalid_gb18030.csv", "csv.invalid_encoding", 3)]
        for (name, code, line) in expectations {
            let path = broken.appendingPathComponent(name).path
            XCTAssertThrowsError(try ImportPipeline().run(files: [path], sink: RecordingSink()), name) { error in
                let failure = error as? ImportFailure
                XCTAssertEqual(failure?.errors.first?.code, code, name)
                XCTAssertEqual(failure?.errors.first?.row, line, name)
                XCTAssertEqual(failure?.errors.first?.file, path)
            }
        }
    }

    func testAFolderWithOneBrokenFileNamesItAndWritesNothing() throws {
        let sink = RecordingSink()
        let files = try ImportPipeline.discover([Self.fixtures.path])
        XCTAssertEqual(files.count, 7, "folders are searched recursively")
        XCTAssertThrowsError(try ImportPipeline().run(files: files, sink: sink)) { error in
            let failure = try? XCTUnwrap(error as? ImportFailure)
            XCTAssertEqual(failure?.errors.map(\.code).sorted(), ["csv.binary", "csv.invalid_encoding", "csv.unbalanced_quote"])
        }
        XCTAssertTrue(sink.members.isEmpty, "phase 1 fails before any record is emitted")
    }

    func testTownshipFromFileNameAndUnknown() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let branch = try TestSupport.write(Array("乡镇,党支部\n郭滩镇,3\n".utf8), to: "a_branch.csv", in: dir)
        let named = try TestSupport.write(Array("姓名,性别\n甲,男\n".utf8), to: "郭滩镇名册.csv", in: dir)
        let unknown = try TestSupport.write(Array("姓名,性别\n乙,女\n".utf8), to: "名册.csv", in: dir)
        let sink = RecordingSink()
        let report = try ImportPipeline().run(files: [branch, named, unknown], sink: sink)
        XCTAssertEqual(sink.member(named: "甲")?.township, "郭滩镇")
        XCTAssertEqual(sink.member(named: "乙")?.township, "未知")
        XCTAssertEqual(report.problems.filter { $0.code == "township.unknown" }.map { lastComponent($0.file) }, ["名册.csv"])
    }

    func testMappingAddsAliasesAndSynonyms() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = try TestSupport.write(Array("""
            headers:
              recipient: [救助对象]
            sources:
              党费补助: 上级下拨党费
            townships:
              城关镇: [城关]
            county: 唐河县
            """.utf8), to: "mapping.yaml", in: dir)
        let ledger = try TestSupport.write(Array("乡镇,救助对象,金额,资金来源\n城关,甲,100,党费补助\n".utf8), to: "l.csv", in: dir)
        let mapping = try Mapping.load(path: yaml)
        XCTAssertEqual(mapping.county, "唐河县")
        let sink = RecordingSink()
        _ = try ImportPipeline(mapping: mapping).run(files: [ledger], sink: sink)
        XCTAssertEqual(sink.disbursements.first?.source, "上级下拨党费")
        XCTAssertEqual(sink.disbursements.first?.township, "城关镇", "alias resolved to the display name")
        XCTAssertEqual(sink.disbursements.first?.amount.rawValue, 10_000)
    }

    func testUnrecognisedFileFails() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try TestSupport.write(Array("a,b,c\n1,2,3\n".utf8), to: "x.csv", in: dir)
        XCTAssertThrowsError(try ImportPipeline().run(files: [path], sink: RecordingSink())) { error in
            XCTAssertEqual((error as? ImportFailure)?.errors.first?.code, "file.unrecognised")
        }
    }

    private func lastComponent(_ path: String) -> String { (path as NSString).lastPathComponent }
}
