import Foundation
import SheetReader
import TestSupport
import XCTest

/// Malformed and hostile files, generated here: each must end in a `ReadError`
/// quickly, never hang, crash or expand entities.
final class XLSXHostileTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = try TestSupport.temporaryDirectory("sheetreader-hostile")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// Opens a file and reads every row of every sheet; returns the error code.
    private func failure(_ path: String, limits: ReadLimits = .default,
                         file: StaticString = #filePath, line: UInt = #line) -> ReadError? {
        let start = Date()
        defer {
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, "must fail quickly", file: file, line: line)
        }
        do {
            let book = try SheetReaders.open(path: path, limits: limits)
            for sheet in book.sheets {
                let cursor = try book.openSheet(sheet.index)
                while try cursor.next() != nil {}
            }
            XCTFail("\(path) was read without error", file: file, line: line)
            return nil
        } catch let error as ReadError {
            XCTAssertFalse(error.message.isEmpty, file: file, line: line)
            XCTAssertEqual(error.file, path, file: file, line: line)
            return error
        } catch {
            XCTFail("not a ReadError: \(error)", file: file, line: line)
            return nil
        }
    }

    private func write(_ zip: StoredZip, _ name: String = "book.xlsx") throws -> String {
        try TestSupport.write(zip.bytes, to: name, in: dir)
    }

    func testBillionLaughsIsRefusedAsDTD() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">\
            <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\
            <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>\
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
            <row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>
            """
        let error = failure(try write(StoredZip.workbook(sheetXML: xml)))
        XCTAssertEqual(error?.code, "xlsx.dtd_forbidden")
        XCTAssertEqual(error?.sheet, "Sheet1")
    }

    func testExternalEntityIsRefused() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]>\
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
            <row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>
            """
        XCTAssertEqual(failure(try write(StoredZip.workbook(sheetXML: xml)))?.code, "xlsx.dtd_forbidden")
    }

    func testDoctypeInSharedStringsIsRefused() throws {
        let sst = """
            <?xml version="1.0"?><!DOCTYPE sst SYSTEM "http://example.com/x.dtd">\
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si></sst>
            """
        let zip = StoredZip.workbook(sheetXML: StoredZip.sheet(""), extra: [("xl/sharedStrings.xml", sst)])
        let error = failure(try write(zip))
        XCTAssertEqual(error?.code, "xlsx.dtd_forbidden")
        XCTAssertEqual(error?.sheet, "xl/sharedStrings.xml")
    }

    func testUndefinedEntityIsBadXML() throws {
        let xml = StoredZip.sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&x;</t></is></c></row>")
        XCTAssertEqual(failure(try write(StoredZip.workbook(sheetXML: xml)))?.code, "xlsx.bad_xml")
    }

    func testBadXMLNamesLine() throws {
        let xml = StoredZip.sheet("<row r=\"1\">\n<c r=\"A1\"><v>1</v></c>\n<c r=\"B1\"><v>2</x></c></row>")
        let error = failure(try write(StoredZip.workbook(sheetXML: xml)))
        XCTAssertEqual(error?.code, "xlsx.bad_xml")
        XCTAssertEqual(error?.sheet, "Sheet1")
        XCTAssertTrue(error?.message.contains("第 3 行") ?? false, error?.message ?? "")
    }

    func testUnclosedSheetIsBadXML() throws {
        let xml = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">"
        XCTAssertEqual(failure(try write(StoredZip.workbook(sheetXML: xml)))?.code, "xlsx.bad_xml")
    }

    func testMissingWorkbookPart() throws {
        var zip = StoredZip()
        zip.add("xl/worksheets/sheet1.xml", StoredZip.sheet(""))
        let error = failure(try write(zip))
        XCTAssertEqual(error?.code, "xlsx.missing_part")
        XCTAssertEqual(error?.sheet, "xl/workbook.xml")
    }

    func testMissingSheetPart() throws {
        let full = StoredZip.workbook(sheetXML: "")
        var zip = StoredZip()
        for entry in full.entries where entry.name != "xl/worksheets/sheet1.xml" { zip.add(entry.name, bytes: entry.data) }
        XCTAssertEqual(failure(try write(zip))?.code, "xlsx.missing_part")
    }

    func testDotDotEntryIsRefused() throws {
        var zip = StoredZip.workbook(sheetXML: StoredZip.sheet(""))
        zip.add("../../evil.xml", "<x/>")
        let error = failure(try write(zip))
        XCTAssertEqual(error?.code, "xlsx.unsafe_entry")
        XCTAssertEqual(error?.sheet, "../../evil.xml")
    }

    func testTruncatedArchive() throws {
        let bytes = StoredZip.workbook(sheetXML: StoredZip.sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")).bytes
        for cut in [bytes.count / 2, bytes.count - 10, 30] {
            let path = try TestSupport.write(Array(bytes.prefix(cut)), to: "cut\(cut).xlsx", in: dir)
            XCTAssertEqual(failure(path)?.code, "xlsx.corrupt_zip", "cut at \(cut)")
        }
    }

    func testNotAZip() throws {
        let path = try TestSupport.write(Array("姓名,性别\n张三,男\n".utf8), to: "text.xlsx", in: dir)
        XCTAssertEqual(failure(path)?.code, "xlsx.not_zip")
    }

    func testEncryptedOLEPackage() throws {
        // The start of an OLE compound file whose directory names an EncryptedPackage stream.
        var bytes: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        bytes += "EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        bytes += [UInt8](repeating: 0, count: 512)
        let error = failure(try TestSupport.write(bytes, to: "secret.xlsx", in: dir))
        XCTAssertEqual(error?.code, "xlsx.encrypted")
        XCTAssertEqual(error?.message, "工作簿已加密或受密码保护，请另存为未加密的文件后再导入")
    }

    func testPlainOLEFileNamedXlsx() throws {
        let src = XLSXWorkbookTests.fixture("xlwt_gbk.xls")
        let path = dir.appendingPathComponent("renamed.xlsx").path
        try FileManager.default.copyItem(atPath: src, toPath: path)
        XCTAssertEqual(failure(path)?.code, "xlsx.not_zip")
    }

    func testWorkbookRenamedToCSVOrXLS() throws {
        let src = XLSXWorkbookTests.fixture("xlsxwriter_1904.xlsx")
        let csv = dir.appendingPathComponent("really.csv").path
        let xls = dir.appendingPathComponent("really.xls").path
        try FileManager.default.copyItem(atPath: src, toPath: csv)
        try FileManager.default.copyItem(atPath: src, toPath: xls)
        XCTAssertEqual(failure(csv)?.code, "csv.is_workbook")
        XCTAssertEqual(failure(xls)?.code, "xls.is_xlsx")
    }

    func testTotalSizeLimitFromDirectory() throws {
        let big = String(repeating: "<row/>", count: 50_000)
        var limits = ReadLimits()
        limits.maxUncompressedBytes = 100_000
        let error = failure(try write(StoredZip.workbook(sheetXML: StoredZip.sheet(big))), limits: limits)
        XCTAssertEqual(error?.code, "xlsx.zip_bomb")
    }

    func testCellLengthLimit() throws {
        let long = String(repeating: "党", count: 40_000)
        let xml = StoredZip.sheet("<row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>\(long)</t></is></c></row>")
        let error = failure(try write(StoredZip.workbook(sheetXML: xml)))
        XCTAssertEqual(error?.code, "xlsx.cell_too_long")
        XCTAssertEqual(error?.row, 2)
        XCTAssertEqual(error?.column, "C")
    }

    func testColumnAndRowLimits() throws {
        let wide = StoredZip.sheet("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>")
        XCTAssertEqual(failure(try write(StoredZip.workbook(sheetXML: wide), "wide.xlsx"))?.code, "xlsx.too_many_columns")
        let tall = StoredZip.sheet("<row r=\"1048577\"><c r=\"A1048577\"><v>1</v></c></row>")
        XCTAssertEqual(failure(try write(StoredZip.workbook(sheetXML: tall), "tall.xlsx"))?.code, "xlsx.too_many_rows")
        // Rows out of order are read (XLSXGapsTests); a row 0 does not exist.
        let zero = StoredZip.sheet("<row r=\"0\"/>")
        XCTAssertEqual(failure(try write(StoredZip.workbook(sheetXML: zero), "zero.xlsx"))?.code, "xlsx.bad_row")
    }

    func testBadSharedStringIndex() throws {
        let xml = StoredZip.sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>")
        let error = failure(try write(StoredZip.workbook(sheetXML: xml)))
        XCTAssertEqual(error?.code, "xlsx.bad_shared_string")
        XCTAssertEqual(error?.column, "A")
    }

    // MARK: - Deflate bombs (need Python's zipfile to deflate)

    /// Writes a zip with a deflated sheet of `megabytes` of repeated rows; with
    /// `lie` the sizes in both headers claim 1,000 bytes.
    private func deflateBomb(megabytes: Int, lie: Bool) throws -> String {
        let path = dir.appendingPathComponent(lie ? "liar.xlsx" : "bomb.xlsx").path
        let script = """
            import sys, zipfile, struct
            path, mb, lie = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
            ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            rels = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
            row = b'<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>'
            body = row * (mb * 1024 * 1024 // len(row))
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
                z.writestr("_rels/.rels", f'<Relationships {rels}><Relationship Id="r" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>')
                z.writestr("xl/workbook.xml", f'<workbook {ns} xmlns:r="x"><sheets><sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>')
                z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships {rels}><Relationship Id="r1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
                z.writestr("xl/worksheets/sheet1.xml", f'<worksheet {ns}><sheetData>'.encode() + body + b'</sheetData></worksheet>')
            if lie:
                data = bytearray(open(path, "rb").read())
                name = b"xl/worksheets/sheet1.xml"
                local = data.rfind(b"PK\\x03\\x04", 0, data.find(name) + 1)
                struct.pack_into("<I", data, local + 22, 1000)
                central = data.find(b"PK\\x01\\x02")
                while central != -1:
                    n = struct.unpack_from("<H", data, central + 28)[0]
                    if data[central + 46:central + 46 + n] == name:
                        struct.pack_into("<I", data, central + 24, 1000)
                    central = data.find(b"PK\\x01\\x02", central + 4)
                open(path, "wb").write(bytes(data))
            """
        let result = try TestSupport.run("/usr/bin/env", ["python3", "-c", script, path, String(megabytes), lie ? "1" : "0"])
        guard result.status == 0 else { throw XCTSkip("python3 could not build the zip: \(result.stderr)") }
        return path
    }

    func testZipBombRefusedFromDirectory() throws {
        let error = failure(try deflateBomb(megabytes: 16, lie: false))
        XCTAssertEqual(error?.code, "xlsx.zip_bomb")
        XCTAssertEqual(error?.sheet, "xl/worksheets/sheet1.xml")
    }

    func testLyingSizesAreCaughtWhileInflating() throws {
        let path = try deflateBomb(megabytes: 16, lie: true)
        // A lower ratio keeps the bytes parsed before the limit trips small in debug builds.
        var limits = ReadLimits()
        limits.maxCompressionRatio = 50
        let error = failure(path, limits: limits)
        XCTAssertEqual(error?.code, "xlsx.zip_bomb")
        XCTAssertEqual(error?.sheet, "S")
    }
}
