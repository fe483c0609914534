import Foundation
import HandOff
import ZIPFoundation

/// Inflates one archive entry on a background thread and hands its chunks to the
/// reading thread through a `HandOffQueue`, turning ZIPFoundation's push-style
/// `extract(_:consumer:)` into the pull-style reading a `SheetCursor` needs.
///
/// Memory stays bounded (at most `capacity` chunks wait); inflating and XML parsing
/// run on two cores. Chunks and the error that ends the extraction (a limit tripped, a
/// corrupt stream) come in order. `cancel()` (called when the cursor goes away early)
/// stops the extraction at its next chunk and waits for the thread to end.
final class XLSXChunkStream {
    private let queue = HandOffQueue<Data, ReadError>(capacity: 6)
    private let thread: WorkerThread

    /// Starts inflating `entryPath` of the archive at `url`.
    /// - Parameters:
    ///   - location: Sheet name or part used in errors.
    init(url: URL, path: String, entryPath: String, location: String, limits: ReadLimits) {
        let queue = self.queue
        thread = WorkerThread(name: "partystats.xlsx-inflate", stackSize: 1 << 20) {
            queue.finish(throwing: XLSXChunkStream.produce(url: url, path: path, entryPath: entryPath,
                                                           location: location, limits: limits, into: queue))
        }
    }

    deinit { cancel() }

    /// Inflates the entry into `queue`; the error that ended it, or nil.
    private static func produce(url: URL, path: String, entryPath: String, location: String, limits: ReadLimits,
                                into queue: HandOffQueue<Data, ReadError>) -> ReadError? {
        var produced: Int64 = 0
        var ownError: ReadError?
        do {
            // A separate Archive: ZIPFoundation's Archive seeks a shared FILE* and
            // is not safe to use from two threads.
            let archive = try Archive(url: url, accessMode: .read)
            guard let entry = archive[entryPath] else {
                throw ReadError(code: .xlsxMissingPart, message: "工作簿缺少工作表部件 \(entryPath)", file: path, sheet: location)
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
                try queue.put(chunk)
            }
            if crc != entry.checksum {
                throw ReadError(code: .xlsxCorruptZip, message: "压缩包条目校验失败（CRC 不符），文件已损坏", file: path, sheet: location)
            }
            return nil
        } catch let error as ReadError {
            return error
        } catch is HandOffClosed {
            return nil
        } catch {
            return ownError ?? ReadError(code: .xlsxCorruptZip,
                                         message: "压缩包条目无法解压，文件已损坏：\(error)", file: path, sheet: location)
        }
    }

    /// The next inflated chunk, or nil after the last one.
    /// - Throws: the `ReadError` that ended the extraction, after the chunks inflated before it.
    func next() throws(ReadError) -> Data? {
        try queue.take()
    }

    /// Stops the extraction; waits until the thread has stopped inflating. Safe to call twice.
    func cancel() {
        queue.closeAndWait()
        thread.join()
    }
}
