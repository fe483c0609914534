import Foundation
import TestSupport

/// Reads what a user can see in produced files: every XML part of an .xlsx and every
/// cell of the CSVs in a folder (through Python's `zipfile` and `csv`, independent
/// of the code under test).
enum OutputScan {
    /// Part name → text for every part of an .xlsx.
    static func xlsxParts(_ path: String) throws -> [String: String] {
        let script = """
            import sys, zipfile, json
            z = zipfile.ZipFile(sys.argv[1])
            json.dump({i.filename: z.read(i.filename).decode("utf-8", "replace") for i in z.infolist()}, sys.stdout)
            """
        let r = try TestSupport.run("/usr/bin/env", ["python3", "-c", script, path])
        guard r.status == 0, let parts = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: String] else {
            throw NSError(domain: "OutputScan", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot read \(path): \(r.stderr)"])
        }
        return parts
    }

    /// File → its cells, for every .csv under `folder` (UTF-8, with or without BOM).
    static func csvCells(under folder: String) throws -> [String: [String]] {
        let script = """
            import sys, csv, json, pathlib
            out = {}
            for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.csv")):
                with open(p, newline="", encoding="utf-8-sig") as f:
                    out[str(p)] = [c for row in csv.reader(f) for c in row]
            json.dump(out, sys.stdout)
            """
        let r = try TestSupport.run("/usr/bin/env", ["python3", "-c", script, folder])
        guard r.status == 0, let cells = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [String]] else {
            throw NSError(domain: "OutputScan", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot read CSVs in \(folder): \(r.stderr)"])
        }
        return cells
    }

    /// Every regular file under a folder.
    static func files(under folder: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: folder) else { return [] }
        return e.compactMap { $0 as? String }.map { folder + "/" + $0 }.filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && !isDir.boolValue
        }
    }

    /// Unmasked personal numbers in `text`: 18-character IDs, also typed in groups with
    /// one kind of separator (`411328-19700102-9035`, `4113 2819 4001 0215 3X`), 19-digit
    /// IDs, IDs that lost precision as a float (`4.11328195811038e+17` still shows 15
    /// digits) and 11-digit mobile numbers (`138 1234 5678` too). A match inside a run of
    /// 32 or more letters and digits is a digest (SHA-256), not a leak.
    static func leaks(in text: String) -> [String] {
        let patterns = [#"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])"#,
                        #"(?<![0-9])[1-9][0-9]{18}(?![0-9])"#,
                        #"(?<![0-9])[1-9][0-9]{0,7}(?:([- \x{3000}\x{A0}])[0-9]{1,8})(?:\1[0-9]{1,8}){0,4}(?:\1?[0-9Xx])?(?![0-9])"#,
                        #"(?<![0-9])[1-9]\.[0-9]{9,}[eE]\+?17"#,
                        #"(?<![0-9])1[3-9][0-9]([- ]?)[0-9]{4}\1[0-9]{4}(?![0-9])"#]
        var found: [String] = []
        let ns = text as NSString
        let word = CharacterSet.alphanumerics
        func runLength(_ range: NSRange) -> Int {
            var left = range.location, right = range.location + range.length
            func isWord(_ i: Int) -> Bool {
                guard let scalar = Unicode.Scalar(ns.character(at: i)) else { return false }
                return scalar.isASCII && word.contains(scalar)
            }
            while left > 0, isWord(left - 1) { left -= 1 }
            while right < ns.length, isWord(right) { right += 1 }
            return right - left
        }
        for (index, pattern) in patterns.enumerated() {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) where runLength(m.range) < 32 {
                let match = ns.substring(with: m.range)
                // The separated form counts only when its digits make an ID (15 to 19).
                if index == 2 {
                    let digits = match.filter { $0.isASCII && ($0.isNumber || $0 == "X" || $0 == "x") }.count
                    guard (15...19).contains(digits) else { continue }
                }
                found.append(match)
                if found.count >= 10 { return found }
            }
        }
        return found
    }
}
