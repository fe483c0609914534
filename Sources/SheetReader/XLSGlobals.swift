/// The workbook globals substream of a BIFF5/BIFF7/BIFF8 `.xls` ([MS-XLS] 2.1.7.20.1):
/// version, code page, date system, encryption, the sheet list, the shared strings
/// and, for every cell format (XF), whether it shows numbers as dates.
struct XLSGlobals {
    /// One BOUNDSHEET record.
    struct Sheet {
        var name: String
        /// 0 visible, 1 hidden, 2 very hidden.
        var state: Int
        /// 0 worksheet, 1 macro sheet, 2 chart, 6 VBA module.
        var type: Int
        /// Stream offset of the sheet's BOF record.
        var offset: Int
    }

    /// True for BIFF8 (Excel 97 and later): strings in UTF-16 or Latin-1; false for BIFF5/BIFF7.
    var biff8 = true
    /// The CODEPAGE record (1200 when absent, as BIFF8 writers imply).
    var codePage = 1200
    var date1904 = false
    var sheets: [Sheet] = []
    /// The shared string table (BIFF8).
    var strings: [String] = []
    /// Indexes of shared strings longer than the cell limit (checked when a cell uses one).
    var longStrings: Set<Int> = []
    /// For each XF index, how its number format shows a number.
    var formatKinds: [XLSXDates.FormatKind] = []

    /// The globals of an Excel 2.1–4.0 worksheet file (BIFF2–BIFF4, no container): one
    /// sheet at offset 0, named as xlrd names it; its code page and date system from the
    /// stream's own records. Number formats are not read: numbers stay numbers.
    init(rawWorksheet bytes: [UInt8]) throws(XLSFault) {
        biff8 = false
        biff2 = bytes.count >= 2 && bytes[1] == 0x00
        codePage = 1252
        var offset = 0
        while let record = try XLSRecord.at(offset, in: bytes), record.type != 0x000A {
            offset = record.end
            if record.type == 0x0042, record.length >= 2 { codePage = bytes.le16(record.body) }
            if record.type == 0x0022, record.length >= 2 { date1904 = bytes.le16(record.body) == 1 }
        }
        sheets = [Sheet(name: "Sheet1", state: 0, type: 0, offset: 0)]
    }

    /// True for an Excel 2.1 worksheet (BIFF2), whose cell records carry 3 attribute bytes.
    var biff2 = false

    /// Reads the globals from the start of the workbook stream up to their EOF record.
    /// - Throws: `XLSFault`: `xls.encrypted` (FILEPASS), `xls.unsupported_version`
    ///   (BIFF2–4), `xls.corrupt` (no BOF, records past the end, a broken SST).
    init(stream bytes: [UInt8], limits: ReadLimits) throws(XLSFault) {
        guard let bof = try XLSRecord.at(0, in: bytes) else { throw .corrupt("工作簿数据流为空") }
        switch bof.type {
        case 0x0809:
            let version = bof.length >= 2 ? bytes.le16(bof.body) : 0x0600
            let kind = bof.length >= 4 ? bytes.le16(bof.body + 2) : 0
            biff8 = !(version == 0x0500 || (version == 0 && kind == 0x1000))
        case 0x0009, 0x0209, 0x0409:
            throw XLSFault(code: .xlsUnsupportedVersion,
                           message: "这是 Excel 2.0–4.0 格式的旧工作簿，暂不支持，请用 Excel 另存为 xlsx 后再导入")
        default:
            throw .corrupt("工作簿数据流不以 BOF 记录开头")
        }
        var formats: [Int: ArraySlice<UInt8>] = [:]
        var wideFormats: [Int: String] = [:]
        var xfFormats: [Int] = []
        var rawNames: [(ArraySlice<UInt8>, Sheet)] = []
        var offset = bof.end
        while let record = try XLSRecord.at(offset, in: bytes) {
            offset = record.end
            let b = record.body, n = record.length
            switch record.type {
            case 0x000A:
                offset = bytes.count
            case 0x002F:
                throw XLSFault(code: .xlsEncrypted, message: "工作簿已加密或受密码保护，请另存为未加密的文件后再导入")
            case 0x0042 where n >= 2:
                codePage = bytes.le16(b)
            case 0x0022 where n >= 2:
                date1904 = bytes.le16(b) == 1
            case 0x00E0 where n >= 4:
                xfFormats.append(bytes.le16(b + 2))
            case 0x041E where n >= 3:
                let id = bytes.le16(b)
                if biff8 {
                    var reader = XLSContinuedReader(record, in: bytes, skipping: 2)
                    if let text = try? reader.richString() { wideFormats[id] = text }
                } else {
                    let count = min(Int(bytes[b + 2]), n - 3)
                    formats[id] = bytes[(b + 3)..<(b + 3 + count)]
                }
            case 0x0085 where n >= 7:
                let sheet = Sheet(name: "", state: Int(bytes[b + 4] & 0x03), type: Int(bytes[b + 5]),
                                  offset: Int(bytes.le32(b)))
                if biff8 {
                    var reader = XLSContinuedReader(record, in: bytes, skipping: 6)
                    var named = sheet
                    named.name = try reader.richString(countBytes: 1)
                    rawNames.append((ArraySlice(), named))
                } else {
                    let count = min(Int(bytes[b + 6]), n - 7)
                    rawNames.append((bytes[(b + 7)..<(b + 7 + count)], sheet))
                }
            case 0x00FC where biff8 && n >= 8:
                var reader = XLSContinuedReader(record, in: bytes, skipping: 8)
                // The declared count only sizes the table, never beyond what the bytes can hold.
                strings.reserveCapacity(min(Int(bytes.le32(b + 4)), (reader.endOffset - b) / 3))
                while !reader.atEnd {
                    let text = try reader.richString()
                    if text.utf16.count > limits.maxCellCharacters { longStrings.insert(strings.count) }
                    strings.append(text)
                }
                offset = reader.endOffset
            default:
                break
            }
        }
        let text = XLSCodePage(codePage)
        sheets = rawNames.map { raw, sheet in
            var s = sheet
            if !biff8 { s.name = text.decode(raw) }
            s.name.removeAll { $0 == "\0" }
            return s
        }
        for (id, raw) in formats { wideFormats[id] = text.decode(raw) }
        formatKinds = xfFormats.map { id in
            // The formats every locale shows as dates keep their built-in meaning whatever a FORMAT record says.
            if (14...22).contains(id) || (45...47).contains(id) { return XLSXDates.builtinKind(id) }
            return wideFormats[id].map(XLSXDates.customKind) ?? XLSXDates.builtinKind(id)
        }
    }
}
