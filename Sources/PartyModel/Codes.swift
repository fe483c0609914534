/// The 56 ethnic groups of GB/T 3304-1991 (中国各民族名称的罗马字母拼写法和代码).
public enum Ethnicity: Sendable {
    /// The canonical names in code order: index 0 is code 01 汉族, index 55 is
    /// code 56 基诺族.
    public static let names: [String] = [
        "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
        "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
        "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
        "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
        "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
        "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
    ]

    /// The two further entries of GB/T 3304: code 97 (其他, 未识别民族) and 98 (外国血统,
    /// 外国血统中国籍人士). Both are known and not 汉族.
    public static let others: [Int: String] = [97: "其他", 98: "外国血统"]

    /// The canonical name of an ethnic group.
    ///
    /// Accepts the full name (`汉族`), the short form without 族 (`汉`, `蒙古`,
    /// `维吾尔`), the two-digit code with or without its leading zero (`01`, `1`),
    /// the code and the name together as the national member-management system writes
    /// them (`01 汉族`, `01汉族`, `汉族(01)`; the name decides when both are known), the
    /// common short forms 蒙族 and 维族, and codes 97/98 (其他, 外国血统). Whitespace and
    /// full-width digits are ignored.
    /// - Returns: the canonical name (`汉族`), or nil when unknown.
    public static func canonical(_ s: String) -> String? {
        let key = TextNormaliser.compact(s)
        if let hit = lookup[key] { return hit }
        guard let (code, name) = CodedText.split(key) else { return nil }
        return lookup[name] ?? lookup[code]
    }

    /// The GB/T 3304 code (1…56, 97, 98) of a canonical name or any accepted form.
    public static func code(_ s: String) -> Int? {
        guard let name = canonical(s) else { return nil }
        if let index = names.firstIndex(of: name) { return index + 1 }
        return others.first { $0.value == name }?.key
    }

    /// ``canonical(_:)`` of a cell: a name or code of the table found by its bytes, or the text parsed.
    public static func canonical(_ cell: CellText) -> String? { lookup.value(cell) { canonical($0) } }

    private static let lookup: FastTable<String> = {
        var map: [String: String] = ["蒙族": "蒙古族", "维族": "维吾尔族"]
        for (index, name) in names.enumerated() {
            let code = index + 1
            map[name] = name
            map[String(name.dropLast())] = name
            map[String(code)] = name
            map[code < 10 ? "0\(code)" : String(code)] = name
        }
        for (code, name) in others { map[String(code)] = name; map[name] = name }
        for (alias, name) in ["其他族": "其他", "未识别民族": "其他", "其他未识别民族": "其他",
                              "外国血统中国籍人士": "外国血统", "外国民族": "外国血统"] { map[alias] = name }
        return FastTable(map)
    }()
}

/// Highest education attained, in the six bands of the statistics (SPEC §3).
public enum Education: String, CaseIterable, Sendable, Codable {
    /// 研究生 (master's or doctorate).
    case postgraduate = "研究生"
    /// 大学本科.
    case bachelor = "大学本科"
    /// 大学专科 (大专).
    case associate = "大学专科"
    /// 中专 (incl. vocational secondary schools).
    case technical = "中专"
    /// 高中.
    case highSchool = "高中"
    /// 初中及以下.
    case juniorOrBelow = "初中及以下"

    /// Reads an education cell.
    ///
    /// Synonyms: 大学/本科/学士 → 大学本科; 大专/专科/高职 → 大学专科;
    /// 硕士/博士/研究生/硕士研究生/博士研究生 → 研究生; 中专/中技/技校/职高/中职/中师 →
    /// 中专; 高中/普高 → 高中; 初中/小学/文盲/初中及以下 → 初中及以下. Suffixes 学历,
    /// 毕业 and 文化 are ignored (`本科学历`, `高中毕业`, `初中文化`), as is a party
    /// school prefix (`中央党校研究生`, `省委党校大学` → 大学本科, `党校大专`).
    /// - Returns: the band, or nil when unknown.
    ///
    /// Codes written alone or with their name (`21`, `21 大学`, `14硕士研究生`): the name
    /// decides when it is known, else the code. The codes of the national member-management
    /// system's 学历 list come first (11 博士研究生, 12 硕士研究生, 13 硕士生班, 1A/1B 党校研究生,
    /// 21 大学, 22 大专, 23 大学普通班, 24 第二学士学位班, 2A/2B 党校大学, 2C/2D 党校大专,
    /// 41 中等专科, 44 职业高中, 47 技工学校, 6 普通高中, 7 初中, 8 小学, 9 其他; see
    /// datasets/real-forms/README.md, file 02), then GB/T 4658-2006 by the code's first digit:
    /// 1 研究生, 2 大学本科, 3 大学专科, 4 中等职业教育 → 中专, 6 高中, 7 初中 and 8 小学 →
    /// 初中及以下. 9 (其他) and unknown codes → nil. The two lists differ on 22 (大专 in the
    /// national list, 大学本科结业 in GB/T 4658): the national list wins.
    public static func parse(_ s: String) -> Education? {
        let compacted = TextNormaliser.compact(s)
        if let hit = synonyms[compacted] { return hit }
        if let (code, name) = CodedText.split(compacted, lettered: true) { return parseName(name) ?? band(code: code) }
        if CodedText.isCode(compacted) { return band(code: compacted) }
        return parseName(compacted)
    }

    /// ``parse(_:)`` of a compacted name without a code.
    private static func parseName(_ compacted: String) -> Education? {
        if let hit = synonyms[compacted] { return hit }
        var key = compacted
        if let end = KeyBytes.end(of: partySchool, in: key) {
            key = String(decoding: key.utf8.dropFirst(end), as: UTF8.self)
        }
        return synonyms[KeyBytes.strip(key, suffixes: suffixes)]
    }

    /// The band of a code: the national list's, else a GB/T 4658-2006 code's first digit.
    private static func band(code: String) -> Education? {
        if let hit = nationalCodes[code] { return hit }
        guard code.utf8.count <= 2, code.utf8.allSatisfy({ $0 &- 0x30 < 10 }), let first = code.utf8.first else {
            return nil
        }
        switch first &- 0x30 {
        case 1: return .postgraduate
        case 2: return .bachelor
        case 3: return .associate
        case 4: return .technical
        case 6: return .highSchool
        case 7, 8: return .juniorOrBelow
        default: return nil
        }
    }

    private static let suffixes = ["学历", "毕业", "结业", "肄业", "文化程度", "文化"].map { Array($0.utf8) }

    /// The national member-management system's 学历 codes whose band their first digit
    /// does not give under GB/T 4658 (22 and the lettered party-school codes).
    private static let nationalCodes: [String: Education] = [
        "1A": .postgraduate, "1B": .postgraduate, "22": .associate, "2A": .bachelor, "2B": .bachelor,
        "2C": .associate, "2D": .associate,
    ]
    private static let partySchool = Array("党校".utf8)

    /// True for 大专及以上: 研究生, 大学本科 and 大学专科.
    public var isCollege: Bool {
        switch self {
        case .postgraduate, .bachelor, .associate: return true
        case .technical, .highSchool, .juniorOrBelow: return false
        }
    }

    /// ``parse(_:)`` of a cell: a known name found by its bytes, or the text parsed (affixes, codes).
    public static func parse(_ cell: CellText) -> Education? { synonyms.value(cell) { parse($0) } }

    private static let synonyms: FastTable<Education> = {
        var map: [String: Education] = [:]
        for e in Education.allCases { map[e.rawValue] = e }
        for k in ["研究生", "硕士", "博士", "硕士研究生", "博士研究生", "在职研究生", "博士后", "硕士生班", "研究生班"] {
            map[k] = .postgraduate
        }
        for k in ["大学", "本科", "学士", "大本", "大学普通班", "第二学士学位班"] { map[k] = .bachelor }
        for k in ["大专", "专科", "高职"] { map[k] = .associate }
        for k in ["中专", "中技", "技校", "职高", "中职", "中师", "职业高中", "技工学校", "中等专科"] { map[k] = .technical }
        for k in ["高中", "普高", "普通高中"] { map[k] = .highSchool }
        for k in ["初中", "小学", "文盲", "半文盲", "初中及以下", "小学及以下", "不识字或识字很少", "初级中学"] {
            map[k] = .juniorOrBelow
        }
        for k in ["普通高级中学", "高级中学"] { map[k] = .highSchool }
        for k in ["中等专科学校", "中等职业教育"] { map[k] = .technical }
        return FastTable(map)
    }()
}

/// Whether a member is full or probationary (SPEC §2.2 status).
public enum MemberStatus: String, Sendable, CaseIterable, Codable {
    /// 正式党员.
    case full = "正式党员"
    /// 预备党员.
    case probationary = "预备党员"

    /// Reads 正式/正式党员/中共党员 and 预备/预备党员/中共预备党员.
    /// - Returns: the status, or nil when unknown (including blank).
    public static func parse(_ s: String) -> MemberStatus? {
        table[TextNormaliser.compact(s)]
    }

    /// ``parse(_:)`` of a cell: a known name found by its bytes, or the text parsed.
    public static func parse(_ cell: CellText) -> MemberStatus? { table.value(cell) { parse($0) } }

    private static let table = FastTable<MemberStatus>([
        "正式": .full, "正式党员": .full, "中共党员": .full, "中共正式党员": .full,
        "预备": .probationary, "预备党员": .probationary, "中共预备党员": .probationary,
    ])
}
