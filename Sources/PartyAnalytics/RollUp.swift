import PartyModel
import PartyStore

/// What a store above the county holds (issue 19): its level, the word for its units,
/// and the figures its units' forms do not carry, which are left out (never shown as 0).
///
/// `indicators --json` has it as `level` only above the county (a county's document is
/// unchanged).
public struct RollUpInfo: Codable, Sendable, Equatable {
    /// `city` or `province`.
    public var level: ReportingLevel
    /// The word heading per-unit tables: 县（市、区） or 市.
    public var unit: String
    /// Indicator names (`members.mobile`, `gender`, …) the forms do not carry: absent from
    /// this level's documents and workbook.
    public var notCarried: [String]

    enum CodingKeys: String, CodingKey {
        case level, unit
        case notCarried = "not_carried"
    }

    /// The roll-up of `level`.
    public init(level: ReportingLevel) {
        self.level = level
        unit = level.unitWord
        notCarried = RollUpInfo.notCarried
    }

    /// The figures no form carries upward: member counts other than the member form's,
    /// the member breakdowns beside age, joining period and education, the branch
    /// returns' reported members and service centres, and people no longer members.
    public static let notCarried: [String] = {
        let counts = MemberCounts().fields.map(\.name).filter { !ReportingLevel.carriedMemberCounts.contains($0) }
        return counts.map { "members.\($0)" } + counts.map { "ratios.\($0)" }
            + ["gender", "ethnicity", "occupation", "mobile_destinations", "organisations.members_reported",
               "organisations_by_category.members_reported", "service_centres", "former_members"]
    }()

    /// The Chinese names of what is left out, for the one line that says so.
    public static let notCarriedLabels = "流动党员、失联党员、困难党员、农村党员、性别（女党员除外）、民族构成、职业、流动党员流向、"
        + "报表党员数、党员服务中心和减少党员"

    /// True when an indicator (a dotted name, e.g. `ratios.mobile` or
    /// `organisations_by_category.农村.members_reported`) is left out.
    public func leavesOut(_ name: String) -> Bool {
        notCarried.contains { name == $0 || name.hasPrefix($0 + ".") }
            || (name.hasPrefix("organisations_by_category.") && name.hasSuffix(".members_reported"))
    }
}

extension Indicators {
    /// Marks the indicators of a store above the county: the member figures the forms do
    /// not carry are left out of the JSON (`MemberCounts.omitted`) and of the workbook.
    mutating func rollUp(_ level: ReportingLevel) {
        guard level.isRollUp else { return }
        let info = RollUpInfo(level: level)
        rollUp = info
        let omitted = Set(info.notCarried.filter { $0.hasPrefix("members.") }
            .map { String($0.dropFirst("members.".count)) })
        members.omitted = omitted
        ratios.omitted = omitted
        for i in townships.indices { townships[i].members.omitted = omitted }
    }

    /// True when `name` is left out at this store's level.
    public func leavesOut(_ name: String) -> Bool { rollUp?.leavesOut(name) ?? false }
}

extension Analytics {
    /// The comparison above the county: each unit's members in both years from its forms
    /// (not matched by ID, so no flows), and every indicator the forms carry.
    func compareUnits(from x: Int, to y: Int) throws -> YearComparison {
        let before = try indicators(year: x), after = try indicators(year: y)
        var flows = MemberFlows(from: before.members.total, to: after.members.total, joined: 0, left: 0,
                                transferred: 0, withoutIDFrom: 0, withoutIDTo: 0)
        flows.matchedByID = false
        var names = after.townships.map(\.township)
        for t in before.townships where !names.contains(t.township) { names.append(t.township) }
        let members = { (i: Indicators, name: String) in i.townships.first { $0.township == name }?.members.total ?? 0 }
        let units = names.map { name -> TownshipChange in
            var change = TownshipChange(township: name, membersFrom: members(before, name),
                                        membersTo: members(after, name),
                                        joined: 0, left: 0, transferredIn: 0, transferredOut: 0, withoutIDFrom: 0,
                                        withoutIDTo: 0)
            change.matchedByID = false
            return change
        }
        var comparison = YearComparison(from: x, to: y, members: flows,
                                        indicators: IndicatorTable.rows(from: before, to: after),
                                        townships: units)
        comparison.rollUp = after.rollUp
        return comparison
    }
}
