import Foundation
import PartyImport
import Synchronization

/// How far the import now running has got, for the page's progress bar.
final class ProgressBoard: Sendable {
    private let state = Mutex<ImportProgress?>(nil)

    /// Called by the import every few thousand rows.
    func update(_ progress: ImportProgress) {
        state.withLock { $0 = progress }
    }

    /// The import ended (or none runs).
    func clear() {
        state.withLock { $0 = nil }
    }

    /// `{"running": false}`, or the import's file, counts and bytes.
    func json() -> Data {
        struct Document: Encodable {
            var running: Bool
            var file: String?
            var file_index: Int?
            var file_count: Int?
            var rows: Int?
            var bytes_done: Int64?
            var bytes_total: Int64?
        }
        let progress = state.withLock { $0 }
        let document = Document(running: progress != nil, file: progress?.file, file_index: progress?.fileIndex,
                                file_count: progress?.fileCount, rows: progress?.rows,
                                bytes_done: progress?.bytesDone, bytes_total: progress?.bytesTotal)
        return (try? JSONEncoder().encode(document)) ?? Data("{\"running\":false}".utf8)
    }
}
