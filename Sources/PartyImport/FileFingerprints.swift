import Foundation
import HandOff
import SheetReader

/// The size and SHA-256 of each file of an import, hashed in order on a thread of their
/// own (`WorkerThread`, results through a `HandOffQueue`) while the import reads the
/// files: a file's hash is needed only when the file has been read (`FileSummary.sha256`)
/// or when a later file of the same size may be its copy (`firstCopy`). Hashes already
/// known (the import session hashes first the files that may have a stored file's
/// content) are handed on, not hashed again.
///
/// The hashes are taken by one thread, the pipeline's (checked in debug builds).
/// `stop()` (and dropping the object) stops the hashing between chunks of 1 MiB and waits
/// until the thread has ended: an import that fails early leaves no thread running, which
/// at the process's exit would hash on while libcrypto is torn down.
public final class FileFingerprints {
    /// A file's size and SHA-256 (lower-case hex).
    public typealias Fingerprint = (size: Int64, sha256: String)

    private let hashes: HandOffQueue<Result<Fingerprint, ReadError>, Never>
    private let worker: WorkerThread
    /// The results taken so far, by file index.
    private var taken: [Result<Fingerprint, ReadError>] = []
    private var consumer = ThreadOwner()
    private var claimed = false

    /// Starts hashing `files`, in order, on a thread; the files of `known` (by index) are
    /// not read.
    public init(files: [String], known: [Int: Fingerprint] = [:]) {
        let hashes = HandOffQueue<Result<Fingerprint, ReadError>, Never>(capacity: max(1, files.count))
        self.hashes = hashes
        worker = WorkerThread(name: "partystats.hash") {
            defer { hashes.finish() }
            for (index, path) in files.enumerated() {
                let result: Result<Fingerprint, ReadError>
                if let print = known[index] {
                    result = .success(print)
                } else {
                    do {
                        guard let print = try ImportPipeline.fingerprint(path, stop: hashes.isClosed) else { return }
                        result = .success(print)
                    } catch let error as ReadError {
                        result = .failure(error)
                    } catch {
                        result = .failure(ReadError(code: .fileUnreadable, message: "无法读取文件：\(error)", file: path))
                    }
                }
                do { try hashes.put(result) } catch { return }
            }
        }
    }

    deinit {
        stop()
    }

    /// Stops the hashing (between chunks) and waits until the thread has ended. Hashes
    /// already taken stay available. Safe to call more than once.
    public func stop() {
        hashes.closeAndWait()
        worker.join()
    }

    /// The fingerprint of file `index`, once hashed.
    /// - Throws: the `ReadError` of a file that could not be read.
    public func fingerprint(_ index: Int) throws -> Fingerprint {
        if !claimed {
            consumer.claim()
            claimed = true
        }
        consumer.check("FileFingerprints")
        while taken.count <= index {
            guard let next = hashes.take() else {
                throw ReadError(code: .fileUnreadable, message: "文件的 SHA-256 未能计算（导入已停止）", file: "")
            }
            taken.append(next)
        }
        return try taken[index].get()
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
}
