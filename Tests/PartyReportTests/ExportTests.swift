import Foundation
import GRDB
import PartyAnalytics
import PartyStore
import Testing
import TestSupport
@testable import PartyReport

/// The data-package export: CSV contents, masking, neutralisation, the
/// descriptor. File handling is in ExportFilesTests.swift, the external
/// validators (frictionless, pandas) in ExportValidationTests.swift.
@Suite struct ExportTests {
    // MARK: fixture

    /// A store with one year (2024) of a few rows of each kind, filled with SQL.
    struct Fixture {
        let dir: URL
        let store: Store
        var output: String { dir.appendingPathComponent("pkg-2024").path }

        init() throws {
            dir = try TestSupport.temporaryDirectory("export-tests")
            store = try Store(path: dir.appendingPathComponent("store.sqlite").path)
            try store.dbQueue.write { db in try Fixture.fill(db) }
        }

        static func fill(_ db: Database) throws {
            try db.execute(sql: """
                INSERT INTO import_run (id, year, started_at, tool_version) VALUES (1, 2024, '2025-01-10T08:00:00Z', 'test');
                INSERT INTO source_file (id, import_id, year, path, size, sha256, format, encoding, imported, rejected)
                  VALUES (1, 1, 2024, 'returns/城关镇.xlsx', 100, 'abc123', 'xlsx', NULL, 9, 1);
                INSERT INTO sheet (id, file_id, year, name, ordinal, kind, rows_read, imported, rejected, skipped_json, warnings)
                  VALUES (1, 1, 2024, '党员名册', 1, 'roster', 8, 4, 1, '{}', 1),
                         (2, 1, 2024, '组织情况', 2, 'branch', 5, 3, 0, '{}', 0),
                         (3, 1, 2024, '帮扶台账', 3, 'ledger', 4, 2, 0, '{}', 0);
                INSERT INTO member (id, year, sheet_id, row, name, id_number, gender, ethnicity, birth_date, joined_on,
                    confirmed_on, status, education, occupation, township, branch, branch_category, is_rural, is_mobile,
                    mobile_destination, lost_contact, hardship, phone, duplicate_of) VALUES
                  (1, 2024, 1, 4, '张三', '410328197503151234', '男', '汉族', '1975-03-15', '2001-07', '2002-07-01',
                   '正式党员', '大学本科', '教师', '城关镇', '第一支部', '农村', 1, 0, NULL, 0, 0, '13812345678', NULL),
                  (2, 2024, 1, 5, '=HYPERLINK("http://x.example","点击")', NULL, '女', '回族', '1990-06', NULL, NULL,
                   '预备党员', NULL, '+cmd|'' /C calc''!A0', '城关镇', '@SUM(1+1)', '农村', 1, 1, '广东, 深圳', 0, 1,
                   '0377-6123 4567', NULL),
                  (3, 2024, 1, 6, '李四', '41032819800101002X', '男', '汉族', '1980-01-01', '2005-05-04', NULL,
                   '正式党员', '高中', '-农民', '桥头乡', '第二支部', '农村', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                  (4, 2024, 1, 7, '李四', '41032819800101002X', '男', '汉族', '1980-01-01', NULL, NULL,
                   '正式党员', '高中', NULL, '桥头乡', '第二支部', '农村', 0, 0, NULL, 0, 0, NULL, 3);
                INSERT INTO organisation (id, year, sheet_id, row, township, category, units_total, units_covered,
                    committees, general_branches, branches, members_reported, service_centre) VALUES
                  (1, 2024, 2, 5, '城关镇', '农村', 10, 9, 1, 1, 12, 2, 1),
                  (2, 2024, 2, 6, '城关镇', '社区', 4, 4, 0, 0, 4, NULL, NULL),
                  (3, 2024, 2, 7, '桥头乡', '农村', 6, 3, 1, 0, 7, 1, 0);
                INSERT INTO disbursement (id, year, sheet_id, row, recipient, recipient_id, amount_fen, date, township,
                    category, source) VALUES
                  (1, 2024, 3, 3, '张三', '410328197503151234', 350000, '2024-02-08', '城关镇', '困难党员', '财政资金'),
                  (2, 2024, 3, 4, '王五', NULL, 5, '2024-03', '桥头乡', '=1+1', '未注明');
                INSERT INTO problem (id, year, sheet_id, file, sheet, row, column, header, value, code, severity, message)
                  VALUES (1, 2024, 1, 'returns/城关镇.xlsx', '党员名册', 8, 'B', '公民身份号码', '410328********9999',
                          'row.name_missing', 'reject', '姓名为空，该行未导入');
                """)
        }

        /// Exports the fixture year to `output`.
        @discardableResult
        func export(includePII: Bool = false) throws -> DataPackageExport.Summary {
            try DataPackageExport.write(store: store, year: 2024, to: output, includePII: includePII,
                                        created: Date(timeIntervalSince1970: 1_735_689_600))
        }

        /// The CSV rows of `resource`, header first.
        func rows(_ resource: String) throws -> [[String]] {
            let text = try String(contentsOfFile: output + "/" + resource + ".csv", encoding: .utf8)
            return try parseCSV(text)
        }

        /// The data rows of `resource` as dictionaries keyed by header.
        func records(_ resource: String) throws -> [[String: String]] {
            let all = try rows(resource)
            return all.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(all[0], $0)) }
        }

        func descriptor() throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: output + "/datapackage.json"))
            return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    /// A strict RFC 4180 reader (LF records) for checking what the export wrote.
    static func parseCSV(_ text: String) throws -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, afterQuote = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"":
                if afterQuote { field += "\""; quoted = true; afterQuote = false }
                else { #expect(field.isEmpty, "quote inside an unquoted field"); quoted = true }
            case ",": row.append(field); field = ""; afterQuote = false
            case "\n": row.append(field); rows.append(row); row = []; field = ""; afterQuote = false
            case "\r": Issue.record("CR outside a quoted field")
            default: field.unicodeScalars.append(c); afterQuote = false
            }
        }
        #expect(row.isEmpty && field.isEmpty, "file must end with LF")
        return rows
    }

    // MARK: neutralisation

    @Test func neutralisesFormulaStarts() {
        #expect(neutraliseSpreadsheetText("=HYPERLINK(\"http://evil.example\",\"点击\")")
                == "'=HYPERLINK(\"http://evil.example\",\"点击\")")
        #expect(neutraliseSpreadsheetText("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0")
        #expect(neutraliseSpreadsheetText("@SUM(1+1)") == "'@SUM(1+1)")
        #expect(neutraliseSpreadsheetText("-2+3") == "'-2+3")
        #expect(neutraliseSpreadsheetText("\t=1") == "'\t=1")
        #expect(neutraliseSpreadsheetText("\r=1") == "'\r=1")
        for safe in ["张三", "", "1+1", "a=b", "'=1", "＝1", "  ", " 张=1", "\n"] {
            #expect(neutraliseSpreadsheetText(safe) == safe)
        }
    }

    /// Issue 17 item 15: spaces, line feeds, U+3000 or NBSP before `=`, `+`, `-`, `@`
    /// still start a formula in a spreadsheet program.
    @Test func neutralisesFormulaStartsAfterLeadingWhitespace() {
        for text in [" =1+1", "  +cmd", "\n=HYPERLINK(\"x\")", "\n\n@SUM(1)", " \n-2+3", "\u{3000}=1", "\u{A0}@x", " \t=1"] {
            #expect(neutraliseSpreadsheetText(text) == "'" + text, "\(text.debugDescription)")
        }
        #expect(ExportCell.text(" =1").fieldText(masking: false) == "' =1")
    }

    /// Issue 17 item 6: IDs and mobile numbers typed into any text column are masked in
    /// export cells unless the export includes personal data.
    @Test func textCellsMaskPersonalNumbersUnlessIncludingPII() {
        let cell = ExportCell.text("张三411328-19700102-9035，电话 138 1234 5678")
        #expect(cell.fieldText(masking: true) == "张三411328-********-9035，电话 138 **** 5678")
        #expect(cell.fieldText(masking: false) == "张三411328-19700102-9035，电话 138 1234 5678")
    }

    @Test func quotesByRFC4180() {
        #expect(csvQuoted("plain") == "plain")
        #expect(csvQuoted("广东, 深圳") == "\"广东, 深圳\"")
        #expect(csvQuoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(csvQuoted("a\nb") == "\"a\nb\"")
        #expect(ExportCell.text("-5").fieldText(masking: true) == "'-5")
        #expect(ExportCell.integer(-5).fieldText(masking: true) == "-5")
        #expect(ExportCell.number(35494).fieldText(masking: true) == "35494")
        #expect(ExportCell.number(0.5).fieldText(masking: true) == "0.5")
        #expect(ExportCell.number(0.00001).fieldText(masking: true) == "0.00001")
        #expect(maskPhoneNumber("13812345678") == "138****5678")
        #expect(maskPhoneNumber("0377-6123 4567") == "037*-**** 4567")
        #expect(maskPhoneNumber("110") == "***")
    }

    // MARK: contents

    @Test func membersAreMaskedByDefault() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.export()
        let members = try f.records("members")
        try #require(members.count == 4)
        let zhang = members[0]
        #expect(zhang["member_id"] == "1")
        #expect(zhang["id_number"] == "410328********1234")
        #expect(zhang["phone"] == "138****5678")
        #expect(zhang["birth_date"] == "1975-03-15")
        #expect(zhang["birth_month"] == "1975-03")
        #expect(zhang["birth_year"] == "1975")
        #expect(zhang["joined_on"] == "" && zhang["joined_month"] == "2001-07" && zhang["joined_year"] == "2001")
        #expect(zhang["is_rural"] == "true" && zhang["is_mobile"] == "false")
        #expect(zhang["counted"] == "true" && zhang["duplicate_of"] == "")
        #expect(zhang["file"] == "returns/城关镇.xlsx" && zhang["sheet"] == "党员名册" && zhang["row"] == "4")
        let second = members[1]
        #expect(second["birth_date"] == "" && second["birth_month"] == "1990-06" && second["birth_year"] == "1990")
        #expect(second["phone"] == "037*-**** 4567")
        #expect(second["mobile_destination"] == "广东, 深圳")
        #expect(members[2]["id_number"] == "410328********002X")
        #expect(members[2]["is_rural"] == "" && members[2]["hardship"] == "")
        #expect(members[3]["counted"] == "false" && members[3]["duplicate_of"] == "3")
        let raw = try String(contentsOfFile: f.output + "/members.csv", encoding: .utf8)
        #expect(!raw.contains("410328197503151234") && !raw.contains("13812345678"))
        #expect(!raw.contains("\r"))
        #expect(!raw.hasPrefix("\u{FEFF}"))
    }

    @Test func includePIIWritesNumbersAsStored() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.export(includePII: true)
        let members = try f.records("members")
        #expect(members[0]["id_number"] == "410328197503151234")
        #expect(members[0]["phone"] == "13812345678")
        #expect(members[2]["id_number"] == "41032819800101002X")
        #expect(try f.records("disbursements")[0]["recipient_id"] == "410328197503151234")
        #expect(try f.descriptor()["partystats:includesPersonalData"] as? Bool == true)
    }

    @Test func formulaCellsAreNeutralisedInTheFiles() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.export()
        let second = try f.records("members")[1]
        #expect(second["name"] == "'=HYPERLINK(\"http://x.example\",\"点击\")")
        #expect(second["occupation"] == "'+cmd|' /C calc'!A0")
        #expect(second["branch"] == "'@SUM(1+1)")
        #expect(try f.records("members")[2]["occupation"] == "'-农民")
        #expect(try f.records("disbursements")[1]["category"] == "'=1+1")
        let raw = try String(contentsOfFile: f.output + "/members.csv", encoding: .utf8)
        #expect(raw.contains("\"'=HYPERLINK(\"\"http://x.example\"\",\"\"点击\"\")\""))
        for resource in ["members", "organisations", "coverage", "disbursements", "indicators", "problems"] {
            for row in try f.rows(resource) {
                for cell in row {
                    #expect(neutraliseSpreadsheetText(cell) == cell || cell.first == "-" && Double(cell) != nil,
                            "\(resource): \(cell)")
                }
            }
        }
    }

    @Test func disbursementsKeepExactAmounts() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.export()
        let rows = try f.records("disbursements")
        #expect(rows.map { $0["amount"] } == ["3500.00", "0.05"])
        #expect(rows.map { $0["amount_fen"] } == ["350000", "5"])
        #expect(rows[0]["date"] == "2024-02-08" && rows[0]["month"] == "2024-02")
        #expect(rows[1]["date"] == "" && rows[1]["month"] == "2024-03")
        #expect(rows[0]["recipient_id"] == "410328********1234")
        #expect(rows[1]["source"] == "未注明")
    }

    @Test func coverageByTownshipCategoryAndOverall() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.export()
        let rows = try f.rows("coverage")
        #expect(rows == [
            ["scope", "township", "category", "units", "covered", "ratio"],
            ["township_category", "城关镇", "农村", "10", "9", "0.9"],
            ["township_category", "城关镇", "社区", "4", "4", "1"],
            ["township_category", "桥头乡", "农村", "6", "3", "0.5"],
            ["category", "全县", "农村", "16", "12", "0.75"],
            ["category", "全县", "社区", "4", "4", "1"],
            ["overall", "全县", "合计", "20", "16", "0.8"],
        ])
        let indicators = try computeIndicators(store: f.store, year: 2024)
        #expect(indicators.coverage.overall.units == 20 && indicators.coverage.overall.covered == 16)
        #expect(indicators.coverage.byCategory["农村"]?.units == 16)
    }

    @Test func indicatorsInLongFormat() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.export()
        let rows = try f.records("indicators")
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0["name"]!, $0) })
        #expect(byName.count == rows.count)
        #expect(byName["members.total"]?["value"] == "3")
        #expect(byName["members.total"]?["unit"] == "count")
        #expect(byName["members.women"]?["value"] == "1")
        #expect(byName["organisations.branches"]?["value"] == "23")
        #expect(byName["funding.total"]?["value"] == "3500.05")
        #expect(byName["funding.total"]?["unit"] == "yuan")
        #expect(byName["funding.by_source.财政资金"]?["value"] == "3500.00")
        #expect(byName["coverage.overall.ratio"]?["value"] == "0.8")
        #expect(byName["coverage.overall.ratio"]?["unit"] == "ratio")
        #expect(byName["members.total"]?["label"] == "党员总数")
        let entries = try computeIndicators(store: f.store, year: 2024).entries
        #expect(rows.map { $0["name"]! } == entries.map(\.name))
    }

    @Test func problemsListImportProblemsThenChecks() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try f.export()
        let rows = try f.records("problems")
        try #require(!rows.isEmpty)
        #expect(rows[0]["problem_no"] == "1" && rows[0]["stage"] == "import")
        #expect(rows[0]["code"] == "row.name_missing" && rows[0]["severity"] == "reject")
        #expect(rows[0]["value"] == "410328********9999" && rows[0]["column"] == "B" && rows[0]["row"] == "8")
        let checks = try computeIndicators(store: f.store, year: 2024).checks
        #expect(rows.count == 1 + checks.count)
        #expect(rows.dropFirst().allSatisfy { $0["stage"] == "check" && $0["file"] == "" })
    }

    @Test func descriptorDescribesEveryResource() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let summary = try f.export()
        let descriptor = try f.descriptor()
        #expect(descriptor["profile"] as? String == "tabular-data-package")
        #expect(descriptor["name"] as? String == "partystats-2024")
        #expect(descriptor["created"] as? String == "2025-01-01T00:00:00Z")
        #expect(descriptor["partystats:includesPersonalData"] as? Bool == false)
        let resources = try #require(descriptor["resources"] as? [[String: Any]])
        #expect(resources.map { $0["name"] as? String } ==
                ["members", "organisations", "coverage", "disbursements", "indicators", "problems"])
        #expect(summary.resources.map(\.name) == resources.compactMap { $0["name"] as? String })
        #expect(summary.resources.first?.rows == 4)
        for resource in resources {
            let name = resource["name"] as! String
            #expect(resource["path"] as? String == "\(name).csv")
            #expect(resource["format"] as? String == "csv")
            #expect(resource["encoding"] as? String == "utf-8")
            #expect(resource["mediatype"] as? String == "text/csv")
            let schema = try #require(resource["schema"] as? [String: Any])
            #expect(schema["missingValues"] as? [String] == [""])
            #expect((schema["primaryKey"] as? [String])?.isEmpty == false)
            let fields = try #require(schema["fields"] as? [[String: Any]])
            #expect(fields.map { $0["name"] as? String } == (try f.rows(name))[0].map { Optional($0) })
            for field in fields {
                #expect(field["type"] != nil && field["description"] != nil && field["format"] != nil)
            }
        }
        let sources = try #require(descriptor["sources"] as? [[String: Any]])
        #expect(sources.first?["title"] as? String == "returns/城关镇.xlsx")
    }
}
