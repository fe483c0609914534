/// Turns one BIFF cell record into cell values ([MS-XLS] 2.4): numbers with their
/// cell format (dates from the XF's number format, in the workbook's date system),
/// text (shared, BIFF8 Unicode, or BIFF5 bytes in the workbook's code page), booleans,
/// errors and the cached results of formulas.
struct XLSCellDecoder {
    private let strings: [String]
    private let longStrings: Set<Int>
    private let kinds: [XLSXDates.FormatKind]
    private let date1904: Bool
    private let biff8: Bool
    private let biff2: Bool
    private let text: XLSCodePage
    private let limits: ReadLimits
    /// The cell of the last FORMULA whose string result follows in a STRING record.
    private var pendingString: (row: Int, column: Int)?
    /// Where the last decoded record was, for error messages.
    private(set) var lastRow: Int?
    private(set) var lastColumn: Int?

    init(book: XLSBook) {
        strings = book.globals.strings
        longStrings = book.globals.longStrings
        kinds = book.globals.formatKinds
        date1904 = book.globals.date1904
        biff8 = book.globals.biff8
        biff2 = book.globals.biff2
        text = XLSCodePage(book.globals.codePage)
        limits = book.limits
    }

    /// Decodes `record`, calling `put` for each cell that holds a value.
    /// - Throws: `XLSFault` for a record too short for its type, a shared-string index
    ///   out of range, a column or text beyond the limits.
    @inline(__always)
    mutating func decode(_ record: XLSRecord, in bytes: [UInt8],
                         put: (_ row: Int, _ column: Int, _ value: CellValue) -> Void) throws(XLSFault) {
        let b = record.body, n = record.length
        switch record.type {
        case 0x00FD: // LABELSST
            let (row, column) = try place(bytes, record, minimum: 10)
            let index = Int(bytes.le32(b + 6))
            guard index < strings.count else {
                throw .corrupt("共享字符串索引 \(index) 不存在（共 \(strings.count) 个）")
            }
            if !longStrings.isEmpty && longStrings.contains(index) { throw tooLong(strings[index].utf16.count) }
            put(row, column, .text(strings[index]))
        case 0x0203: // NUMBER
            let (row, column) = try place(bytes, record, minimum: 14)
            put(row, column, number(bytes.leDouble(b + 6), xf: bytes.le16(b + 4)))
        case 0x027E: // RK
            let (row, column) = try place(bytes, record, minimum: 10)
            put(row, column, number(Self.rk(bytes.le32(b + 6)), xf: bytes.le16(b + 4)))
        case 0x00BD: // MULRK: row, first column, (xf, rk) × n, last column
            let (row, first) = try place(bytes, record, minimum: 6)
            let count = (n - 6) / 6
            guard first + count <= limits.maxColumns else { throw tooWide(first + count) }
            for i in 0..<count {
                let at = b + 4 + 6 * i
                put(row, first + i, number(Self.rk(bytes.le32(at + 2)), xf: bytes.le16(at)))
            }
        case 0x0006, 0x0206, 0x0406: // FORMULA: the cached result after row, column and XF (BIFF2: 3 attribute bytes)
            let at = biff2 ? 7 : 6
            let (row, column) = try place(bytes, record, minimum: at + 10)
            pendingString = nil
            let xf = biff2 ? 0 : bytes.le16(b + 4)
            guard bytes[b + at + 6] == 0xFF && bytes[b + at + 7] == 0xFF else {
                put(row, column, number(bytes.leDouble(b + at), xf: xf))
                return
            }
            switch bytes[b + at] {
            case 0: pendingString = (row, column)
            case 1: put(row, column, .bool(bytes[b + at + 2] != 0))
            case 2: put(row, column, .error(Self.errorText(bytes[b + at + 2])))
            case 3: put(row, column, .text("")) // an empty string, as the .xlsx reader gives it
            default: break
            }
        case 0x0207: // STRING: the text result of the FORMULA before it
            guard let (row, column) = pendingString else { return }
            pendingString = nil
            let value = biff8 ? try wideString(record, in: bytes, skipping: 0) : try byteString(bytes, record, at: b)
            put(row, column, .text(try checked(value)))
        case 0x0204, 0x00D6: // LABEL, RSTRING
            let (row, column) = try place(bytes, record, minimum: 8)
            let value = biff8 ? try wideString(record, in: bytes, skipping: 6) : try byteString(bytes, record,
                at: b + 6)
            put(row, column, .text(try checked(value)))
        case 0x0205: // BOOLERR
            let (row, column) = try place(bytes, record, minimum: 8)
            put(row, column, bytes[b + 7] == 0 ? .bool(bytes[b + 6] != 0) : .error(Self.errorText(bytes[b + 6])))
        case 0x0002 where biff2: // BIFF2 INTEGER: row, column, 3 attribute bytes, unsigned 16-bit value
            let (row, column) = try place(bytes, record, minimum: 9)
            put(row, column, .number(Double(bytes.le16(b + 7))))
        case 0x0003 where biff2: // BIFF2 NUMBER
            let (row, column) = try place(bytes, record, minimum: 15)
            put(row, column, .number(bytes.leDouble(b + 7)))
        case 0x0004 where biff2: // BIFF2 LABEL: a 1-byte length and bytes in the code page
            let (row, column) = try place(bytes, record, minimum: 8)
            let count = Int(bytes[b + 7])
            guard b + 8 + count <= record.end else { throw .corrupt("字符串长 \(count) 字节，超出记录末尾") }
            put(row, column, .text(text.decode(bytes[(b + 8)..<(b + 8 + count)])))
        case 0x0005 where biff2: // BIFF2 BOOLERR
            let (row, column) = try place(bytes, record, minimum: 9)
            put(row, column, bytes[b + 8] == 0 ? .bool(bytes[b + 7] != 0) : .error(Self.errorText(bytes[b + 7])))
        case 0x0007 where biff2: // BIFF2 STRING: the text result of the FORMULA before it
            guard let (row, column) = pendingString, n >= 1 else { return }
            pendingString = nil
            let count = min(Int(bytes[b]), n - 1)
            put(row, column, .text(text.decode(bytes[(b + 1)..<(b + 1 + count)])))
        case 0x0201, 0x00BE, 0x0001: // BLANK, MULBLANK, BIFF2 BLANK: formatted empty cells
            _ = try place(bytes, record, minimum: 6)
        default:
            break
        }
    }

    /// The row and column of a cell record at least `minimum` bytes long.
    @inline(__always)
    private mutating func place(_ bytes: [UInt8], _ record: XLSRecord, minimum: Int) throws(XLSFault) -> (Int, Int) {
        guard record.length >= minimum else {
            throw .corrupt("类型为 0x\(String(record.type, radix: 16, uppercase: true)) 的单元格记录只有 \(record.length) "
                + "字节（至少应有 \(minimum) 字节）")
        }
        let row = bytes.le16(record.body), column = bytes.le16(record.body + 2)
        lastRow = row
        lastColumn = column
        guard column < limits.maxColumns else { throw tooWide(column + 1) }
        return (row, column)
    }

    /// A number in the cell format `xf`: a date when the format shows dates (and the serial is a valid date).
    @inline(__always)
    private func number(_ value: Double, xf: Int) -> CellValue {
        if xf < kinds.count, kinds[xf] == .dateTime, let date = XLSXDates.dateTime(serial: value, date1904: date1904) {
            return .date(date)
        }
        return .number(value)
    }

    /// An RK number ([MS-XLS] 2.5.217): a 30-bit integer or the high 30 bits of a
    /// double, divided by 100 when the low bit says so.
    @inline(__always)
    static func rk(_ raw: UInt32) -> Double {
        let value = raw & 0x02 != 0
            ? Double(Int32(bitPattern: raw) >> 2) : Double(bitPattern: UInt64(raw & 0xFFFF_FFFC) << 32)
        return raw & 0x01 != 0 ? value / 100 : value
    }

    /// The text of a BIFF error code ([MS-XLS] 2.5.97).
    static func errorText(_ code: UInt8) -> String {
        switch code {
        case 0x00: return "#NULL!"
        case 0x07: return "#DIV/0!"
        case 0x0F: return "#VALUE!"
        case 0x17: return "#REF!"
        case 0x1D: return "#NAME?"
        case 0x24: return "#NUM!"
        case 0x2A: return "#N/A"
        case 0x2B: return "#GETTING_DATA"
        default: return "#UNKNOWN!"
        }
    }

    /// A BIFF8 `XLUnicodeString` starting `skipping` bytes into the record (CONTINUE records included).
    private func wideString(_ record: XLSRecord, in bytes: [UInt8], skipping: Int) throws(XLSFault) -> String {
        var reader = XLSContinuedReader(record, in: bytes, skipping: skipping)
        return try reader.richString()
    }

    /// A BIFF5 string: a 2-byte length and that many bytes in the workbook's code page.
    private func byteString(_ bytes: [UInt8], _ record: XLSRecord, at offset: Int) throws(XLSFault) -> String {
        guard offset + 2 <= record.end else { throw .corrupt("字符串记录被截断") }
        let count = bytes.le16(offset)
        guard offset + 2 + count <= record.end else { throw .corrupt("字符串长 \(count) 字节，超出记录末尾") }
        return text.decode(bytes[(offset + 2)..<(offset + 2 + count)])
    }

    private func checked(_ value: String) throws(XLSFault) -> String {
        if value.utf8.count > limits.maxCellCharacters, value.utf16.count > limits.maxCellCharacters {
            throw tooLong(value.utf16.count)
        }
        return value
    }

    private func tooLong(_ count: Int) -> XLSFault {
        XLSFault(code: .xlsCellTooLong, message: "单元格文本长 \(count) 个字符，超过 Excel 上限 \(limits.maxCellCharacters)")
    }

    private func tooWide(_ columns: Int) -> XLSFault {
        XLSFault(code: .xlsTooManyColumns, message: "列数超过上限 \(limits.maxColumns) 列")
    }
}
