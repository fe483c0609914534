import Foundation
@testable import PartyImport
import PartyModel
import SheetReader
import TestSupport
import XCTest

/// The lookups the import keeps while it reads rows: township cells resolved once
/// per distinct cell, and member IDs in an open-addressing table.
final class ImportLookupTests: XCTestCase {
    func testRepeatedTownshipCellsResolveAndWarnAsTheFirst() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let branch = try TestSupport.write(Array("乡镇,党支部\n郭滩镇,3\n城关镇,2\n".utf8), to: "a_branch.csv", in: dir)
        var roster = "姓名,乡镇\n"
        let cells = ["郭滩镇党委", "新集乡", "城关镇", "郭滩镇党委", "新集乡", " 城关镇", "新集乡", "", "郭滩镇党委"]
        for (i, cell) in cells.enumerated() { roster += "人\(i),\(cell)\n" }
        let rosterPath = try TestSupport.write(Array(roster.utf8), to: "b_roster.csv", in: dir)
        let sink = RecordingSink()
        let report = try ImportPipeline().run(files: [branch, rosterPath], sink: sink)
        XCTAssertEqual(sink.members.map(\.record.township),
                       ["郭滩镇", "新集乡", "城关镇", "郭滩镇", "新集乡", "城关镇", "新集乡", "新集乡", "郭滩镇"],
                       "aliases resolved, unknown names kept, a blank cell takes the township above")
        let unknown = report.problems.filter { $0.code == "township.unknown" }
        XCTAssertEqual(unknown.map(\.row), [3], "an unknown township is warned once, at its first row")
    }

    func testIDKeyTableGrowsAndKeepsFirstPositions() {
        var table = IDKeyTable()
        for i in 0..<100_000 {
            XCTAssertTrue(table.insert(UInt64(i) &* 7_919 &+ 11, i))
        }
        XCTAssertEqual(table.count, 100_000)
        XCTAssertFalse(table.insert(11, 5), "a key already there keeps its position")
        XCTAssertEqual(table.find(11), 0)
        XCTAssertEqual(table.find(UInt64(99_999) &* 7_919 &+ 11), 99_999)
        XCTAssertEqual(table.find(UInt64(54_321) &* 7_919 &+ 11), 54_321)
        XCTAssertNil(table.find(12))
        XCTAssertNil(table.find(0))
    }

    func testInsertAfterAMissedFindUsesItsSlotOnlyForThatKey() {
        var table = IDKeyTable()
        var expected: [UInt64: Int] = [:]
        for i in 0..<5_000 {
            let key = UInt64(i) &* 104_729 &+ 3
            let other = key &+ 1
            XCTAssertNil(table.find(key))
            // Every so often another key goes in between the miss and its insert.
            if i % 3 == 0, expected[other] == nil, table.find(other) == nil {
                XCTAssertTrue(table.insert(other, 100_000 + i))
                expected[other] = 100_000 + i
            }
            if expected[key] == nil {
                XCTAssertTrue(table.insert(key, i), "inserted across growth too (\(i))")
                expected[key] = i
            }
        }
        XCTAssertEqual(table.count, expected.count)
        for (key, position) in expected { XCTAssertEqual(table.find(key), position) }
    }
}

final class FileFingerprintsTests: XCTestCase {
    /// Fingerprints hashed on their thread are those of `ImportPipeline.fingerprint`, in
    /// order, with an unreadable file's error in its place. (That dropping the object
    /// stops its thread before a command exits: `CommandGoldenTests`.)
    func testHashesInOrderReportsErrorsAndStopsWhenDropped() throws {
        let dir = try TestSupport.temporaryDirectory("prints")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try TestSupport.write(Array("甲,乙\n".utf8), to: "a.csv", in: dir)
        let b = try TestSupport.write([UInt8](repeating: 0x41, count: 3 << 20), to: "b.csv", in: dir)
        let missing = dir.appendingPathComponent("missing.csv").path
        let prints = FileFingerprints(files: [a, missing, b])
        XCTAssertEqual(try prints.fingerprint(0).sha256, try ImportPipeline.fingerprint(a).sha256)
        XCTAssertThrowsError(try prints.fingerprint(1)) { XCTAssertEqual(($0 as? ReadError)?.code, "file.unreadable") }
        XCTAssertEqual(try prints.fingerprint(2).size, 3 << 20)
        XCTAssertEqual(try prints.fingerprint(2).sha256, try ImportPipeline.fingerprint(b).sha256)
        // A known fingerprint is handed on, its file not read (this one does not exist).
        let known = FileFingerprints(files: [missing, a], known: [0: (5, "x")])
        XCTAssertEqual(try known.fingerprint(0).sha256, "x")
        XCTAssertEqual(try known.fingerprint(1).sha256, try ImportPipeline.fingerprint(a).sha256)
        known.stop()
        // Stopped before a file was hashed: asking for it fails rather than waits.
        let stopped = FileFingerprints(files: [b, b, b, b])
        stopped.stop()
        XCTAssertThrowsError(try (0..<4).forEach { _ = try stopped.fingerprint($0) })
    }
}
