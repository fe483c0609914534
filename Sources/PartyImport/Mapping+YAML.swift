import Yams

extension Mapping {
    /// The sections of a mapping file as written, in file order, before their values are checked.
    struct Raw {
        var headers: [(String, [String])] = []
        var columns: [(String, String)] = []
        var categories: [(String, String)] = []
        var sources: [(String, String)] = []
        var townships: [(String, [String])] = []
        var county: String?
    }

    /// Reads a mapping file's YAML into its sections, one pass over each: Yams'
    /// `Decodable` dictionaries find each key by a linear search of the mapping, which
    /// made 1,000 townships × 3 aliases take seconds and 4,000 minutes.
    /// - Throws: `MappingError`: `mapping.unknown_key` for a top-level key that is not
    ///   one of ``topLevelKeys`` (the nearest suggested), `mapping.invalid` otherwise.
    static func raw(_ yaml: String, path: String) throws -> Raw {
        let document: Node?
        do {
            document = try Yams.compose(yaml: yaml)
        } catch {
            throw MappingError(file: path, message: "映射文件格式错误：\(MappingError.explain(error))")
        }
        guard let document, document.null == nil else { return Raw() }
        guard case .mapping(let top) = document else { throw shapeError(path, []) }
        var raw = Raw()
        for (key, value) in top {
            guard let name = key.string, topLevelKeys.contains(name) else {
                let written = key.string ?? "\(key)"
                let nearest = topLevelKeys.min { editDistance(written, $0) < editDistance(written, $1) }!
                throw MappingError(file: path,
                                   message: "未知的键「\(written)」（是否应为「\(nearest)」？可用的键："
                                       + "\(topLevelKeys.joined(separator: "、"))）",
                                   code: .mappingUnknownKey)
            }
            guard value.null == nil else { continue }
            switch name {
            case "headers": raw.headers = try pairs(value, [name], path, Mapping.texts)
            case "columns": raw.columns = try pairs(value, [name], path, Mapping.text)
            case "categories": raw.categories = try pairs(value, [name], path, Mapping.text)
            case "sources": raw.sources = try pairs(value, [name], path, Mapping.text)
            case "townships": raw.townships = try pairs(value, [name], path, Mapping.texts)
            default:
                guard let county = text(value) else { throw shapeError(path, [name]) }
                raw.county = county
            }
        }
        return raw
    }

    /// A section's entries: a mapping of text keys to values that `read` accepts.
    private static func pairs<T>(_ node: Node, _ at: [String], _ path: String,
                                 _ read: (Node) -> T?) throws -> [(String, T)] {
        guard case .mapping(let entries) = node else { throw shapeError(path, at) }
        return try entries.map { key, value in
            guard let name = text(key) else { throw shapeError(path, at) }
            guard let read = read(value) else { throw shapeError(path, at + [name]) }
            return (name, read)
        }
    }

    private static func text(_ node: Node) -> String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }

    /// A list of texts (an empty value is an empty list).
    private static func texts(_ node: Node) -> [String]? {
        if node.null != nil { return [] }
        guard case .sequence(let items) = node else { return nil }
        let texts = items.compactMap(text)
        return texts.count == items.count ? texts : nil
    }

    private static func shapeError(_ path: String, _ at: [String]) -> MappingError {
        let place = at.isEmpty ? "文件顶层" : "“" + at.joined(separator: ".") + "”处"
        return MappingError(file: path, message: "映射文件格式错误：\(place)的值类型不对（应为映射表或文字列表，见 docs）")
    }

    /// Levenshtein distance between two short texts, by characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
