/// Every stable problem and error code partystats reports, as a value the compiler checks.
///
/// The raw value is the stable English id that scripts match and the store keeps
/// (`id.checksum`, `xlsx.zip_bomb`); it never changes once released. Each code's Chinese
/// name, default level and one-line explanation are in ``entry`` (ProblemCode+Catalogue.swift),
/// which is exhaustive: a new case does not compile until it has its entry there.
/// `docs/problem-codes.md` is generated from ``allCases`` and checked by a test.
///
/// To add a code: add the case in its group below, add its entry in the catalogue's
/// `switch`, then regenerate the list (`UPDATE_DOCS=1 swift test --filter ProblemCodeDocsTests`).
///
///     Problem(code: .idChecksum, severity: .warning, file: path, message: "…")
///     ProblemCode.idChecksum.entry.name   // "身份证号校验位错误"
public enum ProblemCode: String, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    // Files and folders given to a command.
    case fileMissing = "file.missing"
    case fileUnsupported = "file.unsupported"
    case fileUnreadable = "file.unreadable"
    case fileDigest = "file.digest"
    case fileUnrecognised = "file.unrecognised"
    case fileDuplicate = "file.duplicate"

    // Sheets.
    case sheetNone = "sheet.none"
    case sheetNotFound = "sheet.not_found"
    case sheetAmbiguous = "sheet.ambiguous"
    case sheetUnrecognised = "sheet.unrecognised"
    case kindAmbiguous = "kind.ambiguous"
    case columnUnmapped = "column.unmapped"
    case sheetTooManyColumns = "sheet.too_many_columns"

    // CSV files.
    case csvBinary = "csv.binary"
    case csvInit = "csv.init"
    case csvInvalidEncoding = "csv.invalid_encoding"
    case csvParse = "csv.parse"
    case csvUnbalancedQuote = "csv.unbalanced_quote"
    case csvNotText = "csv.not_text"
    case csvIsWorkbook = "csv.is_workbook"

    // Cells.
    case cellTooLong = "cell.too_long"
    case cellError = "cell.error"
    case cellFormulaUncached = "cell.formula_uncached"

    // Reading .xlsx / .xlsm workbooks.
    case xlsxMissingPart = "xlsx.missing_part"
    case xlsxCorruptZip = "xlsx.corrupt_zip"
    case xlsxUnsafeEntry = "xlsx.unsafe_entry"
    case xlsxZipBomb = "xlsx.zip_bomb"
    case xlsxEncrypted = "xlsx.encrypted"
    case xlsxNotZip = "xlsx.not_zip"
    case xlsxOutOfMemory = "xlsx.out_of_memory"
    case xlsxBadXML = "xlsx.bad_xml"
    case xlsxDTDForbidden = "xlsx.dtd_forbidden"
    case xlsxCellTooLong = "xlsx.cell_too_long"
    case xlsxBadRow = "xlsx.bad_row"
    case xlsxBadSharedString = "xlsx.bad_shared_string"
    case xlsxRowOrder = "xlsx.row_order"
    case xlsxTooManyColumns = "xlsx.too_many_columns"
    case xlsxTooManyRows = "xlsx.too_many_rows"

    // Reading .xls workbooks.
    case xlsCorrupt = "xls.corrupt"
    case xlsEncrypted = "xls.encrypted"
    case xlsNotXLS = "xls.not_xls"
    case xlsIsXLSX = "xls.is_xlsx"
    case xlsTooManyRows = "xls.too_many_rows"
    case xlsTooManyColumns = "xls.too_many_columns"
    case xlsCellTooLong = "xls.cell_too_long"
    case xlsTooLarge = "xls.too_large"
    case xlsUnsupportedVersion = "xls.unsupported_version"

    // The import as a whole.
    case problemsSpill = "problems.spill"
    case mappingInvalid = "mapping.invalid"
    case mappingUnknownKey = "mapping.unknown_key"
    case mappingTooLarge = "mapping.too_large"
    case mappingFieldUnknown = "mapping.field_unknown"
    case mappingWrite = "mapping.write"

    // Rows that cannot be records (rejects).
    case rowNameMissing = "row.name_missing"
    case rowRecipientMissing = "row.recipient_missing"
    case rowTownshipMissing = "row.township_missing"
    case amountMissing = "amount.missing"
    case amountInvalid = "amount.invalid"
    case countInvalid = "count.invalid"
    case countImplausible = "count.implausible"
    case amountImplausible = "amount.implausible"

    // Values kept with a warning.
    case genderInvalid = "gender.invalid"
    case ethnicityUnknown = "ethnicity.unknown"
    case educationUnknown = "education.unknown"
    case statusUnknown = "status.unknown"
    case categoryUnknown = "category.unknown"
    case sourceUnknown = "source.unknown"
    case flagInvalid = "flag.invalid"
    case dateInvalid = "date.invalid"
    case dateAmbiguousMonth = "date.ambiguous_month"
    case dateImplausible = "date.implausible"
    case coverageExceedsUnits = "coverage.exceeds_units"
    case orgTypeUnknown = "org.type_unknown"
    case townshipUnknown = "township.unknown"

    // ID numbers.
    case idChecksum = "id.checksum"
    case idLostPrecision = "id.lost_precision"
    case idInvalid = "id.invalid"
    case idGenderMismatch = "id.gender_mismatch"
    case idBirthMismatch = "id.birth_mismatch"

    // Cross-row and cross-table checks.
    case memberDuplicate = "member.duplicate"
    case memberFormer = "member.former"
    case totalMismatch = "total.mismatch"
    case membersMismatch = "members.mismatch"
    case recipientNotInRoster = "recipient.not_in_roster"
    case membersIdentity = "members.identity"
    case flowsIdentity = "flows.identity"
    /// The arithmetic of the official forms and the checks above the county (issue 19).
    case formSumMismatch = "form.sum_mismatch"
    case coverageExceeds = "coverage.exceeds"
    case unitDuplicate = "unit.duplicate"
    case unitMissing = "unit.missing"
    case unitChange = "unit.change"

    // The store and the analytics over it.
    case storeMissing = "store.missing"
    case storeCreate = "store.create"
    case storeOpen = "store.open"
    case storeForeign = "store.foreign"
    case storeImplausible = "store.implausible"
    case storePermissions = "store.permissions"
    case storeWrite = "store.write"
    case storeSchema = "store.schema"
    case storeTally = "store.tally"
    case storeQuery = "store.query"
    case storeLevelMismatch = "store.level_mismatch"
    case yearMissing = "year.missing"

    // The leaders' workbook (writing through libxlsxwriter).
    case reportCleanup = "report.cleanup"
    case reportProblemsChanged = "report.problems_changed"
    case xlsxDestination = "xlsx.destination"
    case xlsxCreateFile = "xlsx.create_file"
    case xlsxTemporaryFile = "xlsx.tmpfile"
    case xlsxZip = "xlsx.zip"
    case xlsxMemory = "xlsx.memory"
    case xlsxIndexOutOfRange = "xlsx.index_out_of_range"
    case xlsxStringTooLong = "xlsx.string_too_long"
    case xlsxSheetName = "xlsx.sheet_name"
    case xlsxInvalidParameter = "xlsx.invalid_parameter"
    case xlsxLibrary = "xlsx.library"
    case xlsxClosed = "xlsx.closed"
    case xlsxRename = "xlsx.rename"

    // The data-package export.
    case exportStore = "export.store"
    case exportRowWidth = "export.row_width"
    case exportOutputParent = "export.output_parent"
    case exportOutputExists = "export.output_exists"
    case exportBadDate = "export.bad_date"
    case exportWrite = "export.write"

    // The page (`partystats serve`): access, uploads, requests.
    case accessTokenMissing = "access.token_missing"
    case accessTokenWrong = "access.token_wrong"
    case accessCrossOrigin = "access.cross_origin"
    case uploadNotMultipart = "upload.not_multipart"
    case uploadMalformed = "upload.malformed"
    case uploadTooLarge = "upload.too_large"
    case uploadFileTooLarge = "upload.file_too_large"
    case uploadTooMany = "upload.too_many"
    case uploadEmpty = "upload.empty"
    case uploadNameInvalid = "upload.name_invalid"
    case uploadNameTwice = "upload.name_twice"
    case uploadWrite = "upload.write"
    case requestInvalid = "request.invalid"
    case requestNotFound = "request.not_found"
    case serveListen = "serve.listen"

    // The command line.
    case usageInvalid = "usage.invalid"
    case internalUnexpected = "internal.unexpected"

    /// The stable English id (the raw value), as printed in `[…]` and stored.
    public var description: String { rawValue }

    /// How serious a code is by default: `error` stops the command (a file or the store
    /// cannot be used), `reject` leaves a row out, `warning` keeps it.
    public enum Level: String, Sendable, CaseIterable {
        case error, reject, warning

        /// The Chinese word shown beside a problem: 错误, 拒绝, 警告.
        public var label: String {
            switch self {
            case .error: "错误"
            case .reject: "拒绝"
            case .warning: "警告"
            }
        }
    }

    /// What a reader of a report or a message needs to know about a code.
    public struct Entry: Sendable, Equatable {
        /// The short Chinese name (短名), e.g. `身份证号校验位错误`.
        public var name: String
        /// The default level; nil when it depends on the finding (`members.identity`).
        public var level: Level?
        /// One Chinese sentence: what happened and what to do.
        public var explanation: String
    }

    /// The catalogue entry of an id found in stored data, or nil when the id is not
    /// (or no longer) a code of this version.
    public static func entry(forID id: String) -> Entry? {
        ProblemCode(rawValue: id)?.entry
    }
}
