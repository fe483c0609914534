import Foundation
import TestSupport
import XCTest

/// Issue 17, items 1–4 and 9–13, as a careless or hostile user meets them through the
/// real binary: dates typed as numbers, a file imported twice in one go, overflowing
/// and implausible figures, folders that cannot be read, mapping files, foreign and
/// read-only stores, paths that start with `-`.
final class TrustInputTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = try TestSupport.temporaryDirectory("trust-input")
    }

    override func tearDownWithError() throws {
        _ = try? TestSupport.run("/bin/chmod", ["-R", "u+rwx", dir.path])
        try? FileManager.default.removeItem(at: dir)
    }

    private static let datasets = TestSupport.packageRoot.appendingPathComponent("datasets/2024")
    private static let fixtures = TestSupport.packageRoot.appendingPathComponent("Tests/RobustnessTests/Fixtures")
    /// 源潭镇's ledger of the sample county: 10 payments, 17,300 元.
    private static let ledger = datasets.appendingPathComponent("05-源潭镇-帮扶资金发放台账.csv").path
    private static let branchReturn = datasets.appendingPathComponent("05-源潭镇-基层党组织情况统计表.xlsx").path

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    @discardableResult
    private func write(_ name: String, _ text: String) throws -> String {
        let target = path(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }

    private func copy(_ source: String, to name: String) throws -> String {
        let target = path(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: target)
        return target
    }

    private func run(_ arguments: [String]) throws -> ChildProcess.Outcome {
        let outcome = try ChildProcess.run(arguments, cwd: dir)
        XCTAssertNil(outcome.signal, "\(arguments): killed by signal \(outcome.signal ?? 0): \(outcome.stderr)")
        RuntimeText.assertAbsent(outcome.stderr + outcome.stdout, arguments.joined(separator: " "))
        return outcome
    }

    /// Runs the binary without the capabilities that let root ignore file permissions,
    /// so that a folder made unreadable or read-only is so for it too.
    private func runWithoutOverride(_ arguments: [String]) throws -> TestSupport.RunResult {
        try TestSupport.run("/usr/bin/setpriv", ["--bounding-set=-dac_override,-dac_read_search", ChildProcess.binary] + arguments,
                            cwd: dir)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    private func problems(_ outcome: ChildProcess.Outcome) throws -> [[String: Any]] {
        try XCTUnwrap(try json(outcome.stdout)["problems"] as? [[String: Any]])
    }

    // MARK: - Item 1: dates typed as numbers

    /// The sample roster saved by LibreOffice holds `1939.06` as the number 1939.06:
    /// each member is born and joined in the month the CSV says, not in 1905.
    func testDatesTypedAsNumbersAreYearAndMonth() throws {
        let db = path("s.sqlite")
        let workbook = Self.fixtures.appendingPathComponent("libreoffice-roster.xlsx").path
        let imported = try run(["import", workbook, "--year", "2024", "--db", db, "--json"])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let source = try String(contentsOfFile: Self.fixtures.appendingPathComponent("libreoffice-roster-source.csv").path,
                                encoding: .utf8)
        let expected = source.split(separator: "\n").dropFirst().map { line -> String in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return [String(f[1]), f[5].replacingOccurrences(of: ".", with: "-"), f[6].replacingOccurrences(of: ".", with: "-")]
                .joined(separator: "|")
        }
        XCTAssertEqual(expected.count, 12)
        let stored = try SQLite.query(db, "SELECT name, birth_date, joined_on FROM member ORDER BY row")
        XCTAssertEqual(stored.split(separator: "\n").map(String.init), expected)
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM member WHERE birth_date LIKE '1905%' OR joined_on LIKE '1905%'"), "0")
        // 1960.10, 1993.10, 1977.10, 1955.10 became 1960.1 … in the workbook: read as October, warned.
        let ambiguous = try problems(imported).filter { $0["code"] as? String == "date.ambiguous_month" }
        XCTAssertEqual(ambiguous.map { "\($0["row"]!)\($0["column"]!)" }.sorted(), ["10G", "11F", "12F", "7F"])
        XCTAssertTrue(ambiguous.allSatisfy { ($0["message"] as? String)?.contains("10 月") == true })
    }

    /// Dates that cannot all be right are warned, naming the cell.
    func testImplausibleDatesAreWarned() throws {
        let roster = try write("名册.csv", """
            姓名,性别,出生日期,入党时间,转正时间
            甲,男,1950-03,1920-05,1921-05
            乙,女,1990-06-15,2005-01-01,2006-01-01
            丙,男,1960-01,1990-01,1989-06
            丁,女,2031-01,,
            戊,男,1899-12,,
            己,女,1960-01,1985-01,1986-01

            """)
        let outcome = try run(["validate", roster, "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let found = try problems(outcome).filter { $0["code"] as? String == "date.implausible" }
            .map { "\($0["row"]!)\($0["column"]!)" }
        // Joined before 1921-07-01; joined at 14; 转正 before 入党; born after the year; born before 1900.
        XCTAssertEqual(found, ["2D", "3D", "4E", "5C", "6C"])
    }

    // MARK: - Item 2: identical files in one import

    func testIdenticalFilesInOneImportCountOnce() throws {
        let folder = path("returns")
        _ = try copy(Self.ledger, to: "returns/台账.csv")
        _ = try copy(Self.ledger, to: "returns/台账 (1).csv")
        _ = try copy(Self.branchReturn, to: "returns/源潭镇-基层党组织情况统计表.xlsx")
        _ = try copy(Self.branchReturn, to: "returns/副本/源潭镇-基层党组织情况统计表.xlsx")
        let db = path("s.sqlite"), single = path("single.sqlite")
        let imported = try run(["import", folder, "--year", "2024", "--db", db, "--json"])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let duplicates = try problems(imported).filter { $0["code"] as? String == "file.duplicate" }
        XCTAssertEqual(duplicates.count, 2)
        let pairs = [[folder + "/台账.csv", folder + "/台账 (1).csv"],
                     [folder + "/源潭镇-基层党组织情况统计表.xlsx", folder + "/副本/源潭镇-基层党组织情况统计表.xlsx"]]
        for problem in duplicates {
            XCTAssertEqual(problem["severity"] as? String, "warning")
            let file = try XCTUnwrap(problem["file"] as? String), message = try XCTUnwrap(problem["message"] as? String)
            XCTAssertTrue(pairs.contains { $0.contains(file) && $0.contains { $0 != file && message.contains($0) } },
                          "names both copies: \(file): \(message)")
        }
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*), sum(amount_fen) FROM disbursement"), "10|1730000")
        let once = try run(["import", Self.ledger, Self.branchReturn, "--year", "2024", "--db", single])
        XCTAssertEqual(once.status, 0, once.stderr)
        let organisations = "SELECT sum(committees), sum(general_branches), sum(branches) FROM organisation"
        XCTAssertEqual(try SQLite.query(db, organisations), try SQLite.query(single, organisations))
        let indicators = try json(try run(["indicators", "--year", "2024", "--db", db, "--json"]).stdout)
        let funding = try XCTUnwrap(indicators["funding"] as? [String: Any])
        XCTAssertEqual(funding["records"] as? Int, 10)
        XCTAssertEqual(funding["total"] as? String, "17300.00")
        // Imported again, the pair still counts once and the warning is not doubled in the store.
        XCTAssertEqual(try run(["import", folder, "--year", "2024", "--db", db]).status, 0)
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*), sum(amount_fen) FROM disbursement"), "10|1730000")
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM problem WHERE code = 'file.duplicate'"), "2")
    }

    // MARK: - Items 3 and 4: overflow and implausible figures

    func testAmountsThatWouldOverflowAreRejectedNamingTheCell() throws {
        let header = "序号,姓名,帮扶类别,金额（元）,资金来源,发放日期\n"
        let overflow = try write("ovf.csv", header + "1,向强,老党员慰问,50000000000000000,财政拨付,2024-07-07\n2,钟鑫,老党员慰问,50000000000000000,财政拨付,2024-07-14\n")
        let outcome = try run(["validate", overflow, "--json"])
        XCTAssertEqual(outcome.status, 65, outcome.stderr)
        let rejects = try problems(outcome).filter { $0["code"] as? String == "amount.implausible" }
        XCTAssertEqual(rejects.map { "\($0["file"]!)|\($0["sheet"]!)|\($0["row"]!)|\($0["column"]!)" },
                       ["\(overflow)|ovf|2|D", "\(overflow)|ovf|3|D"])
        XCTAssertTrue(rejects.allSatisfy { ($0["severity"] as? String) == "reject" && ($0["message"] as? String)?.contains("金额") == true })

        // Two files that each import alone: nothing past the limit is stored, so every
        // reading command still works.
        let db = path("s.sqlite")
        let a = try write("a/源潭镇台账.csv", header + "1,向强,老党员慰问,50000000000000000,财政拨付,2024-07-07\n2,钟鑫,老党员慰问,200,财政拨付,2024-07-14\n")
        let b = try write("b/源潭镇台账.csv", header + "1,岳红,老党员慰问,90000000000000000,财政拨付,2024-07-07\n2,尹琴,老党员慰问,300,财政拨付,2024-07-14\n")
        XCTAssertEqual(try run(["import", a, b, "--year", "2024", "--db", db]).status, 0)
        XCTAssertEqual(try SQLite.query(db, "SELECT sum(amount_fen) FROM disbursement"), "50000")
        for command in [["indicators", "--year", "2024", "--db", db, "--json"],
                        ["report", "--year", "2024", "--db", db, "--output", path("r.xlsx")],
                        ["export", "--year", "2024", "--db", db, "--output", path("pkg")]] {
            let result = try run(command)
            XCTAssertEqual(result.status, 0, "\(command[0]): \(result.stderr)")
            XCTAssertFalse((result.stderr + result.stdout).contains("overflow"), command[0])
        }
    }

    func testImplausibleCountsAreRejectedWithoutPrintingTheNumber() throws {
        let branch = try write("基层党组织情况.csv", """
            乡镇,单位类别,单位总数,已建立党组织单位数,党委,党总支,党支部,党员数
            源潭镇,农村,20,20,1,0,20,13812345678
            张店镇,农村,15,15,1,0,15,411328194001091679
            黑龙镇,农村,411328194001091679,10,1,0,10,300
            郭滩镇,农村,12,12,1,0,12,9000000
            合计,,,,,,,

            """)
        let outcome = try run(["validate", branch, "--json"])
        XCTAssertEqual(outcome.status, 65, outcome.stderr)
        let rejects = try problems(outcome).filter { $0["code"] as? String == "count.implausible" }
        XCTAssertEqual(rejects.map { "\($0["row"]!)\($0["column"]!)" }, ["2H", "3H", "4C"])
        let text = try run(["validate", branch])
        for output in [outcome.stdout, outcome.stderr, text.stdout, text.stderr] {
            XCTAssertFalse(output.contains("13812345678"), output)
            XCTAssertFalse(output.contains("411328194001091679"), output)
        }
    }

    /// A store written by an older version (or by hand) with figures past the limits:
    /// every reading command ends in a Chinese error naming the place, never a trap or
    /// a 64-bit or ID-like sum printed in full.
    func testOutOfRangeStoredFiguresFailReadingCommandsCleanly() throws {
        let branch09 = Self.datasets.appendingPathComponent("09-黑龙镇-基层党组织情况统计表.csv").path
        let ledger09 = Self.datasets.appendingPathComponent("09-黑龙镇-帮扶资金发放台账.csv").path
        for (label, update) in [("amounts", "UPDATE disbursement SET amount_fen = 5000000000000000000 WHERE row = 3"),
                                ("members", "UPDATE organisation SET members_reported = 411328194001091679")] {
            let db = path("\(label).sqlite")
            for year in ["2023", "2024"] {
                let imported = try run(["import", Self.ledger, ledger09, Self.branchReturn, branch09, "--year", year, "--db", db])
                XCTAssertEqual(imported.status, 0, imported.stderr)
            }
            _ = try SQLite.query(db, update)
            for command in [["indicators", "--year", "2024", "--db", db, "--json"],
                            ["compare", "--from", "2023", "--to", "2024", "--db", db],
                            ["report", "--year", "2024", "--db", db, "--output", path("\(label).xlsx")],
                            ["export", "--year", "2024", "--db", db, "--output", path("\(label)-pkg")]] {
                let result = try run(command)
                XCTAssertEqual(result.status, 1, "\(label) \(command[0]): \(result.stderr)")
                XCTAssertTrue(result.stderr.contains("[store.implausible]"), "\(label) \(command[0]): \(result.stderr)")
                XCTAssertTrue(result.stderr.contains(label == "amounts" ? "（金额）" : "（党员数）"), result.stderr)
                XCTAssertNil((result.stderr + result.stdout).range(of: "[0-9]{15,}", options: .regularExpression),
                             "\(label) \(command[0]): no long number printed: \(result.stderr)")
            }
        }
    }

    // MARK: - Item 9: nothing under a folder skipped without a word

    func testUnreadableSubfolderFailsTheImport() throws {
        _ = try copy(Self.ledger, to: "returns/源潭镇台账.csv")
        let hidden = path("returns/锁住的")
        _ = try copy(Self.ledger, to: "returns/锁住的/黑龙镇台账.csv")
        XCTAssertEqual(chmod(hidden, 0), 0)
        let result = try runWithoutOverride(["import", path("returns"), "--year", "2024", "--db", path("s.sqlite")])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(hidden) && result.stderr.contains("[file.unreadable]"), result.stderr)
    }

    func testDanglingSymlinkFailsTheImport() throws {
        _ = try copy(Self.ledger, to: "returns/源潭镇台账.csv")
        let link = path("returns/黑龙镇台账.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path("不存在/黑龙镇台账.csv"))
        let result = try run(["import", path("returns"), "--year", "2024", "--db", path("s.sqlite")])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(link) && result.stderr.contains("[file.missing]"), result.stderr)
    }

    // MARK: - Item 10: mapping files

    func testMappingKeysAreCheckedAndSizeLimited() throws {
        for (text, key, nearest) in [("source:\n  党费补助: 上级下拨党费\n", "source", "sources"),
                                     ("headres:\n  name: [党员姓名]\n", "headres", "headers")] {
            let mapping = try write("\(key).yaml", text)
            let result = try run(["validate", Self.ledger, "--mapping", mapping])
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("[mapping.unknown_key]"), result.stderr)
            XCTAssertTrue(result.stderr.contains("「\(key)」") && result.stderr.contains("「\(nearest)」"), result.stderr)
            XCTAssertTrue(result.stderr.contains(mapping), result.stderr)
        }
        let large = try write("large.yaml", "townships:\n" + (0..<40_000).map { "  乡镇\($0): [别名\($0)]\n" }.joined())
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: large)[.size] as? Int ?? 0, 1 << 20)
        let result = try run(["validate", Self.ledger, "--mapping", large])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("[mapping.too_large]") && result.stderr.contains(large), result.stderr)
    }

    // MARK: - Item 11: another application's database

    func testForeignDatabaseIsRefusedAndLeftAlone() throws {
        let db = path("crm.sqlite")
        _ = try SQLite.query(db, "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customer (name) VALUES ('王五')")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for command in [["import", Self.ledger, "--year", "2024", "--db", db],
                        ["indicators", "--year", "2024", "--db", db]] {
            let result = try run(command)
            XCTAssertEqual(result.status, 1, "\(command[0]): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("[store.foreign]") && result.stderr.contains(db), result.stderr)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before, "not one byte changed")
        XCTAssertEqual(try SQLite.query(db, "SELECT group_concat(name) FROM sqlite_master"), "customer")
    }

    // MARK: - Item 12: reading commands on a read-only store

    /// indicators, compare (2023 → 2024), report and export of the store `db`, writing into `out/`.
    private func readingCommands(_ db: String) throws -> [[String]] {
        let out = path("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        return [["indicators", "--year", "2024", "--db", db, "--json"],
                ["compare", "--from", "2023", "--to", "2024", "--db", db, "--json"],
                ["report", "--year", "2024", "--db", db, "--output", out + "/r.xlsx"],
                ["export", "--year", "2024", "--db", db, "--output", out + "/pkg"]]
    }

    func testReadingCommandsWorkOnAStoreInAReadOnlyFolder() throws {
        let folder = path("store")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let db = folder + "/s.sqlite"
        for year in ["2023", "2024"] {
            XCTAssertEqual(try run(["import", Self.ledger, "--year", year, "--db", db]).status, 0)
        }
        let listing = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        XCTAssertEqual(listing, ["s.sqlite"])
        let attributes = try FileManager.default.attributesOfItem(atPath: db)
        XCTAssertEqual(chmod(folder, 0o555), 0)
        for command in try readingCommands(db) {
            let result = try runWithoutOverride(command)
            XCTAssertEqual(result.status, 0, "\(command[0]): \(result.stderr)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("out/r.xlsx")))
        // The folder really refuses writes to this process, and nothing was written to or beside the store.
        XCTAssertNotEqual(try runWithoutOverride(["import", Self.ledger, "--year", "2022", "--db", db]).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), listing)
        let after = try FileManager.default.attributesOfItem(atPath: db)
        XCTAssertEqual(after[.size] as? Int, attributes[.size] as? Int)
        XCTAssertEqual(after[.modificationDate] as? Date, attributes[.modificationDate] as? Date)
    }

    /// The same commands on a full disk: a 2 MiB tmpfs holding the store and a filler
    /// file taking every byte left. Skipped where the test may not mount (not root).
    func testReadingCommandsWorkOnAFullDisk() throws {
        let mountPoint = path("full")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard try TestSupport.run("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint]).status == 0 else {
            throw XCTSkip("cannot mount a tmpfs here")
        }
        defer { _ = try? TestSupport.run("/bin/umount", [mountPoint]) }
        let staging = path("s.sqlite"), db = mountPoint + "/s.sqlite"
        for year in ["2023", "2024"] {
            XCTAssertEqual(try run(["import", Self.ledger, "--year", year, "--db", staging]).status, 0)
        }
        try FileManager.default.copyItem(atPath: staging, toPath: db)
        let filler = try TestSupport.run("/bin/dd", ["if=/dev/zero", "of=\(mountPoint)/filler", "bs=4096"])
        XCTAssertNotEqual(filler.status, 0, "dd stops when the disk is full")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for command in try readingCommands(db) {
            let result = try run(command)
            XCTAssertEqual(result.status, 0, "\(command[0]): \(result.stderr)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before)
    }

    // MARK: - Item 13: paths that start with `-`

    func testPathsStartingWithDashNeedDoubleDash() throws {
        _ = try copy(Self.ledger, to: "-leading-dash.csv")
        let db = path("s.sqlite")
        // Relative paths, as typed in the folder that holds the file.
        let bare = try TestSupport.run(ChildProcess.binary, ["import", "-leading-dash.csv", "--year", "2024", "--db", db], cwd: dir)
        XCTAssertEqual(bare.status, 64, bare.stdout + bare.stderr)
        XCTAssertTrue(bare.stderr.contains("[usage.invalid]") && bare.stderr.contains("-- -leading-dash.csv"), bare.stderr)
        XCTAssertFalse(bare.stdout.contains("OVERVIEW") || bare.stdout.contains("USAGE"), bare.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))

        let separated = try TestSupport.run(ChildProcess.binary, ["import", "--year", "2024", "--db", db, "--", "-leading-dash.csv"], cwd: dir)
        XCTAssertEqual(separated.status, 0, separated.stderr)
        XCTAssertEqual(try SQLite.query(db, "SELECT count(*) FROM disbursement"), "10")

        for command in [["import", "x.csv", "--year", "-1"], ["indicators", "--year", "-1", "--db", db],
                        ["compare", "--from", "-1", "--to", "2024", "--db", db]] {
            let result = try run(command)
            XCTAssertEqual(result.status, 64, result.stderr)
            let option = command.first { $0.hasPrefix("--") && $0 != "--db" }!
            XCTAssertTrue(result.stderr.contains("\(option) -1 不是有效的年度") && result.stderr.contains("[usage.invalid]"),
                          result.stderr)
            XCTAssertFalse(result.stderr.contains("Missing value"), result.stderr)
        }
    }
}
