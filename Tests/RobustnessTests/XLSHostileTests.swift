import Foundation
import SheetReader
import TestSupport
import XCTest

/// Damaged and lying `.xls` files, made from xlwt's `xlwt_gbk.xls` by changing the bytes
/// that the compound file container and BIFF records trust: each is read in this process
/// by the Swift reader and must end in a `ReadError` naming the file with the expected
/// code (or, where the lie is harmless, read as the original), quickly.
final class XLSHostileTests: XCTestCase {
    private var dir: URL!
    private var original: [UInt8] = []

    override func setUpWithError() throws {
        dir = try TestSupport.temporaryDirectory("robustness-xls")
        let fixture = TestSupport.packageRoot.appendingPathComponent("Tests/SheetReaderTests/Fixtures/xlwt_gbk.xls")
        original = try [UInt8](Data(contentsOf: fixture))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    // MARK: - The layout of the original (read from its header, not assumed)

    private func u32(_ b: [UInt8], _ i: Int) -> Int {
        Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24
    }

    private func put32(_ b: inout [UInt8], _ i: Int, _ v: UInt32) {
        for k in 0..<4 { b[i + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
    }

    private func sector(_ n: Int) -> Int { (n + 1) * 512 }
    private var fatSector: Int { u32(original, 0x4C) }
    private var directorySector: Int { u32(original, 0x30) }
    /// The directory entry of the Workbook stream (entry 1 in xlwt's files).
    private var workbookEntry: Int { sector(directorySector) + 128 }
    private var workbookStart: Int { u32(original, workbookEntry + 0x74) }

    /// The file offset of the first BIFF record of `type` in the workbook stream (whose
    /// sectors xlwt writes in order from `workbookStart`).
    private func record(_ type: UInt16) -> Int? {
        var at = sector(workbookStart)
        while at + 4 <= original.count {
            let t = UInt16(original[at]) | UInt16(original[at + 1]) << 8
            if t == type { return at }
            at += 4 + (Int(original[at + 2]) | Int(original[at + 3]) << 8)
        }
        return nil
    }

    // MARK: - Reading

    /// Reads every sheet of `bytes` saved as `name`: the error code, or nil when it reads,
    /// and the rows of the first sheet.
    @discardableResult
    private func read(_ bytes: [UInt8], _ name: String, line: UInt = #line) throws -> (code: String?, rows: [[CellValue]]) {
        let path = try TestSupport.write(bytes, to: name, in: dir)
        let start = Date()
        defer { XCTAssertLessThan(Date().timeIntervalSince(start), 5, name, line: line) }
        do {
            let book = try SheetReaders.open(path: path)
            var first: [[CellValue]] = []
            for sheet in book.sheets {
                let cursor = try book.openSheet(sheet.index)
                while let row = try cursor.next() {
                    if sheet.index == 0 { first.append(row.cells) }
                }
            }
            return (nil, first)
        } catch let error as ReadError {
            XCTAssertEqual(error.file, path, name, line: line)
            XCTAssertFalse(error.description.contains("\n"), error.description, line: line)
            XCTAssertTrue(error.message.unicodeScalars.contains { $0.value >= 0x4E00 }, "Chinese message: \(error)", line: line)
            return (error.code, [])
        }
    }

    private func refuses(_ bytes: [UInt8], _ name: String, _ code: String, line: UInt = #line) throws {
        XCTAssertEqual(try read(bytes, name, line: line).code, code, name, line: line)
    }

    // MARK: - Cases

    func testOriginalReads() throws {
        let (code, rows) = try read(original, "original.xls")
        XCTAssertNil(code)
        XCTAssertEqual(rows[2][0], .text("城关镇"))
    }

    func testTruncatedFiles() throws {
        for cut in [100, 511, 600, 1536, 3000, original.count - 700] {
            let (code, _) = try read(Array(original.prefix(cut)), "截断-\(cut).xls")
            XCTAssertTrue(["xls.corrupt", "xls.not_xls"].contains(code ?? ""), "\(cut): \(code ?? "read")")
        }
    }

    func testCyclicChains() throws {
        var fatCycle = original
        put32(&fatCycle, sector(fatSector) + 4 * (workbookStart + 2), UInt32(workbookStart)) // stream loops back
        try refuses(fatCycle, "fat-cycle.xls", "xls.corrupt")

        var directoryCycle = original
        put32(&directoryCycle, sector(fatSector) + 4 * directorySector, UInt32(directorySector))
        try refuses(directoryCycle, "dir-cycle.xls", "xls.corrupt")

        var difatCycle = original
        put32(&difatCycle, 0x44, UInt32(fatSector))   // the FAT sector is also a DIFAT sector …
        put32(&difatCycle, 0x48, 1)
        put32(&difatCycle, sector(fatSector) + 508, UInt32(fatSector)) // … whose next is itself
        try refuses(difatCycle, "difat-cycle.xls", "xls.corrupt")

        var outside = original
        put32(&outside, sector(fatSector) + 4 * workbookStart, 0x00FF_FFF0) // to a sector far past the end
        try refuses(outside, "far-sector.xls", "xls.corrupt")
    }

    func testDeclaredSizes() throws {
        var huge = original
        put32(&huge, workbookEntry + 0x78, 0xFFFF_FFF0)
        try refuses(huge, "huge-stream.xls", "xls.too_large")

        // A size larger than the stream's chain is cut to the chain: the cells are all there.
        var larger = original
        put32(&larger, workbookEntry + 0x78, 1_000_000)
        XCTAssertEqual(try read(larger, "larger.xls").rows, try read(original, "same.xls").rows)

        var shift = original
        shift[0x1E] = 30
        try refuses(shift, "sector-shift.xls", "xls.corrupt")

        var renamed = original
        renamed[sector(directorySector) + 128 + 2] = UInt8(ascii: "x") // "Workbook" → "Wxrkbook"
        try refuses(renamed, "no-workbook.xls", "xls.not_xls")
    }

    func testBogusRecordLengths() throws {
        let dimensions = try XCTUnwrap(record(0x0200))
        var long = original
        long[dimensions + 2] = 0xFF
        long[dimensions + 3] = 0xFF
        try refuses(long, "record-too-long.xls", "xls.corrupt")

        let labelSST = try XCTUnwrap(record(0x00FD))
        var short = original
        short[labelSST + 2] = 3 // a LABELSST of 3 bytes: its next record is misread too
        XCTAssertNotNil(try read(short, "record-too-short.xls").code)
    }

    func testSharedStringTableLies() throws {
        let sst = try XCTUnwrap(record(0x00FC))
        var counts = original
        put32(&counts, sst + 4, 0x7FFF_FFFF)
        put32(&counts, sst + 8, 0x7FFF_FFFF)
        XCTAssertEqual(try read(counts, "sst-counts.xls").rows, try read(original, "same.xls").rows,
                       "the declared counts only size the table")

        let labelSST = try XCTUnwrap(record(0x00FD))
        var index = original
        put32(&index, labelSST + 4 + 6, 60_000)
        try refuses(index, "sst-index.xls", "xls.corrupt")

        var characters = original
        characters[sst + 4 + 8] = 0xFF // the first string claims 0x..FF characters
        characters[sst + 4 + 9] = 0x7F
        try refuses(characters, "sst-string.xls", "xls.corrupt")
    }

    func testSheetOffsetsAndEncryption() throws {
        let boundSheet = try XCTUnwrap(record(0x0085))
        var offset = original
        put32(&offset, boundSheet + 4, 0x7FFF_FFF0)
        try refuses(offset, "sheet-offset.xls", "xls.corrupt")

        let writeAccess = try XCTUnwrap(record(0x005C))
        var encrypted = original
        encrypted[writeAccess] = 0x2F // FILEPASS
        try refuses(encrypted, "加密.xls", "xls.encrypted")
    }

    /// 300 copies with a few random bytes changed (a fixed seed): each reads or is refused.
    func testRandomDamage() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var refused = 0
        for i in 0..<300 {
            var bytes = original
            for _ in 0..<(1 + random(8)) { bytes[random(bytes.count)] = UInt8(random(256)) }
            if try read(bytes, "damage-\(i).xls").code != nil { refused += 1 }
        }
        print("xls random damage: \(refused) of 300 refused, the rest read")
    }
}
