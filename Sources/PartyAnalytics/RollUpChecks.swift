import GRDB
import PartyModel
import PartyStore

extension Analytics {
    /// A unit's change year over year beyond which it is named (a fifth).
    static let unitChangeLimit = 0.2

    /// The checks of a store above the county: a unit reported twice (two sheets of the
    /// same form for one unit), a unit of the previous stored year missing, and a unit
    /// whose members or organisations changed by more than a fifth.
    func rollUpChecks(_ db: Database, year: Int, level: ReportingLevel) throws -> [Check] {
        var checks: [Check] = []
        let forms = [
            ("党的基层组织数量情况",
             "SELECT township, COUNT(DISTINCT sheet_id), GROUP_CONCAT(DISTINCT sheet_id) FROM organisation WHERE "
                 + "year = :y AND committees IS NOT NULL GROUP BY township"),
            ("基层单位建立党组织情况",
             "SELECT township, COUNT(DISTINCT sheet_id), GROUP_CONCAT(DISTINCT sheet_id) FROM organisation WHERE "
                 + "year = :y AND units_total IS NOT NULL GROUP BY township"),
            ("党员数量和结构情况",
             "SELECT t.township, COUNT(DISTINCT t.sheet_id), GROUP_CONCAT(DISTINCT t.sheet_id) FROM member_tally t "
                 + "JOIN sheet s ON s.id = t.sheet_id WHERE s.year = :y AND t.figure = 'total' GROUP BY t.township"),
            ("帮扶资金",
             "SELECT township, COUNT(DISTINCT sheet_id), GROUP_CONCAT(DISTINCT sheet_id) FROM funding_tally WHERE "
                 + "year = :y AND dimension = 'total' GROUP BY township"),
        ]
        for (form, sql) in forms {
            for row in try Row.fetchAll(db, sql: sql + " HAVING COUNT(DISTINCT sheet_id) > 1 ORDER BY township",
                                        arguments: ["y": year]) {
                let unit: String = row[0], n: Int = row[1], ids: String = row[2]
                let idList = ids.split(separator: ",").compactMap { Int($0) }.map(String.init).joined(separator: ",")
                let places = try String.fetchAll(db, sql: """
                    SELECT f.path || '「' || s.name || '」' FROM sheet s JOIN source_file f ON f.id = s.file_id
                    WHERE s.id IN (\(idList)) ORDER BY f.path, s.ordinal
                    """)
                checks.append(Check(code: .unitDuplicate, severity: .error,
                                    message: "\(unit)的「\(form)」报了 \(n) 次（\(places.joined(separator: "、"))），数字重复计入汇总",
                                    location: unit, count: n))
            }
        }
        guard let previous = try Int.fetchOne(db, sql: "SELECT MAX(year) FROM source_file WHERE year < ?",
                                              arguments: [year]) else {
            return checks
        }
        let units = { (y: Int) throws -> [String: (members: Int, organisations: Int)] in
            var out: [String: (members: Int, organisations: Int)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT township, SUM(COALESCE(committees, 0) + COALESCE(general_branches, 0) + COALESCE(branches, 0))
                FROM organisation WHERE year = ? GROUP BY township
                """, arguments: [y]) {
                out[row[0], default: (0, 0)].organisations = row[1]
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT t.township, SUM(t.members) FROM member_tally t JOIN sheet s ON s.id = t.sheet_id
                WHERE s.year = ? AND t.figure = 'total' GROUP BY t.township
                """, arguments: [y]) {
                out[row[0], default: (0, 0)].members = row[1]
            }
            return out
        }
        let before = try units(previous), now = try units(year)
        for unit in before.keys.sorted() where now[unit] == nil {
            checks.append(Check(code: .unitMissing, severity: .warning,
                                message: "\(unit)有 \(previous) 年的报表，\(year) 年没有报表（未计入本年汇总）",
                                location: unit))
        }
        for unit in now.keys.sorted() {
            guard let a = before[unit], let b = now[unit] else { continue }
            for (what, x, y) in [("党员", a.members, b.members), ("基层党组织", a.organisations, b.organisations)] {
                guard x > 0, abs(Double(y - x)) / Double(x) > Analytics.unitChangeLimit else { continue }
                checks.append(Check(code: .unitChange, severity: .warning,
                                    message: "\(unit)\(what)由 \(previous) 年的 \(groupedNumber(x)) 变为 "
                                        + "\(groupedNumber(y))，"
                                        + "增减超过五分之一，请核实",
                                    location: "\(unit) \(previous)→\(year)", count: y - x))
            }
        }
        return checks
    }
}
