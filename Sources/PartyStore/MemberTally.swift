import GRDB
import PartyImport
import PartyModel
import SQLiteBinding

/// One figure of the members of a township: a count (`key` empty), or the count of one
/// age, joining period, gender or label (`key`).
public struct TallyRow: Sendable, Equatable {
    /// The township, as stored.
    public var township: String
    /// What is counted.
    public var figure: TallyFigure
    /// Which value of the figure is counted (empty for a plain count).
    public var key: String
    /// How many members.
    public var members: Int
}

/// What a `TallyRow` counts. Stored as its raw value in `member_tally.figure`.
public enum TallyFigure: String, Sendable, CaseIterable {
    case total, women, college, minority, mobile, rural, lostContact = "lost_contact", hardship, probationary
    /// Key: the age at the end of the year, or empty when unknown (`AgeBand.age`).
    case age
    /// Key: the joining period's index 0…4 (`JoiningPeriod.index`).
    case period
    /// Key: 女, 男 or 未知.
    case gender
    /// Key: the label (`MemberRules.label`) of the column.
    case education, ethnicity, occupation, destination
}

/// The columns a scan reads, in the order of its SELECT.
enum MemberColumn: Int32 {
    case township = 0, birthDate, joinedOn, gender, education, ethnicity, occupation, isMobile,
         mobileDestination, isRural, lostContact, hardship, status, branchCategory
}

/// The member figures of the indicators (SPEC §5), per township, for counted members
/// (`duplicate_of IS NULL`).
///
/// The store keeps them as it writes each sheet's members (`member_tally`, one set per
/// sheet, deleted with it), so that indicators read a few hundred figures instead of
/// scanning every member of the year: a million members took 1.5 s to scan. Sheets
/// stored before the tally existed (`sheet.tallied = 0`) are scanned, into the same
/// tally.
///
/// The rules are PartyModel's (`AgeBand`, `JoiningPeriod`, `MemberRules`), the ones the
/// analytics group by. Text columns are counted by their stored bytes, with their
/// NULLs, and the text rules (labels, women, college, minority, probationary) apply
/// once per distinct value, in `rows`: for a stored member and for a scanned row alike.
/// Ages and joining periods are computed per member, from the date itself when storing
/// and from its stored text when scanning (the same rules, tested to agree in
/// `MemberRulesTests`); `MemberTallyTests` checks stored tallies and scans agree on
/// whole imports.
public struct MemberTally: Sendable {
    private var townships = ByteIndex()
    private var parts: [Part] = []

    /// No members.
    public init() {}

    /// The figures of one township.
    fileprivate struct Part: Sendable {
        var total = 0, mobile = 0, rural = 0, lostContact = 0, hardship = 0
        /// Members by age 0…127 (nearly everyone), and by any other age.
        var ages = [Int](repeating: 0, count: 128)
        var otherAges: [Int: Int] = [:]
        var unknownAge = 0
        var periods = [Int](repeating: 0, count: 5)
        var gender = ValueCounts(), education = ValueCounts(), status = ValueCounts()
        var ethnicity = ValueCounts(), occupation = ValueCounts()
        /// Of mobile members only.
        var destination = ValueCounts()

        mutating func add(age: Int?) {
            guard let age else { unknownAge += 1; return }
            if age >= 0 && age < ages.count { ages[age] += 1 } else { otherAges[age, default: 0] += 1 }
        }
    }

    /// The part of the township whose stored bytes are `bytes` (nil for NULL).
    private mutating func part(_ bytes: UnsafeBufferPointer<UInt8>?) -> Int {
        // Found by its bytes each time: a roster's members do not come in runs of one
        // township (remembering the last one copied its bytes on nearly every member).
        let index = townships.index(of: bytes ?? UnsafeBufferPointer(start: nil, count: 0))
        if index == parts.count { parts.append(Part()) }
        return index
    }

    /// Counts a counted member about to be stored (the caller leaves out duplicates),
    /// from the values `StoreSink` binds.
    mutating func add(stored m: MemberRecord, year: Int) {
        let t = MemberTally.withBytes(m.township) { part($0) }
        parts[t].total += 1
        parts[t].add(age: AgeBand.age(birth: m.birthDate, atEndOf: year))
        parts[t].periods[JoiningPeriod.index(m.joinedOn)] += 1
        parts[t].gender.add(m.gender.map(MemberTally.ordinal), m.gender?.rawValue)
        parts[t].education.add(m.education.map(MemberTally.ordinal), m.education?.rawValue)
        parts[t].status.add(m.status.map(MemberTally.ordinal), m.status?.rawValue)
        MemberTally.withBytes(m.ethnicity) { parts[t].ethnicity.add($0) }
        MemberTally.withBytes(m.occupation) { parts[t].occupation.add($0) }
        if m.isMobile == true {
            parts[t].mobile += 1
            MemberTally.withBytes(m.mobileDestination) { parts[t].destination.add($0) }
        }
        let rural = MemberTally.withBytes(m.branchCategory) {
            MemberRules.isRural(isRural: m.isRural.map { $0 ? 1 : 0 }, category: $0)
        }
        if rural { parts[t].rural += 1 }
        if m.lostContact == true { parts[t].lostContact += 1 }
        if m.hardship == true { parts[t].hardship += 1 }
    }

    /// Counts a scanned member row (`scanUntallied`'s SELECT; duplicates left out by its WHERE).
    mutating func add(scanned row: ScannedRow, year: Int) {
        func text(_ c: MemberColumn) -> UnsafeBufferPointer<UInt8>? { row.text(c.rawValue) }
        let t = part(text(.township))
        parts[t].total += 1
        parts[t].add(age: MemberRules.age(birth: text(.birthDate), year: year))
        parts[t].periods[MemberRules.period(joined: text(.joinedOn))] += 1
        parts[t].gender.add(text(.gender))
        parts[t].education.add(text(.education))
        parts[t].status.add(text(.status))
        parts[t].ethnicity.add(text(.ethnicity))
        parts[t].occupation.add(text(.occupation))
        if row.int(MemberColumn.isMobile.rawValue) == 1 {
            parts[t].mobile += 1
            parts[t].destination.add(text(.mobileDestination))
        }
        if MemberRules.isRural(isRural: row.int(MemberColumn.isRural.rawValue), category: text(.branchCategory)) {
            parts[t].rural += 1
        }
        if row.int(MemberColumn.lostContact.rawValue) == 1 { parts[t].lostContact += 1 }
        if row.int(MemberColumn.hardship.rawValue) == 1 { parts[t].hardship += 1 }
    }

    /// Every figure, township by township in first-seen order; zero counts left out.
    public var rows: [TallyRow] {
        var rows: [TallyRow] = []
        for (t, part) in parts.enumerated() {
            let township = townships.text(t)
            func row(_ figure: TallyFigure, _ key: String, _ n: Int) {
                if n > 0 { rows.append(TallyRow(township: township, figure: figure, key: key, members: n)) }
            }
            row(.total, "", part.total)
            row(.mobile, "", part.mobile)
            row(.rural, "", part.rural)
            row(.lostContact, "", part.lostContact)
            row(.hardship, "", part.hardship)
            // The rules of the text columns, once per distinct stored value.
            var women = 0, genders = [0, 0, 0]  // 女, 男, 未知
            part.gender.forEach { value, n in
                let isWoman = MemberRules.equal(value, MemberRules.woman)
                if isWoman { women += n }
                genders[isWoman ? 0 : MemberRules.equal(value, MemberRules.man) ? 1 : 2] += n
            }
            row(.women, "", women)
            for (key, n) in zip(["女", "男", "未知"], genders) { row(.gender, key, n) }
            var college = 0, minority = 0, probationary = 0
            var labels: [TallyFigure: [String: Int]] = [:]
            func label(_ figure: TallyFigure, _ value: UnsafeBufferPointer<UInt8>?, _ n: Int) {
                let text = MemberRules.label(value) { String(decoding: $0, as: UTF8.self) }
                labels[figure, default: [:]][text, default: 0] += n
            }
            part.education.forEach { value, n in
                label(.education, value, n)
                if let value, MemberRules.isOne(of: MemberRules.collegeLevels, value) { college += n }
            }
            part.ethnicity.forEach { value, n in
                label(.ethnicity, value, n)
                if let value, !MemberRules.isOne(of: MemberRules.majorityOrUnknown,
                                                 MemberRules.trim(value)) { minority += n }
            }
            part.occupation.forEach { value, n in label(.occupation, value, n) }
            part.destination.forEach { value, n in label(.destination, value, n) }
            part.status.forEach { value, n in
                if MemberRules.equal(value, MemberRules.probationary) { probationary += n }
            }
            row(.college, "", college)
            row(.minority, "", minority)
            row(.probationary, "", probationary)
            var ages = part.otherAges
            for (age, n) in part.ages.enumerated() where n > 0 { ages[age] = n }
            for (age, n) in ages.sorted(by: { $0.key < $1.key }) { row(.age, String(age), n) }
            row(.age, "", part.unknownAge)
            for (i, n) in part.periods.enumerated() { row(.period, String(i), n) }
            for figure in [TallyFigure.education, .ethnicity, .occupation, .destination] {
                for (key, n) in (labels[figure] ?? [:]).sorted(by: { $0.key < $1.key }) { row(figure, key, n) }
            }
        }
        return rows
    }

    /// Each case's place, for `ValueCounts.add(_:_:)`.
    private static func ordinal(_ g: Gender) -> Int {
        switch g {
        case .male: 0
        case .female: 1
        }
    }

    private static func ordinal(_ s: MemberStatus) -> Int {
        switch s {
        case .full: 0
        case .probationary: 1
        }
    }

    private static func ordinal(_ e: Education) -> Int {
        switch e {
        case .postgraduate: 0
        case .bachelor: 1
        case .associate: 2
        case .technical: 3
        case .highSchool: 4
        case .juniorOrBelow: 5
        }
    }

    /// The string's UTF-8 bytes in place (nil for nil), valid only inside `body`.
    @inline(__always)
    static func withBytes<R>(_ text: String?, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        // `withUTF8` lends any string's bytes (a small one's from the stack); the
        // `utf8.withContiguousStorageIfAvailable` this replaced gave nil for the
        // township of every member, which then made an array of it.
        guard var text else { return body(nil) }
        return text.withUTF8 { body($0) }
    }
}

/// How many members have each stored value of a text column (by its bytes), and how
/// many have NULL.
struct ValueCounts: Sendable {
    private var values = ByteCounts()
    private var null = 0
    /// For values of an enumeration: each case's index in `values`, once seen.
    private var cases: [Int] = []

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>?) {
        guard let bytes else { null += 1; return }
        values.add(bytes)
    }

    /// Adds the value of an enumeration's case `ordinal` (nil for NULL), whose stored
    /// text is `text`: its bytes are looked up once per case.
    mutating func add(_ ordinal: Int?, _ text: String?) {
        guard let ordinal, let text else { null += 1; return }
        if ordinal >= cases.count { cases += [Int](repeating: -1, count: ordinal + 1 - cases.count) }
        if cases[ordinal] < 0 { cases[ordinal] = MemberTally.withBytes(text) { values.index(of: $0!) } }
        values.add(at: cases[ordinal])
    }

    /// Calls `body` with each value (nil for NULL) and its count.
    func forEach(_ body: (UnsafeBufferPointer<UInt8>?, Int) -> Void) {
        if null > 0 { body(nil, null) }
        for i in values.counts.indices where values.counts[i] > 0 {
            values.withKey(i) { body($0, values.counts[i]) }
        }
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
                throw StoreError(code: .storeTally, message: "数据库中的统计项无法识别：\(row[1] as String)")
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
            tally.add(scanned: row, year: year)
        }
        return tally
    }
}
