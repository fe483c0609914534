/// Values written as a code, a name or both, as the national member-management system
/// and its templates export them (`01 汉族`, `01汉族`, `21 大学`, `11 农牧渔业生产人员`).
public enum CodedText: Sendable {
    /// Splits a compacted value into its leading code and the name after it.
    ///
    /// The code is one to four ASCII digits at the start, followed by an optional
    /// separator (`-`, `.`, `、`, `:`, `：`, `_`) and a name that starts with a
    /// Chinese character; a name followed by its code in brackets (`汉族(01)`) is read the same way.
    /// `01汉族` → (`01`, `汉族`); `21大学` → (`21`, `大学`); `汉族` and `01` → nil.
    public static func split(_ key: String) -> (code: String, name: String)? {
        let scalars = Array(key.unicodeScalars)
        var digits = 0
        while digits < scalars.count, isDigit(scalars[digits]) { digits += 1 }
        if digits > 0 && digits <= 4 {
            var start = digits
            while start < scalars.count, separators.contains(scalars[start]) { start += 1 }
            // The name starts with a non-ASCII character (`3D打印` is no code and name).
            guard start < scalars.count, scalars[start].value >= 0x80 else { return nil }
            return (text(scalars[0..<digits]), text(scalars[start...]))
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
/// The system's statistics group posts by the first digit of the post code (JobCode):
/// 0 在岗职工 (01 公有制单位, 02 非公有制单位), 1 农牧渔民, 2 军人、武警, 3 学生,
/// 4 离退休人员, 5 其他 (13320282511/ant-admin316@43a35b7:public/js/ccpStatistic/table3.js,
/// table4.js). The names of its posts (公务员, 事业单位管理岗位, 农牧渔业生产人员, 乡村医生,
/// 外出务工经商人员 …) are kept as written.
public enum Occupation: Sendable {
    /// The groups of the first digit of a post code, in code order.
    public static let groups = ["在岗职工", "农牧渔民", "军人、武警", "学生", "离退休人员", "其他"]

    /// The occupation to store for a cleaned cell: the name without its code (`11 农牧渔业生产人员`
    /// → `农牧渔业生产人员`), the group of a code written alone (`11` → `农牧渔民`), or the
    /// text as it is.
    public static func name(_ text: String) -> String {
        let key = TextNormaliser.compact(text)
        if let (_, name) = CodedText.split(key) { return name }
        if CodedText.isCode(key), let first = key.utf8.first, Int(first - 0x30) < groups.count {
            return groups[Int(first - 0x30)]
        }
        return text
    }

    /// True when the bytes of a cell may carry a code (they start with an ASCII digit or
    /// end with `)`): such cells are read by ``name(_:)``, any other is the name itself.
    @inline(__always)
    public static func mayBeCoded(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = b.first else { return false }
        return first &- 0x30 < 10 || b.last == UInt8(ascii: ")")
    }
}
