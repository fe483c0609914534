import Foundation
import PartyModel
import Yams

extension Mapping {
    /// Adds `header` to the aliases of `field` in the mapping file at `path` (made when
    /// missing), so that the next import maps that column: the choice the page of
    /// `partystats serve` offers for an unmapped column.
    ///
    /// The file keeps its comments and layout when the alias can be added as a line
    /// (a new `headers:` section at the end, or a line under a block `headers:`);
    /// otherwise it is written again from its parsed form. Either way the result is read
    /// back and must be the old mapping plus the alias, or nothing is written. The file
    /// is replaced atomically (temporary file, then rename) and keeps its permissions.
    /// - Returns: false when the alias was already there (nothing written).
    /// - Throws: `MappingError` (the file cannot be read, parsed or written).
    @discardableResult
    public static func addHeaderAlias(_ header: String, for field: Field, inFileAt path: String) throws -> Bool {
        let exists = FileManager.default.fileExists(atPath: path)
        let old = exists ? try load(path: path) : Mapping()
        let key = TextNormaliser.header(header).key
        guard !key.isEmpty else { throw MappingError(file: path, message: "表头为空，不能作为别名") }
        if old.headers[field]?.contains(key) == true { return false }
        var expected = old
        expected.headers[field, default: []].append(key)
        let text = exists ? String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            : "# partystats 映射文件（表头别名等，见 README「The mapping file」）\n"
        let line = "  \(field.rawValue): [\(quoted(header))]\n"
        for candidate in [appendedLine(line, to: text), rewritten(text, adding: header, to: field, path: path)] {
            guard let candidate,
                  (try? parse(candidate, path: path)).map({ sameHeaders($0, expected) }) == true else { continue }
            try write(candidate, to: path)
            return true
        }
        throw MappingError(file: path, message: "无法把「\(header)」加入 headers.\(field.rawValue)：文件的写法无法自动修改，请手工添加")
    }

    /// The text with `line` under its block `headers:` line, or a new `headers:` section at
    /// the end; nil when `headers:` is written another way (flow style, a comment after it).
    private static func appendedLine(_ line: String, to text: String) -> String? {
        var lines = text.components(separatedBy: "\n")
        if let index = lines.firstIndex(where: { $0.hasPrefix("headers:") }) {
            guard lines[index].trimmingCharacters(in: .whitespaces) == "headers:" else { return nil }
            lines.insert(String(line.dropLast()), at: index + 1)
            return lines.joined(separator: "\n")
        }
        return text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + "headers:\n" + line
    }

    /// The file written again from its YAML tree with the alias added (comments are lost).
    private static func rewritten(_ text: String, adding header: String, to field: Field, path: String) -> String? {
        let document: Node?
        do { document = try Yams.compose(yaml: text) } catch { return nil }
        var top: Node.Mapping = [:]
        if let document, document.null == nil {
            guard case .mapping(let existing) = document else { return nil }
            top = existing
        }
        let headersKey = Node("headers")
        var headers: Node.Mapping = [:]
        if case .mapping(let existing)? = top[headersKey] { headers = existing }
        let fieldKey = Node(field.rawValue)
        var aliases: [Node] = []
        if case .sequence(let existing)? = headers[fieldKey] { aliases = Array(existing) }
        aliases.append(Node(header))
        headers[fieldKey] = Node.sequence(Node.Sequence(aliases))
        top[headersKey] = Node.mapping(headers)
        do { return try Yams.serialize(node: Node.mapping(top)) } catch { return nil }
    }

    private static func sameHeaders(_ parsed: Mapping, _ expected: Mapping) -> Bool {
        parsed.headers.mapValues { Set($0) } == expected.headers.mapValues { Set($0) }
            && parsed.columns == expected.columns && parsed.categories == expected.categories
            && parsed.sources == expected.sources && parsed.townships == expected.townships
            && parsed.county == expected.county
    }

    /// A YAML double-quoted scalar.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Writes beside the file, then renames over it.
    private static func write(_ text: String, to path: String) throws {
        let manager = FileManager.default
        let permissions = (try? manager.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber
        let temporary = path + ".partystats-\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard manager.createFile(atPath: temporary, contents: Data(text.utf8),
                                 attributes: [.posixPermissions: permissions?.intValue ?? 0o600]) else {
            throw MappingError(file: path, message: "无法写入映射文件（所在文件夹不可写？）", code: .mappingWrite)
        }
        // rename(2) replaces the file in one step: a reader sees the old file or the new one.
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(atPath: temporary)
            throw MappingError(file: path, message: "无法写入映射文件：\(reason)", code: .mappingWrite)
        }
    }
}
