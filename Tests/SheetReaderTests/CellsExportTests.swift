import Foundation
import SheetReader
import XCTest

/// CSV and JSON-lines rendering of raw cells.
final class CellsExportTests: XCTestCase {
    let date = CellDateTime(year: 2024, month: 5, day: 1, serial: 45413)
    let dateTime = CellDateTime(year: 2024, month: 5, day: 1, hour: 8, minute: 30, serial: 45413.354166666664)

    func testNumbersShortestRoundTrip() {
        XCTAssertEqual(CellsExport.number(42), "42")
        XCTAssertEqual(CellsExport.number(-7.5), "-7.5")
        XCTAssertEqual(CellsExport.number(0.1 + 0.2), "0.30000000000000004")
        XCTAssertEqual(CellsExport.number(1e15), "1000000000000000")
        XCTAssertEqual(CellsExport.number(13_800_000_000), "13800000000")
        XCTAssertEqual(CellsExport.number(2.5e-10), "2.5e-10")
        XCTAssertEqual(CellsExport.number(-0.0), "0")
        for v in [3.14159, 1.0 / 3, 123456.789, 1e300] {
            XCTAssertEqual(Double(CellsExport.number(v)), v)
        }
    }

    func testJSONLine() {
        let line = CellsExport.jsonLine([.text("张\"三\"\n"), .empty, .number(3500), .bool(true), .error("#N/A"),
                                         .date(date), .date(dateTime), .text("\u{1}")])
        XCTAssertEqual(line, "[\"张\\\"三\\\"\\n\",null,3500,true,\"#N/A\",\"2024-05-01\",\"2024-05-01T08:30:00\",\"\\u0001\"]\n")
        let parsed = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any]
        XCTAssertEqual(parsed?.count, 8)
    }

    func testCSVLine() {
        XCTAssertEqual(CellsExport.csvLine([.text("a,b"), .empty, .text("say \"hi\""), .number(1.5), .bool(false),
                                            .error("#DIV/0!"), .date(date), .text("两\n行")]),
                       "\"a,b\",,\"say \"\"hi\"\"\",1.5,false,#DIV/0!,2024-05-01,\"两\n行\"\n")
    }

    func testTimeOfDayIsBareTime() {
        let time = CellDateTime(year: 1899, month: 12, day: 31, hour: 8, minute: 30, serial: 0.3541666)
        XCTAssertEqual(CellsExport.iso(time), "08:30:00")
        let midnight = CellDateTime(year: 1899, month: 12, day: 31, serial: 0)
        XCTAssertEqual(CellsExport.iso(midnight), "00:00:00")
    }

    func testStreamsSheetDroppingTrailingEmptyRowsAndCells() throws {
        let book = try SheetReaders.open(path: XLSXWorkbookTests.fixture("odd_package.xlsx"))
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cells-\(UUID().uuidString).jsonl")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        let handle = try FileHandle(forWritingTo: out)
        try CellsExport.write(try book.openSheet(1), format: .jsonl, to: handle)
        try handle.close()
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 10, "rows 1–9 and the final newline; empty row 10 dropped")
        XCTAssertEqual(lines[0], "[\"乡镇\",\"党员 人数\",3]")
        XCTAssertEqual(lines[1], "[]")
        XCTAssertEqual(lines[8], "[-0.5,45000]")
        XCTAssertTrue(lines[5].hasSuffix(",\"乡镇\",null,1500,\"1900-02-28\",\"1900-01-01\"]"), String(lines[5]))
    }

    func testCSVRowsAreWrittenFromTheirBytes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cells-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.csv")
        try Data("姓名,备注,,\n\"张,三\",\"说\"\"好\"\"\n了\",,\n,,,\n\n李四,,x,\n,,,\n".utf8).write(to: input)
        func run(_ format: CellsExport.Format) throws -> String {
            let out = dir.appendingPathComponent("out.\(format.rawValue)")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            let handle = try FileHandle(forWritingTo: out)
            try CellsExport.write(try SheetReaders.open(path: input.path).openSheet(0), format: format, to: handle)
            try handle.close()
            return try String(contentsOf: out, encoding: .utf8)
        }
        XCTAssertEqual(try run(.csv), "姓名,备注\n\"张,三\",\"说\"\"好\"\"\n了\"\n\n\n李四,,x\n",
                       "quoted where needed, trailing empty cells and rows dropped, empty rows between kept")
        XCTAssertEqual(try run(.jsonl), "[\"姓名\",\"备注\"]\n[\"张,三\",\"说\\\"好\\\"\\n了\"]\n[]\n[]\n[\"李四\",null,\"x\"]\n")
    }
}
