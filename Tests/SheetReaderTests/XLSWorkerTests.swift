import Foundation
@testable import SheetReader
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The `.xls` worker process (`partystats __xls-worker`): it reads exactly what
/// in-process FreeXL reads, its death or a damaged stream becomes `xls.crash`, and
/// every worker is reaped with no descriptor left behind.
final class XLSWorkerTests: XCTestCase {
    private var savedWorker: String?
    private var dir: URL!

    override func setUpWithError() throws {
        savedWorker = XLSWorker.executablePath
        let binary = TestSupport.partystatsBinary
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), "partystats not built at \(binary)")
        XLSWorker.executablePath = binary
        dir = try TestSupport.temporaryDirectory("sheetreader-xls-worker")
    }

    override func tearDown() {
        XLSWorker.executablePath = savedWorker
        try? FileManager.default.removeItem(at: dir)
    }

    /// Every sheet of a workbook: name and all rows.
    private func readAll(_ path: String) throws -> (book: XLSWorkbook, sheets: [(String, [SheetRow])]) {
        let book = try XLSWorkbook(path: path)
        var sheets: [(String, [SheetRow])] = []
        for sheet in book.sheets {
            let cursor = try book.openSheet(sheet.index)
            var rows: [SheetRow] = []
            while let row = try cursor.next() { rows.append(row) }
            sheets.append((sheet.name, rows))
        }
        return (book, sheets)
    }

    /// The worker's children of this process (pid → command line), from /proc.
    private func workerChildren() -> [pid_t] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, pid_t(fields[1]) == me else { return false }
            let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            return String(decoding: cmdline, as: UTF8.self).contains(XLSWorker.verb)
        }
    }

    func testWorkerReadsWhatInProcessFreeXLReads() throws {
        for name in ["xlwt_gbk.xls", "libreoffice_branch_return.xls", "xlwt_tall.xls"] {
            let path = XLSXWorkbookTests.fixture(name)
            let worker = try readAll(path)
            XLSWorker.executablePath = nil
            let local = try readAll(path)
            XLSWorker.executablePath = TestSupport.partystatsBinary
            XCTAssertEqual(worker.book.codePage, local.book.codePage, name)
            XCTAssertEqual(worker.book.date1904, local.book.date1904, name)
            XCTAssertEqual(worker.sheets.map(\.0), local.sheets.map(\.0), name)
            for (w, l) in zip(worker.sheets, local.sheets) {
                XCTAssertEqual(w.1.map(\.number), l.1.map(\.number), "\(name) \(w.0)")
                XCTAssertEqual(w.1.map(\.cells), l.1.map(\.cells), "\(name) \(w.0)")
            }
        }
        // The tall fixture streams 40,000 rows, a value every 1,000.
        let tall = try readAll(XLSXWorkbookTests.fixture("xlwt_tall.xls")).sheets[0].1
        XCTAssertEqual(tall.count, 40_000)
        XCTAssertEqual(tall[39_999].cells, [.number(40_000), .text("第40000行")])
        XCTAssertEqual(tall[1].cells, [])
        XCTAssertTrue(workerChildren().isEmpty)
    }

    func testWorkerKilledMidStreamIsACrash() throws {
        let path = XLSXWorkbookTests.fixture("xlwt_tall.xls")
        let book = try XLSWorkbook(path: path)
        let cursor = try book.openSheet(0)
        XCTAssertEqual(try cursor.next()?.cells, [.text("序号"), .text("数值")])
        // The sheet's stream is far larger than the pipe: the worker is blocked writing.
        let workers = workerChildren()
        XCTAssertEqual(workers.count, 1)
        guard let pid = workers.first else { return }
        XCTAssertEqual(kill(pid, SIGKILL), 0)
        var read = 1
        var failure: ReadError?
        do {
            while try cursor.next() != nil { read += 1 }
        } catch let error as ReadError {
            failure = error
        }
        XCTAssertEqual(failure?.code, "xls.crash")
        XCTAssertEqual(failure?.file, path)
        XCTAssertEqual(failure?.sheet, "长表")
        XCTAssertEqual(failure?.row, read + 1, "the row that did not arrive")
        XCTAssertLessThan(read, 40_000)
        XCTAssertTrue(failure?.message.contains("信号 9") ?? false, failure?.message ?? "")
        XCTAssertTrue(failure?.message.hasPrefix("无法读取此 xls 文件") ?? false, failure?.message ?? "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/proc/\(pid)"), "the killed worker was reaped")
        // The cursor stays failed.
        XCTAssertThrowsError(try cursor.next()) { XCTAssertEqual(($0 as? ReadError)?.code, "xls.crash") }
    }

    func testAbandonedCursorKillsAndReapsItsWorker() throws {
        var pid: pid_t = 0
        var pipe = ""
        do {
            let book = try XLSWorkbook(path: XLSXWorkbookTests.fixture("xlwt_tall.xls"))
            let cursor = try book.openSheet(0)
            _ = try cursor.next()
            let workers = workerChildren()
            XCTAssertEqual(workers.count, 1)
            pid = workers.first ?? 0
            // The worker holds nothing of ours: stdin and stderr are /dev/null, stdout the
            // pipe, and any other descriptor is FreeXL's own handle on the workbook.
            let fds = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
            for fd in fds {
                let target = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")
                switch fd {
                case "0", "2": XCTAssertEqual(target, "/dev/null")
                case "1": XCTAssertTrue(target.hasPrefix("pipe:"), target); pipe = target
                default: XCTAssertTrue(target.hasSuffix("xlwt_tall.xls"), "worker fd \(fd) -> \(target)")
                }
            }
            // This process holds the read end only (its copy of the write end is closed,
            // or the end of the stream could never be seen).
            XCTAssertEqual(descriptors(to: pipe), 1)
        }
        XCTAssertNotEqual(pid, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/proc/\(pid)"), "dropping the cursor reaps its worker")
        XCTAssertTrue(workerChildren().isEmpty)
        XCTAssertEqual(descriptors(to: pipe), 0, "the pipe from the worker is closed")
    }

    /// How many of this process's descriptors point to `target` (e.g. `pipe:[123]`).
    private func descriptors(to target: String) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) == target }.count
    }

    func testMissingWorkerExecutable() throws {
        XLSWorker.executablePath = dir.appendingPathComponent("no-such-partystats").path
        let path = XLSXWorkbookTests.fixture("xlwt_gbk.xls")
        XCTAssertThrowsError(try XLSWorkbook(path: path)) { error in
            let e = error as? ReadError
            XCTAssertEqual(e?.code, "xls.worker_unavailable")
            XCTAssertEqual(e?.file, path)
            XCTAssertTrue(e?.message.contains("No such file or directory") ?? false, e?.message ?? "")
        }
    }

    /// A stand-in "worker" that writes `bytes` (printf escapes) and exits with `status`.
    private func fakeWorker(_ printf: String, status: Int = 0) throws -> String {
        let script = dir.appendingPathComponent("fake-\(UUID().uuidString).sh").path
        try "#!/bin/sh\nprintf '\(printf)'\nexit \(status)\n".write(toFile: script, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(script, 0o755), 0)
        return script
    }

    private func listFailure(_ worker: String) -> ReadError? {
        XLSWorker.executablePath = worker
        do {
            _ = try XLSWorkbook(path: XLSXWorkbookTests.fixture("xlwt_gbk.xls"))
            XCTFail("\(worker) was accepted")
            return nil
        } catch {
            return error
        }
    }

    func testDamagedStreamsAreCrashes() throws {
        let cases: [(String, Int, String)] = [
            // Not a worker at all.
            ("hello", 0, "开头不是 partystats 解析子进程的输出"),
            // Nothing at all, exit 0.
            ("", 0, "数据流提前结束"),
            // A sheet-name frame claiming 4 GiB: refused from its header, nothing allocated.
            ("PXW1S\\377\\377\\377\\377", 0, "超过上限 1024"),
            // An unknown frame type.
            ("PXW1Q\\000\\000\\000\\000", 0, "未知的数据帧类型 81"),
            // A book frame announcing 2 sheets, then the stream ends.
            ("PXW1B\\011\\000\\000\\000\\260\\004\\000\\000\\000\\002\\000\\000\\000S\\001\\000\\000\\000a", 0, "数据流提前结束"),
            // An end frame where the book frame belongs.
            ("PXW1Z\\000\\000\\000\\000", 0, "应为 B 帧，实为 Z 帧"),
            // A refusal frame whose code is not a stable code.
            ("PXW1E\\022\\000\\000\\000\\000\\000\\000\\000\\002\\000\\000\\000XX\\000\\000\\000\\000\\000\\000\\000\\000", 2, "错误帧内容无效"),
        ]
        for (bytes, status, detail) in cases {
            let error = listFailure(try fakeWorker(bytes, status: status))
            XCTAssertEqual(error?.code, "xls.crash", bytes)
            XCTAssertTrue(error?.message.contains(detail) ?? false, "\(bytes): \(error?.message ?? "nil")")
            XCTAssertTrue(workerChildren().isEmpty)
        }
        // A worker that exits non-zero without a refusal frame.
        let exit7 = listFailure(try fakeWorker("PXW1", status: 7))
        XCTAssertEqual(exit7?.code, "xls.crash")
        XCTAssertEqual(exit7?.message, "无法读取此 xls 文件：文件已损坏，解析程序异常退出（退出码 7）")
        // A worker killed by a signal.
        let script = dir.appendingPathComponent("segv.sh").path
        try "#!/bin/sh\nprintf PXW1\nkill -SEGV $$\n".write(toFile: script, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(script, 0o755), 0)
        let segv = listFailure(script)
        XCTAssertEqual(segv?.code, "xls.crash")
        XCTAssertEqual(segv?.message, "无法读取此 xls 文件：文件已损坏，解析程序异常退出（信号 11 SIGSEGV）")
        // A worker that spins until its CPU limit.
        let spin = dir.appendingPathComponent("spin.sh").path
        try "#!/bin/sh\nprintf PXW1\nulimit -S -t 1\nwhile :; do :; done\n".write(toFile: spin, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(spin, 0o755), 0)
        XCTAssertEqual(listFailure(spin)?.message,
                       "无法读取此 xls 文件：解析用时超过 CPU 时间上限，解析子进程已被终止（信号 24 SIGXCPU），文件可能已损坏或过大")
        XCTAssertEqual(segv?.description,
                       "文件 \(XLSXWorkbookTests.fixture("xlwt_gbk.xls"))：无法读取此 xls 文件：文件已损坏，解析程序异常退出（信号 11 SIGSEGV） [xls.crash]")
    }

    func testRefusalFrameKeepsTheWorkersCode() throws {
        // A well-formed refusal: row 3, code xls.corrupt, message 坏, column C.
        let frame = "PXW1E\\037\\000\\000\\000\\003\\000\\000\\000\\013\\000\\000\\000xls.corrupt\\003\\000\\000\\000\\345\\235\\217\\001\\000\\000\\000C"
        let error = listFailure(try fakeWorker(frame, status: 2))
        XCTAssertEqual(error, ReadError(code: "xls.corrupt", message: "坏", file: XLSXWorkbookTests.fixture("xlwt_gbk.xls"),
                                        sheet: nil, row: 3, column: "C"))
    }

    func testWorkerArgumentsRoundTrip() throws {
        var limits = ReadLimits()
        limits.maxRows = 7
        limits.maxColumns = 8
        limits.maxCellCharacters = 9
        let arguments = XLSWorker.arguments(path: "-odd name.xls", sheet: 2, limits: limits)
        XCTAssertEqual(arguments.first, XLSWorker.verb)
        let request = try XLSWorker.Request(Array(arguments.dropFirst()))
        XCTAssertEqual(request.path, "-odd name.xls")
        XCTAssertEqual(request.sheet, 2)
        XCTAssertEqual([request.limits.maxRows, request.limits.maxColumns, request.limits.maxCellCharacters], [7, 8, 9])
        XCTAssertThrowsError(try XLSWorker.Request(["--sheet", "x", "--", "a.xls"])) {
            XCTAssertEqual(($0 as? ReadError)?.code, "xls.worker_usage")
        }
    }

    func testCPUBudget() {
        // 20 s to open; streaming adds 5 s per started million cells, at most 300 s.
        XCTAssertEqual(XLSWorker.cpuSeconds(forCells: 0), 25)
        XCTAssertEqual(XLSWorker.cpuSeconds(forCells: 65_536 * 256), 20 + 17 * 5)
        XCTAssertEqual(XLSWorker.cpuSeconds(forCells: 1_048_576 * 16_384), 320)
    }

    func testWorkerAppliesTheReadLimits() throws {
        var limits = ReadLimits()
        limits.maxRows = 100
        let path = XLSXWorkbookTests.fixture("xlwt_tall.xls")
        let book = try XLSWorkbook(path: path, limits: limits)
        XCTAssertThrowsError(try book.openSheet(0)) { error in
            XCTAssertEqual(error as? ReadError,
                           ReadError(code: "xls.too_many_rows", message: "行数超过上限 100 行", file: path, sheet: "长表"))
        }
        XCTAssertThrowsError(try book.openSheet(1)) { XCTAssertEqual(($0 as? ReadError)?.code, "sheet.not_found") }
    }
}
