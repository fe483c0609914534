import PartyModel
import SheetReader

/// What `partystats inspect` shows of a file: per sheet the header found, each column
/// and its field (or the nearest alias), the kind and its evidence, the first data
/// rows as read, and a mapping.yaml fragment for what is unmapped (issue 15 §6).
public struct FileInspection: Sendable, Codable, Equatable {
    /// The file as given.
    public var path: String
    /// Its format (`csv`, `xlsx`, `xls` …).
    public var format: String
    /// The detected text encoding of a CSV file; nil otherwise.
    public var encoding: String?
    /// Every sheet in workbook order.
    public var sheets: [SheetInspection]
}

/// One sheet as recognition sees it.
public struct SheetInspection: Sendable, Codable, Equatable {
    /// The sheet's name.
    public var sheet: String
    /// True when the workbook hides the sheet.
    public var hidden: Bool
    /// The kind taken, nil when none.
    public var kind: String?
    /// Its Chinese name.
    public var kindName: String?
    /// Why the kind was taken (or none was).
    public var evidence: SheetEvidence
    /// Every header column, left to right.
    public var columns: [InspectedColumn]
    /// The first data rows below the header: Excel row number and each header column's text.
    public var rows: [InspectedRow]
    /// Warnings about the sheet.
    public var notes: [InspectedNote]
    /// A ready-to-paste mapping.yaml fragment for the unmapped columns; empty when none.
    public var mapping: String

    enum CodingKeys: String, CodingKey {
        case sheet, hidden, kind, kindName = "kind_name", evidence, columns, rows, notes, mapping
    }
}

/// One header column in an inspection.
public struct InspectedColumn: Sendable, Codable, Equatable {
    /// The column letter.
    public var column: String
    /// The header as written, levels joined by `/`.
    public var header: String
    /// `mapped`, `ignored`, `duplicate` or `unmapped`.
    public var status: String
    /// The field it gives (mapped), or could give (duplicate).
    public var field: String?
    /// For a column that gives no field: the nearest alias of any kind's field.
    public var nearest: NearestAlias?
}

/// The alias nearest to an unmapped header (edit distance over normalised aliases).
public struct NearestAlias: Sendable, Codable, Equatable {
    /// The alias's field.
    public var field: String
    /// The alias, normalised.
    public var alias: String
    /// The kind whose field it is.
    public var kind: String
    /// The edit distance from the header.
    public var distance: Int
}

/// A data row as read.
public struct InspectedRow: Sendable, Codable, Equatable {
    /// The row number as Excel shows it.
    public var row: Int
    /// Each header column's text in this row.
    public var cells: [String]
}

/// A warning about a sheet (`kind.ambiguous`, `column.unmapped`).
public struct InspectedNote: Sendable, Codable, Equatable {
    /// The stable code of the warning.
    public var code: String
    /// The column letter.
    public var column: String?
    /// The header as written, levels joined by `/`.
    public var header: String?
    /// The warning in Chinese.
    public var message: String
}

/// Builds inspections with the import's own recognition.
public enum Inspector {
    /// How many data rows an inspection shows.
    public static let rowsShown = 5

    /// Inspects every sheet of a file.
    /// - Parameter name: the name the file is known by when `path` is only where it is kept
    ///   (see `ImportPipeline.locations`); the inspection names it so.
    /// - Throws: `ReadError` when the file cannot be read.
    public static func inspect(path: String, name: String? = nil, mapping: Mapping = Mapping(),
                               limits: ReadLimits = .default) throws -> FileInspection {
        let workbook = try SheetReaders.open(path: path, name: name, limits: limits)
        let aliases = AliasIndex(mapping: mapping)
        var sheets: [SheetInspection] = []
        for info in workbook.sheets {
            let cursor = try workbook.openSheet(info.index)
            var head: [SheetRow] = []
            while head.count < HeaderDetector.scanLimit, let row = try cursor.next() { head.append(row) }
            sheets.append(inspect(sheet: info, head: head, aliases: aliases))
        }
        return FileInspection(path: name ?? path, format: workbook.format.rawValue, encoding: workbook.encoding,
                              sheets: sheets)
    }

    static func inspect(sheet info: SheetInfo, head: [SheetRow], aliases: AliasIndex) -> SheetInspection {
        let recognition = Recogniser.recognise(rows: head, aliases: aliases)
        let kind = recognition.layout?.kind
        let columns = recognition.columns.map { reading -> InspectedColumn in
            var column = InspectedColumn(column: reading.column, header: reading.header,
                                         status: reading.status.rawValue,
                                         field: reading.field?.rawValue)
            if reading.status == .unmapped {
                column.nearest = nearest(to: reading.key, aliases: aliases, prefer: kind)
            }
            return column
        }
        var rows: [InspectedRow] = []
        if let last = recognition.evidence.headerRows.last, let index = head.firstIndex(where: { $0.number == last }) {
            for row in head[(index + 1)...] where !row.cells.allSatisfy(\.isBlank) {
                rows.append(InspectedRow(row: row.number,
                                         cells: recognition.columns.map {
                                             TextNormaliser.clean(row[$0.index].displayText)
                                         }))
                if rows.count == rowsShown { break }
            }
        }
        let notes = recognition.notes.map {
            InspectedNote(code: $0.code.rawValue, column: $0.column, header: $0.header, message: $0.message)
        }
        return SheetInspection(sheet: info.name, hidden: info.hidden, kind: kind?.rawValue, kindName: kind?.displayName,
                               evidence: recognition.evidence, columns: columns, rows: rows, notes: notes,
                               mapping: mappingFragment(columns))
    }

    /// The alias nearest to a normalised header, preferring the given kind's fields on
    /// a tie; nil when none is within half the header's length.
    static func nearest(to key: String, aliases: AliasIndex, prefer kind: TableKind?) -> NearestAlias? {
        let target = key.split(separator: "/").last.map(String.init) ?? key
        guard !target.isEmpty else { return nil }
        var best: NearestAlias?
        for (alias, aliasKind, field) in aliases.all.sorted(by: { ($0.key, $0.kind.rawValue) < ($1.key,
            $1.kind.rawValue) }) {
            let candidate = alias.split(separator: "/").last.map(String.init) ?? alias
            let distance = Mapping.editDistance(target, candidate)
            let better = best == nil || distance < best!.distance
                || (distance == best!.distance && aliasKind == kind && best!.kind != kind?.rawValue)
            if better {
                best = NearestAlias(field: field.rawValue, alias: alias, kind: aliasKind.rawValue, distance: distance)
            }
        }
        guard let found = best, found.distance * 2 <= max(target.count, 2) else { return nil }
        return found
    }

    /// `headers:` lines for the unmapped columns with a nearest field, and comments for
    /// the others; `columns:` hints for duplicates.
    static func mappingFragment(_ columns: [InspectedColumn]) -> String {
        var headers: [String: [String]] = [:]
        var order: [String] = []
        var comments: [String] = []
        var choices: [String] = []
        for column in columns {
            switch column.status {
            case "unmapped":
                if let nearest = column.nearest {
                    if headers[nearest.field] == nil { order.append(nearest.field) }
                    headers[nearest.field, default: []].append(column.header)
                    comments.append("# \(column.column) 列「\(column.header)」最接近 \(nearest.field) "
                        + "的别名「\(nearest.alias)」，请核对")
                } else {
                    comments.append("# \(column.column) 列「\(column.header)」没有相近的字段；如需导入，在 headers 下写明字段名")
                }
            case "duplicate":
                if let field = column.field {
                    choices.append("#   \(field): \(column.header)    # 若应读 \(column.column) 列")
                }
            default:
                break
            }
        }
        guard !comments.isEmpty || !choices.isEmpty else { return "" }
        var lines = comments
        if !order.isEmpty {
            lines.append("headers:")
            for field in order { lines.append("  \(field): [\(headers[field]!.joined(separator: ", "))]") }
        }
        if !choices.isEmpty {
            lines.append("# 两列可作同一字段时，可在 columns 中指定读哪一列：")
            lines.append("# columns:")
            lines += choices
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
