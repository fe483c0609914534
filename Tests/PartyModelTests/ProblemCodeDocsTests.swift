import Foundation
import PartyModel
import XCTest

/// `docs/problem-codes.md` is generated from ``ProblemCode``: this test fails when the two
/// disagree. Regenerate with `UPDATE_DOCS=1 swift test --filter ProblemCodeDocsTests`.
final class ProblemCodeDocsTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The whole document, one table row per code in catalogue order.
    static func markdown() -> String {
        var lines = [
            "# Problem and error codes",
            "",
            "Generated from `Sources/PartyModel/ProblemCode.swift` and `ProblemCode+Catalogue.swift`",
            "by `Tests/PartyModelTests/ProblemCodeDocsTests.swift`; do not edit by hand. To add a code,",
            "add its case and its catalogue entry, then run",
            "`UPDATE_DOCS=1 swift test --filter ProblemCodeDocsTests`.",
            "",
            "The code is the stable English id printed in `[…]`, in `--json` and in the store. The level",
            "is the default: 错误 stops the command (nothing is written), 拒绝 leaves the row out,",
            "警告 keeps it; — means it depends on the finding. The name and the explanation are what",
            "the workbook's 数据核查 sheet shows beside each code.",
            "",
            "| code | 短名 | 级别 | 说明 |",
            "|---|---|---|---|",
        ]
        for code in ProblemCode.allCases {
            let e = code.entry
            lines.append("| `\(code.rawValue)` | \(e.name) | \(e.level?.label ?? "—") | \(e.explanation) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func testTheDocumentIsGeneratedFromTheCatalogue() throws {
        let url = Self.root.appendingPathComponent("docs/problem-codes.md")
        let expected = Self.markdown()
        if ProcessInfo.processInfo.environment["UPDATE_DOCS"] == "1" {
            try expected.write(to: url, atomically: true, encoding: .utf8)
        }
        let written = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(written, expected,
                       "docs/problem-codes.md differs from the catalogue: UPDATE_DOCS=1 swift test --filter ProblemCodeDocsTests")
    }

    func testEveryEntryIsCompleteAndEveryIdWellFormed() {
        for code in ProblemCode.allCases {
            let e = code.entry
            XCTAssertNotNil(code.rawValue.range(of: #"^[a-z]+\.[a-z_]+$"#, options: .regularExpression), code.rawValue)
            XCTAssertFalse(e.name.isEmpty, code.rawValue)
            XCTAssertTrue(e.explanation.hasSuffix("。"), "\(code.rawValue): one sentence ending in 。")
            XCTAssertFalse(e.explanation.contains("\n"), code.rawValue)
            XCTAssertEqual(ProblemCode.entry(forID: code.rawValue), e)
            XCTAssertEqual("\(code)", code.rawValue)
        }
        XCTAssertNil(ProblemCode.entry(forID: "no.such_code"))
        XCTAssertGreaterThan(ProblemCode.allCases.count, 100)
    }

    /// Every code reaches the user through the catalogue: no source file spells a
    /// catalogue id as a string literal (which the compiler could not check), and no
    /// source file hands a new code-shaped literal to a `code` (one not yet catalogued).
    func testNoSourceFileSpellsACodeAsALiteral() throws {
        let ids = Set(ProblemCode.allCases.map(\.rawValue))
        let sources = Self.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        XCTAssertGreaterThan(files.count, 50)
        var found: [String] = []
        for file in files where !file.lastPathComponent.hasPrefix("ProblemCode") {
            // The writer wrapper keeps its own code enum (it does not import PartyModel);
            // XLSXWriterTests checks that each of its ids is catalogued.
            guard !file.path.contains("/XLSXWriter/") else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            found += Self.literalCodes(in: text, ids: ids).map { "\(file.lastPathComponent): \($0)" }
        }
        XCTAssertEqual(found, [], "use (or add) the ProblemCode case instead of the literal")
    }

    /// The code-like literals of one source text: catalogue ids anywhere, and any
    /// `a.b_c` literal given to or compared with something named `code`.
    static func literalCodes(in text: String, ids: Set<String>) -> [String] {
        let anywhere = text.matches(of: /"([a-z]+\.[a-z_]+)"/).map { String($0.output.1) }.filter(ids.contains)
        let asCode = text.matches(of: /(?i:code)\w*\s*(?::|==|=)\s*"([a-z]+\.[a-z_]+)"/).map { String($0.output.1) }
        var seen = Set<String>()
        return (anywhere + asCode).filter { seen.insert($0).inserted }
    }

    func testTheLiteralScanFindsBothKinds() {
        let ids: Set<String> = ["id.checksum"]
        let text = #"""
            let a = Problem(code: "web.bad_request", message: "")
            if error.code == "id.checksum" { }
            static let unrecognisedCode = "file.unrecognised"
            let path = "partystats.sqlite"
            """#
        XCTAssertEqual(Self.literalCodes(in: text, ids: ids), ["id.checksum", "web.bad_request", "file.unrecognised"])
    }
}
