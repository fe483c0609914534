import PartyModel
import SheetReader

/// What recognition makes of a sheet's first rows: the header, the kind taken with
/// its evidence, every header column's fate, and the warnings to report.
public struct Recognition: Sendable {
    /// The header and its bindings, nil when the sheet heads no known kind.
    public var layout: HeaderLayout?
    /// Why the kind was taken (or none).
    public var evidence: SheetEvidence
    /// Every non-empty header column.
    public var columns: [ColumnReading]
    /// `kind.ambiguous` and `column.unmapped` warnings, in column order.
    public var notes: [RecognitionNote]
}

/// Chooses a sheet's header and kind by evidence (SPEC §2, issue 15 §5): every kind's
/// fields are bound to the header columns, each bound column adds its field's weight
/// (nothing when its values in the rows below do not parse), a kind counts only when
/// its required fields are bound, and the best-scoring kind is taken. The reasons are
/// kept; a sheet whose columns also point at another kind is warned.
public enum Recogniser {
    /// Header texts that make a column money-like (an amount a roster cannot hold).
    static let moneyWords = ["金额", "元", "款", "补助", "慰问", "救助"]
    /// How many rows below a header recognition reads values from.
    static let valueRows = 10

    /// Recognises a sheet from its first rows (up to ``HeaderDetector/scanLimit``).
    public static func recognise(rows: [SheetRow], aliases: AliasIndex) -> Recognition {
        var best: (candidate: Candidate, score: Int)?
        let limit = min(rows.count, HeaderDetector.scanLimit)
        for start in 0..<limit {
            for depth in 1...3 where start + depth <= rows.count {
                let block = Array(rows[start..<(start + depth)])
                guard !block.last!.cells.allSatisfy(\.isBlank) else { continue }
                let paths = HeaderDetector.columnPaths(block)
                // Values are looked at in the first rows below the header.
                let data = rows[(start + depth)..<min(rows.count, start + depth + valueRows)]
                guard let candidate = evaluate(paths: paths, data: data, start: start, depth: depth, aliases: aliases),
                      candidate.isPlausible else { continue }
                // More bound columns is better; with as many, fewer header rows win,
                // unless the rows below the first are sub-labels of merged parents.
                let score = candidate.bound.count * 10 - depth + (isSubLabelBlock(block) ? 2 * depth : 0)
                if best == nil || score > best!.score { best = (candidate, score) }
            }
        }
        guard let candidate = best?.candidate else {
            return Recognition(layout: nil, evidence: SheetEvidence(kind: nil, headerRows: [], scores: []),
                               columns: [], notes: [])
        }
        return candidate.recognition(rows: rows)
    }

    /// One kind's binding of one header block.
    struct KindBinding {
        var descriptor: KindDescriptor
        var columns: [Field: ColumnBinding]
        /// Columns that could give a bound field but lost to another, by column.
        var duplicates: [Int: Field]
        /// Columns read as a field's `runnerUp` (they lost that field to another column).
        var runnerUps: [Field: ColumnBinding]
        var score: KindScore
        var satisfied: Bool { score.satisfied }
    }

    /// A header block with every kind's binding and the kind taken.
    struct Candidate {
        var start: Int
        var depth: Int
        var paths: [HeaderDetector.ColumnPath]
        var taken: KindBinding?
        var all: [KindBinding]
        var ignored: Set<Int>
        /// Set when the sheet cannot be taken for its best kind (a roster with an amount).
        var refusal: RecognitionNote?
        /// The kind refused, whose columns still show how the header was read.
        var refused: KindBinding?

        var bound: [Field: ColumnBinding] { (taken ?? refused)?.columns ?? [:] }

        /// A header binds at least two columns, or a quarter of its labels: one alias
        /// among many other texts (a problem row whose 表头 cell says 姓名) is not a header.
        var isPlausible: Bool {
            let labelled = paths.filter { !$0.keys.isEmpty }.count
            let known = bound.count + ignored.count
            return (taken ?? refused) != nil && (known >= 2 || known * 4 >= labelled)
        }
    }

    /// Binds every kind to a header block and takes the best satisfied one.
    static func evaluate(paths: [HeaderDetector.ColumnPath], data: ArraySlice<SheetRow>, start: Int, depth: Int,
                         aliases: AliasIndex) -> Candidate? {
        var ignored = Set<Int>()
        for (c, path) in paths.enumerated() where path.keys.last.map(aliases.isIgnored) == true { ignored.insert(c) }
        let bindings = KindCatalogue.byHeader.map { bind($0, paths: paths, data: data, ignored: ignored,
                                                         aliases: aliases) }
        guard bindings.contains(where: { !$0.columns.isEmpty }) else { return nil }
        var taken: KindBinding?
        for binding in bindings where binding.satisfied {
            if taken == nil || binding.score.score > taken!.score.score { taken = binding }
        }
        var candidate = Candidate(start: start, depth: depth, paths: paths, taken: taken, all: bindings,
                                  ignored: ignored)
        if let kind = taken, kind.descriptor.excludesMoney {
            let money = paths.indices.filter { c in
                !ignored.contains(c) && !kind.columns.values.contains { $0.column == c } && isMoneyLike(paths[c])
            }
            if !money.isEmpty {
                let named = money.map { "\(columnLetters($0)) 列「\(paths[$0].raw.joined(separator: "/"))」" }
                candidate.refusal = RecognitionNote(
                    code: .kindAmbiguous, column: columnLetters(money[0]),
                    header: paths[money[0]].raw.joined(separator: "/"),
                    message: "表中有金额类列（\(named.joined(separator: "、"))），不能按\(kind.descriptor.displayName)读取；"
                        + "也没有可作为帮扶对象的列，无法按\(KindCatalogue.ledger.displayName)读取。本表已跳过，"
                        + "请用 partystats inspect 查看并在映射文件中指明列")
                candidate.refused = kind
                candidate.taken = nil
            }
        }
        return candidate
    }

    /// True for a header that names an amount of money.
    static func isMoneyLike(_ path: HeaderDetector.ColumnPath) -> Bool {
        if path.unit == "元" || path.unit == "万元" { return true }
        let text = path.keys.joined()
        return moneyWords.contains { text.contains($0) }
    }

    /// True when every row of the block below the first holds only sub-labels: text
    /// under a parent label that spans several columns (as a merged cell does), with
    /// the first row a header of at least three labels.
    static func isSubLabelBlock(_ block: [SheetRow]) -> Bool {
        guard block.count > 1, block[0].cells.filter({ !$0.isBlank }).count >= 3 else { return false }
        for level in 1..<block.count {
            let above = block[level - 1], row = block[level]
            var labels = 0
            for c in 0..<row.count where !row.isBlank(c) {
                guard case .text = row[c] else { return false }
                let spansFromLeft = above.isBlank(c) && (0..<c).contains { !above.isBlank($0) }
                let startsSpan = !above.isBlank(c) && c + 1 < row.count && above.isBlank(c + 1) && !row.isBlank(c + 1)
                guard spansFromLeft || startsSpan else { return false }
                labels += 1
            }
            if labels < 2 { return false }
        }
        return true
    }
}
