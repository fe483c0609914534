import Foundation
import HandOff

/// Reads the rows of another cursor on a background thread, a few batches ahead of
/// the caller, so that reading (decoding, splitting, unzipping, XML) runs on one
/// core while the caller works on the rows on the other.
///
/// Rows and the first error come out exactly as the inner cursor produced them, in
/// order. Memory is bounded by `depth` batches of `batchSize` rows. The inner cursor
/// belongs to the background thread from `init` on; dropping the prefetching cursor
/// stops that thread and waits until it has stopped reading.
public final class PrefetchingCursor: SheetCursor {
    private let queue: HandOffQueue<Batch, any Error>
    private let thread: WorkerThread
    private var batch: [SheetRow] = []
    private var index = 0
    private var done = false
    private var position: Int64?

    /// - Parameters:
    ///   - inner: the cursor to read ahead of; it must not be used by anyone else.
    ///   - batchSize: rows handed over at a time.
    ///   - depth: batches read ahead at most.
    public init(_ inner: any SheetCursor, batchSize: Int = 1024, depth: Int = 4) {
        let queue = HandOffQueue<Batch, any Error>(capacity: depth)
        self.queue = queue
        thread = WorkerThread(name: "partystats.prefetch") {
            PrefetchingCursor.produce(from: inner, into: queue, batchSize: batchSize)
        }
    }

    deinit {
        queue.closeAndWait()
        thread.join()
    }

    /// Bytes of the file the inner cursor has read so far (as of the last batch
    /// taken), or nil when the inner cursor cannot tell.
    public var bytesRead: Int64? { position }

    /// The next row, from the batch the reading thread handed over last.
    public func next() throws -> SheetRow? {
        while index >= batch.count {
            if done { return nil }
            do {
                guard let next = try queue.take() else {
                    done = true
                    return nil
                }
                batch = next.rows
                if let bytes = next.bytesRead { position = bytes }
                index = 0
            } catch {
                done = true
                throw error
            }
        }
        defer { index += 1 }
        return batch[index]
    }

    /// Rows read together, and how far into the file the inner cursor was then.
    private struct Batch: Sendable {
        var rows: [SheetRow]
        var bytesRead: Int64?
    }

    /// The background thread: reads the inner cursor until it ends, fails, or the
    /// queue is closed. The rows read before an end or an error come first.
    private static func produce(from inner: any SheetCursor, into queue: HandOffQueue<Batch, any Error>,
                                batchSize: Int) {
        var rows: [SheetRow] = []
        rows.reserveCapacity(batchSize)
        var failure: (any Error)?
        do {
            while let row = try inner.next() {
                rows.append(row)
                if rows.count == batchSize {
                    try queue.put(Batch(rows: rows, bytesRead: inner.bytesRead))
                    rows.removeAll(keepingCapacity: true)
                }
            }
            if !rows.isEmpty { try queue.put(Batch(rows: rows, bytesRead: inner.bytesRead)) }
        } catch is HandOffClosed {
        } catch {
            failure = error
            if !rows.isEmpty { try? queue.put(Batch(rows: rows, bytesRead: inner.bytesRead)) }
        }
        queue.finish(throwing: failure)
    }
}
