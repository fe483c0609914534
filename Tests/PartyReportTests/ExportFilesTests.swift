import Foundation
import PartyAnalytics
import Testing
import TestSupport
@testable import PartyReport

/// Owner-only permissions, atomic publication, and the errors that leave nothing behind.
extension ExportTests {
    @Suite struct Files {
        static func mode(_ path: String) throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
        }

        /// Entries of the fixture folder other than the store files.
        static func leftovers(_ f: ExportTests.Fixture) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: f.dir.path)
                .filter { !$0.hasPrefix("store.sqlite") }.sorted()
        }

        @Test func folderAndFilesAreOwnerOnly() throws {
            let f = try ExportTests.Fixture()
            defer { try? FileManager.default.removeItem(at: f.dir) }
            let previous = umask(0o022)
            defer { umask(previous) }
            try f.export()
            #expect(try Self.mode(f.output) == 0o700)
            let files = try FileManager.default.contentsOfDirectory(atPath: f.output).sorted()
            #expect(files == ["coverage.csv", "datapackage.json", "disbursements.csv", "indicators.csv",
                              "members.csv", "organisations.csv", "problems.csv"])
            for file in files {
                #expect(try Self.mode(f.output + "/" + file) == 0o600, "\(file)")
            }
            #expect(try Self.leftovers(f) == ["pkg-2024"])
        }

        /// Issue 17 item 8: folders left by an export that no longer runs are removed by the
        /// next one (they may hold unmasked IDs); a running export's folder stays; a previous
        /// package set aside by an export that died mid-publication goes back in place.
        @Test func staleFoldersOfDeadExportsAreRemoved() throws {
            let dir = try TestSupport.temporaryDirectory("export-stale")
            defer { try? FileManager.default.removeItem(at: dir) }
            var gone: pid_t = 0
            var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
            #expect(posix_spawn(&gone, "/bin/true", nil, nil, &argv, nil) == 0)
            free(argv[0])
            var status: Int32 = 0
            waitpid(gone, &status, 0)
            let live = ExportInterruption.prefix(for: "pkg") + "LiVe01"
            let made = [".pkg.partial-\(gone)-AbC123", ".pkg.partial-Xy7pQ2", live, ".other.partial-\(gone)-Q",
                        ".pkg.old-\(gone)-Zz9911"]
            for name in made {
                try FileManager.default.createDirectory(at: dir.appendingPathComponent(name), withIntermediateDirectories: true)
                try Data("411328197001029035".utf8).write(to: dir.appendingPathComponent(name + "/members.csv"))
            }
            try Data("{}".utf8).write(to: dir.appendingPathComponent(".pkg.old-\(gone)-Zz9911/datapackage.json"))
            ExportInterruption.removeStale(beside: dir.appendingPathComponent("pkg").path)
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            #expect(left == [live, ".other.partial-\(gone)-Q", "pkg"].sorted())
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("pkg/datapackage.json").path))
        }

        @Test func missingYearNamesTheStoredYears() throws {
            let f = try ExportTests.Fixture()
            defer { try? FileManager.default.removeItem(at: f.dir) }
            #expect {
                try DataPackageExport.write(store: f.store, year: 2031, to: f.output)
            } throws: { error in
                let e = error as? AnalyticsError
                return e?.code == "year.missing" && e!.message.contains("2024") && e!.message.contains("2031")
            }
            #expect(try Self.leftovers(f).isEmpty)
        }

        @Test func aFailureMidwayLeavesNothing() throws {
            let f = try ExportTests.Fixture()
            defer { try? FileManager.default.removeItem(at: f.dir) }
            // A stored date that breaks the store's convention stops the export
            // after members.csv was started.
            try f.store.dbQueue.write { db in
                try db.execute(sql: "UPDATE disbursement SET date = '2024-13-01' WHERE id = 2")
            }
            #expect {
                try DataPackageExport.write(store: f.store, year: 2024, to: f.output)
            } throws: { ($0 as? ExportError)?.code == "export.bad_date" }
            #expect(try Self.leftovers(f).isEmpty)
        }

        @Test func aFailureKeepsThePreviousPackage() throws {
            let f = try ExportTests.Fixture()
            defer { try? FileManager.default.removeItem(at: f.dir) }
            try f.export()
            let before = try String(contentsOfFile: f.output + "/members.csv", encoding: .utf8)
            try f.store.dbQueue.write { db in
                try db.execute(sql: "UPDATE member SET name = '王二' WHERE id = 1")
                try db.execute(sql: "UPDATE member SET birth_date = '1975-02-30' WHERE id = 3")
            }
            #expect { try f.export() } throws: { ($0 as? ExportError)?.code == "export.bad_date" }
            #expect(try String(contentsOfFile: f.output + "/members.csv", encoding: .utf8) == before)
            #expect(try Self.leftovers(f) == ["pkg-2024"])
        }

        @Test func replacesAPreviousPackage() throws {
            let f = try ExportTests.Fixture()
            defer { try? FileManager.default.removeItem(at: f.dir) }
            try f.export()
            try f.store.dbQueue.write { db in try db.execute(sql: "UPDATE member SET name = '王二' WHERE id = 1") }
            try f.export()
            #expect(try f.records("members")[0]["name"] == "王二")
            #expect(try Self.leftovers(f) == ["pkg-2024"])
            #expect(try Self.mode(f.output) == 0o700)
        }

        @Test func refusesAFolderThatIsNotAPackage() throws {
            let f = try ExportTests.Fixture()
            defer { try? FileManager.default.removeItem(at: f.dir) }
            try FileManager.default.createDirectory(atPath: f.output, withIntermediateDirectories: false)
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: f.output + "/notes.txt"))
            #expect {
                try f.export()
            } throws: { ($0 as? ExportError)?.code == "export.output_exists" }
            #expect(try FileManager.default.contentsOfDirectory(atPath: f.output) == ["notes.txt"])
            #expect(try Self.leftovers(f) == ["pkg-2024"])
        }

        @Test func anEmptyFolderIsFilled() throws {
            let f = try ExportTests.Fixture()
            defer { try? FileManager.default.removeItem(at: f.dir) }
            try FileManager.default.createDirectory(atPath: f.output, withIntermediateDirectories: false)
            try f.export()
            #expect(FileManager.default.fileExists(atPath: f.output + "/datapackage.json"))
            #expect(try Self.mode(f.output) == 0o700)
        }
    }

    /// `partystats export` as a user runs it: exit statuses and messages.
    @Suite struct Command {
        static var binaryBuilt: Bool { FileManager.default.isExecutableFile(atPath: TestSupport.partystatsBinary) }

        @Test(.enabled(if: binaryBuilt, "the partystats executable is not built (swift build --build-tests)"))
        func exitStatuses() throws {
            let f = try ExportTests.Fixture()
            defer { try? FileManager.default.removeItem(at: f.dir) }
            let db = f.dir.appendingPathComponent("store.sqlite").path
            let ok = try TestSupport.run(TestSupport.partystatsBinary,
                                         ["export", "--year", "2024", "--db", db, "--output", f.output])
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(ok.stdout.contains("members.csv") && ok.stdout.contains("4 行"))
            #expect(FileManager.default.fileExists(atPath: f.output + "/datapackage.json"))
            let missing = try TestSupport.run(TestSupport.partystatsBinary,
                                              ["export", "--year", "2019", "--db", db, "--output", f.output + "-2019"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("2024") && missing.stderr.contains("2019"))
            #expect(!FileManager.default.fileExists(atPath: f.output + "-2019"))
            let usage = try TestSupport.run(TestSupport.partystatsBinary, ["export", "--year", "2024", "--db", db])
            #expect(usage.status == 64)
        }
    }
}
