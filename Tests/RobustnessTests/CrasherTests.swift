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
    /// The .xls inputs (those that crashed libfreexl, which partystats once used, among
    /// them): read in this process by the Swift reader, then through the binary.
    func testXLSCrashersInProcess() throws { try replayReader("xls", ext: "xls") }
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
