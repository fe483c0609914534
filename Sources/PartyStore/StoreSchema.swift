import GRDB

/// The versioned schema of the partystats store.
///
/// Conventions shared by every reader of the store:
/// - `year` is the report year on every record table.
/// - Counted members are `member` rows with `duplicate_of IS NULL`.
/// - Dates are ISO text: `YYYY-MM-DD`, or `YYYY-MM` at month precision.
/// - Booleans are 0/1 integers; NULL means the column was absent from the return.
/// - Money is integer fen (`amount_fen`).
/// - `id_number` holds a usable 18-character ID (never masked in the store; the
///   store file is mode 0600). Human-facing outputs mask it.
enum StoreSchema {
    /// The member ID index of schema v1, dropped by migration v4.
    static let memberIDIndex = "CREATE INDEX member_id_number ON member(year, id_number)"

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
            CREATE TABLE import_run (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                started_at TEXT NOT NULL,
                tool_version TEXT NOT NULL
            );
            CREATE TABLE source_file (
                id INTEGER PRIMARY KEY,
                import_id INTEGER NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                path TEXT NOT NULL,
                size INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                format TEXT NOT NULL,
                encoding TEXT,
                imported INTEGER NOT NULL,
                rejected INTEGER NOT NULL
            );
            CREATE INDEX source_file_year ON source_file(year, sha256);
            CREATE TABLE sheet (
                id INTEGER PRIMARY KEY,
                file_id INTEGER NOT NULL REFERENCES source_file(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                name TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                kind TEXT NOT NULL,            -- branch | roster | ledger | skipped
                rows_read INTEGER NOT NULL,
                imported INTEGER NOT NULL,
                rejected INTEGER NOT NULL,
                skipped_json TEXT NOT NULL,    -- {"header": n, "blank": n, "total": n, "note": n}
                warnings INTEGER NOT NULL
            );
            CREATE TABLE member (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                sheet_id INTEGER NOT NULL REFERENCES sheet(id) ON DELETE CASCADE,
                row INTEGER NOT NULL,
                name TEXT NOT NULL,
                id_number TEXT,                -- usable 18-character ID or NULL
                gender TEXT,                   -- 男 | 女 | NULL
                ethnicity TEXT,                -- canonical name (汉族 …) or as written
                birth_date TEXT,
                joined_on TEXT,
                confirmed_on TEXT,
                status TEXT,                   -- 正式党员 | 预备党员 | NULL
                education TEXT,                -- 研究生 | 大学本科 | 大学专科 | 中专 | 高中 | 初中及以下 | NULL
                occupation TEXT,
                township TEXT NOT NULL,        -- display name, or 未知
                branch TEXT,
                branch_category TEXT,
                is_rural INTEGER,
                is_mobile INTEGER,
                mobile_destination TEXT,
                lost_contact INTEGER,
                hardship INTEGER,
                phone TEXT,
                duplicate_of INTEGER           -- member.id of the first row with the same ID this year
            );
            CREATE INDEX member_year ON member(year, township);
            \(memberIDIndex);
            CREATE TABLE organisation (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                sheet_id INTEGER NOT NULL REFERENCES sheet(id) ON DELETE CASCADE,
                row INTEGER NOT NULL,
                township TEXT NOT NULL,
                category TEXT,                 -- canonical category, or as written when unknown
                units_total INTEGER,
                units_covered INTEGER,
                committees INTEGER,
                general_branches INTEGER,
                branches INTEGER,
                members_reported INTEGER,
                service_centre INTEGER
            );
            CREATE INDEX organisation_year ON organisation(year, township);
            CREATE TABLE disbursement (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                sheet_id INTEGER NOT NULL REFERENCES sheet(id) ON DELETE CASCADE,
                row INTEGER NOT NULL,
                recipient TEXT,
                recipient_id TEXT,             -- usable 18-character ID or NULL
                amount_fen INTEGER NOT NULL,
                date TEXT,
                township TEXT NOT NULL,
                category TEXT,
                source TEXT NOT NULL           -- canonical source, 未注明 when blank
            );
            CREATE INDEX disbursement_year ON disbursement(year, township);
            CREATE TABLE declared_total (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                sheet_id INTEGER NOT NULL REFERENCES sheet(id) ON DELETE CASCADE,
                row INTEGER NOT NULL,
                label TEXT NOT NULL,           -- 合计 / 总计 / 小计 / 全县
                field TEXT NOT NULL,           -- e.g. branches, amount_fen
                column TEXT NOT NULL,          -- column letter
                declared INTEGER NOT NULL,
                computed INTEGER NOT NULL      -- sum of the data rows it covers
            );
            CREATE TABLE problem (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                sheet_id INTEGER REFERENCES sheet(id) ON DELETE CASCADE,
                file TEXT NOT NULL,
                sheet TEXT,
                row INTEGER,
                column TEXT,
                header TEXT,
                value TEXT,                    -- raw value, ID numbers masked
                code TEXT NOT NULL,
                severity TEXT NOT NULL,        -- reject | warning
                message TEXT NOT NULL
            );
            CREATE INDEX problem_year ON problem(year);
            CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """)
        }
        // The duplicates of a year, for the member.duplicate check: a partial index
        // holds only the (few) duplicate rows, where member_year would make the check
        // visit every member of the year.
        migrator.registerMigration("v2-duplicates-index") { db in
            try db.execute(sql: """
                CREATE INDEX member_duplicates ON member(year, duplicate_of) WHERE duplicate_of IS NOT NULL;
                """)
        }
        // member(year, township) served township-ordered walks that fetched every row at
        // random; the queries now scan, and `year = ?` alone is served by
        // member_id_number(year, id_number). One index fewer to fill on every import.
        migrator.registerMigration("v3-drop-member-year-index") { db in
            try db.execute(sql: "DROP INDEX IF EXISTS member_year")
        }
        // member_id_number(year, id_number) served the year-over-year join, which now
        // groups a sequential scan by ID. Its other users gain nothing from it (a
        // year's members are read faster by a scan than through it) and every import
        // paid for it: filled in random ID order it cost 2.3 s of a 1,000,000-member
        // import when rebuilt after the rows, more when kept. The year's ID list for the
        // recipients check is built by one scan when a ledger has recipient IDs.
        migrator.registerMigration("v4-drop-member-id-index") { db in
            try db.execute(sql: "DROP INDEX IF EXISTS member_id_number")
        }
        // The member figures of each sheet, kept as its members are stored (`MemberTally`):
        // indicators read these instead of scanning every member of the year. Sheets
        // stored before (tallied = 0) are scanned.
        migrator.registerMigration("v5-member-tally") { db in
            try db.execute(sql: """
                ALTER TABLE sheet ADD COLUMN tallied INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE member_tally (
                    sheet_id INTEGER NOT NULL REFERENCES sheet(id) ON DELETE CASCADE,
                    township TEXT NOT NULL,
                    figure TEXT NOT NULL,      -- TallyFigure: total, women, … age, period, gender, education, …
                    key TEXT NOT NULL,         -- '' for counts; the age, period, gender or label
                    members INTEGER NOT NULL
                );
                CREATE INDEX member_tally_sheet ON member_tally(sheet_id);
                """)
        }
        // The organisations of 党组织概况表 sheets (SPEC §9), beside their branch-return
        // rows in `organisation`, for counts by type.
        migrator.registerMigration("v6-org-unit") { db in
            try db.execute(sql: """
                CREATE TABLE org_unit (
                    id INTEGER PRIMARY KEY,
                    year INTEGER NOT NULL,
                    sheet_id INTEGER NOT NULL REFERENCES sheet(id) ON DELETE CASCADE,
                    row INTEGER NOT NULL,
                    township TEXT NOT NULL,
                    category TEXT,
                    name TEXT NOT NULL,
                    type TEXT NOT NULL         -- 党委 | 党总支 | 党支部 | 联合党支部 | 临时党支部, or as written
                );
                CREATE INDEX org_unit_sheet ON org_unit(sheet_id);
                """)
        }
        // People on a roster who are no longer members (减少原因, 出党, 死亡, 转出; SPEC §9):
        // kept apart from `member`, so that the member table and its tallies count members only.
        migrator.registerMigration("v7-former-member") { db in
            try db.execute(sql: """
                CREATE TABLE former_member (
                    id INTEGER PRIMARY KEY,
                    year INTEGER NOT NULL,
                    sheet_id INTEGER NOT NULL REFERENCES sheet(id) ON DELETE CASCADE,
                    row INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    id_number TEXT,            -- usable 18-character ID or NULL
                    township TEXT NOT NULL,
                    branch TEXT,
                    reason TEXT NOT NULL,      -- 出党 | 停止党籍 | 死亡 | 转出 | 其他 | as written
                    left_on TEXT               -- ISO date, day or month precision
                );
                CREATE INDEX former_member_sheet ON former_member(sheet_id);
                """)
        }
        // The funding figures of reporting units (issue 19): a higher level reads each
        // county's 帮扶资金 sheet (no official form carries funding) as totals by
        // category, source and month, not as payments.
        migrator.registerMigration("v8-funding-tally") { db in
            try db.execute(sql: """
                CREATE TABLE funding_tally (
                    id INTEGER PRIMARY KEY,
                    year INTEGER NOT NULL,
                    sheet_id INTEGER NOT NULL REFERENCES sheet(id) ON DELETE CASCADE,
                    row INTEGER NOT NULL,
                    township TEXT NOT NULL,    -- the reporting unit
                    dimension TEXT NOT NULL,   -- total | category | source | month
                    key TEXT NOT NULL,         -- '' for the total; the category, source or month (YYYY-MM)
                    amount_fen INTEGER NOT NULL,
                    records INTEGER,           -- the total row only
                    recipients INTEGER         -- the total row only
                );
                CREATE INDEX funding_tally_sheet ON funding_tally(sheet_id);
                """)
        }
        return migrator
    }
}
