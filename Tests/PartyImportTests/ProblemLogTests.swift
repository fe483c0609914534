import Foundation
import PartyImport
import TestSupport
import XCTest

final class ProblemLogTests: XCTestCase {
    private func problem(_ i: Int, reject: Bool = false) -> Problem {
        Problem(code: reject ? .rowNameMissing : .idChecksum, severity: reject ? .reject : .warning,
                file: "名册/\(i % 3).csv", sheet: i.isMultiple(of: 2) ? "Sheet1" : nil, row: i + 1,
                column: "D", header: "身份证号", value: i.isMultiple(of: 5) ? nil : "411328********\(1000 + i)",
                message: "第 \(i) 条：校验位不正确，\"引号\" 与换行\n也要原样保留")
    }

    func testSpillsBeyondTheMemoryLimitAndReadsBackInOrder() throws {
        let log = ProblemLog(memoryLimit: 7)
        var expected: [Problem] = []
        for i in 0..<2_500 {
            let p = problem(i, reject: i % 11 == 3)
            expected.append(p)
            try log.append(p)
        }
        XCTAssertEqual(log.count, 2_500)
        XCTAssertEqual(log.rejects, expected.filter { $0.severity == .reject }.count)
        XCTAssertEqual(log.warnings, 2_500 - log.rejects)
        XCTAssertEqual(log.firstRejects, Array(expected.filter { $0.severity == .reject }.prefix(ProblemLog.sampleSize)))
        XCTAssertEqual(log.firstWarnings, Array(expected.filter { $0.severity == .warning }.prefix(ProblemLog.sampleSize)))
        var seen: [Problem] = []
        try log.forEach { seen.append($0) }
        XCTAssertEqual(seen, expected)
        // Reading again gives the same (the spill file is read with pread, not consumed).
        XCTAssertEqual(log.all, expected)
        // Appending after a read continues the same file.
        try log.append(problem(9_999))
        XCTAssertEqual(log.all.last, problem(9_999))
        XCTAssertEqual(log.all.count, 2_501)
    }

    func testSpillFileLeavesNothingBehind() throws {
        let dir = try TestSupport.temporaryDirectory("problemlog")
        defer { try? FileManager.default.removeItem(at: dir) }
        setenv("TMPDIR", dir.path, 1)
        defer { unsetenv("TMPDIR") }
        do {
            let log = ProblemLog(memoryLimit: 1)
            for i in 0..<10 { try log.append(problem(i)) }
            XCTAssertEqual(log.all.count, 10)
            // The spill file is unlinked as soon as it is made.
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
        }
    }

    func testPipelineKeepsEveryProblemWhenTheySpill() throws {
        let dir = try TestSupport.temporaryDirectory("problemlog-pipeline")
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "姓名,性别,公民身份号码,乡镇\n"
        for i in 0..<40 {
            // The check digit of 11010519491231002X is X: 0…9 are all wrong (id.checksum),
            // rows after the tenth repeat an earlier ID (member.duplicate), and the sequence
            // 002 is even, a woman's, against 男 (id.gender_mismatch).
            csv += "党员\(i),男,11010519491231002\(i % 10),城关镇\n"
        }
        let path = try TestSupport.write(Array(csv.utf8), to: "名册.csv", in: dir)
        let limited = try ImportPipeline(problemMemoryLimit: 5).run(files: [path], sink: RecordingSink())
        let unlimited = try ImportPipeline().run(files: [path], sink: RecordingSink())
        XCTAssertEqual(Dictionary(grouping: unlimited.problems, by: \.code).mapValues(\.count),
                       ["id.checksum": 40, "id.gender_mismatch": 40, "member.duplicate": 30])
        XCTAssertEqual(limited.problems, unlimited.problems)
        XCTAssertEqual(limited.problemLog.count, unlimited.problemLog.count)
        XCTAssertEqual(limited.problems.map(\.row), unlimited.problems.map(\.row))
    }
}

final class FieldHashingTests: XCTestCase {
    func testEveryFieldIsItsOwnKey() {
        // Field hashes and compares by case (not raw value): distinct cases must stay distinct keys.
        let all = Field.allCases
        XCTAssertEqual(Set(all).count, all.count)
        let byField = Dictionary(uniqueKeysWithValues: all.map { ($0, $0.rawValue) })
        for field in all {
            XCTAssertEqual(byField[field], field.rawValue)
            XCTAssertEqual(Field(rawValue: field.rawValue), field)
        }
        XCTAssertNotEqual(Field.name, Field.idNumber)
    }
}
