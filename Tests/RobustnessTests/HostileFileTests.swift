import Foundation
import TestSupport
import XCTest

/// Hostile and broken input files, built at run time, fed to the real
/// `partystats import` binary. Each must end with exit status 1, a one-line
/// message naming the file with a stable code, nothing stored, no Swift runtime
/// text, within 10 s of CPU time and 512 MiB of memory (the reader-level cases in
/// SheetReaderTests check the same files' error fields; this suite checks what a
/// user sees and what the process costs).
final class HostileFileTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = try TestSupport.temporaryDirectory("robustness-hostile")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// Imports `file` into a fresh store and checks the refusal.
    @discardableResult
    private func refuses(_ file: URL, code: String, file testFile: StaticString = #filePath, line testLine: UInt = #line) throws -> ChildProcess.Outcome {
        let db = dir.appendingPathComponent("\(file.lastPathComponent).sqlite").path
        let out = try ChildProcess.run(["import", file.path, "--year", "2024", "--db", db], cwd: dir, timeout: 120)
        let name = file.lastPathComponent
        XCTAssertEqual(out.status, 1, "\(name): exit status (signal \(out.signal.map(String.init) ?? "none")); stderr: \(out.stderr)",
                       file: testFile, line: testLine)
        XCTAssertTrue(out.stderr.contains(file.path), "\(name): the message names the file: \(out.stderr)", file: testFile, line: testLine)
        XCTAssertTrue(out.stderr.contains("[\(code)]"), "\(name): expected [\(code)]: \(out.stderr)", file: testFile, line: testLine)
        for message in out.stderr.split(separator: "\n") where message.contains(file.path) {
            XCTAssertTrue(message.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF },
                          "\(name): message in Chinese: \(message)", file: testFile, line: testLine)
        }
        RuntimeText.assertAbsent(out.stdout + out.stderr, name, file: testFile, line: testLine)
        XCTAssertLessThan(out.cpuSeconds, 10, "\(name): CPU time", file: testFile, line: testLine)
        XCTAssertLessThan(out.maxRSSBytes, 512 << 20, "\(name): peak memory \(out.maxRSSBytes >> 20) MiB", file: testFile, line: testLine)
        if FileManager.default.fileExists(atPath: db) {
            XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM source_file"), "0", "\(name): nothing stored",
                           file: testFile, line: testLine)
        }
        return out
    }

    private func url(_ name: String) -> URL { dir.appendingPathComponent(name) }

    private func write(_ bytes: [UInt8], _ name: String) throws -> URL {
        URL(fileURLWithPath: try TestSupport.write(bytes, to: name, in: dir))
    }

    // MARK: - Archives

    func testZipBombWithHonestSizes() throws {
        // 3.5 GiB of XML in a ~3.6 MB part.
        try refuses(try HostileFiles.deflateBomb(url("炸弹.xlsx"), bytes: 3_500 << 20, lie: false), code: "xlsx.zip_bomb")
    }

    func testZipBombWithLyingSizes() throws {
        // The same stream, its headers claiming 1,000 bytes: caught while inflating.
        try refuses(try HostileFiles.deflateBomb(url("liar.xlsx"), bytes: 3_500 << 20, lie: true), code: "xlsx.zip_bomb")
    }

    func testTruncatedArchive() throws {
        let whole = try HostileFiles.workbook(url("whole.xlsx"), sheetXML: Data(HostileFiles.sheet(
            (1...2000).map { "<row r=\"\($0)\"><c r=\"A\($0)\" t=\"inlineStr\"><is><t>党员\($0)</t></is></c></row>" }.joined()).utf8))
        let bytes = try [UInt8](Data(contentsOf: whole))
        try refuses(try write(Array(bytes.prefix(bytes.count * 2 / 3)), "截断.xlsx"), code: "xlsx.corrupt_zip")
    }

    func testDotDotEntryName() throws {
        let path = try HostileFiles.workbook(url("dotdot.xlsx"), sheetXML: Data(HostileFiles.sheet("").utf8),
                                             extra: [("../../../../tmp/partystats-evil.xml", Array("<x/>".utf8))])
        try refuses(path, code: "xlsx.unsafe_entry")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/partystats-evil.xml"))
    }

    func testEncryptedWorkbook() throws {
        try refuses(try write(HostileFiles.encryptedOLE(), "加密.xlsx"), code: "xlsx.encrypted")
    }

    func testWrongMagicBytes() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + HostileFiles.garbage(count: 4096)
        try refuses(try write(png, "picture.xlsx"), code: "xlsx.not_zip")
        try refuses(try write(png, "picture.xls"), code: "xls.not_xls")
        let zip = try [UInt8](Data(contentsOf: try HostileFiles.workbook(url("a.xlsx"), sheetXML: Data(HostileFiles.sheet("").utf8))))
        try refuses(try write(zip, "zip.xls"), code: "xls.is_xlsx")
        try refuses(try write(zip, "zip.csv"), code: "csv.is_workbook")
    }

    // MARK: - XML

    func testBillionLaughs() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">\
            \((2...9).map { "<!ENTITY lol\($0) \"\(String(repeating: "&lol\($0 == 2 ? "" : String($0 - 1));", count: 10))\">" }.joined())]>\
            <worksheet xmlns="\(HostileFiles.main)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>
            """
        try refuses(try HostileFiles.workbook(url("laughs.xlsx"), sheetXML: Data(xml.utf8)), code: "xlsx.dtd_forbidden")
    }

    func testExternalEntityDoesNotReadLocalFiles() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>\
            <worksheet xmlns="\(HostileFiles.main)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;&net;</t></is></c></row></sheetData></worksheet>
            """
        let sst = """
            <?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "/etc/passwd">]>\
            <sst xmlns="\(HostileFiles.main)"><si><t>&xxe;</t></si></sst>
            """
        let out = try refuses(try HostileFiles.workbook(url("xxe.xlsx"), sheetXML: Data(xml.utf8)), code: "xlsx.dtd_forbidden")
        let out2 = try refuses(try HostileFiles.workbook(url("xxe-sst.xlsx"), sheetXML: Data(HostileFiles.sheet("").utf8),
                                                         extra: [("xl/sharedStrings.xml", Array(sst.utf8))]),
                               code: "xlsx.dtd_forbidden")
        for o in [out, out2] { XCTAssertFalse((o.stdout + o.stderr).contains("root:"), "passwd content leaked") }
    }

    func testDeeplyNestedXML() throws {
        let depth = 200_000
        var xml = Data("<?xml version=\"1.0\"?><worksheet xmlns=\"\(HostileFiles.main)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>".utf8)
        xml.append(Data(String(repeating: "<r>", count: depth).utf8))
        xml.append(Data(String(repeating: "</r>", count: depth).utf8))
        xml.append(Data("</is></c></row></sheetData></worksheet>".utf8))
        // Well-formed but holding no table: refused as unrecognised, without deep recursion.
        let out = try ChildProcess.run(["import", try HostileFiles.workbook(url("nested.xlsx"), sheetXML: xml, stored: true).path,
                                        "--year", "2024", "--db", url("nested.sqlite").path], cwd: dir)
        XCTAssertEqual(out.status, 1, out.stderr)
        XCTAssertTrue(out.stderr.contains("nested.xlsx"), out.stderr)
        RuntimeText.assertAbsent(out.stdout + out.stderr, "nested")
        XCTAssertLessThan(out.cpuSeconds, 10)
        XCTAssertLessThan(out.maxRSSBytes, 512 << 20)
    }

    func testOversizedXMLText() throws {
        // One 64 MiB text node in a cell: refused at Excel's 32,767-character limit.
        var xml = Data("<?xml version=\"1.0\"?><worksheet xmlns=\"\(HostileFiles.main)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>".utf8)
        xml.append(Data(repeating: UInt8(ascii: "a"), count: 64 << 20))
        xml.append(Data("</t></is></c></row></sheetData></worksheet>".utf8))
        try refuses(try HostileFiles.workbook(url("big-text.xlsx"), sheetXML: xml, stored: true), code: "xlsx.cell_too_long")
    }

    func testOversizedXMLAttribute() throws {
        // A 32 MiB attribute value: expat must hold the whole start tag; memory stays bounded.
        var xml = Data("<?xml version=\"1.0\"?><worksheet xmlns=\"\(HostileFiles.main)\"><sheetData><row r=\"1\" spans=\"".utf8)
        xml.append(Data(repeating: UInt8(ascii: "1"), count: 32 << 20))
        xml.append(Data("\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>".utf8))
        let out = try ChildProcess.run(["import", try HostileFiles.workbook(url("big-attr.xlsx"), sheetXML: xml, stored: true).path,
                                        "--year", "2024", "--db", url("big-attr.sqlite").path], cwd: dir)
        XCTAssertEqual(out.status, 1, out.stderr)
        XCTAssertTrue(out.stderr.contains("big-attr.xlsx"), out.stderr)
        RuntimeText.assertAbsent(out.stdout + out.stderr, "big-attr")
        XCTAssertLessThan(out.cpuSeconds, 10)
        XCTAssertLessThan(out.maxRSSBytes, 512 << 20, "peak \(out.maxRSSBytes >> 20) MiB")
    }

    // MARK: - Sizes

    func testTooManyColumnsInXLSX() throws {
        let cells = (0...16_384).map { "<c><v>\($0)</v></c>" }.joined()
        try refuses(try HostileFiles.workbook(url("wide.xlsx"), sheetXML: Data(HostileFiles.sheet("<row r=\"1\">\(cells)</row>").utf8)),
                    code: "xlsx.too_many_columns")
    }

    func testTooManyColumnsInCSV() throws {
        let header = (0...16_384).map { "列\($0)" }.joined(separator: ",")
        try refuses(try write(Array("\(header)\n\(header)\n".utf8), "wide.csv"), code: "sheet.too_many_columns")
        // Empty fields are columns too: a line of commas is refused, not read as cells.
        let commas = "姓名,性别\n张三,男\n" + String(repeating: ",", count: 20_000) + "\n"
        try refuses(try write(Array(commas.utf8), "commas.csv"), code: "sheet.too_many_columns")
    }

    /// A roster header and then `rows` empty rows: the importer reads past its
    /// 30-row header search all the way down.
    private func tallSheet(rows: Int) -> Data {
        let header = ["姓名", "性别", "民族", "公民身份号码", "出生日期", "入党时间", "乡镇(街道)", "所在党支部"]
            .map { "<c t=\"inlineStr\"><is><t>\($0)</t></is></c>" }.joined()
        var xml = Data("<?xml version=\"1.0\"?><worksheet xmlns=\"\(HostileFiles.main)\"><sheetData><row r=\"1\">\(header)</row>".utf8)
        xml.append(Data(String(repeating: "<row/>", count: rows).utf8))
        xml.append(Data("</sheetData></worksheet>".utf8))
        return xml
    }

    func testTooManyRowsInXLSX() throws {
        // 1,048,577 rows in all (Excel stops at 1,048,576), parts stored.
        try refuses(try HostileFiles.workbook(url("tall.xlsx"), sheetXML: tallSheet(rows: 1_048_576), stored: true),
                    code: "xlsx.too_many_rows")
    }

    func testRepetitiveXMLDeflatedIsRefusedByRatio() throws {
        // The same rows deflated (far beyond 200:1): refused before any parsing.
        try refuses(try HostileFiles.workbook(url("ratio.xlsx"), sheetXML: tallSheet(rows: 1_048_576)), code: "xlsx.zip_bomb")
    }

    // MARK: - CSV text

    func testBinaryGarbageNamedCSV() throws {
        try refuses(try write(HostileFiles.garbage(count: 64 << 10), "名册.csv"), code: "csv.binary")
    }

    func testInvalidUTF8() throws {
        // Valid UTF-8 header, then bytes no UTF-8 or GB18030 decoder accepts (0xFF, 0x80).
        let bytes = Array("姓名,性别,公民身份号码\n张三,男,".utf8) + [0xC3, 0x28, 0xFF, 0xFE, 0x80, 0x0A]
        try refuses(try write(bytes, "bad-utf8.csv"), code: "csv.invalid_encoding")
    }

    func testInvalidGB18030() throws {
        // GB18030 header, then a lead byte followed by an invalid trail byte and a bare 0xFF.
        let bytes = try TestSupport.encode("姓名,性别,公民身份号码\n", as: "GB18030") + [0xD5, 0x0A, 0x81, 0x30, 0xFF, 0x2C, 0x0A]
        try refuses(try write(bytes, "bad-gb18030.csv"), code: "csv.invalid_encoding")
    }

    func testUnbalancedQuotes() throws {
        let text = "姓名,性别,公民身份号码\n\"张三,男,410328199001011234\n李四,女,410328199001011250\n"
        try refuses(try write(Array(text.utf8), "quotes.csv"), code: "csv.unbalanced_quote")
    }
}

/// Swift runtime and crash text that must never reach a user.
enum RuntimeText {
    static let markers = ["Fatal error", "Swift/", "Stack dump", "Current stack trace", "stack trace", "Segmentation fault",
                          "Illegal instruction", "Thread 0 Crashed", "libswiftCore", "Error: ", "DatabaseError", "SQLite error"]

    static func assertAbsent(_ text: String, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        for marker in markers {
            XCTAssertFalse(text.contains(marker), "\(label): runtime text \"\(marker)\" reached the user: \(text.prefix(400))",
                           file: file, line: line)
        }
    }
}
