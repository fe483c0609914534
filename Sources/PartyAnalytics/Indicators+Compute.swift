import GRDB
import PartyModel
import PartyStore
import SQLiteBinding

extension Analytics {
    /// Computes the SPEC §5 indicators and checks of `year`.
    /// - Throws: `AnalyticsError` (`year.missing` when the year is not stored, `store.query`).
    public func indicators(year: Int) throws -> Indicators {
        try requireYear(year)
        let parts = try read { db in
            var queries = IndicatorQueries(db: db, year: year)
            return try queries.run()
        }
        let checks = try self.checks(year: year, rosterCounts: parts.rosterCounts)
        var indicators = parts.assemble(year: year, checks: checks)
        indicators.formerMembers = try formerMembers(year: year)
        indicators.rollUp(try read { db in try Store.level(db) })
        return indicators
    }
}

/// SQL text shared by the indicator queries.
enum LabelSQL {
    /// A text column with blanks folded to `未知` (`MemberRules.label`'s rule, for the
    /// organisation and ledger breakdowns, which SQL groups).
    static func label(_ column: String, blank: String = "未知") -> String {
        "COALESCE(NULLIF(trim(\(column)), ''), '\(blank)')"
    }
}

/// Canonical education order for tables.
let educationOrder = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"]

/// Per-township accumulators filled by the indicator queries.
struct TownshipParts {
    var members = MemberCounts()
    var ageBands = [Int](repeating: 0, count: AgeBand.keys.count)
    var periods = [Int](repeating: 0, count: JoiningPeriod.keys.count)
    var education: [String: Int] = [:]
    var occupation: [String: Int] = [:]
    var gender: [String: Int] = [:]
    var ethnicity: [String: Int] = [:]
    var mobileDestinations: [String: Int] = [:]
    var organisations = Organisations()
    var organisationsByCategory: [String: Organisations] = [:]
    var coverage = CoverageFigure()
    var coverageByCategory: [String: CoverageFigure] = [:]
    var serviceCentres: Int?
    var funding = FundingFigures()
    /// First organisation row id, for branch-return order.
    var firstOrganisation: Int64?
}

struct IndicatorQueries {
    let db: Database
    let year: Int
    var parts: [String: TownshipParts] = [:]
    var countyRecipients = 0

    init(db: Database, year: Int) {
        self.db = db
        self.year = year
    }

    mutating func run() throws -> IndicatorParts {
        try memberFigures()
        try organisations()
        try funding()
        return IndicatorParts(townships: parts, countyRecipients: countyRecipients)
    }

    /// The member figures of the year: the tallies the store kept as it wrote each
    /// sheet, and a scan of the members of any sheet stored without one
    /// (`MemberTally.figures`), summed per township.
    private mutating func memberFigures() throws {
        for row in try MemberTally.figures(db, year: year) {
            var p = parts[row.township] ?? TownshipParts()
            let n = row.members
            switch row.figure {
            case .total: p.members.total += n
            case .women: p.members.women += n
            case .college: p.members.college += n
            case .minority: p.members.minority += n
            case .mobile: p.members.mobile += n
            case .rural: p.members.rural += n
            case .lostContact: p.members.lostContact += n
            case .hardship: p.members.hardship += n
            case .probationary: p.members.probationary += n
            case .age: p.ageBands[AgeBand.index(age: Int(row.key))] += n
            case .period:
                guard let i = Int(row.key), p.periods.indices.contains(i) else {
                    throw AnalyticsError(code: .storeQuery, message: "数据库中的入党时期无法识别：\(row.key)")
                }
                p.periods[i] += n
            case .gender: p.gender[row.key, default: 0] += n
            case .education: p.education[row.key, default: 0] += n
            case .ethnicity: p.ethnicity[row.key, default: 0] += n
            case .occupation: p.occupation[row.key, default: 0] += n
            case .destination: p.mobileDestinations[row.key, default: 0] += n
            }
            parts[row.township] = p
        }
    }

    private mutating func organisations() throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT township, \(LabelSQL.label("category", blank: "未注明")) AS c,
                   COALESCE(SUM(units_total), 0), COALESCE(SUM(units_covered), 0),
                   COALESCE(SUM(committees), 0), COALESCE(SUM(general_branches), 0),
                   COALESCE(SUM(branches), 0), SUM(members_reported), SUM(service_centre), MIN(id)
            FROM organisation WHERE year = :y GROUP BY township, c
            """, arguments: ["y": year])
        while let row = try rows.next() {
            let township: String = row[0]
            var p = parts[township, default: TownshipParts()]
            let category: String = row[1]
            let figure = CoverageFigure(units: row[2], covered: row[3])
            p.coverageByCategory[category] = p.coverageByCategory[category, default: CoverageFigure()] + figure
            p.coverage = p.coverage + figure
            var organisations = Organisations()
            organisations.committees = row[4]
            organisations.generalBranches = row[5]
            organisations.branches = row[6]
            organisations.membersReported = row[7]
            p.organisations = p.organisations + organisations
            p.organisationsByCategory[category] = p.organisationsByCategory[category,
                                                                            default: Organisations()] + organisations
            if let centres: Int = row[8] {
                p.serviceCentres = (p.serviceCentres ?? 0) + centres
            }
            let first: Int64 = row[9]
            p.firstOrganisation = min(p.firstOrganisation ?? first, first)
            parts[township] = p
        }
        // 党组织概况表 organisations by type (their counts are in the rows above).
        let units = try Row.fetchCursor(db, sql: """
            SELECT township, \(LabelSQL.label("category", blank: "未注明")) AS c, type, COUNT(*)
            FROM org_unit WHERE year = :y GROUP BY township, c, type
            """, arguments: ["y": year])
        while let row = try units.next() {
            let township: String = row[0], category: String = row[1], type: String = row[2], n: Int = row[3]
            var byType = Organisations()
            byType.byType = [type: n]
            var p = parts[township, default: TownshipParts()]
            p.organisations = p.organisations + byType
            p.organisationsByCategory[category] = p.organisationsByCategory[category, default: Organisations()] + byType
            parts[township] = p
        }
    }

    /// Distinct-recipient key: the ID, else name + township.
    static let recipientKey = "COALESCE('id:' || recipient_id, 'name:' || COALESCE(recipient, '') || '|' || township)"

    private mutating func funding() throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT township, \(LabelSQL.label("category", blank: "未注明")) AS c,
                   \(LabelSQL.label("source", blank: "未注明")) AS s,
                   COALESCE(substr(NULLIF(trim(date), ''), 1, 7), '未知') AS m,
                   SUM(amount_fen), COUNT(*)
            FROM disbursement WHERE year = :y GROUP BY township, c, s, m
            """, arguments: ["y": year])
        while let row = try rows.next() {
            let township: String = row[0]
            let amount: Int64 = row[4]
            var f = parts[township, default: TownshipParts()].funding
            f.totalFen += amount
            f.records += row[5] as Int
            f.byCategoryFen[row[1], default: 0] += amount
            f.bySourceFen[row[2], default: 0] += amount
            f.byMonthFen[row[3], default: 0] += amount
            parts[township, default: TownshipParts()].funding = f
        }
        let recipients = try Row.fetchCursor(db, sql: """
            SELECT township, COUNT(DISTINCT \(Self.recipientKey)) FROM disbursement
            WHERE year = :y GROUP BY township
            """, arguments: ["y": year])
        while let row = try recipients.next() {
            parts[row[0], default: TownshipParts()].funding.recipients = row[1]
        }
        countyRecipients = try Int.fetchOne(db, sql: """
            SELECT COUNT(DISTINCT \(Self.recipientKey)) FROM disbursement WHERE year = :y
            """, arguments: ["y": year]) ?? 0
        try reportedFunding()
    }

    /// The funding figures reporting units sent up (a higher level's store, issue 19):
    /// each unit's total, records and recipients, and its amounts by category, source and
    /// month. A recipient belongs to one unit, so recipients add up across units.
    private mutating func reportedFunding() throws {
        guard try db.tableExists("funding_tally") else { return }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT township, dimension, key, amount_fen, records, recipients FROM funding_tally
            WHERE year = :y ORDER BY id
            """, arguments: ["y": year])
        while let row = try rows.next() {
            let township: String = row[0], dimension: String = row[1], key: String = row[2]
            let amount: Int64 = row[3]
            var f = parts[township, default: TownshipParts()].funding
            switch dimension {
            case "total":
                f.totalFen += amount
                f.records += (row[4] as Int?) ?? 0
                let recipients = (row[5] as Int?) ?? 0
                f.recipients += recipients
                countyRecipients += recipients
            case "category": f.byCategoryFen[key, default: 0] += amount
            case "source": f.bySourceFen[key, default: 0] += amount
            case "month": f.byMonthFen[key, default: 0] += amount
            default: break
            }
            parts[township, default: TownshipParts()].funding = f
        }
    }
}

/// The raw per-township results, turned into `Indicators` by `assemble`.
struct IndicatorParts {
    var townships: [String: TownshipParts]
    var countyRecipients: Int

    /// Counted roster members per township.
    var rosterCounts: [String: Int] { townships.mapValues(\.members.total) }

    /// Townships in branch-return order, then the rest by name with `未知` last.
    var orderedTownships: [String] {
        townships.keys.sorted { a, b in
            let pa = townships[a]!, pb = townships[b]!
            switch (pa.firstOrganisation, pb.firstOrganisation) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil):
                if (a == "未知") != (b == "未知") { return b == "未知" }
                return a < b
            }
        }
    }

    func assemble(year: Int, checks: [Check]) -> Indicators {
        let names = orderedTownships
        let townshipFigures = names.map { name -> TownshipIndicators in
            let p = townships[name]!
            return TownshipIndicators(
                township: name, members: p.members,
                ageBands: buckets(AgeBand.keys, AgeBand.labels, p.ageBands),
                joiningPeriods: buckets(JoiningPeriod.keys, JoiningPeriod.labels, p.periods),
                education: p.education, occupation: p.occupation, gender: p.gender, ethnicity: p.ethnicity,
                mobileDestinations: p.mobileDestinations, organisations: p.organisations, coverage: p.coverage,
                serviceCentres: p.serviceCentres,
                funding: p.funding)
        }
        var members = MemberCounts()
        var ages = [Int](repeating: 0, count: AgeBand.keys.count)
        var periods = [Int](repeating: 0, count: JoiningPeriod.keys.count)
        var education: [String: Int] = [:], occupation: [String: Int] = [:]
        var gender: [String: Int] = [:], ethnicity: [String: Int] = [:], destinations: [String: Int] = [:]
        var organisations = Organisations()
        var organisationsByCategory: [String: Organisations] = [:]
        var overall = CoverageFigure()
        var byCategory: [String: CoverageFigure] = [:]
        var orgTownships = 0, withCentre = 0, centres: Int?
        var funding = FundingFigures()
        var byTownship: [String: Int64] = [:]
        for name in names {
            let p = townships[name]!
            members = members + p.members
            for i in ages.indices { ages[i] += p.ageBands[i] }
            for i in periods.indices { periods[i] += p.periods[i] }
            education.merge(p.education, uniquingKeysWith: +)
            occupation.merge(p.occupation, uniquingKeysWith: +)
            gender.merge(p.gender, uniquingKeysWith: +)
            ethnicity.merge(p.ethnicity, uniquingKeysWith: +)
            destinations.merge(p.mobileDestinations, uniquingKeysWith: +)
            organisations = organisations + p.organisations
            organisationsByCategory.merge(p.organisationsByCategory, uniquingKeysWith: +)
            overall = overall + p.coverage
            byCategory.merge(p.coverageByCategory, uniquingKeysWith: +)
            if p.firstOrganisation != nil {
                orgTownships += 1
                if let c = p.serviceCentres {
                    centres = (centres ?? 0) + c
                    if c > 0 { withCentre += 1 }
                }
            }
            funding.totalFen += p.funding.totalFen
            funding.records += p.funding.records
            funding.byCategoryFen.merge(p.funding.byCategoryFen, uniquingKeysWith: +)
            funding.bySourceFen.merge(p.funding.bySourceFen, uniquingKeysWith: +)
            funding.byMonthFen.merge(p.funding.byMonthFen, uniquingKeysWith: +)
            if p.funding.records > 0 { byTownship[name] = p.funding.totalFen }
        }
        funding.recipients = countyRecipients
        return Indicators(
            year: year, members: members,
            ageBands: buckets(AgeBand.keys, AgeBand.labels, ages),
            joiningPeriods: buckets(JoiningPeriod.keys, JoiningPeriod.labels, periods),
            education: education, occupation: occupation, gender: gender, ethnicity: ethnicity,
            mobileDestinations: destinations, organisations: organisations,
            organisationsByCategory: organisationsByCategory,
            coverage: Coverage(overall: overall, byCategory: byCategory),
            serviceCentres: ServiceCentreCoverage(townships: orgTownships,
                                                  withCentre: centres == nil ? nil : withCentre,
                                                  centres: centres),
            funding: Funding(figures: funding, byTownshipFen: byTownship),
            townships: townshipFigures, checks: checks)
    }

    private func buckets(_ keys: [String], _ labels: [String], _ counts: [Int]) -> [Bucket] {
        keys.indices.map { Bucket(key: keys[$0], label: labels[$0], members: counts[$0]) }
    }
}
