/// Values written as a code, a name or both, as the national member-management system
/// and its templates export them (`01 汉族`, `01汉族`, `21 大学`, `11 农牧渔业生产人员`).
public enum CodedText: Sendable {
    /// Splits a compacted value into its leading code and the name after it.
    ///
    /// The code is one to four ASCII digits at the start, followed by an optional
    /// separator (`-`, `.`, `、`, `:`, `：`, `_`) and a name that starts with a
    /// Chinese character; a name followed by its code in brackets (`汉族(01)`) is read the same way.
    /// `01汉族` → (`01`, `汉族`); `21大学` → (`21`, `大学`); `汉族` and `01` → nil.
    /// - Parameter lettered: whether a code may end in one capital letter, as the national
    ///   system's 学历 codes do (`1A 中央党校研究生`, `2C 中央党校大专`); elsewhere `3D打印`
    ///   is no code.
    public static func split(_ key: String, lettered: Bool = false) -> (code: String, name: String)? {
        let scalars = Array(key.unicodeScalars)
        var digits = 0
        while digits < scalars.count, isDigit(scalars[digits]) { digits += 1 }
        if digits > 0 && digits <= 4 {
            var end = digits
            if lettered, end < scalars.count, ("A"..."Z").contains(scalars[end]) { end += 1 }
            var start = end
            while start < scalars.count, separators.contains(scalars[start]) { start += 1 }
            // The name starts with a non-ASCII character (`3D打印` is no code and name).
            guard start < scalars.count, scalars[start].value >= 0x80 else { return nil }
            return (text(scalars[0..<end]), text(scalars[start...]))
        }
        // 汉族(01): a bracketed code at the end (full-width brackets are folded by compact).
        guard digits == 0, scalars.last == ")", let open = scalars.lastIndex(of: "("), open > 0 else { return nil }
        let inner = scalars[(open + 1)..<(scalars.count - 1)]
        guard (1...4).contains(inner.count), inner.allSatisfy(isDigit) else { return nil }
        return (text(inner), text(scalars[0..<open]))
    }

    /// True when the compacted value is one to four ASCII digits: a code written alone.
    public static func isCode(_ key: String) -> Bool {
        (1...4).contains(key.utf8.count) && key.utf8.allSatisfy { $0 &- 0x30 < 10 }
    }

    private static let separators: Set<Unicode.Scalar> = ["-", ".", "、", ":", "：", "_", "．"]

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    private static func text<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

/// Cells that stand for "nothing here" where a value is expected (SPEC §3): a dash
/// (`-`, `--`, `—`, `——`, `–`), a slash (`/`) or `无`. A yes/no column still reads `无`
/// as no (``FlagParser``): a blank flag is no as well, so the two readings agree.
public enum EmptyMarker: Sendable {
    /// True for the bytes of a cleaned cell that is an empty marker.
    @inline(__always)
    public static func matches(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        // The longest marker is 6 bytes (——); most cells are longer or start otherwise.
        guard b.count <= 6, let first = b.first, first == 0x2D || first == 0x2F || first == 0xE2 || first == 0xE6 else {
            return false
        }
        return markers.contains { KeyBytes.equal($0, b) }
    }

    /// True for a cell's text, after trimming and folding (``TextNormaliser/clean(_:)``).
    public static func matches(_ text: String) -> Bool {
        var s = TextNormaliser.clean(text)
        return s.withUTF8 { matches($0) }
    }

    private static let markers: [[UInt8]] = ["-", "--", "---", "—", "——", "–", "/", "无"].map { Array($0.utf8) }
}

/// The 工作岗位 (work post) of a member, as the national member-management system codes it.
///
/// The codes are those of the system's 党员基本信息采集表 (its code list in hidden columns,
/// `scmt1/SmartPartyBuilding@50b090b:dj-system-bbc/yami-shop-platform/src/main/resources/
/// excelTemplate/党员基本信息采集表.xlsx`, reproduced in datasets/real-forms/02): 011 公务员 …
/// 0315 事业单位工勤岗位, 11 农牧渔业生产人员, 122 乡村医生, 123 外出务工经商人员,
/// 124 其他农牧渔民, 2 解放军、武警, 301/311 students, 501 离休干部, 502 退休人员,
/// 601 大学生村官 … 613 其他无业人员. Their first digit is the group the statistics count
/// (0 在岗职工, 1 农牧渔民, 2 军人、武警, 3 学生, 5 离退休人员, 6 其他; the grouping as in
/// 13320282511/ant-admin316@43a35b7:public/js/ccpStatistic/table3.js).
public enum Occupation: Sendable {
    /// The group of each first digit of a post code.
    public static let groups: [Character: String] = ["0": "在岗职工", "1": "农牧渔民", "2": "解放军、武警", "3": "学生",
                                                     "5": "离退休人员", "6": "其他"]

    /// The post names of the national code list, by code.
    public static let codes: [String: String] = [
        "011": "公务员", "012": "参照公务员法管理的工作人员", "0211": "事业单位管理岗位", "0212": "事业单位专业技术岗位",
        "0213": "公有经济控制企业管理岗位", "0214": "公有经济控制企业专业技术岗位", "0215": "非公有经济控制企业管理岗位",
        "0216": "非公有经济控制企业专业技术岗位", "0217": "民办非企业管理岗位", "0218": "民办非企业专业技术岗位",
        "0311": "公有经济控制单位工勤岗位", "0312": "非公有企业工勤岗位", "0313": "民办非企业工勤岗位",
        "0314": "机关单位工勤岗位", "0315": "事业单位工勤岗位", "11": "农牧渔业生产人员", "122": "乡村医生",
        "123": "外出务工经商人员", "124": "其他农牧渔民", "2": "解放军、武警", "301": "研究生毕业年级学生",
        "311": "大学本科毕业年级学生", "501": "离休干部", "502": "退休人员", "601": "大学生村官", "602": "社区工作人员",
        "604": "个体工商户中的从业人员", "605": "自由职业人员", "612": "其他从业人员", "613": "其他无业人员",
    ]

    /// The occupation to store for a cleaned cell: the name without its code (`11 农牧渔业生产人员`
    /// → `农牧渔业生产人员`), the name of a code written alone (`502` → `退休人员`; an unlisted
    /// code → its group, `509` → `离退休人员`), or the text as it is.
    public static func name(_ text: String) -> String {
        let key = TextNormaliser.compact(text)
        if let (_, name) = CodedText.split(key) { return name }
        if CodedText.isCode(key) { return codes[key] ?? key.first.flatMap { groups[$0] } ?? text }
        return text
    }

    /// ``name(_:)`` of a cell's cleaned text (nil when blank). A plain cell that cannot
    /// carry a code is the name itself, made once per distinct cell through `names`.
    public static func name(_ cell: CellText, names: inout InternTable) -> String? {
        if !mayBeCoded(cell.bytes), let held = names.plainText(cell) { return held }
        return cell.text.map(name)
    }

    /// True when the bytes of a cell may carry a code (they start with an ASCII digit or
    /// end with `)`): such cells are read by ``name(_:)``, any other is the name itself.
    @inline(__always)
    static func mayBeCoded(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = b.first else { return false }
        return first &- 0x30 < 10 || b.last == UInt8(ascii: ")")
    }
}
