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
        return parts.assemble(year: year, checks: checks)
    }
}

/// SQL text shared by the indicator queries.
enum MemberSQL {
    /// Counted members of the year bound to `:y`.
    ///
    /// `+year` keeps SQLite from finding the year's members through an index on
    /// `year` (`member_id_number(year, id_number)` before store migration v4,
    /// `member_year(year, township)` before v3): that walks them in index order and fetches each
    /// row at random from the table, a page read per member, where one sequential scan
    /// of the table reads every page once (1.6x faster at a million members).
    static let counted = "+year = :y AND duplicate_of IS NULL"
    /// A text column with blanks folded to `未知`.
    static func label(_ column: String, blank: String = "未知") -> String {
        "COALESCE(NULLIF(trim(\(column)), ''), '\(blank)')"
    }
}

/// Age bands at Y-12-31 (SPEC §5).
enum AgeBand {
    static let keys = ["<=30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", ">=61", "unknown"]
    static let labels = ["30岁及以下", "31—35岁", "36—40岁", "41—45岁", "46—50岁", "51—55岁", "56—60岁",
                         "61岁及以上", "未知"]
    /// The band index 0…8 of an age (8 when unknown).
    static func index(age: Int?) -> Int {
        guard let age else { return 8 }
        return age <= 30 ? 0 : age >= 61 ? 7 : (age - 31) / 5 + 1
    }
}

/// Joining periods (SPEC §5); boundaries inclusive of their end date.
enum JoiningPeriod {
    static let keys = ["before_1949-10-01", "1949-10-01_to_1978-12-18", "1978-12-19_to_2012-11-08",
                       "after_2012-11-08", "unknown"]
    static let labels = ["新中国成立前", "新中国成立至十一届三中全会", "十一届三中全会后至党的十八大",
                         "党的十八大以后", "未知"]
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
        try memberScan()
        try organisations()
        try funding()
        return IndicatorParts(townships: parts, countyRecipients: countyRecipients)
    }

    /// Every member figure in one sequential scan of the year's counted members,
    /// summed here rather than by SQL `GROUP BY`: SQLite groups by sorting, and
    /// sorting a million rows on several keys cost seconds per breakdown. Age, the
    /// joining day and rural are computed on the columns' bytes (`MemberBytes`, tested
    /// against the same rules written in SQL); `label` is SQL's
    /// `COALESCE(NULLIF(trim(x), ''), '未知')` (trim removes spaces only), the flags are `= 1` tests.
    private mutating func memberScan() throws {
        // Age, joining period and rural are computed on the columns' bytes
        // (`MemberBytes`): SQLite's GLOB and CAST per row were a fifth of this scan.
        let statement = try db.cachedStatement(sql: """
            SELECT township, birth_date, joined_on, gender, education,
                   ethnicity, occupation, is_mobile, mobile_destination,
                   is_rural, lost_contact, hardship, status, branch_category
            FROM member WHERE \(MemberSQL.counted)
            """)
        // Texts are read as SQLite's bytes and counted by them (`ByteCounts`), as
        // SQLite's GROUP BY compares them: no String per column (a third of this scan
        // at a million members) and no Unicode normalisation.
        var townships = ByteCounts()
        var acc: [TownshipParts] = []
        var education: [ByteCounts] = [], ethnicity: [ByteCounts] = []
        var occupation: [ByteCounts] = [], destinations: [ByteCounts] = []
        // Women, men and unknown per township (index 3 t + k), kept as counts and made a
        // dictionary at the end: a String-keyed update per member hashed the key each time.
        var genders: [Int] = []
        try RowScan.forEach(statement, arguments: ["y": year], db: db) { row in
            let t = townships.index(of: row.text(0) ?? UnsafeBufferPointer(start: nil, count: 0))
            if t == acc.count {
                acc.append(parts[townships.text(t)] ?? TownshipParts())
                education.append(ByteCounts()); ethnicity.append(ByteCounts())
                occupation.append(ByteCounts()); destinations.append(ByteCounts())
                genders.append(contentsOf: [0, 0, 0])
            }

            let band = AgeBand.index(age: MemberBytes.age(birth: row.text(1), year: year))
            let period = MemberBytes.period(joined: row.text(2))
            acc[t].ageBands[band] += 1
            acc[t].periods[period] += 1
            let gender = row.text(3)
            let isWoman = MemberBytes.equal(gender, MemberBytes.woman)
            genders[3 * t + (isWoman ? 0 : MemberBytes.equal(gender, MemberBytes.man) ? 1 : 2)] += 1
            let educationValue = row.text(4)
            MemberBytes.label(educationValue) { education[t].add($0) }
            if let educationValue, MemberBytes.isOne(of: MemberBytes.collegeLevels, educationValue) {
                acc[t].members.college += 1
            }
            let ethnicityValue = row.text(5)
            MemberBytes.label(ethnicityValue) { ethnicity[t].add($0) }
            if let ethnicityValue, !MemberBytes.isOne(of: MemberBytes.majorityOrUnknown, MemberBytes.trim(ethnicityValue)) {
                acc[t].members.minority += 1
            }
            MemberBytes.label(row.text(6)) { occupation[t].add($0) }
            let isMobile = row.intOrZero(7) == 1
            if isMobile {
                MemberBytes.label(row.text(8)) { destinations[t].add($0) }
                acc[t].members.mobile += 1
            }
            acc[t].members.total += 1
            if isWoman { acc[t].members.women += 1 }
            if MemberBytes.isRural(isRural: row.int(9), category: row.text(13)) { acc[t].members.rural += 1 }
            if row.intOrZero(10) == 1 { acc[t].members.lostContact += 1 }
            if row.intOrZero(11) == 1 { acc[t].members.hardship += 1 }
            if MemberBytes.equal(row.text(12), MemberBytes.probationary) { acc[t].members.probationary += 1 }
        }
        func merge(_ counts: ByteCounts, into target: inout [String: Int]) {
            for (text, n) in counts.all { target[text, default: 0] += n }
        }
        for t in acc.indices {
            var part = acc[t]
            for (k, label) in ["女", "男", "未知"].enumerated() where genders[3 * t + k] > 0 {
                part.gender[label, default: 0] += genders[3 * t + k]
            }
            merge(education[t], into: &part.education)
            merge(ethnicity[t], into: &part.ethnicity)
            merge(occupation[t], into: &part.occupation)
            merge(destinations[t], into: &part.mobileDestinations)
            parts[townships.text(t)] = part
        }
    }

    private mutating func organisations() throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT township, \(MemberSQL.label("category", blank: "未注明")) AS c,
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
            p.organisationsByCategory[category] = p.organisationsByCategory[category, default: Organisations()] + organisations
            if let centres: Int = row[8] {
                p.serviceCentres = (p.serviceCentres ?? 0) + centres
            }
            let first: Int64 = row[9]
            p.firstOrganisation = min(p.firstOrganisation ?? first, first)
            parts[township] = p
        }
    }

    /// Distinct-recipient key: the ID, else name + township.
    static let recipientKey = "COALESCE('id:' || recipient_id, 'name:' || COALESCE(recipient, '') || '|' || township)"

    private mutating func funding() throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT township, \(MemberSQL.label("category", blank: "未注明")) AS c,
                   \(MemberSQL.label("source", blank: "未注明")) AS s,
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
                mobileDestinations: p.mobileDestinations, organisations: p.organisations, coverage: p.coverage, serviceCentres: p.serviceCentres,
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
