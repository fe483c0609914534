import Foundation
import ZIPFoundation

/// Inflates one archive entry on a background thread and hands its chunks to the
/// reading thread through a small bounded queue, turning ZIPFoundation's push-style
/// `extract(_:consumer:)` into the pull-style reading a `SheetCursor` needs.
///
/// Memory stays bounded (at most `capacity` chunks wait); inflating and XML parsing
/// run on two cores. `cancel()` (called when the cursor goes away early) stops the
/// extraction at its next chunk.
final class XLSXChunkStream: @unchecked Sendable {
    // All mutable state below is guarded by `condition`.
    private let condition = NSCondition()
    private var chunks: [Data] = []
    private var head = 0
    private var finished = false
    private var failure: ReadError?
    private var cancelled = false
    private let capacity = 6

    /// Starts inflating `entryPath` of the archive at `url`.
    /// - Parameters:
    ///   - location: Sheet name or part used in errors.
    init(url: URL, path: String, entryPath: String, location: String, limits: ReadLimits) {
        let thread = Thread { [self] in
            self.produce(url: url, path: path, entryPath: entryPath, location: location, limits: limits)
        }
        thread.name = "partystats.xlsx-inflate"
        thread.start()
    }

    private func produce(url: URL, path: String, entryPath: String, location: String, limits: ReadLimits) {
        var produced: Int64 = 0
        var ownError: ReadError?
        do {
            // A separate Archive: ZIPFoundation's Archive seeks a shared FILE* and
            // is not safe to use from two threads.
            let archive = try Archive(url: url, accessMode: .read)
            guard let entry = archive[entryPath] else {
                throw ReadError(code: "xlsx.missing_part", message: "工作簿缺少工作表部件 \(entryPath)", file: path, sheet: location)
            }
            let bound = XLSXArchive.entryBound(compressed: entry.compressedSize, limits: limits)
            let crc = try archive.extract(entry, bufferSize: 256 << 10, skipCRC32: false) { chunk in
                produced += Int64(chunk.count)
                // More bytes than the directory declared: the header lied; stop now rather
                // than inflate up to the ratio bound (hundreds of MB of a bomb).
                if produced > bound || produced > Int64(clamping: entry.uncompressedSize) {
                    ownError = XLSXArchive.bombError(path: path, part: location, limits: limits)
                    throw XLSXStop()
                }
                guard self.put(chunk) else { throw XLSXStop() }
            }
            if crc != entry.checksum {
                throw ReadError(code: "xlsx.corrupt_zip", message: "压缩包条目校验失败（CRC 不符），文件已损坏", file: path, sheet: location)
            }
            finish(nil)
        } catch let error as ReadError {
            finish(error)
        } catch {
            finish(ownError ?? ReadError(code: "xlsx.corrupt_zip",
                                         message: "压缩包条目无法解压，文件已损坏：\(error)", file: path, sheet: location))
        }
    }

    /// Queues a chunk, waiting while the queue is full. False when cancelled.
    private func put(_ chunk: Data) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count - head >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        if head > 64 { chunks.removeFirst(head); head = 0 }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    private func finish(_ error: ReadError?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next inflated chunk, or nil after the last one.
    /// - Throws: the `ReadError` that ended the extraction.
    func next() throws(ReadError) -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while head == chunks.count && !finished { condition.wait() }
        // A failure (a limit tripped, a corrupt stream) wins over chunks still queued.
        if let failure { throw failure }
        if head < chunks.count {
            let chunk = chunks[head]
            chunks[head] = Data()
            head += 1
            condition.broadcast()
            return chunk
        }
        return nil
    }

    /// Stops the extraction; the producer thread exits at its next chunk.
    func cancel() {
        condition.lock()
        cancelled = true
        chunks.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
    }
}
