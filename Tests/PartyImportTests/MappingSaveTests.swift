import Foundation
@testable import PartyImport
import TestSupport
import XCTest

/// `Mapping.addHeaderAlias`: the page's choice of field for a column, saved to the mapping file.
final class MappingSaveTests: XCTestCase {
    func path(_ text: String?) throws -> String {
        let path = try TestSupport.temporaryDirectory("mapping-save").appendingPathComponent("mapping.yaml").path
        if let text { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        return path
    }

    func testAnAliasIsAddedAsALineAndTheCommentsStay() throws {
        let file = try path("# 本县的映射\nheaders:\n  name: [党员姓名]   # 有的乡镇这样写\nsources:\n  党费补助: 上级下拨党费\n")
        XCTAssertTrue(try Mapping.addHeaderAlias("联系手机", for: .phone, inFileAt: file))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertEqual(text, "# 本县的映射\nheaders:\n  phone: [\"联系手机\"]\n  name: [党员姓名]   # 有的乡镇这样写\nsources:\n  党费补助: 上级下拨党费\n")
        let mapping = try Mapping.load(path: file)
        XCTAssertEqual(mapping.headers[.phone], ["联系手机"])
        XCTAssertEqual(mapping.headers[.name], ["党员姓名"])
        XCTAssertFalse(try Mapping.addHeaderAlias("联系手机", for: .phone, inFileAt: file), "already there")
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), text)
    }

    func testAFieldAlreadyListedGetsTheAliasToo() throws {
        let file = try path("headers:\n  phone: [手机]\n")
        try Mapping.addHeaderAlias("联系 手机", for: .phone, inFileAt: file)
        XCTAssertEqual(Set(try Mapping.load(path: file).headers[.phone] ?? []), ["手机", "联系手机"])
    }

    func testFlowStyleIsWrittenAgainAndANewFileIsMade() throws {
        let flow = try path("headers: {name: [党员姓名]}\ncounty: 唐河县\n")
        try Mapping.addHeaderAlias("家庭住址\"甲\"", for: .branch, inFileAt: flow)
        let mapping = try Mapping.load(path: flow)
        XCTAssertEqual(mapping.headers[.name], ["党员姓名"])
        XCTAssertEqual(mapping.headers[.branch]?.count, 1)
        XCTAssertEqual(mapping.county, "唐河县")
        let new = try path(nil)
        try Mapping.addHeaderAlias("所在村", for: .branch, inFileAt: new)
        XCTAssertEqual(try Mapping.load(path: new).headers[.branch], ["所在村"])
        let permissions = try FileManager.default.attributesOfItem(atPath: new)[.posixPermissions] as? NSNumber
        XCTAssertEqual(permissions?.intValue, 0o600)
    }

    func testABrokenFileIsNotTouched() throws {
        let file = try path("headers: [not, a, mapping]\n")
        XCTAssertThrowsError(try Mapping.addHeaderAlias("x", for: .phone, inFileAt: file))
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "headers: [not, a, mapping]\n")
    }
}
