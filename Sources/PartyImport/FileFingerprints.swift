import Foundation
import SheetReader

/// The size and SHA-256 of each file of an import, hashed in order on a thread of
/// their own while the import reads the files. Hashing a 107 MB roster takes 0.15 s,
/// which, done first, passed with one core idle before the first row was read; the
/// import needs a file's hash only when the file is done (`FileSummary.sha256`).
///
/// `fingerprint(_:)` waits for a file's hash (or its error). The thread ends when every
/// file is hashed, whether or not anyone asks.
public final class FileFingerprints: @unchecked Sendable {
    public typealias Fingerprint = (size: Int64, sha256: String)

    private let condition = NSCondition()
    /// Written by the hashing thread under `condition`, read under it.
    private var results: [Result<Fingerprint, ReadError>?]

    /// Starts hashing `files`, in order, on a thread.
    public init(files: [String]) {
        results = Array(repeating: nil, count: files.count)
        let thread = Thread { [self] in
            for (index, path) in files.enumerated() {
                let result: Result<Fingerprint, ReadError>
                do { result = .success(try ImportPipeline.fingerprint(path)) } catch let error as ReadError {
                    result = .failure(error)
                } catch {
                    result = .failure(ReadError(code: "file.unreadable", message: "无法读取文件：\(error)", file: path))
                }
                condition.lock()
                results[index] = result
                condition.broadcast()
                condition.unlock()
            }
        }
        thread.name = "partystats.hash"
        thread.start()
    }

    /// Fingerprints already computed: nothing is hashed.
    public init(known: [Fingerprint]) {
        results = known.map { .success($0) }
    }

    /// The fingerprint of file `index`, once hashed.
    /// - Throws: the `ReadError` of a file that could not be read.
    public func fingerprint(_ index: Int) throws -> Fingerprint {
        condition.lock()
        defer { condition.unlock() }
        while results[index] == nil { condition.wait() }
        return try results[index]!.get()
    }

    /// Every file's fingerprint, once all are hashed.
    public func all() throws -> [Fingerprint] {
        try results.indices.map(fingerprint)
    }
}
