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
        @exclusivity(unchecked) var branches = InternTable()
        @exclusivity(unchecked) var occupations = InternTable()
        @exclusivity(unchecked) var destinations = InternTable()

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

    /// Calls `body` with the field's cell as text (``CellText``: a text cell's bytes as read,
    /// any other cell's display text) unless it is blank as written; nil without calling it
    /// for an unbound field, an error cell or a blank (empty, `-`, `/`, `无` …) one.
    func withText<T>(_ field: Field, _ body: (CellText) -> T?) -> T? {
        guard let column = layout.column(field) else { return nil }
        let fromBytes: T?? = row.utf8(column) { b -> T? in
            let cell = CellText(b)
            return cell.isBlankAsWritten ? nil : body(cell)
        }
        if let fromBytes { return fromBytes }
        // A number, boolean, date or error cell (never in a text file's row).
        let value = row[column]
        if case .error = value { return nil }
        return CellText.with(value.displayText) { $0.isBlankAsWritten ? nil : body($0) }
    }

    /// Cleaned text of a field (``CellText/text``), nil when blank or absent.
    func text(_ field: Field) -> String? {
        withText(field) { $0.text }
    }

    /// ``text(_:)`` compacted (``CellText/compacted``).
    func compactText(_ field: Field) -> String? {
        withText(field) { $0.compacted }
    }

    mutating func warn(_ field: Field?, _ code: ProblemCode, _ message: String, value: String? = nil) {
        add(field, code, .warning, message, value: value)
    }

    mutating func reject(_ field: Field?, _ code: ProblemCode, _ message: String, value: String? = nil) {
        rejected = true
        add(field, code, .reject, message, value: value)
    }

    private mutating func add(_ field: Field?, _ code: ProblemCode, _ severity: Severity, _ message: String,
                              value: String?) {
        let binding = field.flatMap { layout.binding($0) }
        let raw = value ?? field.map { cell($0).displayText }
        problems.append(Problem(code: code, severity: severity, file: file, sheet: sheet, row: row.number,
                                column: binding.map { columnLetters($0.column) }, header: binding?.header,
                                value: raw.map { IDNumber.maskAll(in: $0) }, message: message))
    }

    /// An error cell (`#N/A` …) in a mapped column is a warning and reads as blank.
    mutating func checkErrorCells() {
        // A CSV row holds text only; error cells are rare: look for one before ordering the bindings.
        guard !row.isText,
              row.cells.contains(where: { if case .error = $0 { return true } else { return false } }) else { return }
        for binding in layout.columns.values.sorted(by: { $0.column < $1.column }) {
            if case .error(let e) = row[binding.column] {
                warn(binding.field, .cellError, "单元格是错误值 \(e)，按空白处理", value: e)
            }
        }
    }

    // MARK: - Typed readers

    /// What a parser made of a field's cell read as text (``read(_:_:)``).
    enum TextReading<T> {
        /// Unbound, an error cell, or blank once cleaned.
        case blank
        case parsed(T)
        /// The cleaned text the parser gave nothing for.
        case unreadable(String)
    }

    /// The field's cell as text (``withText(_:_:)``) through `parse`, one of PartyModel's
    /// cell parsers (which choose between their byte and text paths themselves).
    func read<T>(_ field: Field, _ parse: (CellText) -> T?) -> TextReading<T> {
        withText(field) { cell -> TextReading<T>? in
            if let value = parse(cell) { return .parsed(value) }
            return cell.text.map { .unreadable($0) }
        } ?? .blank
    }

    /// The field's cell when it is a number, boolean or date (a text file's row has none).
    private func typedCell(_ field: Field) -> CellValue? {
        guard !row.isText, let column = layout.column(field) else { return nil }
        switch row[column] {
        case .number, .bool, .date: return row[column]
        default: return nil
        }
    }

    mutating func flag(_ field: Field) -> Bool? {
        guard layout.column(field) != nil else { return nil }
        switch typedCell(field) {
        case .bool(let b): return b
        case .number(let d): if d == 1 { return true } else if d == 0 { return false }
        default: break
        }
        switch read(field, FlagParser.parse) {
        case .parsed(let flag): return flag
        case .blank: return false
        case .unreadable:
            warn(field, .flagInvalid, "无法识别的是/否值，按未填写处理")
            return nil
        }
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
        var parsed: PartyDate?
        switch typedCell(field) {
        case .date(let dt):
            parsed = Day(year: dt.year, month: dt.month, day: dt.day).map(PartyDate.day)
        case .number(let d):
            // Not date-formatted (that is `.date`): digits of a date, year.month, or a serial.
            let typed = DateParser.fromNumber(d)
            parsed = typed?.date
            if let typed, typed.ambiguousMonth {
                warn(field, .dateAmbiguousMonth,
                     "数字 \(CellValue.numberText(d)) 可能是 \(typed.date.year) 年 1 月或 10 月（Excel 把输入的 "
                         + "\(typed.date.year).10 存为 \(typed.date.year).1），按 10 月导入，请核对")
            }
        default:
            switch read(field, DateParser.parse) {
            case .parsed(let date): return date
            case .blank: return nil
            case .unreadable: parsed = nil
            }
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
        if case .number(let d) = typedCell(field) {
            outcome = IDNumber.parse(number: d)
        } else {
            guard case .parsed(let read) = read(field, IDNumber.parse) else { return nil }
            outcome = read
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
