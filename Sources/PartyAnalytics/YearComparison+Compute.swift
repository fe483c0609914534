import PartyModel
import PartyStore

extension Analytics {
    /// Compares two stored years: member flows matched by usable ID, every numeric indicator,
    /// and members per township.
    /// - Throws: `AnalyticsError` `year.missing`, `store.query`, or `flows.identity` when the
    ///   SPEC §5 identity fails (only possible if the store holds two counted rows with the
    ///   same ID in one year).
    public func compare(from x: Int, to y: Int) throws -> YearComparison {
        try requireYear(x)
        try requireYear(y)
        if try read({ db in try Store.level(db) }).isRollUp { return try compareUnits(from: x, to: y) }
        let byTownship = try read { db in try TownshipFlows.byTownship(db, from: x, to: y) }
        let flows = MemberFlows.county(byTownship)
        guard flows.identityHolds else {
            throw AnalyticsError(code: .flowsIdentity,
                                 message: "内部一致性错误：\(x)→\(y) 年党员增减不平衡：\(flows.arithmetic)")
        }
        let before = try indicators(year: x)
        let after = try indicators(year: y)

        var names: [String: String] = [:]
        var order: [String] = []
        for township in after.townships.map(\.township) + before.townships.map(\.township) {
            let key = TownshipName.key(township)
            if names[key] == nil { names[key] = township; order.append(key) }
        }
        for key in byTownship.keys.sorted() where names[key] == nil {
            names[key] = key
            order.append(key)
        }
        let townships = try order.compactMap { key -> TownshipChange? in
            guard let f = byTownship[key] else { return nil }
            guard f.identityHolds else {
                throw AnalyticsError(code: .flowsIdentity,
                                     message: "内部一致性错误：\(names[key]!) \(x)→\(y) 年党员增减不平衡")
            }
            return TownshipChange(township: names[key]!, membersFrom: f.membersFrom, membersTo: f.membersTo,
                                  joined: f.joined, left: f.left, transferredIn: f.transferredIn,
                                  transferredOut: f.transferredOut, withoutIDFrom: f.withoutIDFrom,
                                  withoutIDTo: f.withoutIDTo)
        }
        return YearComparison(from: x, to: y, members: flows,
                              indicators: IndicatorTable.rows(from: before, to: after), townships: townships)
    }
}

/// Chinese labels of the member counts, by JSON key.
public let memberCountLabels: [String: String] = [
    "total": "党员总数", "women": "女党员", "minority": "少数民族党员", "rural": "农村党员",
    "mobile": "流动党员", "lost_contact": "失联党员", "hardship": "困难党员",
    "probationary": "预备党员", "college": "大专及以上学历党员",
]

/// Flattens two years of indicators into comparable rows, section by section.
enum IndicatorTable {
    static func rows(from a: Indicators, to b: Indicators) -> [IndicatorChange] {
        var rows: [IndicatorChange] = []
        func add(_ name: String, _ label: String, _ unit: IndicatorUnit, _ x: IndicatorValue?, _ y: IndicatorValue?) {
            rows.append(IndicatorChange(name: name, label: label, unit: unit, from: x, to: y))
        }
        func counts(_ section: String, _ prefix: String, _ x: [String: Int], _ y: [String: Int], first: [String] = []) {
            let keys = Set(x.keys).union(y.keys)
            let ordered = first.filter(keys.contains) + keys.subtracting(first).sorted()
            for key in ordered {
                add("\(section).\(key)", "\(prefix)：\(key)", .count, .count(x[key] ?? 0), .count(y[key] ?? 0))
            }
        }
        func buckets(_ section: String, _ prefix: String, _ x: [Bucket], _ y: [Bucket]) {
            for (p, q) in zip(x, y) {
                add("\(section).\(p.key)", "\(prefix)：\(p.label)", .count, .count(p.members), .count(q.members))
            }
        }
        func coverage(_ name: String, _ label: String, _ x: CoverageFigure?, _ y: CoverageFigure?) {
            let x = x ?? CoverageFigure(), y = y ?? CoverageFigure()
            add("\(name).units", "\(label)单位数", .count, .count(x.units), .count(y.units))
            add("\(name).covered", "\(label)已建党组织单位数", .count, .count(x.covered), .count(y.covered))
            add("\(name).ratio", "\(label)党组织覆盖率", .ratio, x.ratio.map(IndicatorValue.ratio),
                y.ratio.map(IndicatorValue.ratio))
        }
        func money(_ section: String, _ prefix: String, _ x: [String: Int64], _ y: [String: Int64]) {
            for key in Set(x.keys).union(y.keys).sorted() {
                add("\(section).\(key)", "\(prefix)：\(key)", .yuan, .fen(x[key] ?? 0), .fen(y[key] ?? 0))
            }
        }

        for ((name, x), (_, y)) in zip(a.members.fields, b.members.fields) {
            add("members.\(name)", memberCountLabels[name]!, .count, .count(x), .count(y))
        }
        for ((name, x), (_, y)) in zip(a.ratios.fields, b.ratios.fields) {
            add("ratios.\(name)", memberCountLabels[name]! + "占比", .ratio, x.map(IndicatorValue.ratio),
                y.map(IndicatorValue.ratio))
        }
        buckets("age_bands", "年龄", a.ageBands, b.ageBands)
        buckets("joining_periods", "入党时间", a.joiningPeriods, b.joiningPeriods)
        counts("gender", "性别", a.gender, b.gender, first: ["男", "女", "未知"])
        counts("education", "学历", a.education, b.education, first: educationOrder)
        counts("ethnicity", "民族", a.ethnicity, b.ethnicity, first: ["汉族"])
        counts("occupation", "职业", a.occupation, b.occupation)
        counts("mobile_destinations", "流动党员流向", a.mobileDestinations, b.mobileDestinations)

        func organisations(_ name: String, _ label: String, _ x: Organisations?, _ y: Organisations?) {
            let x = x ?? Organisations(), y = y ?? Organisations()
            add("\(name).committees", "\(label)党委", .count, .count(x.committees), .count(y.committees))
            add("\(name).general_branches", "\(label)党总支", .count, .count(x.generalBranches), .count(y.generalBranches))
            add("\(name).branches", "\(label)党支部", .count, .count(x.branches), .count(y.branches))
            add("\(name).members_reported", "\(label)报表党员数", .count,
                x.membersReported.map(IndicatorValue.count), y.membersReported.map(IndicatorValue.count))
        }
        organisations("organisations", "", a.organisations, b.organisations)
        for category in Set(a.organisationsByCategory.keys).union(b.organisationsByCategory.keys).sorted() {
            organisations("organisations_by_category.\(category)", category, a.organisationsByCategory[category],
                          b.organisationsByCategory[category])
        }

        coverage("coverage.overall", "", a.coverage.overall, b.coverage.overall)
        for category in Set(a.coverage.byCategory.keys).union(b.coverage.byCategory.keys).sorted() {
            coverage("coverage.by_category.\(category)", "\(category)", a.coverage.byCategory[category],
                     b.coverage.byCategory[category])
        }

        let (sa, sb) = (a.serviceCentres, b.serviceCentres)
        add("service_centres.townships", "有组织报表的乡镇数", .count, .count(sa.townships), .count(sb.townships))
        add("service_centres.with_centre", "建有党员服务中心的乡镇数", .count,
            sa.withCentre.map(IndicatorValue.count), sb.withCentre.map(IndicatorValue.count))
        add("service_centres.centres", "党员服务中心数", .count, sa.centres.map(IndicatorValue.count),
            sb.centres.map(IndicatorValue.count))
        add("service_centres.ratio", "党员服务中心乡镇覆盖率", .ratio, sa.ratio.map(IndicatorValue.ratio),
            sb.ratio.map(IndicatorValue.ratio))

        let (fa, fb) = (a.funding.figures, b.funding.figures)
        add("funding.total", "帮扶资金总额", .yuan, .fen(fa.totalFen), .fen(fb.totalFen))
        add("funding.records", "帮扶资金发放笔数", .count, .count(fa.records), .count(fb.records))
        add("funding.recipients", "帮扶人数", .count, .count(fa.recipients), .count(fb.recipients))
        money("funding.by_category", "帮扶资金类别", fa.byCategoryFen, fb.byCategoryFen)
        money("funding.by_source", "帮扶资金来源", fa.bySourceFen, fb.bySourceFen)
        return rows.filter { !a.leavesOut($0.name) && !b.leavesOut($0.name) }
    }
}

/// One numeric indicator of a single year, labelled as in `YearComparison.indicators`.
public struct IndicatorEntry: Sendable, Equatable {
    /// Stable dotted name, e.g. `members.total`.
    public var name: String
    /// Chinese label, e.g. `党员总数`.
    public var label: String
    /// The unit (count, ratio, yuan).
    public var unit: IndicatorUnit
    /// The value; `nil` when undefined (a ratio over 0, an unreported column).
    public var value: IndicatorValue?
}

extension Indicators {
    /// Every numeric indicator of this year as labelled rows, in the same order and with
    /// the same names as `YearComparison.indicators`.
    public var entries: [IndicatorEntry] {
        IndicatorTable.rows(from: self, to: self).map {
            IndicatorEntry(name: $0.name, label: $0.label, unit: $0.unit, value: $0.to)
        }
    }
}
