import Dispatch

/// Runs the library's blocking calls (an import, a report) away from the server's
/// event loops and Swift's cooperative threads, which must never wait on a disk or a lock.
enum Blocking {
    /// Imports one at a time: they write the store, which takes one writer anyway, and
    /// the progress the page shows is that of the one import running.
    static let writer = DispatchQueue(label: "partystats.serve.import")
    /// Reads (indicators, workbooks, packages) side by side.
    static let readers = DispatchQueue(label: "partystats.serve.read", attributes: .concurrent)

    /// The value of `body`, run on `queue`.
    static func run<T: Sendable>(on queue: DispatchQueue = readers,
                                 _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
