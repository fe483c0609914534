import Foundation
import TestSupport
import XCTest

/// What a SIGKILL mid-way or a second writer does to the store and the report:
/// the real binary, killed for real.
final class AtomicityTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = try TestSupport.temporaryDirectory("robustness-atomic")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// `scripts/gen-roster N OUT --seed S`: a GB18030 roster CSV of N valid members.
    private func roster(_ n: Int, seed: Int, name: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        let r = try TestSupport.run(TestSupport.packageRoot.appendingPathComponent("scripts/gen-roster").path,
                                    [String(n), path, "--seed", String(seed)])
        guard r.status == 0 else { throw XCTSkip("scripts/gen-roster failed: \(r.stderr)") }
        return path
    }

    private func importOK(_ file: String, year: Int, db: String) throws {
        let out = try ChildProcess.run(["import", file, "--year", String(year), "--db", db], cwd: dir, timeout: 600)
        XCTAssertEqual(out.status, 0, "import \(file): \(out.stderr)")
    }

    /// Everything stored for one year, as text, to compare before and after.
    private func snapshot(_ db: String, year: Int) throws -> String {
        try ["member", "source_file", "problem"].map {
            try SQLite.query(db, "SELECT * FROM \($0) WHERE year = \(year) ORDER BY id")
        }.joined(separator: "\n--\n")
    }

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    func testImportKilledMidWayLeavesStoreIntact() throws {
        let db = dir.appendingPathComponent("store.sqlite").path
        try importOK(try roster(300, seed: 7, name: "2023.csv"), year: 2023, db: db)
        let before = try snapshot(db, year: 2023)
        XCTAssertFalse(before.isEmpty)
        let big = try roster(200_000, seed: 11, name: "big-2024.csv")

        // Kill once the transaction has spilled rows out of SQLite's cache: mid-way, by
        // construction. The import runs with a rollback journal (it has the store to
        // itself), so the rows go straight into the database file, which grows, and the
        // journal holds what to undo; in WAL mode they would go into the WAL.
        let sizeBefore = fileSize(db)
        let child = try ChildProcess(["import", big, "--year", "2024", "--db", db], cwd: dir, label: "import")
        var grown = 0, sawJournal = false
        while child.isRunning {
            sawJournal = sawJournal || FileManager.default.fileExists(atPath: db + "-journal")
            grown = max(fileSize(db) - sizeBefore, fileSize(db + "-wal"))
            if grown > 4 << 20 { child.kill(); break }
            usleep(20_000)
        }
        let out = child.wait()
        XCTAssertEqual(out.signal, SIGKILL, "the import finished before it could be killed (\(grown) bytes written): \(out.stderr)")
        XCTAssertTrue(sawJournal, "the import ran without a rollback journal")
        XCTAssertTrue(FileManager.default.fileExists(atPath: db + "-journal"), "the killed import left no journal to roll back")

        XCTAssertEqual(try SQLite.query(db, "PRAGMA integrity_check"), "ok")
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM member WHERE year = 2024"), "0", "no half import")
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM source_file WHERE year = 2024"), "0")
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM import_run WHERE year = 2024"), "0")
        XCTAssertEqual(try snapshot(db, year: 2023), before, "the earlier year is unchanged")

        // The store still works after the crash.
        try importOK(try roster(50, seed: 3, name: "small-2024.csv"), year: 2024, db: db)
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM member WHERE year = 2024"), "50")
        XCTAssertEqual(try snapshot(db, year: 2023), before)
    }

    func testReportKilledMidWayLeavesNoPartialWorkbook() throws {
        let db = dir.appendingPathComponent("store.sqlite").path
        try importOK(try roster(3000, seed: 5, name: "2024.csv"), year: 2024, db: db)
        let fresh = dir.appendingPathComponent("新报告.xlsx").path
        let existing = dir.appendingPathComponent("报告.xlsx").path
        let first = try ChildProcess.run(["report", "--year", "2024", "--db", db, "--output", existing], cwd: dir)
        XCTAssertEqual(first.status, 0, first.stderr)
        let old = try Data(contentsOf: URL(fileURLWithPath: existing))

        // Kill when the temporary workbook next to the destination is being written
        // (or, on a fast run, as soon as it exists).
        var killedMidWrite = 0
        for (attempt, output) in [fresh, existing, fresh, existing].enumerated() {
            let name = (output as NSString).lastPathComponent
            let child = try ChildProcess(["report", "--year", "2024", "--db", db, "--output", output], cwd: dir, label: "report\(attempt)")
            while child.isRunning {
                let temps = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
                    .filter { $0.hasPrefix(".\(name).") }
                    .map { dir.appendingPathComponent($0).path }
                if temps.contains(where: { attempt >= 2 || fileSize($0) > 0 }) { child.kill(); break }
                usleep(2_000)
            }
            let out = child.wait()
            if out.signal == SIGKILL { killedMidWrite += 1 }
            if output == fresh {
                if out.signal == SIGKILL {
                    XCTAssertFalse(FileManager.default.fileExists(atPath: fresh), "a partial workbook appeared at the destination")
                }
                try? FileManager.default.removeItem(atPath: fresh)
            } else if out.signal == SIGKILL {
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: existing)), old, "the existing workbook was damaged")
            }
        }
        XCTAssertGreaterThan(killedMidWrite, 0, "no report run could be killed mid-way")
        XCTAssertEqual(try SQLite.query(db, "PRAGMA integrity_check"), "ok")
    }

    func testTwoImportsAtOnceBothFinish() throws {
        let db = dir.appendingPathComponent("shared.sqlite").path
        let a = try roster(20_000, seed: 21, name: "a-2023.csv")
        let b = try roster(20_000, seed: 22, name: "b-2024.csv")
        // A fresh store: both processes also race to create and migrate it.
        let first = try ChildProcess(["import", a, "--year", "2023", "--db", db], cwd: dir, label: "a")
        let second = try ChildProcess(["import", b, "--year", "2024", "--db", db], cwd: dir, label: "b")
        let outA = first.wait(timeout: 600), outB = second.wait(timeout: 600)
        XCTAssertEqual(outA.status, 0, "first import: \(outA.stderr)")
        XCTAssertEqual(outB.status, 0, "second import: \(outB.stderr)")
        XCTAssertEqual(try SQLite.query(db, "PRAGMA integrity_check"), "ok")
        XCTAssertEqual(try SQLite.query(db, "SELECT year, count(*) FROM member GROUP BY year ORDER BY year"), "2023|20000\n2024|20000")
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM import_run"), "2")
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM member m JOIN sheet s ON s.id = m.sheet_id WHERE s.year <> m.year"), "0")
        let mode = (try FileManager.default.attributesOfItem(atPath: db)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode.map { $0 & 0o777 }, 0o600)
    }
}
