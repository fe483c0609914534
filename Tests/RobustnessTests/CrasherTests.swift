import Foundation
import PartyModel
import SheetReader
import TestSupport
import XCTest

/// Replays every input the fuzzers ever crashed on (`Tests/RobustnessTests/Crashers/<target>/`)
/// through the same code the fuzz target runs: each must now end normally or in a
/// `ReadError` naming the file, quickly.
final class CrasherTests: XCTestCase {
    static let crashers = TestSupport.packageRoot.appendingPathComponent("Tests/RobustnessTests/Crashers")

    private func inputs(_ target: String) -> [URL] {
        let dir = Self.crashers.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// Copies a crasher to a file with the reader's extension and reads it whole.
    private func replayReader(_ target: String, ext: String) throws {
        let dir = try TestSupport.temporaryDirectory("robustness-crashers")
        defer { try? FileManager.default.removeItem(at: dir) }
        for input in inputs(target) {
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
    func testXLSCrashers() throws { try replayReader("xls", ext: "xls") }

    func testValueCrashers() throws {
        for input in inputs("values") {
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

/// Inputs that still crash a system library in-process (they are not replayed by
/// `CrasherTests`, which would die with them); each is run through the binary, so a
/// crash shows up as a skipped test naming the bug rather than killing the suite.
final class UnfixedCrasherTests: XCTestCase {
    func testFreeXLOpenSegfault() throws {
        // libfreexl 1.0.6 (Debian bookworm) reads past a heap buffer in freexl_open on
        // this 12 KB malformed .xls (found by `scripts/fuzz xls`): SIGSEGV.
        let dir = try TestSupport.temporaryDirectory("robustness-unfixed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = CrasherTests.crashers.appendingPathComponent("unfixed-xls/freexl-open-segv-77310d2f")
        let path = dir.appendingPathComponent("segv.xls")
        try FileManager.default.copyItem(at: input, to: path)
        let out = try ChildProcess.run(["import", path.path, "--year", "2024", "--db", dir.appendingPathComponent("s.sqlite").path], cwd: dir)
        if let signal = out.signal {
            throw XCTSkip("known unfixed: libfreexl crashes in freexl_open on \(input.lastPathComponent) (signal \(signal))")
        }
        XCTAssertEqual(out.status, 1, out.stderr)
        XCTAssertTrue(out.stderr.contains("[xls."), out.stderr)
    }

    func testFreeXLOpenMemory() throws {
        // libfreexl sizes its cell table from the file's own dimensions: this 12 KB .xls
        // (found by `scripts/fuzz xls`) makes freexl_open take about 680 MB.
        let dir = try TestSupport.temporaryDirectory("robustness-unfixed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = CrasherTests.crashers.appendingPathComponent("unfixed-xls/freexl-open-680mb-68db191d")
        let path = dir.appendingPathComponent("big.xls")
        try FileManager.default.copyItem(at: input, to: path)
        let out = try ChildProcess.run(["import", path.path, "--year", "2024", "--db", dir.appendingPathComponent("s.sqlite").path], cwd: dir)
        XCTAssertNil(out.signal, out.stderr)
        XCTAssertEqual(out.status, 1, out.stderr)
        if out.maxRSSBytes >= 512 << 20 {
            throw XCTSkip("known unfixed: freexl_open takes \(out.maxRSSBytes >> 20) MiB on \(input.lastPathComponent)")
        }
    }
}
