import GRDB
import PartyModel
import PartyStore

extension Analytics {
    /// The cross-table checks of `year` (SPEC §5), in a fixed order:
    /// `total.mismatch`, `members.mismatch`, `member.duplicate`, `recipient.not_in_roster`,
    /// `members.identity`.
    /// - Parameter rosterCounts: counted members per township, from the indicator queries.
    func checks(year: Int, rosterCounts: [String: Int]) throws -> [Check] {
        let level = try read { db in try Store.level(db) }
        var checks = try read { db in
            try totalMismatches(db, year: year)
                + membersMismatches(db, year: year, rosterCounts: rosterCounts, level: level)
                + duplicates(db, year: year)
                + recipientsNotInRoster(db, year: year)
                + (level.isRollUp ? rollUpChecks(db, year: year, level: level) : [])
        }
        // Above the county members come from forms, not rosters: no identity by ID to check.
        if !level.isRollUp, let identity = try identityCheck(year: year) {
            checks.append(identity)
        }
        return checks
    }

    /// Declared 合计 rows whose value differs from the sum of their data rows.
    private func totalMismatches(_ db: Database, year: Int) throws -> [Check] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT d.label, d.field, d."column", d.row, d.declared, d.computed, s.name, f.path
            FROM declared_total d JOIN sheet s ON s.id = d.sheet_id JOIN source_file f ON f.id = s.file_id
            WHERE d.year = ? AND d.declared <> d.computed
            ORDER BY f.path, s.ordinal, d.row, d."column"
            """, arguments: [year])
        return rows.map { row in
            let field: String = row[1]
            let declared: Int64 = row[4], computed: Int64 = row[5]
            let show: (Int64) -> String = field == "amount_fen"
                ? { yuanString(fen: $0) + " 元" } : { groupedNumber(Int($0)) }
            let header = fieldLabels[field] ?? field
            let label: String = row[0]
            return Check(
                code: .totalMismatch, severity: .warning,
                message: "\(label)行“\(header)”填报 \(show(declared))，明细行合计 \(show(computed))，相差 "
                    + "\(show(declared - computed))",
                location: sourceLocation(file: row[7], sheet: row[6], row: row[3], column: row[2]))
        }
    }

    /// Branch-return members_reported per township against the counted roster members.
    /// Above the county the members counted are those of the unit's 党员数量和结构 form.
    private func membersMismatches(_ db: Database, year: Int, rosterCounts: [String: Int],
                                   level: ReportingLevel) throws -> [Check] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT township, SUM(members_reported), MIN(id) FROM organisation
            WHERE year = ? AND members_reported IS NOT NULL GROUP BY township ORDER BY MIN(id)
            """, arguments: [year])
        return rows.compactMap { row in
            let township: String = row[0]
            let reported: Int = row[1]
            let counted = rosterCounts[township] ?? 0
            guard reported != counted else { return nil }
            return Check(
                code: .membersMismatch, severity: .warning,
                message: level.isRollUp
                    ? "\(township)组织报表填报党员 \(groupedNumber(reported)) 名，党员数量和结构表计 \(groupedNumber(counted)) 名，相差 "
                        + "\(groupedNumber(reported - counted)) 名"
                    : "\(township)基层党组织情况表填报党员 \(groupedNumber(reported)) 名，党员名册计 \(groupedNumber(counted)) 名，相差 "
                        + "\(groupedNumber(reported - counted)) 名",
                location: township, count: reported - counted)
        }
    }

    /// Duplicate members (same usable ID) kept out of the counts, per pair of townships.
    private func duplicates(_ db: Database, year: Int) throws -> [Check] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT f.township, d.township, COUNT(*) FROM member d JOIN member f ON f.id = d.duplicate_of
            WHERE d.year = ? AND d.duplicate_of IS NOT NULL
            GROUP BY f.township, d.township ORDER BY MIN(d.id)
            """, arguments: [year])
        return rows.map { row in
            let first: String = row[0], second: String = row[1]
            let n: Int = row[2]
            let message = first == second
                ? "\(first)党员名册中有 \(groupedNumber(n)) 条重复记录（身份证号相同），重复记录未计入统计"
                : "\(second)党员名册中有 \(groupedNumber(n)) 名党员与\(first)重复（身份证号相同），重复记录未计入统计"
            return Check(code: .memberDuplicate, severity: .warning, message: message,
                         location: first == second ? first : "\(first)、\(second)", count: n)
        }
    }

    /// Disbursement recipients whose ID is not among the year's member ID numbers.
    private func recipientsNotInRoster(_ db: Database, year: Int) throws -> [Check] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT d.recipient_id, d.recipient, d.township, d.row, s.name, f.path, g.n, g.total
            FROM (SELECT recipient_id, MIN(id) AS first_id, COUNT(*) AS n, SUM(amount_fen) AS total
                  FROM disbursement
                  WHERE year = :y AND recipient_id IS NOT NULL
                    AND recipient_id NOT IN (SELECT id_number FROM member WHERE year = :y AND id_number IS NOT NULL)
                  GROUP BY recipient_id) g
            JOIN disbursement d ON d.id = g.first_id
            JOIN sheet s ON s.id = d.sheet_id JOIN source_file f ON f.id = s.file_id
            ORDER BY g.first_id
            """, arguments: ["y": year])
        return rows.map { row in
            let id: String = row[0]
            let name: String = (row[1] as String?) ?? ""
            let township: String = row[2]
            let n: Int = row[6]
            let total: Int64 = row[7]
            return Check(
                code: .recipientNotInRoster, severity: .warning,
                message: "帮扶对象\(name)（\(IDNumber.maskAll(in: id))）的身份证号不在本年党员名册中（\(n) 笔，\(yuanString(fen: total)) 元）",
                location: "\(township)；" + sourceLocation(file: row[5], sheet: row[4], row: row[3], column: nil),
                count: n)
        }
    }

    /// SPEC §5 identity against the previous stored year, or `nil` for the first year.
    private func identityCheck(year: Int) throws -> Check? {
        guard let previous = try storedYears().last(where: { $0 < year }) else { return nil }
        let flows = try read { db in try MemberFlows.count(db, from: previous, to: year) }
        let holds = flows.identityHolds
        return Check(
            code: .membersIdentity, severity: holds ? .info : .error,
            message: holds
                ? "与 \(previous) 年相比党员增减平衡：\(flows.arithmetic)"
                : "与 \(previous) 年相比党员增减不平衡（同一年内有身份证号重复的计数记录）：\(flows.arithmetic)",
            location: "\(previous)→\(year)", count: flows.to - flows.from)
    }
}

/// Chinese headers of the stored fields, for messages.
let fieldLabels: [String: String] = [
    "units_total": "单位总数", "units_covered": "已建立党组织单位数", "committees": "党委",
    "general_branches": "党总支", "branches": "党支部", "members_reported": "党员数",
    "service_centre": "党员服务中心", "amount_fen": "金额",
]

/// `文件 a.xlsx，工作表“乡镇”，第 12 行，C 列`.
func sourceLocation(file: String, sheet: String, row: Int, column: String?) -> String {
    var text = "文件 \(file)，工作表“\(sheet)”，第 \(row) 行"
    if let column { text += "，\(column) 列" }
    return text
}


/// `35494` → `35,494`.
public func groupedNumber(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return n < 0 ? "-" + out : out
}
