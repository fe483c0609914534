import PartyModel

/// Rows of a template that are not data although they sit among or under the data
/// (SPEC §2, §9): the lines of a 填写说明/注意事项 block and a template's own sample row.
enum NoteLines {
    /// True for the compacted bytes of a numbered line of notes: `1.`, `1、`, `(1)`, `一、`
    /// followed by text (`1.姓名须与身份证一致`). A number alone is not one.
    static func isNumbered(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if b.first == UInt8(ascii: "(") {
            i = 1
            let start = i
            while i < b.count, b[i] &- 0x30 < 10 { i += 1 }
            return i > start && i < b.count - 1 && b[i] == UInt8(ascii: ")")
        }
        while i < b.count, b[i] &- 0x30 < 10 { i += 1 }
        if i == 0 {
            // 一、 … 十、: a Chinese numeral (3 bytes) and the enumeration comma.
            guard b.count > 6, numerals.contains(where: { KeyBytes.equal($0, UnsafeBufferPointer(rebasing: b[0..<3])) })
            else { return false }
            i = 3
        } else if i > 2 {
            return false
        }
        let rest = b.count - i
        if rest > 1, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ")") { return !(b[i + 1] &- 0x30 < 10) }
        return rest > 3 && KeyBytes.equal(comma, UnsafeBufferPointer(rebasing: b[i..<(i + 3)]))
    }

    /// True for a cell that marks a template's sample row: it contains 示例 or 样例, or is
    /// 例 (`例`, `例:`, `(例)`, `例1`).
    static func marksSample(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count <= 64 else { return false }
        if sampleWords.contains(where: { KeyBytes.end(of: $0, in: b) != nil }) { return true }
        guard let end = KeyBytes.end(of: example, in: b) else { return false }
        let before = end - example.count
        // 例 alone, or wrapped in brackets or followed by a colon or a digit.
        let head = b[0..<before].allSatisfy { $0 == UInt8(ascii: "(") }
        let tail = b[end...].allSatisfy { $0 == UInt8(ascii: ")") || $0 == UInt8(ascii: ":") || $0 &- 0x30 < 10 }
            || KeyBytes.equal(fullColon, UnsafeBufferPointer(rebasing: b[end...]))
        return head && tail
    }

    /// ``marksSample(_:)`` of a cell's text, compacted.
    static func marksSample(_ text: String) -> Bool {
        var s = TextNormaliser.compact(text)
        return s.withUTF8 { marksSample($0) }
    }

    private static let sampleWords = ["示例", "样例", "范例"].map { Array($0.utf8) }
    private static let example = Array("例".utf8)
    private static let fullColon = Array("：".utf8)
    private static let comma = Array("、".utf8)
    private static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"].map { Array($0.utf8) }
}
