import PartyModel

/// What the first text of a row that is not a number makes of it (SPEC §4).
enum FirstText: Equatable {
    /// A declared total (合计 …), with its label.
    case total(String)
    /// A note (填表人 …, a numbered line of notes).
    case note
    case data

    static let totalLabels = ["合计", "总计", "小计"]
    static let notePrefixes = ["填表人", "填报人", "制表人", "制表", "审核人", "审核", "负责人", "单位负责人", "统计人",
                               "说明", "注:", "注：", "注1", "备注", "填报日期", "填表日期", "报送日期", "联系电话", "联系人",
                               "填写说明", "填表说明", "填报说明", "注意事项", "填写注意事项", "填表注意事项", "温馨提示",
                               "附注", "附:", "附："]

    /// What a cell's text makes of its row (of `nonBlank` cells with content), decided on
    /// its compacted bytes: nil when it is empty or a number, a total label, a note prefix
    /// on a row of at most four cells, a numbered note line on a row of at most two,
    /// else data.
    static func classify(_ cell: CellText, nonBlank: Int) -> FirstText? {
        cell.withCompacted { b -> FirstText? in
            guard !b.isEmpty, !isNumber(b) else { return nil }
            if isTotalLabel(b) { return .total(String(decoding: b, as: UTF8.self)) }
            if nonBlank <= 4, notePrefixBytes.contains(where: { b.starts(with: $0) }) {
                // A byte prefix is confirmed by String.hasPrefix, which respects graphemes.
                let text = String(decoding: b, as: UTF8.self)
                if notePrefixes.contains(where: { text.hasPrefix($0) }) { return .note }
            }
            if nonBlank <= 2, NoteLines.isNumbered(b) { return .note }
            return .data
        }
    }

    /// True for ASCII text that reads as a number (digits, or anything `Double` accepts).
    private static func isNumber(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard TextNormaliser.isASCII(b) else { return false }
        return b.allSatisfy { $0 &- 0x30 < 10 } || Double(String(decoding: b, as: UTF8.self)) != nil
    }

    static func isTotalLabel(_ text: String) -> Bool {
        var t = text
        return t.withUTF8(isTotalLabel)
    }

    /// ``isTotalLabel(_:)`` on the bytes of a compacted text: this runs for every row.
    /// 全县 and 合 have no other normal form, so byte equality and a byte prefix decide
    /// as String comparison would (a byte prefix is confirmed by String.hasPrefix,
    /// which also respects graphemes).
    static func isTotalLabel(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !b.isEmpty else { return false }
        if totalLabelBytes.contains(where: { KeyBytes.end(of: $0, in: b) != nil }) || KeyBytes.equal(countyBytes, b) {
            return true
        }
        return b.starts(with: countyTotalBytes) && String(decoding: b, as: UTF8.self).hasPrefix("全县合")
    }

    private static let notePrefixBytes = notePrefixes.map { Array($0.utf8) }
    private static let totalLabelBytes = totalLabels.map { Array($0.utf8) }
    private static let countyBytes = Array("全县".utf8)
    private static let countyTotalBytes = Array("全县合".utf8)
}

/// A sheet's header labels (their ``TextNormaliser/header(_:)`` keys), for spotting the
/// header repeated among the data rows and the header cells among township names.
struct HeaderLabels {
    private let keys: ByteIndex
    /// True when some label is all ASCII. When none is, an ASCII cell (an ID, a date, a
    /// phone number) cannot be a label: normalising ASCII text gives ASCII.
    private let hasASCIILabel: Bool
    /// The shortest label's UTF-8 length: normalising a header cell never lengthens it
    /// (spaces go, full-width forms become ASCII, a unit suffix is cut), so a shorter
    /// cell cannot be a label.
    private let shortest: Int

    init(_ labels: Set<String>) {
        var keys = ByteIndex()
        for label in labels { Array(label.utf8).withUnsafeBufferPointer { _ = keys.index(of: $0) } }
        self.keys = keys
        hasASCIILabel = labels.contains(where: TextNormaliser.isASCII)
        shortest = labels.map(\.utf8.count).min() ?? 0
    }

    /// True when a cell of these bytes (as written) cannot be a label, whatever its normal form.
    func cannotBe(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count < shortest || (!hasASCIILabel && TextNormaliser.isASCII(b))
    }

    /// True when the cell's header key is one of the labels.
    func contains(_ cell: CellText) -> Bool {
        !cannotBe(cell.bytes) && cell.withHeaderKey { keys.find($0).index != nil }
    }
}
