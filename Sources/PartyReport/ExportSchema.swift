import Foundation

// Frictionless Data descriptors (Data Package v1 / Table Schema v1), encoded
// into `datapackage.json`. Only the properties the export uses are modelled.

/// A Table Schema field type used by the export.
package enum ExportFieldType: String, Encodable, Sendable {
    case string, integer, number, boolean, date, yearmonth
}

/// One field of a Table Schema.
package struct ExportField: Encodable, Sendable {
    /// Column name in the CSV header.
    package var name: String
    /// Chinese column title.
    package var title: String
    /// What the column holds; for text, that formula-like cells carry a leading `'`.
    package var description: String
    /// Field type.
    package var type: ExportFieldType
    /// Format: `default` for every type the export uses.
    package var format = "default"
    /// Constraints: `required`, `unique`, `minimum`, `pattern`, `enum`.
    package var constraints: ExportConstraints?

    /// Creates a field.
    package init(_ name: String, _ type: ExportFieldType, title: String, description: String,
                 constraints: ExportConstraints? = nil) {
        self.name = name
        self.type = type
        self.title = title
        self.description = description
        self.constraints = constraints
    }
}

/// Table Schema field constraints.
package struct ExportConstraints: Encodable, Sendable {
    /// The cell may not be empty.
    package var required: Bool?
    /// No two rows share a value.
    package var unique: Bool?
    /// Smallest value allowed (integers and numbers).
    package var minimum: Int?
    /// Largest value allowed (integers and numbers).
    package var maximum: Int?
    /// XML Schema regular expression the whole text must match (strings).
    package var pattern: String?
    /// The allowed values.
    package var `enum`: [String]?

    /// Creates constraints; nil arguments are left out of the descriptor.
    package init(required: Bool? = nil, unique: Bool? = nil, minimum: Int? = nil, maximum: Int? = nil,
                 pattern: String? = nil, enum values: [String]? = nil) {
        self.required = required
        self.unique = unique
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.enum = values
    }

    /// `required: true`.
    package static let required = ExportConstraints(required: true)
    /// A non-negative count.
    package static let count = ExportConstraints(minimum: 0)
    /// A required non-negative count.
    package static let requiredCount = ExportConstraints(required: true, minimum: 0)
}

/// A Table Schema.
package struct ExportTableSchema: Encodable, Sendable {
    /// The columns, in CSV order.
    package var fields: [ExportField]
    /// Only the empty cell is missing; `0`, `NA` or `无` are values.
    package var missingValues = [""]
    /// The primary key columns, when rows have one.
    package var primaryKey: [String]?

    /// Creates a schema.
    package init(fields: [ExportField], primaryKey: [String]? = nil) {
        self.fields = fields
        self.primaryKey = primaryKey
    }
}

/// The CSV dialect of every resource (CSVW dialect as used by Frictionless).
package struct ExportDialect: Encodable, Sendable {
    package var delimiter = ","
    package var doubleQuote = true
    package var header = true
    package var lineTerminator = "\n"
    package var quoteChar = "\""
}

/// One tabular resource of the package.
package struct ExportResource: Encodable, Sendable {
    /// Resource name (lower case, `a-z0-9_-`).
    package var name: String
    /// The CSV file, relative to `datapackage.json`.
    package var path: String
    /// Chinese title.
    package var title: String
    /// What one row is.
    package var description: String
    package var profile = "tabular-data-resource"
    package var format = "csv"
    package var mediatype = "text/csv"
    package var encoding = "utf-8"
    package var dialect = ExportDialect()
    /// The number of data rows (informative).
    package var rows: Int?
    /// The Table Schema.
    package var schema: ExportTableSchema

    /// Creates a resource whose file is `<name>.csv`.
    package init(name: String, title: String, description: String, schema: ExportTableSchema) {
        self.name = name
        self.path = name + ".csv"
        self.title = title
        self.description = description
        self.schema = schema
    }
}

/// A source file the package was derived from.
package struct ExportSource: Encodable, Sendable {
    /// The file's path as imported.
    package var title: String
    /// SHA-256 of the file's bytes, format and row counts.
    package var description: String
}

/// The `datapackage.json` descriptor.
package struct ExportPackageDescriptor: Encodable, Sendable {
    package var profile = "tabular-data-package"
    /// `partystats-<year>`.
    package var name: String
    package var title: String
    package var description: String
    package var version = "1.0.0"
    /// ISO 8601 creation time (UTC).
    package var created: String
    /// Report year (custom property).
    package var year: Int
    /// Whether ID and phone numbers are unmasked (custom property).
    package var includesPersonalData: Bool
    package var sources: [ExportSource]
    package var resources: [ExportResource]

    enum CodingKeys: String, CodingKey {
        case profile, name, title, description, version, created, sources, resources
        case year = "partystats:year"
        case includesPersonalData = "partystats:includesPersonalData"
    }

    /// The descriptor as pretty-printed JSON with sorted keys and a final newline.
    package func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
