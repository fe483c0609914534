import Foundation

/// Reads the rows of another cursor on a background thread, a few batches ahead of
/// the caller, so that reading (decoding, splitting, unzipping, XML) runs on one
/// core while the caller works on the rows on the other.
///
/// Rows and the first error come out exactly as the inner cursor produced them, in
/// order. Memory is bounded by `depth` batches of `batchSize` rows. The inner cursor
/// belongs to the background thread from `init` on; dropping the prefetching cursor
/// stops that thread and waits until it has stopped reading.
public final class PrefetchingCursor: SheetCursor {
    private let shared: Shared
    private var batch: [SheetRow] = []
    private var index = 0
    private var done = false

    /// - Parameters:
    ///   - inner: the cursor to read ahead of; it must not be used by anyone else.
    ///   - batchSize: rows handed over at a time.
    ///   - depth: batches read ahead at most.
    public init(_ inner: any SheetCursor, batchSize: Int = 1024, depth: Int = 4) {
        shared = Shared(depth: depth)
        let producer = Producer(inner: inner, shared: shared, batchSize: batchSize)
        let thread = Thread { producer.run() }
        thread.name = "partystats.prefetch"
        thread.stackSize = 8 << 20
        thread.start()
    }

    deinit {
        shared.cancelAndWait()
    }

    /// Bytes of the file the inner cursor has read so far (as of the last batch
    /// handed over), or nil when the inner cursor cannot tell.
    public var bytesRead: Int64? { shared.bytesRead }

    public func next() throws -> SheetRow? {
        while index >= batch.count {
            if done { return nil }
            switch shared.take() {
            case .rows(let rows):
                batch = rows
                index = 0
            case .end:
                done = true
                return nil
            case .failure(let error):
                done = true
                throw error
            }
        }
        defer { index += 1 }
        return batch[index]
    }
}

/// What the background thread hands over.
private enum Handover: @unchecked Sendable {
    case rows([SheetRow])
    case end
    /// The inner cursor's error (a `ReadError` from every reader), passed on as is.
    case failure(any Error)
}

/// The queue between the two threads, guarded by one condition lock.
private final class Shared: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Handover] = []
    private let depth: Int
    private var cancelled = false
    private var finished = false
    private var position: Int64?

    init(depth: Int) { self.depth = depth }

    var bytesRead: Int64? {
        condition.lock()
        defer { condition.unlock() }
        return position
    }

    /// Producer side: waits for room; returns false when the consumer has gone.
    func put(_ item: Handover, bytesRead: Int64?) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && !cancelled { condition.wait() }
        if cancelled { return false }
        queue.append(item)
        if let bytesRead { position = bytesRead }
        condition.broadcast()
        return true
    }

    /// Producer side: the thread is about to end.
    func producerFinished() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer side: waits for the next item.
    func take() -> Handover {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty {
            // The producer always ends with .end or .failure unless cancelled.
            if finished { return .end }
            condition.wait()
        }
        let item = queue.removeFirst()
        condition.broadcast()
        return item
    }

    /// Consumer side, when it is dropped: stop the producer and wait for it to end.
    func cancelAndWait() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}

/// The background thread's side: owns the inner cursor.
private final class Producer: @unchecked Sendable {
    private let inner: any SheetCursor
    private let shared: Shared
    private let batchSize: Int

    init(inner: any SheetCursor, shared: Shared, batchSize: Int) {
        self.inner = inner
        self.shared = shared
        self.batchSize = batchSize
    }

    func run() {
        defer { shared.producerFinished() }
        var rows: [SheetRow] = []
        rows.reserveCapacity(batchSize)
        var ending = Handover.end
        do {
            while let row = try inner.next() {
                rows.append(row)
                if rows.count == batchSize {
                    guard shared.put(.rows(rows), bytesRead: inner.bytesRead) else { return }
                    rows.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            ending = .failure(error)
        }
        // The rows read before the end (or the error), then the end itself.
        if !rows.isEmpty {
            guard shared.put(.rows(rows), bytesRead: inner.bytesRead) else { return }
        }
        _ = shared.put(ending, bytesRead: inner.bytesRead)
    }
}
