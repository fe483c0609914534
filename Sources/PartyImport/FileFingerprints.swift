import Foundation
import SheetReader

/// The size and SHA-256 of each file of an import, hashed in order on a thread of
/// their own while the import reads the files. Hashing a 107 MB roster takes 0.15 s,
/// which, done first, passed with one core idle before the first row was read; the
/// import needs a file's hash only when the file is done (`FileSummary.sha256`).
///
/// `fingerprint(_:)` waits for a file's hash (or its error). Dropping the object stops
/// the hashing (between chunks of 1 MiB) and waits until the thread has stopped: an
/// import that fails early leaves no thread running, which at the process's exit would
/// hash on while libcrypto is torn down.
public final class FileFingerprints: @unchecked Sendable {
    /// A file's size and SHA-256 (lower-case hex).
    public typealias Fingerprint = (size: Int64, sha256: String)

    private let state: State

    /// Starts hashing `files`, in order, on a thread.
    public init(files: [String]) {
        let state = State(count: files.count, running: true)
        self.state = state
        // The thread holds the state, not this object, so that dropping it can stop the thread.
        let thread = Thread {
            for (index, path) in files.enumerated() {
                let result: Result<Fingerprint, ReadError>?
                do {
                    result = try ImportPipeline.fingerprint(path, stop: state.isCancelled).map { .success($0) }
                } catch let error as ReadError {
                    result = .failure(error)
                } catch {
                    result = .failure(ReadError(code: .fileUnreadable, message: "无法读取文件：\(error)", file: path))
                }
                guard let result else { break }
                state.set(index, result)
            }
            state.finish()
        }
        thread.name = "partystats.hash"
        thread.start()
    }

    /// Fingerprints already computed: nothing is hashed.
    public init(known: [Fingerprint]) {
        state = State(count: known.count, running: false)
        for (index, print) in known.enumerated() { state.set(index, .success(print)) }
    }

    deinit {
        state.cancelAndWait()
    }

    /// Stops the hashing (between chunks) and waits until the thread has stopped; what
    /// `deinit` does, for an owner that must know the thread is gone before it returns
    /// (another holder may release this object later, on another thread). Hashes already
    /// made stay available.
    public func stop() {
        state.cancelAndWait()
    }

    /// The fingerprint of file `index`, once hashed.
    /// - Throws: the `ReadError` of a file that could not be read.
    public func fingerprint(_ index: Int) throws -> Fingerprint {
        try state.wait(index).get()
    }

    /// The first file before `index` whose content equals file `index`'s (same size
    /// and SHA-256), or nil. Only files of the same size (`sizes`, one per file) are
    /// compared, so an import without such files never waits for a hash here.
    /// - Throws: the `ReadError` of a file that could not be hashed.
    public func firstCopy(of index: Int, sizes: [Int64]) throws -> Int? {
        let sameSize = (0..<index).filter { sizes[$0] == sizes[index] }
        guard !sameSize.isEmpty else { return nil }
        let sha256 = try fingerprint(index).sha256
        return try sameSize.first { try fingerprint($0).sha256 == sha256 }
    }

    /// Every file's fingerprint, once all are hashed.
    public func all() throws -> [Fingerprint] {
        try (0..<state.count).map(fingerprint)
    }

    /// The results and the thread's state, under one condition lock.
    private final class State: @unchecked Sendable {
        let count: Int
        private let condition = NSCondition()
        private var results: [Result<Fingerprint, ReadError>?]
        private var cancelled = false
        private var running: Bool

        init(count: Int, running: Bool) {
            self.count = count
            self.running = running
            results = Array(repeating: nil, count: count)
        }

        func isCancelled() -> Bool {
            condition.lock()
            defer { condition.unlock() }
            return cancelled
        }

        func set(_ index: Int, _ result: Result<Fingerprint, ReadError>) {
            condition.lock()
            results[index] = result
            condition.broadcast()
            condition.unlock()
        }

        /// The hashing thread has ended.
        func finish() {
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }

        func wait(_ index: Int) -> Result<Fingerprint, ReadError> {
            condition.lock()
            defer { condition.unlock() }
            while results[index] == nil { condition.wait() }
            return results[index]!
        }

        func cancelAndWait() {
            condition.lock()
            cancelled = true
            while running { condition.wait() }
            condition.unlock()
        }
    }
}
