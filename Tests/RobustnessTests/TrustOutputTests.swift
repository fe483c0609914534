import Foundation
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Issue 17 items 5, 6, 8 and 14, through the real binary: IDs typed with separators or
/// into text columns never reach an output meant for people; an interrupted export
/// leaves nothing behind; a widely readable store is tightened; libxlsxwriter's own
/// English lines never reach stderr.
final class TrustOutputTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try TestSupport.temporaryDirectory("robustness-trust-out")
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(at: dir) }
    }

    private func write(_ text: String, _ name: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A county of three small returns whose IDs are typed with separators, with 19
    /// digits, and into the name, 职业, 民族, 所在党支部, 单位类别, 帮扶类别 and 资金来源 columns.
    private func hostileReturns() throws -> [String] {
        let branch = try write("""
            乡镇,单位类别,单位总数,已建立党组织单位数,党委,党总支,党支部,党员数
            城关镇,农村,10,8,1,0,8,6
            城关镇,411328197001029035,5,5,0,0,5,0
            """, "01-城关镇-基层党组织情况.csv")
        let roster = try write("""
            姓名,身份证号,性别,民族,出生日期,入党时间,职业,所在党支部,联系电话
            张三,411328-19700102-9035,男,汉族,1970-01-02,1995-07-01,农民,城关镇第一党支部,13812345678
            李四,4113 2819 4001 0215 3X,男,汉族,1940-01-02,1965-07-01,农民,城关镇第一党支部,
            王五,4113281970010691177,女,汉族,1970-01-06,1995-07-01,农民,城关镇第一党支部,
            13912345678,411328197001069179,女,411328 19700106 9179,1970-01-06,1995-07-01,411328197001029035,城关镇 139-1234-5678 支部,
            赵六,,男,汉族,1960-05-05,1990-07-01,电话 138 8765 4321,城关镇第一党支部,
            """, "02-城关镇-党员名册.csv")
        let ledger = try write("""
            姓名,身份证号,帮扶类别,金额（元）,资金来源,发放日期
            张三,,411328197001029035,500,138 1234 5678,2024-07-07
            李四,,老党员慰问,300,411328-19700102-9035,2024-07-14
            """, "03-城关镇-帮扶资金台账.csv")
        return [branch, roster, ledger]
    }

    /// Unmasked personal numbers anywhere in `text`, also typed with separators.
    private func leaks(_ text: String) -> [String] { OutputScan.leaks(in: text) }

    func testIDsTypedWithSeparatorsOrIntoTextColumnsAreMaskedInEveryOutput() throws {
        let files = try hostileReturns()
        let db = dir.appendingPathComponent("store.sqlite").path
        let workbook = dir.appendingPathComponent("报告.xlsx").path
        let package = dir.appendingPathComponent("pkg").path
        let steps: [(String, [String], Set<Int32>)] = [
            ("validate", ["validate"] + files, [0, 65]),
            ("validate --json", ["validate", "--json"] + files, [0, 65]),
            ("import", ["import"] + files + ["--year", "2024", "--db", db], [0]),
            ("import --json", ["import", "--json"] + files + ["--year", "2024", "--db", db], [0]),
            ("import 2023", ["import"] + files + ["--year", "2023", "--db", db], [0]),
            ("inspect", ["inspect"] + files, [0]),
            ("inspect --json", ["inspect", "--json"] + files, [0]),
            ("compare", ["compare", "--from", "2023", "--to", "2024", "--db", db], [0]),
            ("compare --json", ["compare", "--from", "2023", "--to", "2024", "--db", db, "--json"], [0]),
            ("indicators", ["indicators", "--year", "2024", "--db", db], [0]),
            ("indicators --json", ["indicators", "--year", "2024", "--db", db, "--json"], [0]),
            ("report", ["report", "--year", "2024", "--db", db, "--output", workbook], [0]),
            ("export", ["export", "--year", "2024", "--db", db, "--output", package], [0]),
        ]
        var seen = ""
        for (label, arguments, allowed) in steps {
            let out = try ChildProcess.run(arguments, cwd: dir, timeout: 300)
            XCTAssertTrue(out.status.map(allowed.contains) ?? false, "\(label): \(out.status as Any) \(out.stderr.prefix(400))")
            XCTAssertEqual(leaks(out.stdout), [], "\(label): stdout")
            XCTAssertEqual(leaks(out.stderr), [], "\(label): stderr")
            seen += out.stdout
        }
        for (part, text) in try OutputScan.xlsxParts(workbook) {
            XCTAssertEqual(leaks(text), [], "workbook part \(part)")
            seen += text
        }
        let exported = OutputScan.files(under: package)
        XCTAssertFalse(exported.isEmpty)
        for file in exported {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
            XCTAssertEqual(leaks(text), [], "export \(file)")
            seen += text
        }
        // The values did reach the outputs, masked: problem values, categories, sources,
        // names and occupations.
        for masked in ["411328-********-9035", "4113 28** **** **15 3X", "411328*********1177", "139****5678",
                       "411328********9035", "138 **** 5678", "电话 138 **** 4321"] {
            XCTAssertTrue(seen.contains(masked), "\(masked) not found in any output")
        }
        // The store keeps what was typed (it is the owner's working copy).
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM member WHERE year = 2024 AND occupation = '411328197001029035'"), "1")
    }

    /// Item 8: SIGTERM or SIGINT during `export --include-pii` leaves no temporary folder
    /// (it holds unmasked IDs), and the next export removes those left by a killed one.
    func testInterruptedExportLeavesNoPartialFolder() throws {
        let db = dir.appendingPathComponent("store.sqlite").path
        let roster = dir.appendingPathComponent("城关镇-名册.csv").path
        let generated = try TestSupport.run(TestSupport.packageRoot.appendingPathComponent("scripts/gen-roster").path,
                                            ["60000", roster, "--seed", "5"])
        XCTAssertEqual(generated.status, 0, generated.stderr)
        let imported = try ChildProcess.run(["import", roster, "--year", "2024", "--db", db], cwd: dir, timeout: 600)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        func partials() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".pkg.") }
        }
        for signal in [SIGTERM, SIGINT] {
            let child = try ChildProcess(["export", "--year", "2024", "--db", db, "--output", dir.appendingPathComponent("pkg").path,
                                          "--include-pii"], cwd: dir, label: "export-\(signal)")
            var sawPartial = false
            while child.isRunning {
                if try !partials().isEmpty {
                    sawPartial = true
                    child.kill(signal)
                    break
                }
                usleep(2_000)
            }
            let out = child.wait()
            XCTAssertTrue(sawPartial, "the export finished before it could be interrupted: \(out.stderr)")
            XCTAssertEqual(out.signal, signal, "status \(out.status as Any): \(out.stderr)")
            XCTAssertEqual(try partials(), [], "signal \(signal) left a temporary folder")
        }
        // Left by a process killed outright (its pid no longer runs) or by an older version.
        let gone = try ChildProcess(["--version"], cwd: dir)
        _ = gone.wait()
        for stale in [".pkg.partial-\(gone.pid)-AbC123", ".pkg.partial-Xy7pQ2", ".pkg.old-\(gone.pid)-ZZ9911"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(stale + "/x"), withIntermediateDirectories: true)
            try Data("411328197001029035".utf8).write(to: dir.appendingPathComponent(stale + "/x/members.csv"))
        }
        let live = ".pkg.partial-\(getpid())-LiVe01"
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(live), withIntermediateDirectories: true)
        let out = try ChildProcess.run(["export", "--year", "2024", "--db", db, "--output", dir.appendingPathComponent("pkg").path],
                                       cwd: dir, timeout: 300)
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(try partials(), [live], "stale folders removed; a running export's folder kept")
    }

    /// Item 8: a store made widely readable (0644) is made owner-only when partystats
    /// opens it for writing.
    func testWidelyReadableStoreIsTightenedWhenOpenedForWriting() throws {
        let files = try hostileReturns()
        let db = dir.appendingPathComponent("store.sqlite").path
        XCTAssertEqual(try ChildProcess.run(["import"] + files + ["--year", "2024", "--db", db], cwd: dir).status, 0)
        XCTAssertEqual(chmod(db, 0o644), 0)
        let out = try ChildProcess.run(["import"] + files + ["--year", "2024", "--db", db], cwd: dir)
        XCTAssertEqual(out.status, 0, out.stderr)
        let mode = (try FileManager.default.attributesOfItem(atPath: db)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600)
    }

    /// Item 14: a full disk while writing the workbook gives one Chinese line with a stable
    /// code, never libxlsxwriter's `[ERROR][./src/packager.c:…]` lines (file size limited
    /// with `ulimit -f` in a shell that ignores SIGXFSZ, so writes fail with EFBIG).
    func testFullDiskWhileWritingTheWorkbookGivesOneChineseLine() throws {
        let files = try hostileReturns()
        let db = dir.appendingPathComponent("store.sqlite").path
        XCTAssertEqual(try ChildProcess.run(["import"] + files + ["--year", "2024", "--db", db], cwd: dir).status, 0)
        let output = dir.appendingPathComponent("满盘.xlsx").path
        let script = "trap '' XFSZ; ulimit -f 8; exec \"$0\" report --year 2024 --db \"$1\" --output \"$2\""
        let r = try TestSupport.run("/bin/bash", ["-c", script, ChildProcess.binary, db, output], cwd: dir)
        XCTAssertEqual(r.status, 1, "stdout: \(r.stdout) stderr: \(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, r.stderr)
        XCTAssertFalse(r.stderr.contains("[ERROR]"), r.stderr)
        XCTAssertNotNil(r.stderr.range(of: #"无法写入工作簿.* \[xlsx\.[a-z_]+\]$"#, options: .regularExpression), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".满盘") }, [])
    }

    /// Item 14: a `--county` over the limit names the option.
    func testOverlongCountyNamesTheOption() throws {
        let out = try ChildProcess.run(["report", "--year", "2024", "--output", "a.xlsx",
                                        "--county", String(repeating: "县", count: 300)], cwd: dir)
        XCTAssertEqual(out.status, 64)
        XCTAssertTrue(out.stderr.contains("--county 过长（300 个字，最多 100 个字）"), out.stderr)
    }
}
