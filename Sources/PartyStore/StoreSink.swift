import Foundation
import GRDB
import HandOff
import PartyImport
import PartyModel
import SQLiteBinding

/// Writes what an import reads into the store, inside the caller's transaction
/// (``StoreWriter/beginRun(year:)`` makes it).
///
/// Statements are prepared once and reused for every row. The sink belongs to the
/// thread that holds the transaction (checked in debug builds: `owner`).
public final class StoreSink: ImportSink {
    private let db: Database
    private let year: Int
    private let importID: Int64
    private var fileID: Int64 = 0
    private var sheetID: Int64?
    private var sheetName = ""
    private var sheetOrdinal = 0
    private var sheetKind: TableKind?
    /// Inserts up to `membersPerInsert` members in one statement: SQLite then runs one
    /// program for them, with its cursor at the end of the table, instead of
    /// starting, seeking and halting once per member. Each member is bound as it
    /// arrives (no copy of it is kept). A batch cut short by the end of a sheet leaves
    /// its last rows unbound: NULL in NOT NULL columns, which `OR IGNORE` skips. Every
    /// batch checks that SQLite wrote exactly the members bound, so that no member can
    /// be skipped unseen.
    private let insertMembers: Statement
    static let membersPerInsert = 64
    /// The batch being bound, and how many members it holds.
    // Used by the store's thread alone, never reentrantly: not checked for exclusivity
    // at run time (as the per-member state of the pipeline is not).
    @exclusivity(unchecked) private var memberBatch: RowInsert
    @exclusivity(unchecked) private var membersBound = 0
    private let insertOrganisation: Statement
    private let insertDisbursement: Statement
    private let insertFormer: Statement
    private let insertProblem: Statement
    private let insertTally: Statement
    /// The figures of the current sheet's counted members, stored with the sheet.
    @exclusivity(unchecked) private var tally = MemberTally()
    /// Each insert's texts, bound in place (see `BindBuffer`).
    private let memberTexts = BindBuffer(), problemTexts = BindBuffer()
    /// The row id of the first member of this import: members are stored under the
    /// references the pipeline gives them, counting up from here (one past the largest id stored).
    public let firstMemberID: Int64
    /// The thread that holds the transaction, the only one that may use this sink.
    private let owner = ThreadOwner()

    init(db: Database, year: Int, importID: Int64) throws {
        self.db = db
        self.year = year
        self.importID = importID
        firstMemberID = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(id), 0) + 1 FROM member") ?? 1
        let memberValues = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        insertMembers = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO member (id, year, sheet_id, row, name, id_number, gender, ethnicity, birth_date,
              joined_on, confirmed_on, status, education, occupation, township, branch, branch_category, is_rural,
              is_mobile, mobile_destination, lost_contact, hardship, phone, duplicate_of)
            VALUES \(Array(repeating: memberValues, count: StoreSink.membersPerInsert).joined(separator: ","))
            """)
        memberBatch = RowInsert(insertMembers, db: db, texts: memberTexts)
        insertOrganisation = try db.makeStatement(sql: """
            INSERT INTO organisation (year, sheet_id, row, township, category, units_total, units_covered, committees,
              general_branches, branches, members_reported, service_centre)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        insertDisbursement = try db.makeStatement(sql: """
            INSERT INTO disbursement (year, sheet_id, row, recipient, recipient_id, amount_fen, date, township,
              category, source)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """)
        insertFormer = try db.makeStatement(sql: """
            INSERT INTO former_member (year, sheet_id, row, name, id_number, township, branch, reason, left_on)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        insertTally = try db.makeStatement(sql: """
            INSERT INTO member_tally (sheet_id, township, figure, key, members) VALUES (?,?,?,?,?)
            """)
        insertProblem = try db.makeStatement(sql: """
            INSERT INTO problem (year, sheet_id, file, sheet, row, column, header, value, code, severity, message)
            VALUES (?,?,?,?,?,?,?,?,?,?,?)
            """)
    }

    /// Writes one event: a record into its table, a mark opening or closing a file or sheet.
    public func receive(_ event: consuming ImportEvent) throws {
        owner.check("StoreSink")
        switch consume event {
        case .beginFile(let file): try beginFile(file)
        case .beginSheet(let name, let ordinal, let kind): try beginSheet(name: name, ordinal: ordinal, kind: kind)
        case .member(let member, let ref, let duplicateOf): try self.member(member, id: ref, duplicateOf: duplicateOf)
        case .formerMember(let record): try formerMember(record)
        case .organisation(let record): try organisation(record)
        case .disbursement(let record): try disbursement(record)
        case .declaredTotal(let total): try declaredTotal(total)
        case .memberFigure(let figure):
            try insertTally.execute(arguments: [sheetID, figure.township, figure.figure, figure.key, figure.members])
        case .fundingFigure(let f):
            try db.execute(sql: """
                INSERT INTO funding_tally (year, sheet_id, row, township, dimension, key, amount_fen, records, \
                recipients)
                VALUES (?,?,?,?,?,?,?,?,?)
                """, arguments: [year, sheetID, f.row, f.township, f.dimension, f.key, f.amount.rawValue, f.records,
                               f.recipients])
        case .problem(let problem): try self.problem(problem)
        case .endSheet(let summary): try endSheet(summary)
        case .endFile(let summary): try endFile(summary)
        }
    }

    private func beginFile(_ file: SourceFile) throws {
        // The hash is written with the file's counts (`endFile`), once the file is read.
        try db.execute(sql: """
            INSERT INTO source_file (import_id, year, path, size, sha256, format, encoding, imported, rejected)
            VALUES (?,?,?,?,'',?,?,0,0)
            """, arguments: [importID, year, file.path, file.size, file.format, file.encoding])
        fileID = db.lastInsertedRowID
    }

    private func beginSheet(name: String, ordinal: Int, kind: TableKind?) throws {
        try flushMembers()
        try db.execute(sql: """
            INSERT INTO sheet (file_id, year, name, ordinal, kind, rows_read, imported, rejected, skipped_json,
              warnings)
            VALUES (?,?,?,?,?,0,0,0,'{}',0)
            """, arguments: [fileID, year, name, ordinal, kind?.rawValue ?? "skipped"])
        sheetID = db.lastInsertedRowID
        sheetName = name
        tally = MemberTally()
    }

    /// Binds a member, stored with row id `id` (the pipeline's reference).
    private func member(_ m: MemberRecord, id: Int64, duplicateOf: Int64?) throws {
        if duplicateOf == nil { tally.add(stored: m, year: year) }
        try bind(m, id: id, duplicateOf: duplicateOf, to: &memberBatch)
        membersBound += 1
        if membersBound == StoreSink.membersPerInsert { try flushMembers() }
    }

    /// Writes the members bound so far.
    private func flushMembers() throws {
        guard membersBound > 0 else { return }
        try memberBatch.run()
        guard db.changesCount == membersBound else {
            throw StoreError(code: .storeWrite, message: "写入党员记录时数据库只写入了 \(db.changesCount) 条（应为 \(membersBound) 条）")
        }
        membersBound = 0
        memberBatch = RowInsert(insertMembers, db: db, texts: memberTexts)
    }

    private func bind(_ m: MemberRecord, id: Int64, duplicateOf: Int64?, to row: inout RowInsert) throws {
        try row.bind(id)
        try row.bind(year)
        try row.bind(sheetID)
        try row.bind(m.row)
        try row.bind(m.name)
        if let id = m.idNumber { try id.withUTF8 { try row.bind(utf8: $0) } } else { try row.bind(utf8: nil) }
        try row.bind(m.gender?.rawValue)
        try row.bind(m.ethnicity)
        try bind(m.birthDate, to: &row)
        try bind(m.joinedOn, to: &row)
        try bind(m.confirmedOn, to: &row)
        try row.bind(m.status?.rawValue)
        try row.bind(m.education?.rawValue)
        try row.bind(m.occupation)
        try row.bind(m.township)
        try row.bind(m.branch)
        try row.bind(m.branchCategory)
        try row.bind(m.isRural)
        try row.bind(m.isMobile)
        try row.bind(m.mobileDestination)
        try row.bind(m.lostContact)
        try row.bind(m.hardship)
        try row.bind(m.phone)
        try row.bind(duplicateOf)
    }

    /// Binds a date as its ISO text, made in place (no `String`).
    private func bind(_ date: PartyDate?, to row: inout RowInsert) throws {
        if let date { try date.withISOText { try row.bind(utf8: $0) } } else { try row.bind(utf8: nil) }
    }

    private func organisation(_ o: OrganisationRecord) throws {
        try insertOrganisation.execute(arguments: [
            year, sheetID, o.row, o.township, o.category, o.unitsTotal, o.unitsCovered, o.committees,
            o.generalBranches, o.branches, o.membersReported, o.serviceCentre,
        ])
        if let unit = o.unit {
            try db.execute(sql: """
                INSERT INTO org_unit (year, sheet_id, row, township, category, name, type) VALUES (?,?,?,?,?,?,?)
                """, arguments: [year, sheetID, o.row, o.township, o.category, unit.name, unit.type])
        }
    }

    private func formerMember(_ f: FormerMemberRecord) throws {
        try insertFormer.execute(arguments: [
            year, sheetID, f.row, f.name, f.idNumber?.value, f.township, f.branch, f.reason, f.leftOn?.iso,
        ])
    }

    private func disbursement(_ d: DisbursementRecord) throws {
        try insertDisbursement.execute(arguments: [
            year, sheetID, d.row, d.recipient, d.recipientID?.value, d.amount.rawValue, d.date?.iso, d.township,
            d.category, d.source,
        ])
    }

    private func declaredTotal(_ t: DeclaredTotal) throws {
        try db.execute(sql: """
            INSERT INTO declared_total (year, sheet_id, row, label, field, column, declared, computed)
            VALUES (?,?,?,?,?,?,?,?)
            """, arguments: [year, sheetID, t.row, t.label, t.field.rawValue, t.column, t.declared, t.computed])
    }

    private func problem(_ p: Problem) throws {
        var row = RowInsert(insertProblem, db: db, texts: problemTexts)
        try row.bind(year)
        try row.bind(sheetID)
        try row.bind(p.file)
        try row.bind(p.sheet)
        try row.bind(p.row)
        try row.bind(p.column)
        try row.bind(p.header)
        try row.bind(p.value)
        try row.bind(p.code)
        try row.bind(p.severity.rawValue)
        try row.bind(p.message)
        try row.run()
    }

    private func endSheet(_ s: SheetSummary) throws {
        try flushMembers()
        let skipped = String(decoding: try JSONEncoder.sorted.encode(s.skipped), as: UTF8.self)
        for row in tally.rows {
            try insertTally.execute(arguments: [sheetID, row.township, row.figure.rawValue, row.key, row.members])
        }
        try db.execute(sql: """
            UPDATE sheet SET rows_read = ?, imported = ?, rejected = ?, skipped_json = ?, warnings = ?, tallied = 1
            WHERE id = ?
            """, arguments: [s.rowsRead, s.imported, s.rejected, skipped, s.warnings, sheetID])
        sheetID = nil
    }

    private func endFile(_ f: FileSummary) throws {
        try flushMembers()
        try db.execute(sql: "UPDATE source_file SET sha256 = ?, imported = ?, rejected = ? WHERE id = ?",
                       arguments: [f.sha256, f.imported, f.rejected, fileID])
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, for stable stored JSON.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
