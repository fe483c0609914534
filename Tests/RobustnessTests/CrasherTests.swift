import Foundation
import PartyModel
import SheetReader
import TestSupport
import XCTest

/// Replays every input the fuzzers ever crashed on (`Tests/RobustnessTests/Crashers/<target>/`)
/// through the same code the fuzz target runs, and the fuzzers' seeds (`Fuzz/corpus/<target>/`)
/// with them: each must now end normally or in a `ReadError` naming the file, quickly.
/// A target's crasher folder must exist (its README says when the fuzzer has found nothing
/// yet), and every replay must have run at least one input.
final class CrasherTests: XCTestCase {
    static let crashers = TestSupport.packageRoot.appendingPathComponent("Tests/RobustnessTests/Crashers")
    static let seeds = TestSupport.packageRoot.appendingPathComponent("Fuzz/corpus")

    /// The crashers of `target` (the folder must exist), then its seeds if `seeds`.
    private func inputs(_ target: String, seeds: Bool = true) throws -> [URL] {
        var folders = [Self.crashers.appendingPathComponent(target)]
        if seeds { folders.append(Self.seeds.appendingPathComponent(target)) }
        var found: [URL] = []
        for dir in folders {
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            found += names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { dir.appendingPathComponent($0) }
        }
        XCTAssertFalse(found.isEmpty, "no input to replay for \(target)")
        return found
    }

    /// Copies a crasher to a file with the reader's extension and reads it whole.
    private func replayReader(_ target: String, ext: String) throws {
        let dir = try TestSupport.temporaryDirectory("robustness-crashers")
        defer { try? FileManager.default.removeItem(at: dir) }
        for input in try inputs(target) {
            let path = dir.appendingPathComponent(input.lastPathComponent + "." + ext).path
            try FileManager.default.copyItem(atPath: input.path, toPath: path)
            let start = Date()
            do {
                let book = try SheetReaders.open(path: path)
                for sheet in book.sheets {
                    let cursor = try book.openSheet(sheet.index)
                    while try cursor.next() != nil {}
                }
            } catch let error as ReadError {
                XCTAssertEqual(error.file, path, input.lastPathComponent)
                XCTAssertFalse(error.description.contains("\n"), error.description)
            }
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, input.lastPathComponent)
        }
    }

    func testCSVCrashers() throws { try replayReader("csv", ext: "csv") }
    func testXLSXCrashers() throws { try replayReader("xlsx", ext: "xlsx") }
    /// The xls inputs reach libfreexl: replay them through the binary, one process each,
    /// as a user runs them (FreeXL itself runs in partystats' .xls worker process).
    func testXLSCrashers() throws {
        let dir = try TestSupport.temporaryDirectory("robustness-crashers-xls")
        defer { try? FileManager.default.removeItem(at: dir) }
        for input in try inputs("xls", seeds: false) {
            let path = dir.appendingPathComponent(input.lastPathComponent + ".xls").path
            try FileManager.default.copyItem(atPath: input.path, toPath: path)
            let out = try ChildProcess.run(["import", path, "--year", "2024", "--db", path + ".sqlite"], cwd: dir)
            XCTAssertNil(out.signal, "\(input.lastPathComponent): crashed")
            XCTAssertTrue([0, 1].contains(out.status ?? -1), "\(input.lastPathComponent): \(out.stderr)")
            if out.status == 1 { XCTAssertTrue(out.stderr.contains(path), out.stderr) }
            XCTAssertLessThan(out.cpuSeconds, 10, input.lastPathComponent)
            XCTAssertLessThan(out.maxRSSBytes, 512 << 20, input.lastPathComponent)
        }
    }

    func testValueCrashers() throws {
        for input in try inputs("values") {
            let bytes = try [UInt8](Data(contentsOf: input))
            let text = String(decoding: bytes, as: UTF8.self)
            _ = IDNumber.parse(text: text)
            _ = IDNumber.maskAll(in: text)
            _ = DateParser.parse(text)
            _ = Fen.parse(text, unit: .yuan)
            _ = Fen.parse(text, unit: .wan)
            _ = CountParser.parse(text)
            if bytes.count >= 8 {
                let number = Double(bitPattern: bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
                _ = IDNumber.parse(number: number)
                _ = DateParser.fromSerial(number)
                _ = Fen.parse(number: number, unit: .wan)
                _ = CountParser.parse(number: number)
            }
        }
    }
}

/// Inputs on which libfreexl 1.0.6 (Debian bookworm) itself fails (found by `scripts/fuzz xls`):
/// 7 make `freexl_open` read past its buffers and die with SIGSEGV, one makes it size a
/// cell table of ~680 MB from the file's own dimensions. FreeXL runs in the `.xls` worker
/// process, so partystats refuses each with exit status 1 and one Chinese line naming the
/// file and a stable code, within 10 s and 512 MiB.
final class XLSWorkerCrasherTests: XCTestCase {
    static let folder = CrasherTests.crashers.appendingPathComponent("xls-worker")

    /// Each input with the code and the message it must give.
    static let expected: [(name: String, code: String, message: String)] = [
        ("freexl-open-680mb-68db191d", "xls.memory_limit",
         "无法读取此 xls 文件：解析所需内存超过上限 384 MiB（文件声明的表格大小异常，可能已损坏）"),
        ("freexl-open-segv-77310d2f", "xls.crash", segfault),
        ("freexl-segv-619d43ab", "xls.crash", segfault),
        ("freexl-segv-74a4f775", "xls.crash", segfault),
        ("freexl-segv-83d69a34", "xls.crash", segfault),
        ("freexl-segv-a175e1ae", "xls.crash", segfault),
        ("freexl-segv-afadfcf6", "xls.crash", segfault),
        ("freexl-segv-e44f6d4f", "xls.crash", segfault),
    ]
    static let segfault = "无法读取此 xls 文件：文件已损坏，解析程序异常退出（信号 11 SIGSEGV）"

    func testFolderHoldsExactlyTheseInputs() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertEqual(names, Self.expected.map(\.name))
    }

    /// `partystats import` on each: exit 1, no signal, the file and the code in one line.
    /// `maxRSSBytes` comes from `wait4` on partystats, which on Linux reports the larger of
    /// the process's own peak and that of every child it reaped — here the worker, which
    /// the 680 MB input drives up to its 384 MiB data limit. It is an upper bound: Linux
    /// also keeps the spawning test runner's resident size from before `exec` (~160–180 MiB).
    func testEachIsRefusedByTheBinary() throws {
        let dir = try TestSupport.temporaryDirectory("robustness-xls-worker")
        defer { try? FileManager.default.removeItem(at: dir) }
        var timings: [String] = []
        for (name, code, message) in Self.expected {
            let path = dir.appendingPathComponent(name + ".xls").path
            try FileManager.default.copyItem(atPath: Self.folder.appendingPathComponent(name).path, toPath: path)
            let out = try ChildProcess.run(["import", path, "--year", "2024", "--db", path + ".sqlite"], cwd: dir, timeout: 60)
            XCTAssertNil(out.signal, "\(name): partystats died: \(out.stderr)")
            XCTAssertEqual(out.status, 1, "\(name): \(out.stderr)")
            XCTAssertEqual(out.stderr, "导入失败，未写入任何数据。以下文件无法读取：\n  文件 \(path)：\(message) [\(code)]\n", name)
            XCTAssertEqual(out.stdout, "", name)
            RuntimeText.assertAbsent(out.stderr, name)
            XCTAssertLessThan(out.wallSeconds, 10, name)
            XCTAssertLessThan(out.cpuSeconds, 10, name)
            XCTAssertLessThan(out.maxRSSBytes, 512 << 20, name)
            if code == "xls.memory_limit" {
                // The worker's peak is in the figure: partystats alone stays near 30 MiB.
                XCTAssertGreaterThan(out.maxRSSBytes, 256 << 20, name)
            }
            if FileManager.default.fileExists(atPath: path + ".sqlite") {
                XCTAssertEqual(try SQLite.query(path + ".sqlite", "SELECT count(*) FROM source_file"), "0", "\(name): nothing stored")
            }
            timings.append("\(name): \(String(format: "%.2f", out.wallSeconds)) s wall, \(String(format: "%.2f", out.cpuSeconds)) s CPU, \(out.maxRSSBytes >> 20) MiB")
        }
        print("xls-worker crashers:\n  " + timings.joined(separator: "\n  "))
    }

    func testJSONImportCarriesTheSameFailure() throws {
        // Under `--json` a failure is the usual line on standard error plus an error
        // document on standard output with the same code, file and message
        // (docs/json-schema.md, *Errors*), exit status 1.
        let dir = try TestSupport.temporaryDirectory("robustness-xls-worker")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("坏文件.xls").path
        try FileManager.default.copyItem(atPath: Self.folder.appendingPathComponent("freexl-segv-619d43ab").path, toPath: path)
        let out = try ChildProcess.run(["import", path, "--year", "2024", "--db", dir.appendingPathComponent("s.sqlite").path, "--json"], cwd: dir)
        XCTAssertNil(out.signal)
        XCTAssertEqual(out.status, 1)
        XCTAssertEqual(out.stderr, "导入失败，未写入任何数据。以下文件无法读取：\n  文件 \(path)：\(Self.segfault) [xls.crash]\n")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any], out.stdout)
        XCTAssertEqual(doc["status"] as? Int, 1)
        let errors = try XCTUnwrap(doc["errors"] as? [[String: Any]])
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors[0]["code"] as? String, "xls.crash")
        XCTAssertEqual(errors[0]["file"] as? String, path)
        XCTAssertEqual(errors[0]["message"] as? String, Self.segfault)
    }

    /// The same inputs read by this test process through the library, the way `partystats`
    /// reads them: each is a `ReadError` and this process carries on.
    func testReadThroughTheLibraryInThisProcess() throws {
        let saved = XLSWorker.executablePath
        XLSWorker.executablePath = ChildProcess.binary
        defer { XLSWorker.executablePath = saved }
        for (name, code, message) in Self.expected {
            let path = Self.folder.appendingPathComponent(name).path
            do {
                let book = try XLSWorkbook(path: path)
                XCTFail("\(name): opened with \(book.sheets.count) sheets")
            } catch {
                XCTAssertEqual(error, ReadError(code: code, message: message, file: path), name)
            }
        }
    }
}
