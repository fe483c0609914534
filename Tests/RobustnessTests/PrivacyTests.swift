import Foundation
import TestSupport
import XCTest

/// The sample run (`datasets/2024` with its mapping): import (its terminal output),
/// validate --json (every problem with its raw value, the document `import --json`
/// prints), indicators (text and JSON), report, export. No output a person reads may carry an unmasked ID or mobile
/// number; the store and the export are owner-only.
final class PrivacyTests: XCTestCase {
    func testSampleRunShowsNoUnmaskedIDsOrPhones() throws {
        let dir = try TestSupport.temporaryDirectory("robustness-privacy")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = TestSupport.packageRoot
        let datasets = root.appendingPathComponent("datasets/2024").path
        let mapping = root.appendingPathComponent("datasets/mapping.yaml").path
        let db = dir.appendingPathComponent("store.sqlite").path
        let workbook = dir.appendingPathComponent("报告-2024.xlsx").path
        let package = dir.appendingPathComponent("package-2024").path

        let steps: [(String, [String], Set<Int32>)] = [
            ("import", ["import", datasets, "--year", "2024", "--mapping", mapping, "--db", db], [0]),
            ("validate --json", ["validate", datasets, "--mapping", mapping, "--json"], [0, 65]),
            ("indicators", ["indicators", "--year", "2024", "--db", db], [0]),
            ("indicators --json", ["indicators", "--year", "2024", "--db", db, "--json"], [0]),
            ("report", ["report", "--year", "2024", "--db", db, "--output", workbook], [0]),
            ("export", ["export", "--year", "2024", "--db", db, "--output", package], [0]),
        ]
        for (label, arguments, allowed) in steps {
            let out = try ChildProcess.run(arguments, cwd: dir, timeout: 900)
            XCTAssertTrue(out.status.map(allowed.contains) ?? false, "\(label): status \(String(describing: out.status)): \(out.stderr.prefix(500))")
            XCTAssertEqual(OutputScan.leaks(in: out.stdout), [], "\(label): stdout")
            XCTAssertEqual(OutputScan.leaks(in: out.stderr), [], "\(label): stderr")
            RuntimeText.assertAbsent(out.stderr, label)
        }

        // The workbook: every XML part (cells, shared strings, comments, document properties).
        for (part, text) in try OutputScan.xlsxParts(workbook) {
            XCTAssertEqual(OutputScan.leaks(in: text), [], "workbook part \(part)")
        }
        // Issue 17 item 7: a digest is not an ID. Every source file's SHA-256 in the 说明 sheet
        // equals the file's real digest (read with openpyxl, hashed with Python's hashlib).
        let digestCheck = """
            import sys, re, hashlib, pathlib, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["说明"]
            shown = {}
            for row in ws.iter_rows(values_only=True):
                cells = [c for c in row if isinstance(c, str)]
                digest = next((c for c in cells if re.fullmatch(r"[0-9a-f]{64}", c)), None)
                path = next((c for c in cells if c.endswith((".csv", ".xlsx", ".xls", ".xlsm"))), None)
                if path: shown[path] = digest or "".join(c for c in cells if "*" in c)
            real = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in pathlib.Path(sys.argv[2]).iterdir()}
            bad = [(k, v) for k, v in shown.items() if real.get(pathlib.Path(k).name) != v]
            print(len(shown), len(real), bad)
            """
        let digests = try TestSupport.run("/usr/bin/env", ["python3", "-c", digestCheck, workbook, datasets])
        XCTAssertEqual(digests.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "49 49 []", digests.stderr)

        // The export: every file, CSV or JSON or anything else.
        let exported = OutputScan.files(under: package)
        XCTAssertFalse(exported.isEmpty)
        for file in exported {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
            XCTAssertEqual(OutputScan.leaks(in: text), [], "export \(file)")
        }
        // The masks are really there: the sample has IDs, so the export shows masked ones.
        let members = try OutputScan.csvCells(under: package).filter { $0.key.contains("member") }.flatMap(\.value)
        XCTAssertTrue(members.contains { $0.range(of: #"^[0-9]{6}\*{8}[0-9]{3}[0-9X]$"#, options: .regularExpression) != nil },
                      "no masked ID in the members export")

        // Owner-only: the store (and its WAL/SHM), the export folder and its files.
        for path in [db, db + "-wal", db + "-shm", package] + exported where FileManager.default.fileExists(atPath: path) {
            let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
            XCTAssertEqual(mode & 0o077, 0, "\(path) is readable by others: \(String(mode, radix: 8))")
        }
        // The store itself keeps the full IDs (it is the owner's working copy).
        XCTAssertNotEqual(try SQLite.query(db, "SELECT count(*) FROM member WHERE year = 2024 AND length(id_number) = 18"), "0")
    }
}
