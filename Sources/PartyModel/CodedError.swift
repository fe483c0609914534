/// A failure the user can act on, printed as one line: `<Chinese message> [code]`.
///
/// The store, analytics, report and export layers each name it after themselves
/// (`StoreError`, `AnalyticsError`, `ReportError`, `ExportError`); they are the same
/// type, so every layer's failures print, compare and reach `--json` alike.
public struct CodedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable English identifier, e.g. `store.open`, `year.missing`, `export.write`.
    public var code: String
    /// Chinese message for the user, naming the file or year concerned.
    public var message: String

    /// Creates an error from its stable code and its message.
    public init(code: ProblemCode, message: String) {
        self.code = code.rawValue
        self.message = message
    }

    /// The message and its code, on one line: `<message> [code]`.
    public var description: String { "\(message) [\(code)]" }
}
