import Foundation
import PartyModel
import Yams

/// User additions to the built-in aliases, read from a YAML mapping file (`--mapping`).
///
///     headers:            # field name (SPEC §2) → extra header aliases
///       name: [党员姓名]
///     columns:            # field name → the one column (its header) that gives it,
///       status: 党籍状态   #   when several columns could
///     categories:         # synonym → canonical category
///       村级: 农村
///     sources:            # synonym → canonical funding source
///       党费补助: 上级下拨党费
///     townships:          # display name → aliases
///       城关镇: [城关]
///     county: 唐河县
public struct Mapping: Sendable, Equatable {
    /// Extra header aliases by field (`headers:`).
    public var headers: [Field: [String]] = [:]
    /// The column (normalised header) that gives a field, chosen over any other.
    public var columns: [Field: String] = [:]
    /// Organisation-category synonyms → canonical category (`categories:`).
    public var categories: [String: String] = [:]
    /// Funding-source synonyms → canonical source (`sources:`).
    public var sources: [String: String] = [:]
    /// Township display names → their aliases (`townships:`).
    public var townships: [String: [String]] = [:]
    /// The county's name, for titles (`county:`).
    public var county: String?

    /// An empty mapping: the built-in aliases only.
    public init() {}

    /// The largest mapping file read: 1 MiB, far above any county's (tens of
    /// townships, a few hundred aliases fit in a few KiB).
    public static let maximumBytes = 1 << 20

    /// The keys a mapping file may have at its top level.
    public static let topLevelKeys = ["headers", "columns", "categories", "sources", "townships", "county"]

    /// Parses a mapping file.
    /// - Throws: `MappingError` naming the file and what is wrong: `mapping.too_large`
    ///   over ``maximumBytes``, `mapping.unknown_key` for a top-level key that is not
    ///   one of ``topLevelKeys`` (with the nearest one suggested), else `mapping.invalid`.
    public static func load(path: String) throws -> Mapping {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumBytes else {
            throw MappingError(file: path, message: "映射文件过大（\(size) 字节，上限 \(maximumBytes) 字节即 1 MiB）",
                               code: .mappingTooLarge)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MappingError(file: path, message: "无法读取映射文件")
        }
        guard data.count <= maximumBytes else {
            throw MappingError(file: path, message: "映射文件过大（上限 \(maximumBytes) 字节即 1 MiB）", code: .mappingTooLarge)
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses a mapping file's text (``load(path:)`` without the reading); `path` names it in errors.
    static func parse(_ yaml: String, path: String) throws -> Mapping {
        let raw = try Mapping.raw(yaml, path: path)
        var mapping = Mapping()
        for (key, aliases) in raw.headers {
            let field = try Mapping.field(key, in: "headers", path: path)
            mapping.headers[field, default: []].append(contentsOf: aliases.map { TextNormaliser.header($0).key })
        }
        for (key, header) in raw.columns {
            mapping.columns[try Mapping.field(key, in: "columns", path: path)] = AliasIndex.key(header)
        }
        mapping.categories = try Mapping.synonyms(raw.categories, in: "categories", of: "类别", standard: "标准类别",
                                                  canonicalNames: OrgCategory.canonicalNames, path: path)
        mapping.sources = try Mapping.synonyms(raw.sources, in: "sources", of: "来源", standard: "标准资金来源",
                                               canonicalNames: FundingSource.canonicalNames, path: path)
        mapping.townships = Dictionary(raw.townships, uniquingKeysWith: { _, last in last })
        mapping.county = raw.county
        return mapping
    }

    /// The field named `key` in the section `section` of the mapping file at `path`.
    /// - Throws: `MappingError` when no field has that name.
    private static func field(_ key: String, in section: String, path: String) throws -> Field {
        guard let field = Field(rawValue: key) else {
            let known = Field.allCases.map(\.rawValue).joined(separator: ", ")
            throw MappingError(file: path, message: "\(section) 中的字段名「\(key)」未知；可用字段：\(known)")
        }
        return field
    }

    /// The synonyms of a section (`categories`, `sources`) keyed by their compacted text,
    /// each naming one of `canonicalNames` (the `standard` names of a `noun`).
    /// - Throws: `MappingError` naming the first synonym whose canonical name is not one of them.
    private static func synonyms(_ raw: [(String, String)], in section: String, of noun: String, standard: String,
                                 canonicalNames: [String], path: String) throws -> [String: String] {
        var synonyms: [String: String] = [:]
        for (synonym, canonical) in raw {
            guard canonicalNames.contains(canonical) else {
                throw MappingError(file: path,
                                   message: "\(section) 中「\(synonym)」对应的\(noun)「\(canonical)」不是\(standard)"
                                       + "（\(canonicalNames.joined(separator: "、"))）")
            }
            synonyms[TextNormaliser.compact(synonym)] = canonical
        }
        return synonyms
    }
}

/// A mapping file that cannot be used.
public struct MappingError: Error, Sendable, CustomStringConvertible {
    /// The mapping file as given.
    public var file: String
    /// What is wrong, in Chinese.
    public var message: String
    /// Stable code: `mapping.invalid`, `mapping.unknown_key` or `mapping.too_large`.
    public var code: String
    /// File, message and code on one line.
    public var description: String { "映射文件 \(file)：\(message) [\(code)]" }

    /// Creates the error; `code` comes from the catalogue.
    public init(file: String, message: String, code: ProblemCode = .mappingInvalid) {
        self.file = file
        self.message = message
        self.code = code.rawValue
    }

    /// A decoding failure as one line for the user: where in the file and what,
    /// without Swift's `DecodingError` debug text.
    static func explain(_ error: any Error) -> String {
        func at(_ path: [any CodingKey]) -> String {
            let steps = path.map { $0.intValue.map { "第 \($0 + 1) 项" } ?? $0.stringValue }
            return path.isEmpty ? "文件顶层" : "“" + steps.joined(separator: ".") + "”处"
        }
        switch error {
        case DecodingError.dataCorrupted(let context):
            if let underlying = context.underlyingError { return explain(underlying) }
            return "\(at(context.codingPath))的内容无法解析"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(at(context.codingPath))的值类型不对（应为映射表或文字列表，见 docs）"
        case DecodingError.keyNotFound(let key, let context):
            return "\(at(context.codingPath))缺少“\(key.stringValue)”"
        default:
            // Yams' parser errors: "2:1: error: parser: while parsing …", then the offending
            // line and a caret; the first line says where and what.
            let first = String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return "不是有效的 YAML（\(first)）"
        }
    }
}
