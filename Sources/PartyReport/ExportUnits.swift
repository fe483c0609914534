import PartyAnalytics
import PartyModel

// Above the county (issue 19) a store holds no members or payments, only each unit's
// figures from its forms: the package carries them as `units` instead of the empty
// `members` and `disbursements` tables.

extension DataPackageExport {
    /// The per-unit figures of a store above the county: one row per unit (county, city or province).
    static func unitsResource(_ rollUp: RollUpInfo) -> ExportResource {
        let count = { (name: String, title: String, description: String) in
            ExportField(name, .integer, title: title, description: description, constraints: .requiredCount)
        }
        let fields: [ExportField] = [
            ExportField("unit", .string, title: rollUp.unit,
                        description: "The reporting unit (its forms' 填报单位)." + textNote,
                        constraints: ExportConstraints(required: true, unique: true)),
            count("members", "党员总数", "党员数量和结构情况: 党员总数."),
            count("women", "女党员", "Women members."),
            count("minority", "少数民族党员", "Members of a minority ethnicity."),
            count("probationary", "预备党员", "Probationary members."),
            count("college", "大专及以上学历党员", "Members with 大专 or higher education."),
            count("committees", "党委", "党的基层组织数量情况: 党委."),
            count("general_branches", "党总支", "党总支."),
            count("branches", "党支部", "党支部."),
            count("units_total", "单位数", "基层单位建立党组织情况: 单位数."),
            count("units_covered", "已建立党组织的单位数", "Units with a Party organisation."),
            ExportField("funding", .number, title: "帮扶资金（元）", description: "The unit's 帮扶资金 total in 元, two decimals."),
            count("funding_records", "帮扶笔数", "Disbursements the unit reported."),
            count("funding_recipients", "帮扶人数", "Recipients the unit reported."),
        ]
        return ExportResource(name: "units", title: "各\(rollUp.unit)汇总数",
                              description: "Each unit's figures from its official forms and 帮扶资金 sheet (a "
                                  + "\(rollUp.level.rawValue) store; docs/rollup.md). "
                                  + "The store's totals are their sums.",
                              schema: ExportTableSchema(fields: fields, primaryKey: ["unit"]))
    }

    /// One row per unit of `indicators`.
    static func writeUnits(_ indicators: Indicators, to writer: ExportCSVWriter) throws {
        for t in indicators.townships {
            let m = t.members, o = t.organisations, f = t.funding
            let counts = [m.total, m.women, m.minority, m.probationary, m.college, o.committees, o.generalBranches,
                          o.branches, t.coverage.units, t.coverage.covered]
            try writer.write([.text(t.township)] + counts.map { .integer(Int64($0)) }
                + [.decimal(Fen(rawValue: f.totalFen).yuanString), .integer(Int64(f.records)),
                   .integer(Int64(f.recipients))])
        }
    }
}
