import Foundation

/// The JSON form of `Indicators` and `YearComparison` used by `--json` and the golden tests.
///
/// Keys are sorted and output is pretty-printed, so the same store always gives the
/// same bytes; `null` is written for undefined ratios rather than leaving keys out.
public enum AnalyticsJSON {
    /// An encoder with sorted keys, pretty printing and unescaped slashes.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes `value` as UTF-8 JSON followed by a newline.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        var data = try encoder().encode(value)
        data.append(0x0A)
        return data
    }

    /// Decodes a document written by `encode`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }
}
