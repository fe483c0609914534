import PartyModel

/// Why a sheet was taken for a kind: shown per sheet by `import --json` (`evidence`)
/// and by `inspect`.
public struct SheetEvidence: Sendable, Codable, Equatable {
    /// The kind taken, nil when none.
    public var kind: String?
    /// Excel row numbers of the header rows.
    public var headerRows: [Int]
    /// Every kind some column points at, best first.
    public var scores: [KindScore]

    enum CodingKeys: String, CodingKey {
        case kind, headerRows = "header_rows", scores
    }
}

/// How much a sheet's columns say it is of one kind.
public struct KindScore: Sendable, Codable, Equatable {
    /// The kind's id.
    public var kind: String
    /// The sum of the weights of its evidence.
    public var score: Int
    /// True when the kind's required fields are all bound.
    public var satisfied: Bool
    /// The columns that point at it.
    public var reasons: [EvidenceReason]
}

/// One column's evidence for a kind.
public struct EvidenceReason: Sendable, Codable, Equatable {
    /// Column letter.
    public var column: String
    /// Header as written.
    public var header: String
    /// The field it gives in that kind.
    public var field: String
    /// What it adds to the kind's score.
    public var weight: Int
    /// How it was bound or weighed when not by a plain alias: `mapping`, `money_header`,
    /// `values_do_not_parse`.
    public var note: String?
}

/// How recognition saw one header column.
public struct ColumnReading: Sendable, Codable, Equatable {
    /// What became of a column.
    public enum Status: String, Sendable, Codable {
        /// Gives a field of the kind taken.
        case mapped
        /// A known column that holds no field (序号, 备注).
        case ignored
        /// Could give a field another column gives better (its values parse less).
        case duplicate
        /// Gives no field of the kind taken.
        case unmapped
    }

    /// 0-based column index.
    public var index: Int
    /// Column letter.
    public var column: String
    /// The header as written, levels joined by `/`.
    public var header: String
    /// The header normalised (what aliases compare with).
    public var key: String
    /// The field it gives in the kind taken.
    public var field: Field?
    /// Whether the column was mapped, ignored, a duplicate or unmapped.
    public var status: Status
}

/// A warning recognition found about a sheet (`kind.ambiguous`, `column.unmapped`).
public struct RecognitionNote: Sendable, Equatable {
    /// Stable code (from the catalogue).
    public var code: ProblemCode
    /// Column letter, for a note about one column.
    public var column: String?
    /// The column's header as written.
    public var header: String?
    /// Chinese message.
    public var message: String
}
