import GRDB
import PartyModel
import PartyStore

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
    /// `is_rural`, or the branch category 农村 (or a synonym) when `is_rural` is absent.
    static let rural = "COALESCE(is_rural, branch_category IN ('农村', '行政村', '村'), 0) <> 0"
    /// Age at Y-12-31 (the year bound to `:y`), NULL when the birth date is unknown or after Y-12-31.
    ///
    /// Everyone born in year B has had the birthday by Y-12-31, so the age is exactly
    /// Y − B for day- and month-precision dates alike.
    static let age = """
        CASE WHEN birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
                  AND CAST(substr(birth_date, 1, 4) AS INTEGER) <= :y
             THEN :y - CAST(substr(birth_date, 1, 4) AS INTEGER) END
        """
    /// The joining date as a day; a month-precision date counts as the first of its month.
    static let joinedDay = """
        CASE WHEN joined_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' THEN joined_on || '-01'
             WHEN joined_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN joined_on END
        """
    /// A text column with blanks folded to `未知`.
    static func label(_ column: String, blank: String = "未知") -> String {
        "COALESCE(NULLIF(trim(\(column)), ''), '\(blank)')"
    }

    /// `label` for a value read in Swift: SQLite's `trim` removes spaces (U+0020) only.
    static func label(_ value: String?, blank: String = "未知") -> String {
        guard let value else { return blank }
        let trimmed = sqlTrim(value)
        return trimmed.isEmpty ? blank : trimmed
    }

    /// SQLite's one-argument `trim`: leading and trailing U+0020 removed.
    static func sqlTrim(_ s: String) -> String {
        let u = s.utf8
        guard u.first == 0x20 || u.last == 0x20 else { return s }
        let start = u.firstIndex { $0 != 0x20 } ?? u.endIndex
        let end = u.lastIndex { $0 != 0x20 }.map { u.index(after: $0) } ?? start
        return start < end ? String(s[start..<end]) : ""
    }

}

extension ByteKey {
    static let man = ByteKey("男"), woman = ByteKey("女"), probationary = ByteKey("预备党员")
    /// Ethnicities `minority` does not count (after SQLite-style `trim`).
    static let majorityOrUnknown = Set(["", "汉族", "汉", "不详", "未知", "未填"].map(ByteKey.init))
    /// Education levels counted as `college` (大专及以上).
    static let collegeLevels = Set(["研究生", "大学本科", "大学专科"].map(ByteKey.init))
}

/// Age bands at Y-12-31 (SPEC §5).
enum AgeBand {
    static let keys = ["<=30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", ">=61", "unknown"]
    static let labels = ["30岁及以下", "31—35岁", "36—40岁", "41—45岁", "46—50岁", "51—55岁", "56—60岁",
                         "61岁及以上", "未知"]
    /// SQL for the band index 0…8 of an `age` expression.
    static func index(of age: String) -> String {
        "CASE WHEN (\(age)) IS NULL THEN 8 WHEN (\(age)) <= 30 THEN 0 WHEN (\(age)) >= 61 THEN 7 ELSE ((\(age)) - 31) / 5 + 1 END"
    }
}

/// Joining periods (SPEC §5); boundaries inclusive of their end date.
enum JoiningPeriod {
    static let keys = ["before_1949-10-01", "1949-10-01_to_1978-12-18", "1978-12-19_to_2012-11-08",
                       "after_2012-11-08", "unknown"]
    static let labels = ["新中国成立前", "新中国成立至十一届三中全会", "十一届三中全会后至党的十八大",
                         "党的十八大以后", "未知"]
    static func index(of day: String) -> String {
        """
        CASE WHEN (\(day)) IS NULL THEN 4 WHEN (\(day)) < '1949-10-01' THEN 0
             WHEN (\(day)) <= '1978-12-18' THEN 1 WHEN (\(day)) <= '2012-11-08' THEN 2 ELSE 3 END
        """
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
        try memberScan()
        try organisations()
        try funding()
        return IndicatorParts(townships: parts, countyRecipients: countyRecipients)
    }

    /// Every member figure in one sequential scan of the year's counted members,
    /// summed here rather than by SQL `GROUP BY`: SQLite groups by sorting, and
    /// sorting a million rows on several keys cost seconds per breakdown. The
    /// expressions that define age and the joining day stay in SQL (`MemberSQL`);
    /// the rest mirrors it: `label` is SQL's `COALESCE(NULLIF(trim(x), ''), '未知')`
    /// (trim removes spaces only), the flags are `= 1` tests.
    private mutating func memberScan() throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT township, \(MemberSQL.age) AS age, \(MemberSQL.joinedDay) AS joined, gender, education,
                   ethnicity, occupation, is_mobile, mobile_destination,
                   CASE WHEN \(MemberSQL.rural) THEN 1 ELSE 0 END AS rural, lost_contact, hardship, status
            FROM member WHERE \(MemberSQL.counted)
            """, arguments: ["y": year])
        // Texts are counted by their bytes (`ByteKey`), as SQLite's GROUP BY compares
        // them: Swift's String hashes and compares the NFC form, which cost about a
        // sixth of this scan at a million members.
        var names: [String] = []
        var index: [ByteKey: Int] = [:]
        var acc: [TownshipParts] = []
        var education: [[ByteKey: Int]] = [], ethnicity: [[ByteKey: Int]] = []
        var occupation: [[ByteKey: Int]] = [], destinations: [[ByteKey: Int]] = []
        var lastName = ByteKey(""), lastIndex = -1
        while let row = try rows.next() {
            let township = ByteKey(row[0] as String)
            let t: Int
            if lastIndex >= 0 && township == lastName {
                t = lastIndex
            } else if let known = index[township] {
                t = known
            } else {
                t = acc.count
                index[township] = t
                names.append(township.text)
                acc.append(parts[township.text] ?? TownshipParts())
                education.append([:]); ethnicity.append([:]); occupation.append([:]); destinations.append([:])
            }
            lastName = township
            lastIndex = t

            let age: Int? = row[1]
            let band = age.map { $0 <= 30 ? 0 : $0 >= 61 ? 7 : ($0 - 31) / 5 + 1 } ?? 8
            let joined: String? = row[2]
            let period = joined.map { $0 < "1949-10-01" ? 0 : $0 <= "1978-12-18" ? 1 : $0 <= "2012-11-08" ? 2 : 3 } ?? 4
            let gender = (row[3] as String?).map(ByteKey.init)
            let educationValue: String? = row[4]
            let ethnicityValue: String? = row[5]
            let isMobile = (row[7] as Int?) == 1
            let status = (row[12] as String?).map(ByteKey.init)

            acc[t].ageBands[band] += 1
            acc[t].periods[period] += 1
            let isWoman = gender == ByteKey.woman
            acc[t].gender[isWoman ? "女" : gender == ByteKey.man ? "男" : "未知", default: 0] += 1
            education[t][ByteKey(MemberSQL.label(educationValue)), default: 0] += 1
            ethnicity[t][ByteKey(MemberSQL.label(ethnicityValue)), default: 0] += 1
            occupation[t][ByteKey(MemberSQL.label(row[6] as String?)), default: 0] += 1
            if isMobile {
                destinations[t][ByteKey(MemberSQL.label(row[8] as String?)), default: 0] += 1
            }
            acc[t].members.total += 1
            if isWoman { acc[t].members.women += 1 }
            if let ethnicityValue, !ByteKey.majorityOrUnknown.contains(ByteKey(MemberSQL.sqlTrim(ethnicityValue))) {
                acc[t].members.minority += 1
            }
            if (row[9] as Int) != 0 { acc[t].members.rural += 1 }
            if isMobile { acc[t].members.mobile += 1 }
            if (row[10] as Int?) == 1 { acc[t].members.lostContact += 1 }
            if (row[11] as Int?) == 1 { acc[t].members.hardship += 1 }
            if status == ByteKey.probationary { acc[t].members.probationary += 1 }
            if let educationValue, ByteKey.collegeLevels.contains(ByteKey(educationValue)) { acc[t].members.college += 1 }
        }
        func merge(_ counts: [ByteKey: Int], into target: inout [String: Int]) {
            for (key, n) in counts { target[key.text, default: 0] += n }
        }
        for (t, name) in names.enumerated() {
            var part = acc[t]
            merge(education[t], into: &part.education)
            merge(ethnicity[t], into: &part.ethnicity)
            merge(occupation[t], into: &part.occupation)
            merge(destinations[t], into: &part.mobileDestinations)
            parts[name] = part
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
