import Foundation
import Synchronization

/// The files of the last successful import, kept so that the problems table can show
/// their rows; the one before is removed when a new one is kept, all at shutdown.
final class UploadKeeper: Sendable {
    private let last = Mutex<UploadBatch?>(nil)

    /// Keeps `batch`, removing the one kept before.
    func keep(_ batch: UploadBatch) {
        let previous = last.withLock { kept -> UploadBatch? in
            defer { kept = batch }
            return kept
        }
        previous?.remove()
    }

    /// Where the kept import's file named `name` is.
    func location(of name: String) -> String? {
        last.withLock { $0?.locations[name] }
    }
}
