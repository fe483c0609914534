import Foundation
import Testing
import TestSupport
@testable import PartyReport

/// The package checked by the tools a scripter uses: `frictionless validate`
/// and pandas. Skipped, with the reason, only when the Python module is missing
/// (`pip install frictionless pandas`).
extension ExportTests {
    @Suite struct Validation {
        static func python(_ code: String, _ arguments: [String] = []) throws -> TestSupport.RunResult {
            try TestSupport.run("/usr/bin/env", ["python3", "-c", code] + arguments)
        }

        static func hasModule(_ name: String) -> Bool {
            (try? python("import \(name)").status) == 0
        }

        @Test(.enabled(if: hasModule("frictionless"), "python module frictionless is not installed: pip install frictionless"),
              arguments: [false, true])
        func frictionlessValidates(includePII: Bool) throws {
            let f = try ExportTests.Fixture()
            defer { try? FileManager.default.removeItem(at: f.dir) }
            try f.export(includePII: includePII)
            // The command-line tool when it is on PATH, else the same through the module.
            let cli = try TestSupport.run("/usr/bin/env", ["frictionless", "validate", "--json",
                                                           f.output + "/datapackage.json"])
            let result = cli.status == 127
                ? try Self.python("""
                    import sys, frictionless
                    report = frictionless.validate(sys.argv[1])
                    print(report.to_json()); sys.exit(0 if report.valid else 1)
                    """, [f.output + "/datapackage.json"])
                : cli
            #expect(result.status == 0, "\(result.stdout.prefix(4000))\n\(result.stderr.prefix(2000))")
            let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(report?["valid"] as? Bool == true)
            let tasks = report?["tasks"] as? [[String: Any]] ?? []
            #expect(tasks.count == 6)
        }

        @Test(.enabled(if: hasModule("frictionless"), "python module frictionless is not installed: pip install frictionless"))
        func frictionlessRejectsABrokenPackage() throws {
            let f = try ExportTests.Fixture()
            defer { try? FileManager.default.removeItem(at: f.dir) }
            try f.export()
            // Proves the validation above can fail: a text in an integer column.
            let path = f.output + "/organisations.csv"
            var text = try String(contentsOfFile: path, encoding: .utf8)
            text = text.replacingOccurrences(of: "\n1,城关镇", with: "\nx,城关镇")
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let result = try Self.python("""
                import sys, frictionless
                sys.exit(0 if frictionless.validate(sys.argv[1]).valid else 1)
                """, [f.output + "/datapackage.json"])
            #expect(result.status == 1, "\(result.stderr)")
        }

        static let pandasCheck = """
            import sys
            import pandas as pd
            sys.path.insert(0, sys.argv[2])
            from partystats_package import load_package
            d = sys.argv[1]
            problems = []
            def expect(frame, column, dtype, label):
                actual = str(frame[column].dtype)
                if actual != dtype:
                    problems.append(f"{label}.{column}: {actual} != {dtype}")
            def plain(name):
                return pd.read_csv(f"{d}/{name}.csv", keep_default_na=False, na_values=[""])
            # Plain read_csv: counts without gaps are int64, amounts and ratios float64.
            m = plain("members")
            for c in ["member_id", "birth_year", "row"]: expect(m, c, "int64", "members")
            expect(m, "counted", "bool", "members")
            o = plain("organisations")
            for c in ["units_total", "units_covered", "committees", "general_branches", "branches"]:
                expect(o, c, "int64", "organisations")
            c = plain("coverage")
            for col in ["units", "covered"]: expect(c, col, "int64", "coverage")
            expect(c, "ratio", "float64", "coverage")
            b = plain("disbursements")
            expect(b, "amount", "float64", "disbursements"); expect(b, "amount_fen", "int64", "disbursements")
            if abs(b["amount"].sum() - b["amount_fen"].sum() / 100) > 1e-6: problems.append("amount != amount_fen/100")
            i = plain("indicators")
            expect(i, "value", "float64", "indicators")
            p = plain("problems")
            expect(p, "problem_no", "int64", "problems")
            # Schema-driven loader: nullable types, dates, text as text.
            pkg = load_package(d)
            m = pkg["members"]
            for col, t in [("member_id", "Int64"), ("duplicate_of", "Int64"), ("birth_year", "Int64"),
                           ("is_rural", "boolean"), ("counted", "boolean"), ("id_number", "string"),
                           ("phone", "string"), ("birth_month", "string"), ("name", "string")]:
                expect(m, col, t, "schema.members")
            if not str(m["birth_date"].dtype).startswith("datetime64"): problems.append(f"birth_date {m['birth_date'].dtype}")
            if int(m["birth_date"].isna().sum()) != 1: problems.append("month-precision birth_date should be NaT")
            if int(m["counted"].sum()) != 3: problems.append("counted members")
            o = pkg["organisations"]
            expect(o, "members_reported", "Int64", "schema.organisations")
            expect(o, "service_centre", "boolean", "schema.organisations")
            b = pkg["disbursements"]
            expect(b, "amount_fen", "Int64", "schema.disbursements")
            if not str(b["date"].dtype).startswith("datetime64"): problems.append(f"date {b['date'].dtype}")
            clean = load_package(d, strip_formula_guard=True)["members"]
            if clean.loc[1, "name"] != '=HYPERLINK("http://x.example","点击")': problems.append("strip guard")
            print("\\n".join(problems) or "ok")
            sys.exit(1 if problems else 0)
            """

        @Test(.enabled(if: hasModule("pandas"), "python module pandas is not installed: pip install pandas"),
              arguments: [false, true])
        func pandasLoadsWithTheRightDtypes(includePII: Bool) throws {
            let f = try ExportTests.Fixture()
            defer { try? FileManager.default.removeItem(at: f.dir) }
            try f.export(includePII: includePII)
            let loader = TestSupport.packageRoot.appendingPathComponent("notebooks-export").path
            let result = try Self.python(Self.pandasCheck, [f.output, loader])
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr.suffix(3000))")
        }
    }
}
