import Foundation
import GRDB
import PartyImport
import PartySession
@testable import PartyStore
import TestSupport
import XCTest

/// The member figures the store keeps as it writes each sheet (`member_tally`) are the
/// figures a scan of the stored members gives (what indicators read), on real imports: the sample county,
/// and a messy roster with duplicates across files, partly tallied stores and a
/// re-import.
final class MemberTallyTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws { dir = try TestSupport.temporaryDirectory("member-tally") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// Forgets the stored tallies of the sheets `condition` selects, so that
    /// indicators scan their members (as for sheets stored before tallies existed).
    private func untally(_ store: Store, where condition: String = "1") throws {
        try store.dbQueue.write { db in
            try db.execute(sql: "DELETE FROM member_tally WHERE sheet_id IN (SELECT id FROM sheet WHERE \(condition))")
            try db.execute(sql: "UPDATE sheet SET tallied = 0 WHERE \(condition)")
        }
    }

    /// Every member figure of `year` (`MemberTally.figures`), summed by township, figure and key.
    private func figures(_ store: Store, year: Int) throws -> [String: Int] {
        try store.dbQueue.read { db in
            var sums: [String: Int] = [:]
            for row in try MemberTally.figures(db, year: year) {
                sums[row.township + "|" + row.figure.rawValue + "|" + row.key, default: 0] += row.members
            }
            return sums
        }
    }

    /// A figure's count over every township.
    private func county(_ figures: [String: Int], _ figure: TallyFigure) -> Int {
        figures.filter { $0.key.contains("|" + figure.rawValue + "|") }.values.reduce(0, +)
    }

    private func count(_ store: Store, _ sql: String) throws -> Int {
        try store.dbQueue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    func testTheSampleCountyGivesTheSameFiguresFromTalliesAsFromAScan() throws {
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        let datasets = TestSupport.packageRoot.appendingPathComponent("datasets")
        let mapping = try Mapping.load(path: datasets.appendingPathComponent("mapping.yaml").path)
        for year in [2023, 2024] {
            let folder = datasets.appendingPathComponent(String(year))
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                .map { folder.appendingPathComponent($0).path }
            _ = try ImportSession(store: store).importReturns(files: files, year: year, mapping: mapping)
        }
        XCTAssertEqual(try count(store, "SELECT count(*) FROM sheet WHERE tallied = 0"), 0, "every sheet tallied on import")
        XCTAssertGreaterThan(try count(store, "SELECT count(*) FROM member_tally"), 100)
        XCTAssertEqual(try count(store, "SELECT SUM(members) FROM member_tally t JOIN sheet s ON s.id = t.sheet_id WHERE s.year = 2024 AND figure = 'total'"),
                       try count(store, "SELECT count(*) FROM member WHERE year = 2024 AND duplicate_of IS NULL"))
        let tallied = try [2023, 2024].map { try figures(store, year: $0) }
        XCTAssertGreaterThan(county(tallied[1], .total), 1000)
        try untally(store)
        let scanned = try [2023, 2024].map { try figures(store, year: $0) }
        XCTAssertEqual(tallied, scanned)
    }

    /// A roster with what the figures must get right: blank and padded texts, unknown
    /// genders, month-precision and impossible dates, mobile members without a
    /// destination, rural by category, and duplicates within and across files.
    private func messyRoster(_ name: String, rows: Int, seed: Int) throws -> String {
        let ethnicities = ["汉族", "汉", "回族", "", "  ", "满族", "不详", "蒙古族"]
        let educations = ["大学本科", "本科", "专科", "研究生", "高中", "", "初中", "博士"]
        let genders = ["男", "女", "", "未知", "男性"]
        let births = ["1950-03-01", "1994-12", "1961.11", "", "2030-01-01", "19800310", "不详", "1930年5月"]
        let joins = ["1949-09-30", "1949-10-01", "1978-12-18", "1978-12-19", "2012-11-08", "2012-11", "", "2015.07"]
        let categories = ["农村", "机关", "", "行政村", "社区"]
        let flags = ["是", "否", "", "1", "0"]
        var csv = "姓名,性别,民族,身份证号,出生年月,入党时间,人员类别,学历,现工作岗位,乡镇,支部类别,是否农村党员,是否流动党员,流出地,是否失联,是否困难党员\n"
        for i in 0..<rows {
            let k = i * 7 + seed
            // Every ninth row repeats an ID of an earlier row (and of the other file's rows).
            let serial = i % 9 == 8 ? i / 2 : i
            let body = "411328" + String(format: "1960%02d%02d", 1 + serial % 12, 1 + (serial / 12) % 28)
                + String(format: "%03d", serial % 1000)
            let digits = body.compactMap(\.wholeNumberValue)
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let check = "10X98765432".map(String.init)[zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11]
            let id = i % 13 == 5 ? "" : body + check
            let township = ["城关镇", "桐河乡", " 湖阳镇", ""][k % 4]
            let row = [
                "党员\(i)", genders[k % genders.count], ethnicities[k % ethnicities.count], id,
                births[(k / 3) % births.count], joins[(k / 5) % joins.count], i % 6 == 0 ? "预备党员" : "正式党员",
                educations[(k / 2) % educations.count], ["农民", "", "教师", " 工人 "][k % 4], township,
                categories[k % categories.count], flags[(k / 4) % flags.count], flags[(k / 6) % flags.count],
                ["广东", "", "  ", "浙江"][k % 4], flags[k % flags.count], flags[(k / 2) % flags.count],
            ]
            csv += row.joined(separator: ",") + "\n"
        }
        return try TestSupport.write(Array(csv.utf8), to: name, in: dir)
    }

    func testAMessyRosterGivesTheSameFiguresFromTalliesAsFromAScanAfterMixedAndRepeatedImports() throws {
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        let a = try messyRoster("a.csv", rows: 3_000, seed: 1)
        let b = try messyRoster("b.csv", rows: 2_000, seed: 4)
        _ = try store.importing([a], year: 2024)
        _ = try store.importing([b], year: 2024)
        XCTAssertGreaterThan(try count(store, "SELECT count(*) FROM member WHERE duplicate_of IS NOT NULL"), 500,
                             "duplicates within and across the files")
        let tallied = try figures(store, year: 2024)
        let total = county(tallied, .total)
        XCTAssertEqual(total, try count(store, "SELECT count(*) FROM member WHERE duplicate_of IS NULL"))
        for figure in [TallyFigure.women, .minority, .rural, .mobile, .lostContact, .hardship, .probationary, .college] {
            XCTAssertGreaterThan(county(tallied, figure), 0, figure.rawValue)
            XCTAssertLessThan(county(tallied, figure), total, figure.rawValue)
        }
        for figure in [TallyFigure.age, .period, .gender, .education, .ethnicity] {
            XCTAssertEqual(county(tallied, figure), total, "every member in one \(figure.rawValue)")
        }

        // One file's sheets tallied, the other's scanned; then all scanned.
        try untally(store, where: "file_id = (SELECT id FROM source_file WHERE path LIKE '%b.csv')")
        XCTAssertEqual(try figures(store, year: 2024), tallied)
        try untally(store)
        XCTAssertEqual(try figures(store, year: 2024), tallied)

        // Re-importing a file replaces its members and its tally: nothing counted twice.
        _ = try store.importing([b], year: 2024)
        let again = try figures(store, year: 2024)
        try untally(store)
        XCTAssertEqual(again, try figures(store, year: 2024))
        XCTAssertEqual(try count(store, "SELECT count(*) FROM member_tally t LEFT JOIN sheet s ON s.id = t.sheet_id WHERE s.id IS NULL"), 0,
                       "no tally outlives its sheet")
    }
}

extension Store {
    /// Imports `files` through an ``ImportSession`` with no mapping (the tests' shorthand).
    func importing(_ files: [String], year: Int, strict: Bool = false,
                   progress: ((ImportProgress) -> Void)? = nil) throws -> ImportOutcome {
        try ImportSession(store: self).importReturns(files: files, year: year, mapping: Mapping(), strict: strict,
                                                     progress: progress)
    }
}
