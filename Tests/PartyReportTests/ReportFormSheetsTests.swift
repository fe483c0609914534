import Foundation
import PartyAnalytics
import PartyImport
import PartyModel
import PartyStore
import Testing
import TestSupport
@testable import PartyReport

/// The official 年报 forms in the workbook (issue 19 §1), read back with openpyxl: every
/// number equals the indicators, the layout is the form's, and the sheets print as forms.
@Suite struct ReportFormSheetsTests {
    let folder: URL
    let store: Store
    let indicators: Indicators
    let workbook: InspectedWorkbook

    init() throws {
        folder = try TestSupport.temporaryDirectory("report-forms")
        store = try ReportFixture.store(in: folder)
        let path = folder.appendingPathComponent("forms.xlsx").path
        try writeReport(store: store, year: 2024, compare: 2023, output: path, county: "唐河县")
        indicators = try computeIndicators(store: store, year: 2024)
        workbook = try Inspector.inspect(path, cachedValues: true)
    }

    /// Column A label (compacted) → row number, for a sheet.
    func rows(_ sheet: InspectedWorkbook.Sheet) -> [String: Int] {
        var out: [String: Int] = [:]
        for (ref, cell) in sheet.cells where ref.hasPrefix("A") {
            guard case .string(let text) = cell.value, let row = Int(ref.dropFirst()) else { continue }
            out[text.filter { !$0.isWhitespace }] = min(out[text.filter { !$0.isWhitespace }] ?? row, row)
        }
        return out
    }

    func number(_ sheet: InspectedWorkbook.Sheet, _ ref: String) -> Double? {
        if case .number(let n)? = sheet.cells[ref]?.value { return n }
        return nil
    }

    @Test func theFormsFollowTheOtherSheets() throws {
        let names = workbook.sheetnames
        let forms = ["基层组织数量", "建立党组织情况", "党员数量和结构"]
        let at = try #require(names.firstIndex(of: forms[0]))
        #expect(Array(names[at..<(at + 3)]) == forms)
        #expect(names[at - 1] == "同比分析")
        #expect(names[at + 3] == "数据核查")
    }

    @Test func everyOtherSheetIsAnAnalysisSheetTheNextLevelSkips() throws {
        // The next level reads the forms and 帮扶资金 and skips the rest quietly (FormLayouts.isAnalysisSheet).
        let read = Set(FormSheets.names + ["帮扶资金"])
        let others = Set(workbook.sheetnames).subtracting(read)
        #expect(others.isSubset(of: FormLayouts.analysisSheetNames), "\(others)")
        for name in others {
            guard case .string(let line)? = workbook.sheets[name]?.cells["A2"]?.value else { Issue.record("\(name)"); continue }
            #expect(line.hasPrefix("填报单位：唐河县 / 统计时点："), "\(name)")
        }
    }

    @Test func theOrganisationFormEqualsTheIndicators() throws {
        let sheet = try #require(workbook.sheets["基层组织数量"])
        let at = rows(sheet)
        #expect(sheet.cells["A1"]?.value == .string("党的基层组织数量情况"))
        guard case .string(let unitLine)? = sheet.cells["A2"]?.value else { Issue.record("no unit line"); return }
        #expect(unitLine.hasPrefix("填报单位：唐河县"))
        #expect(unitLine.contains("单位：个"))
        let header = try #require(at["项目"])
        #expect((0..<5).map { sheet.cells["\("ABCDE".map(String.init)[$0])\(header + 1)"]?.value }
                == ["甲", "A", "B", "C", "D"].map(JSONValue.string))
        let total = try #require(at["总计"])
        let o = indicators.organisations
        #expect(number(sheet, "B\(total)") == Double(o.committees + o.generalBranches + o.branches))
        #expect(number(sheet, "C\(total)") == Double(o.committees))
        #expect(number(sheet, "D\(total)") == Double(o.generalBranches))
        #expect(number(sheet, "E\(total)") == Double(o.branches))
        // Every category the indicators have is on its row; the form's other items are blank.
        let labels = ["农村": "建制村", "社区": "社区（居委会）", "=SUM(1,2)": "=SUM(1,2)"]
        #expect(Set(indicators.organisationsByCategory.keys) == Set(labels.keys))
        for (category, label) in labels {
            let row = try #require(at[label], "\(label)")
            let f = try #require(indicators.organisationsByCategory[category])
            #expect(number(sheet, "C\(row)") == Double(f.committees))
            #expect(number(sheet, "D\(row)") == Double(f.generalBranches))
            #expect(number(sheet, "E\(row)") == Double(f.branches))
        }
        let other = try #require(at["机关"])
        #expect(sheet.cells["C\(other)"]?.value == .null || sheet.cells["C\(other)"] == nil)
        // Print-ready: the header and 栏号 rows repeat, the print area is the form, one page wide.
        #expect(sheet.titleRows == "$\(header):$\(header + 1)")
        #expect(sheet.printArea?.contains("$A$1:$E$") == true)
        #expect(sheet.fitToPage && (sheet.fitWidth ?? 1) == 1 && sheet.fitHeight == 0)
        #expect(sheet.orientation == "landscape" && sheet.paper == 9)
        #expect(sheet.footer == "第 &P 页 共 &N 页")
        #expect(sheet.freeze == "A\(header + 2)")
    }

    @Test func theCoverageFormEqualsTheIndicators() throws {
        let sheet = try #require(workbook.sheets["建立党组织情况"])
        let at = rows(sheet)
        #expect(sheet.cells["A1"]?.value == .string("基层单位建立党组织情况"))
        let total = try #require(at["总计"])
        let overall = indicators.coverage.overall
        #expect(number(sheet, "B\(total)") == Double(overall.units))
        #expect(number(sheet, "C\(total)") == Double(overall.covered))
        #expect(number(sheet, "D\(total)") == Double(overall.units - overall.covered))
        #expect(number(sheet, "E\(total)") == overall.ratio)
        for (category, label) in ["农村": "建制村", "社区": "社区（居委会）"] {
            let row = try #require(at[label])
            let f = try #require(indicators.coverage.byCategory[category])
            #expect(number(sheet, "B\(row)") == Double(f.units))
            #expect(number(sheet, "C\(row)") == Double(f.covered))
            #expect(number(sheet, "E\(row)") == f.ratio)
        }
    }

    @Test func theMemberFormEqualsTheIndicators() throws {
        let sheet = try #require(workbook.sheets["党员数量和结构"])
        let at = rows(sheet)
        let i = indicators
        var expected: [String: Int] = [
            "党员总数": i.members.total, "其中：女党员": i.members.women, "少数民族党员": i.members.minority,
            "预备党员": i.members.probationary, "大专及以上学历党员": i.members.college,
            "年龄不详": i.ageBands[AgeBand.unknown].members, "入党时间不详": i.joiningPeriods[JoiningPeriod.unknown].members,
            "学历不详": i.education["未知"] ?? 0,
        ]
        for band in i.ageBands.dropLast() { expected[band.label] = band.members }
        for period in i.joiningPeriods.dropLast() { expected[period.label] = period.members }
        for level in ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"] { expected[level] = i.education[level] ?? 0 }
        #expect(i.members.total == 5)
        for (label, n) in expected {
            let row = try #require(at[label], "\(label)")
            #expect(number(sheet, "B\(row)") == Double(n), "\(label)")
            #expect(number(sheet, "C\(row)") == (i.members.total == 0 ? nil : Double(n) / Double(i.members.total)), "\(label)")
        }
        // Each breakdown adds up to the total, as the form's note says.
        let ages = i.ageBands.map(\.members).reduce(0, +)
        #expect(ages == i.members.total)
    }
}
