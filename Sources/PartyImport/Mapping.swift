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
    public var headers: [Field: [String]] = [:]
    /// The column (normalised header) that gives a field, chosen over any other.
    public var columns: [Field: String] = [:]
    public var categories: [String: String] = [:]
    public var sources: [String: String] = [:]
    public var townships: [String: [String]] = [:]
    public var county: String?

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
            throw MappingError(file: path, message: "映射文件过大（\(size) 字节，上限 \(maximumBytes) 字节即 1 MiB）", code: .mappingTooLarge)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MappingError(file: path, message: "无法读取映射文件")
        }
        guard data.count <= maximumBytes else {
            throw MappingError(file: path, message: "映射文件过大（上限 \(maximumBytes) 字节即 1 MiB）", code: .mappingTooLarge)
        }
        let raw = try Mapping.raw(String(decoding: data, as: UTF8.self), path: path)
        var mapping = Mapping()
        for (key, aliases) in raw.headers {
            guard let field = Field(rawValue: key) else {
                let known = Field.allCases.map(\.rawValue).joined(separator: ", ")
                throw MappingError(file: path, message: "headers 中的字段名「\(key)」未知；可用字段：\(known)")
            }
            mapping.headers[field, default: []].append(contentsOf: aliases.map { TextNormaliser.header($0).key })
        }
        for (key, header) in raw.columns {
            guard let field = Field(rawValue: key) else {
                let known = Field.allCases.map(\.rawValue).joined(separator: ", ")
                throw MappingError(file: path, message: "columns 中的字段名「\(key)」未知；可用字段：\(known)")
            }
            mapping.columns[field] = AliasIndex.key(header)
        }
        for (synonym, canonical) in raw.categories {
            guard OrgCategory.canonicalNames.contains(canonical) else {
                throw MappingError(file: path, message: "categories 中「\(synonym)」对应的类别「\(canonical)」不是标准类别（\(OrgCategory.canonicalNames.joined(separator: "、"))）")
            }
            mapping.categories[TextNormaliser.compact(synonym)] = canonical
        }
        for (synonym, canonical) in raw.sources {
            guard FundingSource.canonicalNames.contains(canonical) else {
                throw MappingError(file: path, message: "sources 中「\(synonym)」对应的来源「\(canonical)」不是标准资金来源（\(FundingSource.canonicalNames.joined(separator: "、"))）")
            }
            mapping.sources[TextNormaliser.compact(synonym)] = canonical
        }
        mapping.townships = Dictionary(raw.townships, uniquingKeysWith: { _, last in last })
        mapping.county = raw.county
        return mapping
    }
}

/// A mapping file that cannot be used.
public struct MappingError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    /// Stable code: `mapping.invalid`, `mapping.unknown_key` or `mapping.too_large`.
    public var code: String
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
            path.isEmpty ? "文件顶层" : "“" + path.map { $0.intValue.map { "第 \($0 + 1) 项" } ?? $0.stringValue }.joined(separator: ".") + "”处"
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
