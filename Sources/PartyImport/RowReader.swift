import PartyModel
import SheetReader

/// Reads typed values out of one data row, recording warnings and the first reject.
///
/// Every problem is located by file, sheet, row, column letter and header text.
struct RowReader {
    /// What every row of a sheet shares, made once per sheet: one reference per row
    /// instead of a copy (and retain) of the layout and texts.
    final class Sheet {
        let layout: HeaderLayout
        let file: String
        let sheet: String
        /// Category synonyms from the mapping file.
        let extraCategories: [String: String]
        /// The report year, for the plausibility of birth dates (born after it).
        let reportYear: Int
        /// The texts of the columns with few distinct values, made once each (`interned`).
        /// Used by the pipeline's thread alone, never reentrantly: not checked for
        /// exclusivity at run time.
        @exclusivity(unchecked) private var branches = InternTable()
        @exclusivity(unchecked) private var occupations = InternTable()
        @exclusivity(unchecked) private var destinations = InternTable()

        /// The columns with an `InternTable`.
        enum Interned { case branch, occupation, destination }

        /// The string of a cell of an interned column (see `InternTable`) when its bytes
        /// need no cleaning or compacting (``TextNormaliser/isPlain(_:)``); nil for any
        /// other cell. Only such bytes are held, so a cell found needs no scan.
        func string(_ column: Interned, _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
            func make(_ b: UnsafeBufferPointer<UInt8>) -> String { String(decoding: b, as: UTF8.self) }
            func string(_ table: inout InternTable) -> String? {
                if let held = table.lookup(bytes) { return held }
                guard TextNormaliser.isPlain(bytes) else { return nil }
                return table.string(bytes, make: make)
            }
            switch column {
            case .branch: return string(&branches)
            case .occupation: return string(&occupations)
            case .destination: return string(&destinations)
            }
        }

        init(layout: HeaderLayout, file: String, sheet: String, extraCategories: [String: String] = [:],
             reportYear: Int = ImportContext.currentYear) {
            self.layout = layout
            self.file = file
            self.sheet = sheet
            self.extraCategories = extraCategories
            self.reportYear = reportYear
        }
    }

    let row: SheetRow
    let shared: Sheet
    var layout: HeaderLayout { shared.layout }
    var file: String { shared.file }
    var sheet: String { shared.sheet }
    var extraCategories: [String: String] { shared.extraCategories }
    private(set) var problems: [Problem] = []
    private(set) var rejected = false

    init(row: SheetRow, sheet: Sheet) {
        self.row = row
        self.shared = sheet
    }

    func cell(_ field: Field) -> CellValue {
        guard let column = layout.column(field) else { return .empty }
        return row[column]
    }

    /// Cleaned text of a field, nil when blank or absent. A text cell whose bytes
    /// need no cleaning (most) becomes its `String` straight from the row's bytes.
    func text(_ field: Field) -> String? {
        guard let column = layout.column(field) else { return nil }
        // Written out rather than through plain(): this runs for most fields of every row.
        // An empty marker (`-`, `—`, `/`, `无`) reads as blank (SPEC §3).
        let fromBytes: String?? = row.utf8(column) { b -> String? in
            guard !b.isEmpty else { return nil }
            if TextNormaliser.isPlain(b) { return EmptyMarker.matches(b) ? nil : String(decoding: b, as: UTF8.self) }
            let s = TextNormaliser.clean(String(decoding: b, as: UTF8.self))
            return s.isEmpty || EmptyMarker.matches(s) ? nil : s
        }
        if let fromBytes { return fromBytes }
        let value = row[column]
        if case .error = value { return nil }
        let s = TextNormaliser.clean(value.displayText)
        return s.isEmpty || EmptyMarker.matches(s) ? nil : s
    }

    /// ``text(_:)`` compacted (`TextNormaliser.compact`): a cell whose bytes need no
    /// cleaning or compacting is its `String` as it is.
    func compactText(_ field: Field) -> String? {
        plain(field) { String(decoding: $0, as: UTF8.self) } ?? text(field).map(TextNormaliser.compact)
    }

    /// ``text(_:)`` or ``compactText(_:)`` (`compact`) of a column with few distinct
    /// values, through one of the sheet's `InternTable`s: a plain cell's `String` is
    /// made once per distinct cell.
    func interned(_ field: Field, compact: Bool, in table: Sheet.Interned) -> String? {
        strict(field) { shared.string(table, $0) } ?? (compact ? compactText(field) : text(field))
    }

    /// `body` of the bytes of a non-empty text cell, for a `body` that gives a value
    /// only for bytes that need no cleaning or compacting: a lookup of such texts
    /// (`parse(plain:)` of the coded columns, an `InternTable`) or a parser of a strict
    /// form (`DateParser.isoDay`). ``plain(_:_:)`` without its scan of every cell's
    /// bytes (a row's most frequent cells are found by a lookup alone). nil for any
    /// other cell; callers then read the cell as text.
    /// An empty marker (`-`, `/`, `无` …) is nil here too: ``text(_:)`` reads it as blank.
    func strict<T>(_ field: Field, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        guard let column = layout.column(field) else { return nil }
        let result: T?? = row.utf8(column) { b -> T? in b.isEmpty || EmptyMarker.matches(b) ? nil : body(b) }
        return result ?? nil
    }

    /// `body` of the bytes of a text cell that needs no cleaning or compacting
    /// (``TextNormaliser/isPlain(_:)``, not empty): the usual cell, read without a
    /// `String`. nil, without calling `body`, for any other cell; callers then read
    /// the cell as text, so that a miss here changes nothing.
    func plain<T>(_ field: Field, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        strict(field) { TextNormaliser.isPlain($0) ? body($0) : nil }
    }

    mutating func warn(_ field: Field?, _ code: ProblemCode, _ message: String, value: String? = nil) {
        add(field, code, .warning, message, value: value)
    }

    mutating func reject(_ field: Field?, _ code: ProblemCode, _ message: String, value: String? = nil) {
        rejected = true
        add(field, code, .reject, message, value: value)
    }

    private mutating func add(_ field: Field?, _ code: ProblemCode, _ severity: Severity, _ message: String, value: String?) {
        let binding = field.flatMap { layout.binding($0) }
        let raw = value ?? field.map { cell($0).displayText }
        problems.append(Problem(code: code, severity: severity, file: file, sheet: sheet, row: row.number,
                                column: binding.map { columnLetters($0.column) }, header: binding?.header,
                                value: raw.map { IDNumber.maskAll(in: $0) }, message: message))
    }

    /// An error cell (`#N/A` …) in a mapped column is a warning and reads as blank.
    mutating func checkErrorCells() {
        // A CSV row holds text only; error cells are rare: look for one before ordering the bindings.
        guard !row.isText, row.cells.contains(where: { if case .error = $0 { return true } else { return false } }) else { return }
        for binding in layout.columns.values.sorted(by: { $0.column < $1.column }) {
            if case .error(let e) = row[binding.column] {
                warn(binding.field, .cellError, "单元格是错误值 \(e)，按空白处理", value: e)
            }
        }
    }

    // MARK: - Typed readers

    mutating func flag(_ field: Field) -> Bool? {
        guard layout.column(field) != nil else { return nil }
        if let flag = strict(field, FlagParser.parse(plain:)) { return flag }
        switch cell(field) {
        case .bool(let b): return b
        case .number(let d): if d == 1 { return true } else if d == 0 { return false }
        default: break
        }
        guard let s = text(field) else { return false }
        if let b = FlagParser.parse(s) { return b }
        warn(field, .flagInvalid, "无法识别的是/否值，按未填写处理")
        return nil
    }

    /// A count; blank → nil; unreadable → the row is rejected.
    mutating func count(_ field: Field) -> Int? {
        let value = cell(field)
        let result: Result<Int, ValueError>
        switch value {
        case .number(let d): result = CountParser.parse(number: d)
        case .bool(let b): result = .success(b ? 1 : 0)
        default:
            guard let s = text(field) else { return nil }
            if field == .serviceCentre, let b = FlagParser.parse(s) { return b ? 1 : 0 }
            result = CountParser.parse(s)
        }
        switch result {
        case .success(let n):
            let limit: Int, what: String
            switch field {
            case .membersReported: (limit, what) = (PlausibleLimit.membersPerRow, "党员数")
            case .unitsTotal, .unitsCovered, .unitsCoveredSingle, .unitsCoveredJoint:
                (limit, what) = (PlausibleLimit.unitsPerRow, "单位数")
            default: (limit, what) = (PlausibleLimit.organisationsPerRow, "党组织数")
            }
            guard n <= limit else {
                // The value is not repeated in the message: it may be an ID or phone number.
                reject(field, .countImplausible, "数量超出合理范围（每行\(what)不超过 \(limit / 10_000) 万，可能误填了电话或身份证号），该行未导入")
                return nil
            }
            return n
        case .failure(let e):
            let why: String
            switch e {
            case .negative: why = "是负数"
            case .fractional: why = "不是整数"
            default: why = "不是数字"
            }
            reject(field, .countInvalid, "数量\(why)，该行未导入")
            return nil
        }
    }

    mutating func date(_ field: Field) -> PartyDate? {
        if let day = strict(field, DateParser.isoDay) { return .day(day) }
        let value = cell(field)
        var parsed: PartyDate?
        switch value {
        case .empty, .error: return nil
        case .date(let dt):
            parsed = Day(year: dt.year, month: dt.month, day: dt.day).map(PartyDate.day)
        case .number(let d):
            // Not date-formatted (that is `.date`): digits of a date, year.month, or a serial.
            let typed = DateParser.fromNumber(d)
            parsed = typed?.date
            if let typed, typed.ambiguousMonth {
                warn(field, .dateAmbiguousMonth,
                     "数字 \(CellValue.numberText(d)) 可能是 \(typed.date.year) 年 1 月或 10 月（Excel 把输入的 \(typed.date.year).10 存为 \(typed.date.year).1），按 10 月导入，请核对")
            }
        default:
            guard let s = text(field) else { return nil }
            parsed = DateParser.parse(s)
        }
        if parsed == nil {
            warn(field, .dateInvalid, "无法识别的日期，按未填写处理")
        }
        return parsed
    }

    /// An ID that Excel turned into a float (`4.11328195811038e+17`, `411328195811038000`)
    /// with every digit after the first six replaced by `*`, as ``IDNumber/masked`` does.
    static func maskLostPrecisionID(_ text: String) -> String {
        let exponent = text.firstIndex { $0 == "e" || $0 == "E" } ?? text.endIndex
        var digits = 0
        let mantissa = text[..<exponent].map { c -> Character in
            guard c.isASCII, c.isNumber else { return c }
            digits += 1
            return digits > 6 ? "*" : c
        }
        return String(mantissa) + text[exponent...]
    }

    /// The ID number of a roster or ledger row; unusable IDs are dropped with a warning.
    mutating func idNumber(_ field: Field) -> IDNumber? {
        let outcome: IDParseOutcome
        if let usual = plain(field, IDNumber.parse(utf8:)) {
            outcome = usual
        } else {
            switch cell(field) {
            case .number(let d): outcome = IDNumber.parse(number: d)
            case .empty, .error: return nil
            default:
                guard let s = text(field) else { return nil }
                outcome = IDNumber.parse(text: s)
            }
        }
        switch outcome {
        case .usable(let id, _):
            if !id.checksumValid {
                warn(field, .idChecksum, "身份证号校验位不正确（仍按此号码识别人员，请核对）")
            }
            return id
        case .lostPrecision:
            // The float text still carries 15 of the 18 digits: mask it like an ID.
            warn(field, .idLostPrecision, "身份证号以数字形式保存，已丢失末尾数字（请将该列设为文本后重新填写）；该号码未导入，人员保留",
                 value: RowReader.maskLostPrecisionID(cell(field).displayText))
            return nil
        case .invalid:
            warn(field, .idInvalid, "身份证号格式不正确（应为 18 位，含有效出生日期）；该号码未导入，人员保留")
            return nil
        case .empty:
            return nil
        }
    }
}
