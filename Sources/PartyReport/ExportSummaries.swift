import Foundation
import GRDB
import PartyAnalytics
import PartyModel

// The derived resources: coverage (township × category, per category, overall),
// indicators in long format, and problems (import problems plus analytics checks).

extension DataPackageExport {
    /// The county-wide row's township, and the all-categories row's category.
    static let countyLabel = "全县"
    static let allCategoriesLabel = "合计"

    static func coverageResource() -> ExportResource {
        let fields: [ExportField] = [
            ExportField("scope", .string, title: "口径",
                        description: "township_category: one township and category; category: the county per "
                            + "category; overall: the county, all categories.",
                        constraints: ExportConstraints(required: true,
                                                       enum: ["township_category", "category", "overall"])),
            ExportField("township", .string, title: "乡镇（街道）",
                        description: "Display name; \(countyLabel) for the category and overall rows.",
                        constraints: .required),
            ExportField("category", .string, title: "单位类别",
                        description: "Category (未注明 when the return had none); \(allCategoriesLabel) on the overall "
                            + "row." + textNote,
                        constraints: .required),
            ExportField("units", .integer, title: "单位总数", description: "Sum of units_total.",
                        constraints: .requiredCount),
            ExportField("covered", .integer, title: "已建立党组织单位数", description: "Sum of units_covered.",
                        constraints: .requiredCount),
            ExportField("ratio", .number, title: "覆盖率",
                        description: "covered / units, 0–1; empty when units is 0."),
        ]
        return ExportResource(name: "coverage", title: "党组织覆盖情况",
                              description: "Organisation coverage (SPEC §5) by township × unit category, by "
                                  + "category, and overall.",
                              schema: ExportTableSchema(fields: fields, primaryKey: ["scope", "township", "category"]))
    }

    /// Coverage rows from the branch returns. A missing count adds 0, and a row
    /// without a category counts under 未注明, as in `computeIndicators`.
    static func writeCoverage(_ db: Database, year: Int, to writer: ExportCSVWriter) throws {
        let uncategorised = "未注明"
        let groups = try Row.fetchAll(db, sql: """
            SELECT township, COALESCE(NULLIF(category, ''), ?) AS category,
                   SUM(COALESCE(units_total, 0)) AS units, SUM(COALESCE(units_covered, 0)) AS covered,
                   MIN(id) AS first_id
            FROM organisation WHERE year = ?
            GROUP BY township, COALESCE(NULLIF(category, ''), ?)
            """, arguments: [uncategorised, year, uncategorised])
        struct Figure { var units: Int64 = 0, covered: Int64 = 0, firstID = Int64.max }
        var byCategory: [String: Figure] = [:]
        var overall = Figure()
        var townshipOrder: [String: Int64] = [:]
        for row in groups {
            let township: String = row["township"], category: String = row["category"]
            let units: Int64 = row["units"], covered: Int64 = row["covered"], firstID: Int64 = row["first_id"]
            townshipOrder[township] = min(townshipOrder[township] ?? .max, firstID)
            byCategory[category, default: Figure()].units += units
            byCategory[category, default: Figure()].covered += covered
            byCategory[category, default: Figure()].firstID = min(byCategory[category]!.firstID, firstID)
            overall.units += units
            overall.covered += covered
        }
        func cells(_ scope: String, _ township: String, _ category: String, _ units: Int64,
                   _ covered: Int64) -> [ExportCell] {
            [.literal(scope), .text(township), .text(category), .integer(units), .integer(covered),
             units == 0 ? .missing : .number(Double(covered) / Double(units))]
        }
        // Townships and categories in branch-return order (first row seen).
        let sortedGroups = groups.sorted { a, b in
            let ta: String = a["township"], tb: String = b["township"]
            if ta != tb { return (townshipOrder[ta]!, ta) < (townshipOrder[tb]!, tb) }
            return (a["first_id"] as Int64) < (b["first_id"] as Int64)
        }
        for row in sortedGroups {
            try writer.write(cells("township_category", row["township"], row["category"], row["units"], row["covered"]))
        }
        for (category, figure) in byCategory.sorted(by: { ($0.value.firstID, $0.key) < ($1.value.firstID, $1.key) }) {
            try writer.write(cells("category", countyLabel, category, figure.units, figure.covered))
        }
        if !groups.isEmpty {
            try writer.write(cells("overall", countyLabel, allCategoriesLabel, overall.units, overall.covered))
        }
    }

    static func indicatorsResource() -> ExportResource {
        let fields: [ExportField] = [
            ExportField("name", .string, title: "指标",
                        description: "Stable dotted name, the same as in `partystats compare --json` "
                            + "(members.total, ratios.women, coverage.by_category.农村.ratio, funding.by_source.财政资金 …).",
                        constraints: ExportConstraints(required: true, unique: true)),
            ExportField("label", .string, title: "指标名称", description: "Chinese label." + textNote,
                        constraints: .required),
            ExportField("value", .number, title: "数值",
                        description: "The value: a count, a 0–1 ratio, or 元 with two decimals; empty when undefined "
                            + "(a ratio over 0, an unreported column)."),
            ExportField("unit", .string, title: "单位",
                        description: "count (人、个、条), ratio (0–1) or yuan (元).",
                        constraints: ExportConstraints(required: true, enum: ["count", "ratio", "yuan"])),
        ]
        return ExportResource(name: "indicators", title: "主要指标",
                              description: "Every numeric indicator of SPEC §5 for the year, one per row (long "
                                  + "format), as computed by the analytics module.",
                              schema: ExportTableSchema(fields: fields, primaryKey: ["name"]))
    }

    /// The cells of one indicator: name, label, value, unit.
    static func indicatorCells(_ entry: IndicatorEntry) -> [ExportCell] {
        let value: ExportCell
        switch entry.value {
        case nil: value = .missing
        case .count(let count)?: value = .integer(Int64(count))
        case .ratio(let ratio)?: value = .number(ratio)
        case .fen(let fen)?: value = .decimal(Fen(rawValue: fen).yuanString)
        }
        return [.text(entry.name), .text(entry.label), value, .literal(entry.unit.rawValue)]
    }

    static func problemsResource() -> ExportResource {
        let fields: [ExportField] = [
            ExportField("problem_no", .integer, title: "序号", description: "1, 2, … in this file.",
                        constraints: ExportConstraints(required: true, unique: true, minimum: 1)),
            ExportField("stage", .string, title: "环节",
                        description: "import: a reject or warning found while reading a return; check: a "
                            + "cross-table check of the stored year (表内/表间审核).",
                        constraints: ExportConstraints(required: true, enum: ["import", "check"])),
            ExportField("code", .string, title: "代码",
                        description: "Stable English code, e.g. id.checksum, total.mismatch.",
                        constraints: .required),
            ExportField("severity", .string, title: "级别",
                        description: "reject or warning for import problems; the check's severity for checks.",
                        constraints: .required),
            ExportField("file", .string, title: "文件", description: "File of an import problem." + textNote),
            ExportField("sheet", .string, title: "工作表", description: "Sheet of an import problem." + textNote),
            ExportField("row", .integer, title: "行号", description: "Row as Excel shows it.",
                        constraints: ExportConstraints(minimum: 1)),
            ExportField("column", .string, title: "列", description: "Column letter."),
            ExportField("header", .string, title: "表头", description: "Header text of the column." + textNote),
            ExportField("value", .string, title: "原始值", description: "Raw value, ID numbers masked." + textNote),
            ExportField("location", .string, title: "位置",
                        description: "Where a check applies: township, file · sheet · row, or X→Y." + textNote),
            ExportField("message", .string, title: "说明", description: "Chinese explanation." + textNote,
                        constraints: .required),
        ]
        return ExportResource(name: "problems", title: "导入问题与数据核查",
                              description: "Import rejects and warnings of the year, then the analytics checks.",
                              schema: ExportTableSchema(fields: fields, primaryKey: ["problem_no"]))
    }

    static func writeProblems(_ db: Database, year: Int, checks: [Check], privacy: ExportPrivacy,
                              to writer: ExportCSVWriter) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM problem WHERE year = ? ORDER BY id", arguments: [year])
        var number: Int64 = 0
        while let row = try rows.next() {
            number += 1
            try writer.write([
                .integer(number), .literal("import"), .text(row["code"]), .text(row["severity"]),
                .text(orMissing: row["file"]), .text(orMissing: row["sheet"]), .integer(orMissing: row["row"]),
                .text(orMissing: row["column"]), .text(orMissing: row["header"]), privacy.freeText(row["value"]),
                .missing, privacy.freeText(row["message"]),
            ])
        }
        for check in checks {
            number += 1
            try writer.write([
                .integer(number), .literal("check"), .text(check.code), .text(check.severity.rawValue),
                .missing, .missing, .missing, .missing, .missing, .missing,
                privacy.freeText(check.location), privacy.freeText(check.message),
            ])
        }
    }
}
