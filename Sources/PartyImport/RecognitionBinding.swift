import PartyModel
import SheetReader

extension Recogniser {
    /// Binds one kind's fields to a header block's columns.
    ///
    /// A column binds the first field one of its keys names: the whole path, its last
    /// two levels, its last level, and (for a field nothing else gives) its first level,
    /// so that `联系电话` over `手机号 | 固定电话` gives the phone. A column the mapping
    /// file names for a field (`columns:`) gives that field whatever else could. When
    /// several columns can give one field, the one whose values in the rows below parse
    /// best wins (the leftmost on a tie). A money-like header gives a kind's money
    /// field when no alias does.
    static func bind(_ descriptor: KindDescriptor, paths: [HeaderDetector.ColumnPath], data: ArraySlice<SheetRow>,
                     ignored: Set<Int>, aliases: AliasIndex) -> KindBinding {
        let kind = descriptor.kind
        var direct: [Field: [Int]] = [:], fallback: [Field: [Int]] = [:]
        var explicit: [Field: Int] = [:]
        for (field, key) in aliases.explicitColumns where descriptor.spec(field) != nil {
            if let c = paths.firstIndex(where: { $0.candidateKeys.contains(key) }) { explicit[field] = c }
        }
        let explicitColumns = Set(explicit.values)
        for (c, path) in paths.enumerated()
        where !path.keys.isEmpty && !ignored.contains(c) && !explicitColumns.contains(c) {
            if let field = path.candidateKeys.lazy.compactMap({ aliases.field(for: $0, kind: kind) }).first {
                direct[field, default: []].append(c)
            } else if path.keys.count > 1, let field = aliases.field(for: path.keys[0], kind: kind) {
                fallback[field, default: []].append(c)
            }
        }
        var notes: [Field: String] = [:]
        for field in explicit.keys { notes[field] = "mapping" }
        for spec in descriptor.fields where spec.type == .money && explicit[spec.field] == nil
            && direct[spec.field] == nil && fallback[spec.field] == nil {
            let taken = Set(direct.values.joined()).union(fallback.values.joined())
            let money = paths.indices.filter { c in
                !ignored.contains(c) && !taken.contains(c) && !paths[c].keys.isEmpty && isMoneyLike(paths[c])
                    && parseRate(c, .money, data) != 0
            }
            if let c = money.first {
                direct[spec.field] = [c]
                notes[spec.field] = "money_header"
            }
        }
        var columns: [Field: ColumnBinding] = [:]
        var duplicates: [Int: Field] = [:]
        var runnerUps: [Field: ColumnBinding] = [:]
        for spec in descriptor.fields where columns[spec.field] == nil {
            let chosen: Int
            if let c = explicit[spec.field] {
                chosen = c
            } else if let options = direct[spec.field] ?? fallback[spec.field] {
                var best = (column: options[0], rate: parseRate(options[0], spec.type, data))
                for c in options.dropFirst() {
                    let rate = parseRate(c, spec.type, data)
                    if rate > best.rate { best = (c, rate) }
                }
                chosen = best.column
                for other in options where other != chosen { duplicates[other] = spec.field }
            } else {
                continue
            }
            let path = paths[chosen]
            columns[spec.field] = ColumnBinding(field: spec.field, column: chosen,
                                                header: path.raw.joined(separator: "/"),
                                                unit: path.unit)
            if let second = spec.runnerUp, let c = direct[spec.field]?.first(where: { $0 != chosen }) {
                runnerUps[second] = ColumnBinding(field: second, column: c, header: paths[c].raw.joined(separator: "/"),
                                                  unit: paths[c].unit)
            }
        }
        // The score: each bound column's weight, nothing when its values do not parse.
        var reasons: [EvidenceReason] = []
        var score = 0
        for spec in descriptor.fields {
            guard let binding = columns[spec.field] else { continue }
            var weight = spec.weight
            var note = notes[spec.field]
            if spec.type != .text, parseRate(binding.column, spec.type, data) == 0 {
                weight = 0
                note = note ?? "values_do_not_parse"
            }
            score += weight
            reasons.append(EvidenceReason(column: columnLetters(binding.column), header: binding.header,
                                          field: spec.field.rawValue, weight: weight, note: note))
        }
        reasons.sort { $0.column.count != $1.column.count ? $0.column.count < $1.column.count : $0.column < $1.column }
        let satisfied = descriptor.isSatisfied(by: Set(columns.keys))
        return KindBinding(descriptor: descriptor, columns: columns, duplicates: duplicates, runnerUps: runnerUps,
                           score: KindScore(kind: kind.rawValue, score: score, satisfied: satisfied, reasons: reasons))
    }

    /// How many of a column's non-blank cells in `data` read as `type`: a text field
    /// counts 1 when any cell is filled, so that text columns tie (the leftmost wins).
    /// -1 when the rows below hold no value in the column (no evidence either way).
    static func parseRate(_ column: Int, _ type: ValueType, _ data: ArraySlice<SheetRow>) -> Int {
        var filled = 0, accepted = 0
        for row in data where column < row.count && !row.isBlank(column) {
            filled += 1
            if type.accepts(row[column]) { accepted += 1 }
        }
        if filled == 0 { return -1 }
        return type == .text ? 1 : accepted
    }
}

extension Recogniser.Candidate {
    /// The recognition this block gives: layout, evidence, columns and notes.
    func recognition(rows: [SheetRow]) -> Recognition {
        let headerRows = (start..<(start + depth)).map { rows[$0].number }
        let scores = all.filter { !$0.columns.isEmpty }.map(\.score)
            .sorted { $0.satisfied != $1.satisfied ? $0.satisfied : $0.score > $1.score }
        let evidence = SheetEvidence(kind: taken?.descriptor.kind.rawValue, headerRows: headerRows, scores: scores)
        var columns: [ColumnReading] = []
        var notes: [RecognitionNote] = []
        if let refusal { notes.append(refusal) }
        let byColumn = Dictionary(bound.values.map { ($0.column, $0.field) }, uniquingKeysWith: { a, _ in a })
        for (c, path) in paths.enumerated() where !path.keys.isEmpty {
            let header = path.raw.joined(separator: "/")
            var reading = ColumnReading(index: c, column: columnLetters(c), header: header,
                                        key: path.keys.joined(separator: "/"), field: byColumn[c], status: .unmapped)
            if byColumn[c] != nil {
                reading.status = .mapped
            } else if ignored.contains(c) {
                reading.status = .ignored
            } else if let field = taken?.duplicates[c], let winner = bound[field] {
                reading.status = .duplicate
                reading.field = field
                if taken != nil {
                    notes.append(RecognitionNote(
                        code: .columnUnmapped, column: reading.column, header: header,
                        message: "本列与 \(columnLetters(winner.column)) 列「\(winner.header)」都可作为 \(field.rawValue)，"
                            + "按数值可识别的 \(columnLetters(winner.column)) 列读取，本列未导入（可在映射文件 columns 中指定）"))
                }
            } else if taken != nil {
                notes.append(RecognitionNote(
                    code: .columnUnmapped, column: reading.column, header: header,
                    message: "本列表头不是\(taken!.descriptor.displayName)的已知字段，未导入（用 partystats inspect 查看相近字段，可在映射文件 "
                        + "headers 中补充别名）"))
            }
            columns.append(reading)
        }
        if let taken {
            // Another kind the sheet also meets, with strong columns the kind taken leaves unused.
            let used = Set(bound.values.map(\.column))
            for other in all where other.satisfied && other.descriptor.kind != taken.descriptor.kind {
                let strong = other.columns.values.filter { binding in
                    !used.contains(binding.column) && (other.descriptor.spec(binding.field)?.weight ?? 0) >= 3
                }.sorted { $0.column < $1.column }
                guard !strong.isEmpty else { continue }
                let named = strong.map { "\(columnLetters($0.column)) 列「\($0.header)」" }.joined(separator: "、")
                notes.insert(RecognitionNote(
                    code: .kindAmbiguous, column: columnLetters(strong[0].column), header: strong[0].header,
                    message: "本表的列也指向\(other.descriptor.displayName)（\(named)），按得分更高的\(taken.descriptor.displayName)读取"
                        + "（得分 \(taken.score.score) 对 \(other.score.score)）"), at: 0)
            }
        }
        var layout: HeaderLayout?
        if let taken {
            // Runner-up columns are read too (never scored, never in the evidence).
            let columns = taken.columns.merging(taken.runnerUps) { bound, _ in bound }
            layout = HeaderLayout(kind: taken.descriptor.kind, start: start, depth: depth, columns: columns,
                                  labels: Set(paths.compactMap(\.keys.last)))
        }
        return Recognition(layout: layout, evidence: evidence, columns: columns, notes: notes)
    }
}

extension HeaderDetector.ColumnPath {
    /// The keys an alias may match, most specific first: the whole path, its last two
    /// levels, its last level.
    var candidateKeys: [String] {
        var keys = [self.keys.joined(separator: "/")]
        if self.keys.count > 2 { keys.append(self.keys.suffix(2).joined(separator: "/")) }
        if self.keys.count > 1 { keys.append(self.keys.last!) }
        return keys
    }
}
