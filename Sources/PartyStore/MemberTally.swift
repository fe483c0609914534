import GRDB
import PartyImport
import PartyModel
import SQLiteBinding

/// One figure of the members of a township: a count (`key` empty), or the count of one
/// age, joining period, gender or label (`key`).
public struct TallyRow: Sendable, Equatable {
    public var township: String
    public var figure: TallyFigure
    public var key: String
    public var members: Int
}

/// What a `TallyRow` counts. Stored as its raw value in `member_tally.figure`.
public enum TallyFigure: String, Sendable, CaseIterable {
    case total, women, college, minority, mobile, rural, lostContact = "lost_contact", hardship, probationary
    /// Key: the age at the end of the year, or empty when unknown (`MemberBytes.age`).
    case age
    /// Key: the joining period's index 0…4 (`MemberBytes.period`).
    case period
    /// Key: 女, 男 or 未知.
    case gender
    /// Key: the label (`MemberBytes.label`) of the column.
    case education, ethnicity, occupation, destination
}

/// The columns a tally reads, in the order of the scan's SELECT.
enum MemberColumn: Int32 {
    case township = 0, birthDate, joinedOn, gender, education, ethnicity, occupation, isMobile,
         mobileDestination, isRural, lostContact, hardship, status, branchCategory
}

/// A member as a tally reads it: each text column's bytes, each flag's value.
protocol MemberFigureRow {
    /// The column's UTF-8 bytes (nil when NULL), valid only inside `body`.
    func withText<R>(_ column: MemberColumn, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R
    /// The column as an integer, nil when NULL.
    func flag(_ column: MemberColumn) -> Int64?
}

/// The member figures of the indicators (SPEC §5), per township, for counted members
/// (`duplicate_of IS NULL`).
///
/// The store keeps them as it writes each sheet's members (`member_tally`, one set per
/// sheet, deleted with it), so that indicators read a few hundred figures instead of
/// scanning every member of the year: a million members took 1.5 s to scan. Sheets
/// stored before the tally existed (`sheet.tallied = 0`) are scanned as before. Both
/// paths run the same code on the same bytes, those of the stored columns: a stored
/// member and a scanned row give the same figures by construction, and the tests check
/// the two agree on whole imports.
public struct MemberTally: Sendable {
    private var townships = ByteCounts()
    private var parts: [Part] = []
    /// The last member's township and its index: a sheet's members come in runs of one township.
    private var lastTownship: [UInt8] = []
    private var lastIndex = -1

    public init() {}

    /// The figures of one township.
    fileprivate struct Part: Sendable {
        var counts = [Int](repeating: 0, count: 9)  // total … probationary, in TallyFigure order
        /// Members by age 0…127 (nearly everyone), and by any other age.
        var ages = [Int](repeating: 0, count: 128)
        var otherAges: [Int: Int] = [:]
        var unknownAge = 0
        var periods = [Int](repeating: 0, count: 5)
        var genders = [0, 0, 0]  // 女, 男, 未知
        var education = ByteCounts(), ethnicity = ByteCounts(), occupation = ByteCounts(), destinations = ByteCounts()
    }

    private static let countFigures: [TallyFigure] = [.total, .women, .college, .minority, .mobile, .rural,
                                                      .lostContact, .hardship, .probationary]
    private static let genderKeys = ["女", "男", "未知"]

    /// Counts one member (the caller leaves out duplicates).
    mutating func add(_ row: some MemberFigureRow, year: Int) {
        let t = row.withText(.township) { value -> Int in
            let bytes = value ?? UnsafeBufferPointer(start: nil, count: 0)
            if lastIndex >= 0 && KeyBytes.equal(lastTownship, bytes) { return lastIndex }
            lastIndex = townships.index(of: bytes)
            lastTownship = Array(bytes)
            return lastIndex
        }
        if t == parts.count { parts.append(Part()) }
        parts[t].add(row, year: year)
    }

    /// Every figure, township by township in first-seen order; zero counts left out.
    public var rows: [TallyRow] {
        var rows: [TallyRow] = []
        for (t, part) in parts.enumerated() {
            let township = townships.text(t)
            func row(_ figure: TallyFigure, _ key: String, _ n: Int) {
                if n > 0 { rows.append(TallyRow(township: township, figure: figure, key: key, members: n)) }
            }
            for (figure, n) in zip(MemberTally.countFigures, part.counts) { row(figure, "", n) }
            var ages = part.otherAges
            for (age, n) in part.ages.enumerated() where n > 0 { ages[age] = n }
            for (age, n) in ages.sorted(by: { $0.key < $1.key }) { row(.age, String(age), n) }
            row(.age, "", part.unknownAge)
            for (i, n) in part.periods.enumerated() { row(.period, String(i), n) }
            for (key, n) in zip(MemberTally.genderKeys, part.genders) { row(.gender, key, n) }
            for (figure, counts) in [(TallyFigure.education, part.education), (.ethnicity, part.ethnicity),
                                     (.occupation, part.occupation), (.destination, part.destinations)] {
                for (text, n) in counts.all { row(figure, text, n) }
            }
        }
        return rows
    }
}

extension MemberTally.Part {
    mutating func add(_ row: some MemberFigureRow, year: Int) {
        if let age = row.withText(.birthDate, { MemberBytes.age(birth: $0, year: year) }) {
            if age < ages.count { ages[age] += 1 } else { otherAges[age, default: 0] += 1 }
        } else {
            unknownAge += 1
        }
        periods[row.withText(.joinedOn) { MemberBytes.period(joined: $0) }] += 1
        let isWoman = row.withText(.gender) { gender -> Bool in
            let isWoman = MemberBytes.equal(gender, MemberBytes.woman)
            genders[isWoman ? 0 : MemberBytes.equal(gender, MemberBytes.man) ? 1 : 2] += 1
            return isWoman
        }
        row.withText(.education) { value in
            MemberBytes.label(value) { education.add($0) }
            if let value, MemberBytes.isOne(of: MemberBytes.collegeLevels, value) { counts[2] += 1 }
        }
        row.withText(.ethnicity) { value in
            MemberBytes.label(value) { ethnicity.add($0) }
            if let value, !MemberBytes.isOne(of: MemberBytes.majorityOrUnknown, MemberBytes.trim(value)) {
                counts[3] += 1
            }
        }
        row.withText(.occupation) { value in MemberBytes.label(value) { occupation.add($0) } }
        if row.flag(.isMobile) == 1 {
            row.withText(.mobileDestination) { value in MemberBytes.label(value) { destinations.add($0) } }
            counts[4] += 1
        }
        counts[0] += 1
        if isWoman { counts[1] += 1 }
        let rural = row.withText(.branchCategory) { MemberBytes.isRural(isRural: row.flag(.isRural), category: $0) }
        if rural { counts[5] += 1 }
        if row.flag(.lostContact) == 1 { counts[6] += 1 }
        if row.flag(.hardship) == 1 { counts[7] += 1 }
        if row.withText(.status, { MemberBytes.equal($0, MemberBytes.probationary) }) { counts[8] += 1 }
    }
}

// MARK: - Reading the figures of a year

extension MemberTally {
    /// The member figures of `year`: the stored tallies of its sheets, and a scan of
    /// the counted members of any sheet stored without one.
    public static func figures(_ db: Database, year: Int) throws -> [TallyRow] {
        var rows: [TallyRow] = []
        let stored = try Row.fetchCursor(db, sql: """
            SELECT t.township, t.figure, t.key, SUM(t.members) FROM member_tally t
            JOIN sheet s ON s.id = t.sheet_id WHERE s.year = ? AND s.tallied = 1
            GROUP BY t.township, t.figure, t.key
            """, arguments: [year])
        while let row = try stored.next() {
            guard let figure = TallyFigure(rawValue: row[1]) else {
                throw StoreError(code: "store.tally", message: "数据库中的统计项无法识别：\(row[1] as String)")
            }
            rows.append(TallyRow(township: row[0], figure: figure, key: row[2], members: row[3]))
        }
        let untallied = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM sheet WHERE year = ? AND tallied = 0)
            """, arguments: [year]) ?? false
        if untallied { rows += try scanUntallied(db, year: year).rows }
        return rows
    }

    /// Tallies, by one sequential scan, the counted members of `year` in sheets that
    /// have no stored tally. `+year` keeps SQLite from walking the year's members
    /// through an index (a random page read per member) instead of reading the table
    /// once.
    static func scanUntallied(_ db: Database, year: Int) throws -> MemberTally {
        let statement = try db.cachedStatement(sql: """
            SELECT township, birth_date, joined_on, gender, education,
                   ethnicity, occupation, is_mobile, mobile_destination,
                   is_rural, lost_contact, hardship, status, branch_category
            FROM member WHERE +year = :y AND duplicate_of IS NULL
              AND sheet_id IN (SELECT id FROM sheet WHERE year = :y AND tallied = 0)
            """)
        var tally = MemberTally()
        try RowScan.forEach(statement, arguments: ["y": year], db: db) { row in
            tally.add(ScannedMember(row: row), year: year)
        }
        return tally
    }
}

/// A scanned member row: texts are SQLite's bytes, read in place.
private struct ScannedMember: MemberFigureRow {
    let row: ScannedRow

    func withText<R>(_ column: MemberColumn, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        body(row.text(column.rawValue))
    }

    func flag(_ column: MemberColumn) -> Int64? { row.int(column.rawValue) }
}

/// A member about to be stored: texts are the values bound to the insert, as
/// `StoreSink.bind` binds them (its dates formatted once, here).
struct StoredMember: MemberFigureRow {
    let record: MemberRecord
    let birthDate: String?
    let joinedOn: String?

    func withText<R>(_ column: MemberColumn, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        let text: String?
        switch column {
        case .township: text = record.township
        case .birthDate: text = birthDate
        case .joinedOn: text = joinedOn
        case .gender: text = record.gender?.rawValue
        case .education: text = record.education?.rawValue
        case .ethnicity: text = record.ethnicity
        case .occupation: text = record.occupation
        case .mobileDestination: text = record.mobileDestination
        case .status: text = record.status?.rawValue
        case .branchCategory: text = record.branchCategory
        case .isMobile, .isRural, .lostContact, .hardship: text = nil
        }
        guard let text else { return body(nil) }
        return text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
    }

    func flag(_ column: MemberColumn) -> Int64? {
        let value: Bool?
        switch column {
        case .isMobile: value = record.isMobile
        case .isRural: value = record.isRural
        case .lostContact: value = record.lostContact
        case .hardship: value = record.hardship
        default: value = nil
        }
        return value.map { $0 ? 1 : 0 }
    }
}
