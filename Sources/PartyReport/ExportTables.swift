import Foundation
import GRDB
import PartyModel

// The record resources: one CSV row per stored member, organisation row,
// disbursement and import problem of the year, in store order.

/// How personal numbers are written.
struct ExportPrivacy {
    /// Write ID and phone numbers as stored.
    var includePII: Bool

    /// An ID number (`410328********1234`), or as stored with `--include-pii`.
    func idNumber(_ value: String?) -> ExportCell {
        guard let value, !value.isEmpty else { return .missing }
        return .text(includePII ? value : maskIDNumbers(in: value))
    }

    /// A phone number (`138****5678`), or as stored with `--include-pii`.
    func phone(_ value: String?) -> ExportCell {
        guard let value, !value.isEmpty else { return .missing }
        return .text(includePII ? value : maskPhoneNumber(value))
    }

    /// Free text from a return (problem values and messages): any ID inside is
    /// masked whatever the option, as the store itself keeps them masked there.
    func freeText(_ value: String?) -> ExportCell {
        .text(orMissing: value.map { maskIDNumbers(in: $0) })
    }
}

/// Columns naming where a row came from, shared by the record resources.
let provenanceFields = [
    ExportField("file", .string, title: "来源文件", description: "The imported file the row was read from."),
    ExportField("sheet", .string, title: "工作表", description: "Sheet name (the file name for CSV)."),
    ExportField("row", .integer, title: "行号", description: "Row number as Excel shows it.",
                constraints: ExportConstraints(minimum: 1)),
]

/// The three cells of a stored date column split by precision (see `dateFields`).
func dateCells(_ stored: String?, column: String, rowID: Int64, table: String) throws -> [ExportCell] {
    guard let stored, !stored.isEmpty else { return [.missing, .missing, .missing] }
    guard let date = PartyDate(iso: stored) else {
        throw ExportError(code: .exportBadDate,
                          message: "数据库中 \(table).\(column)（id \(rowID)）的日期“\(stored)”不是 YYYY-MM-DD 或 YYYY-MM")
    }
    let day: ExportCell = date.dayOfMonth == nil ? .missing : .literal(date.iso)
    return [day, .literal(date.yearMonth.iso), .integer(Int64(date.year))]
}

/// A stored date (day or month precision) as three columns: `<stem>_on`/`date`
/// typed `date` (empty when only the month is known), `<stem>_month` typed
/// `yearmonth`, and `<stem>_year` typed `integer`.
func dateFields(day: String, month: String, year: String, title: String) -> [ExportField] {
    [
        ExportField(day, .date, title: title,
                    description: "\(title)（日）。Full date YYYY-MM-DD; empty when the return gave only the month (see "
                        + "\(month))."),
        ExportField(month, .yearmonth, title: "\(title)（年月）",
                    description: "\(title) to month precision, YYYY-MM; present whenever the date is known."),
        ExportField(year, .integer, title: "\(title)（年）", description: "Year of \(day)."),
    ]
}

/// Text description shared by free-text columns.
let textNote = " Cells beginning with = + - @ TAB or CR carry a leading ' so spreadsheet programs show them as text."

extension DataPackageExport {
    static func membersResource() -> ExportResource {
        let fields: [ExportField] = [
            ExportField("member_id", .integer, title: "记录号",
                        description: "Row id in the partystats store for this year (stable within this package).",
                        constraints: ExportConstraints(required: true, unique: true)),
            ExportField("name", .string, title: "姓名", description: "Name." + textNote, constraints: .required),
            ExportField("id_number", .string, title: "公民身份号码",
                        description: "18-character ID (GB 11643); masked as 410328********1234 unless exported with "
                            + "--include-pii; empty when the return had no usable ID.",
                        constraints: ExportConstraints(pattern: "[0-9]{6}([0-9]{8}|\\*{8})[0-9]{3}[0-9X]")),
            ExportField("gender", .string, title: "性别", description: "男 or 女.",
                        constraints: ExportConstraints(enum: ["男", "女"])),
            ExportField("ethnicity", .string, title: "民族",
                        description: "Canonical name (汉族 …) or as written." + textNote),
        ] + dateFields(day: "birth_date", month: "birth_month", year: "birth_year", title: "出生日期")
          + dateFields(day: "joined_on", month: "joined_month", year: "joined_year", title: "入党时间")
          + dateFields(day: "confirmed_on", month: "confirmed_month", year: "confirmed_year", title: "转正时间")
          + [
            ExportField("status", .string, title: "党员类别", description: "正式党员 or 预备党员." + textNote),
            ExportField("education", .string, title: "学历",
                        description: "研究生, 大学本科, 大学专科, 中专, 高中 or 初中及以下." + textNote),
            ExportField("occupation", .string, title: "职业", description: "As written." + textNote),
            ExportField("township", .string, title: "乡镇（街道）",
                        description: "Display name from the branch return, or 未知.", constraints: .required),
            ExportField("branch", .string, title: "所在党支部", description: "As written." + textNote),
            ExportField("branch_category", .string, title: "党组织类别", description: "As written." + textNote),
            ExportField("is_rural", .boolean, title: "农村党员", description: "Empty when the return had no such column."),
            ExportField("is_mobile", .boolean, title: "流动党员", description: "Empty when the return had no such column."),
            ExportField("mobile_destination", .string, title: "流出地", description: "As written." + textNote),
            ExportField("lost_contact", .boolean, title: "失联党员",
                        description: "Empty when the return had no such column."),
            ExportField("hardship", .boolean, title: "困难党员", description: "Empty when the return had no such column."),
            ExportField("phone", .string, title: "联系电话",
                        description: "Masked as 138****5678 unless exported with --include-pii." + textNote),
            ExportField("counted", .boolean, title: "计入统计",
                        description: "false for a second row with an ID already listed this year (member.duplicate).",
                        constraints: .required),
            ExportField("duplicate_of", .integer, title: "重复于",
                        description: "member_id of the first row with the same ID, for rows not counted."),
          ] + provenanceFields
        return ExportResource(name: "members", title: "党员名册",
                              description: "One row per roster row imported for the year, duplicates included (see "
                                  + "counted).",
                              schema: ExportTableSchema(fields: fields, primaryKey: ["member_id"]))
    }

    /// The rows of `table` for the year in id order, each with the path of its file
    /// (`file_path`) and the name of its sheet (`sheet_name`) for the provenance columns.
    static func provenanceRows(_ db: Database, table: String, year: Int) throws -> RowCursor {
        try Row.fetchCursor(db, sql: """
            SELECT t.*, f.path AS file_path, s.name AS sheet_name
            FROM \(table) t JOIN sheet s ON s.id = t.sheet_id JOIN source_file f ON f.id = s.file_id
            WHERE t.year = ? ORDER BY t.id
            """, arguments: [year])
    }

    static func writeMembers(_ db: Database, year: Int, privacy: ExportPrivacy, to writer: ExportCSVWriter) throws {
        let rows = try provenanceRows(db, table: "member", year: year)
        while let row = try rows.next() {
            let id: Int64 = row["id"]
            var cells: [ExportCell] = [
                .integer(id), .text(row["name"]), privacy.idNumber(row["id_number"]),
                .text(orMissing: row["gender"]), .text(orMissing: row["ethnicity"]),
            ]
            for column in ["birth_date", "joined_on", "confirmed_on"] {
                cells += try dateCells(row[column], column: column, rowID: id, table: "member")
            }
            let duplicateOf: Int64? = row["duplicate_of"]
            cells += [
                .text(orMissing: row["status"]), .text(orMissing: row["education"]),
                .text(orMissing: row["occupation"]), .text(row["township"]),
                .text(orMissing: row["branch"]), .text(orMissing: row["branch_category"]),
                .flag(row["is_rural"]), .flag(row["is_mobile"]), .text(orMissing: row["mobile_destination"]),
                .flag(row["lost_contact"]), .flag(row["hardship"]), privacy.phone(row["phone"]),
                .boolean(duplicateOf == nil), .integer(orMissing: duplicateOf),
                .text(row["file_path"]), .text(row["sheet_name"]), .integer(row["row"]),
            ]
            try writer.write(cells)
        }
    }

    static func organisationsResource() -> ExportResource {
        func count(_ name: String, _ title: String, _ description: String) -> ExportField {
            ExportField(name, .integer, title: title,
                        description: description + " Empty when the return had no such column.",
                        constraints: .count)
        }
        let fields: [ExportField] = [
            ExportField("organisation_id", .integer, title: "记录号",
                        description: "Row id in the partystats store for this year.",
                        constraints: ExportConstraints(required: true, unique: true)),
            ExportField("township", .string, title: "乡镇（街道）", description: "Display name.", constraints: .required),
            ExportField("category", .string, title: "单位类别",
                        description: "Canonical category (农村, 社区, 机关, 事业单位, 国有企业, 非公有制企业, 社会组织, 其他) or as written; "
                            + "empty when the return had no category column." + textNote),
            count("units_total", "单位总数", "Units that should have a Party organisation."),
            count("units_covered", "已建立党组织单位数", "Units that have one."),
            count("committees", "党委", "基层党委."),
            count("general_branches", "党总支", "党总支."),
            count("branches", "党支部", "党支部."),
            count("members_reported", "党员数", "Members reported by the branch return."),
            ExportField("service_centre", .boolean, title: "党员服务中心", description: "Whether a service centre exists."),
        ] + provenanceFields
        return ExportResource(name: "organisations", title: "基层党组织情况",
                              description: "One row per branch-return data row (township × unit category).",
                              schema: ExportTableSchema(fields: fields, primaryKey: ["organisation_id"]))
    }

    static func writeOrganisations(_ db: Database, year: Int, to writer: ExportCSVWriter) throws {
        let rows = try provenanceRows(db, table: "organisation", year: year)
        while let row = try rows.next() {
            try writer.write([
                .integer(row["id"]), .text(row["township"]), .text(orMissing: row["category"]),
                .integer(orMissing: row["units_total"]), .integer(orMissing: row["units_covered"]),
                .integer(orMissing: row["committees"]), .integer(orMissing: row["general_branches"]),
                .integer(orMissing: row["branches"]), .integer(orMissing: row["members_reported"]),
                .flag(row["service_centre"]),
                .text(row["file_path"]), .text(row["sheet_name"]), .integer(row["row"]),
            ])
        }
    }

    static func disbursementsResource() -> ExportResource {
        let fields: [ExportField] = [
            ExportField("disbursement_id", .integer, title: "记录号",
                        description: "Row id in the partystats store for this year.",
                        constraints: ExportConstraints(required: true, unique: true)),
            ExportField("recipient", .string, title: "帮扶对象", description: "Name as written." + textNote),
            ExportField("recipient_id", .string, title: "身份证号",
                        description: "Masked as 410328********1234 unless exported with --include-pii.",
                        constraints: ExportConstraints(pattern: "[0-9]{6}([0-9]{8}|\\*{8})[0-9]{3}[0-9X]")),
            ExportField("amount", .number, title: "金额（元）",
                        description: "Amount in 元 with exactly two decimals (decimal, from amount_fen).",
                        constraints: .required),
            ExportField("amount_fen", .integer, title: "金额（分）",
                        description: "Amount in whole 分 (exact integer).", constraints: .required),
            ExportField("date", .date, title: "发放日期",
                        description: "Full date YYYY-MM-DD; empty when the ledger gave only the month (see month)."),
            ExportField("month", .yearmonth, title: "发放月份",
                        description: "YYYY-MM, present whenever the date is known."),
            ExportField("township", .string, title: "乡镇（街道）", description: "Display name, or 未知.",
                        constraints: .required),
            ExportField("category", .string, title: "帮扶类别", description: "As written or mapped." + textNote),
            ExportField("source", .string, title: "资金来源",
                        description: "Canonical source (中央代管党费, 上级下拨党费, 本级党费, 财政资金, 部门支持, 社会捐助) or 未注明.",
                        constraints: .required),
        ] + provenanceFields
        return ExportResource(name: "disbursements", title: "帮扶资金发放台账",
                              description: "One row per payment imported for the year.",
                              schema: ExportTableSchema(fields: fields, primaryKey: ["disbursement_id"]))
    }

    static func writeDisbursements(_ db: Database, year: Int, privacy: ExportPrivacy,
                                   to writer: ExportCSVWriter) throws {
        let rows = try provenanceRows(db, table: "disbursement", year: year)
        while let row = try rows.next() {
            let id: Int64 = row["id"]
            let fen: Int64 = row["amount_fen"]
            let date = try dateCells(row["date"], column: "date", rowID: id, table: "disbursement")
            try writer.write([
                .integer(id), .text(orMissing: row["recipient"]), privacy.idNumber(row["recipient_id"]),
                .decimal(Fen(rawValue: fen).yuanString), .integer(fen), date[0], date[1],
                .text(row["township"]), .text(orMissing: row["category"]), .text(row["source"]),
                .text(row["file_path"]), .text(row["sheet_name"]), .integer(row["row"]),
            ])
        }
    }
}
