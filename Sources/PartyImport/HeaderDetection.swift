import PartyModel
import SheetReader

/// Where one field's values are in a sheet.
public struct ColumnBinding: Sendable, Equatable {
    /// The field the column gives.
    public var field: Field
    /// 0-based column index.
    public var column: Int
    /// The header as written (levels joined by `/`), for messages.
    public var header: String
    /// A unit remembered from a bracketed suffix, e.g. `万元`.
    public var unit: String?
}

/// The header of a sheet: where it is, which kind of table it heads, and the columns.
public struct HeaderLayout: Sendable {
    /// The kind of table the header heads.
    public var kind: TableKind
    /// Index (into the scanned rows) of the first header row.
    public var start: Int
    /// Number of header rows (1–3).
    public var depth: Int
    /// The bound columns by field.
    public var columns: [Field: ColumnBinding] {
        didSet {
            byOrdinal = HeaderLayout.index(columns)
            columnByOrdinal = byOrdinal.map { $0?.column ?? -1 }
        }
    }
    /// Normalised label of every header column, used to recognise repeated header rows.
    public var labels: Set<String>
    /// `columns` as an array indexed by `Field.ordinal`: looked up for every field of
    /// every row, where a dictionary lookup would hash the key each time.
    private var byOrdinal: [ColumnBinding?]
    /// The bound column of each field by ordinal, -1 when unbound: the per-cell
    /// lookup, which copies no binding (and retains none of its texts).
    private var columnByOrdinal: [Int]

    /// A layout of `depth` header rows from `start`, with its bound columns and normalised labels.
    public init(kind: TableKind, start: Int, depth: Int, columns: [Field: ColumnBinding], labels: Set<String>) {
        self.kind = kind
        self.start = start
        self.depth = depth
        self.columns = columns
        self.labels = labels
        byOrdinal = HeaderLayout.index(columns)
        columnByOrdinal = byOrdinal.map { $0?.column ?? -1 }
    }

    /// The 0-based column bound to a field, nil when the sheet has none.
    @inline(__always)
    public func column(_ field: Field) -> Int? {
        let i = Int(field.ordinal)
        guard i < columnByOrdinal.count else { return nil }
        let column = columnByOrdinal[i]
        return column >= 0 ? column : nil
    }

    /// The binding of a field (its column, header and unit), nil when the sheet has none.
    @inline(__always)
    public func binding(_ field: Field) -> ColumnBinding? {
        let i = Int(field.ordinal)
        return i < byOrdinal.count ? byOrdinal[i] : nil
    }

    private static func index(_ columns: [Field: ColumnBinding]) -> [ColumnBinding?] {
        var out = [ColumnBinding?](repeating: nil, count: Field.allCases.count)
        for (field, binding) in columns { out[Int(field.ordinal)] = binding }
        return out
    }
}

/// Alias tables per kind (from the ``KindCatalogue``), with the user's additions,
/// keyed by normalised header text.
public struct AliasIndex: Sendable {
    var byKind: [TableKind: [String: Field]] = [:]
    /// Normalised headers of columns that hold no field (序号, 备注).
    let ignored: Set<String>
    /// Columns the mapping file names for a field (`columns:`), by normalised header.
    let explicitColumns: [Field: String]

    /// The catalogue's aliases with the mapping file's additions.
    public init(mapping: Mapping) {
        for descriptor in KindCatalogue.byHeader {
            var index: [String: Field] = [:]
            for spec in descriptor.fields {
                for alias in spec.aliases { index[AliasIndex.key(alias)] = spec.field }
            }
            for (field, aliases) in mapping.headers where descriptor.spec(field) != nil {
                for alias in aliases { index[AliasIndex.key(alias)] = field }
            }
            for (field, header) in mapping.columns where descriptor.spec(field) != nil {
                index[header] = field
            }
            byKind[descriptor.kind] = index
        }
        ignored = Set(KindCatalogue.ignoredHeaders.map(AliasIndex.key))
        explicitColumns = mapping.columns
    }

    /// Normalises an alias the way header cells are normalised, level by level.
    static func key(_ alias: String) -> String {
        alias.split(separator: "/").map { TextNormaliser.header(String($0)).key }.joined(separator: "/")
    }

    func field(for key: String, kind: TableKind) -> Field? { byKind[kind]?[key] }

    /// True for a normalised header that names no field in any kind.
    func isIgnored(_ key: String) -> Bool { ignored.contains(key) }

    /// Every alias of every kind, normalised, with its kind and field: for the nearest
    /// alias of an unmapped header.
    var all: [(key: String, kind: TableKind, field: Field)] {
        byKind.flatMap { kind, index in index.map { (key: $0.key, kind: kind, field: $0.value) } }
    }
}

/// Finds the header among the first rows of a sheet (SPEC §2): title rows above are
/// skipped, headers of up to three levels are joined (a parent label spans the
/// sub-columns under it, as a merged cell does); the kind is chosen by `Recogniser`.
public enum HeaderDetector {
    /// How many leading rows are searched for the header.
    public static let scanLimit = 30

    /// - Returns: the best header found, or nil when no block of rows heads a known table.
    public static func detect(rows: [SheetRow], aliases: AliasIndex) -> HeaderLayout? {
        Recogniser.recognise(rows: rows, aliases: aliases).layout
    }

    struct ColumnPath {
        var keys: [String]       // normalised, top to bottom
        var raw: [String]        // as written
        var unit: String?
    }

    /// The label path of every column, with parent labels carried right over their sub-columns.
    static func columnPaths(_ block: [SheetRow]) -> [ColumnPath] {
        let width = block.map(\.cells.count).max() ?? 0
        var grid: [[(key: String, raw: String, unit: String?)]] = block.map { row in
            (0..<width).map { c in
                let raw = TextNormaliser.clean(row[c].displayText)
                let h = TextNormaliser.header(raw)
                return (h.key, raw, h.unit)
            }
        }
        // Carry a parent label right while the level below continues under it.
        for level in 0..<max(0, grid.count - 1) {
            var carry: (key: String, raw: String, unit: String?)?
            for c in 0..<width {
                if !grid[level][c].key.isEmpty {
                    carry = grid[level][c]
                } else if grid[level + 1][c].key.isEmpty {
                    carry = nil
                } else if let carried = carry {
                    grid[level][c] = carried
                }
            }
        }
        return (0..<width).map { c in
            var path = ColumnPath(keys: [], raw: [], unit: nil)
            for level in 0..<grid.count {
                let cell = grid[level][c]
                guard !cell.key.isEmpty, path.keys.last != cell.key else { continue }
                path.keys.append(cell.key)
                path.raw.append(cell.raw)
                if let unit = cell.unit { path.unit = unit }
            }
            return path
        }
    }
}
