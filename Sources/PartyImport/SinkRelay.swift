import HandOff

/// Runs an import on a worker thread while the calling thread hands what it produces
/// to another sink, in the same order.
///
/// The store can only be written on the thread that holds its transaction, and the
/// import (classifying, normalising and checking rows) costs as much again as writing
/// them. With the relay, the two run side by side: the worker imports into a sink
/// that collects its events (the records themselves) in batches and puts them into a
/// `HandOffQueue`; the calling thread takes them and gives each to the target. Memory
/// is bounded by `depth` batches of `batchSize` events.
///
/// Errors: an error of the target closes the queue, which stops the worker (its next
/// event throws `HandOffClosed`); the target's error is rethrown once the worker has
/// ended. An error of the worker is rethrown after the events before it have been
/// given to the target.
public enum SinkRelay {
    /// Runs `work` on a worker thread with a sink whose events reach `target` on the
    /// calling thread, until `work` returns or either side fails.
    /// - Parameter work: the import; it gets the worker's sink, and belongs to the worker
    ///   thread (the caller must not touch what it captures until this returns).
    /// - Returns: what `work` returned.
    public static func run<R: Sendable>(into target: any ImportSink, batchSize: Int = 1024, depth: Int = 8,
                                        _ work: @escaping (any ImportSink) throws -> R) throws -> R {
        let batches = HandOffQueue<[ImportEvent], any Error>(capacity: depth)
        let outcome = HandOffQueue<R, Never>(capacity: 1)
        let worker = WorkerThread(name: "partystats.import") {
            let sink = Batcher(batches, batchSize: batchSize)
            do {
                let result = try work(sink)
                try sink.flush()
                try outcome.put(result)
                batches.finish()
            } catch {
                // The events made before the error first (nothing when the target has failed).
                try? sink.flush()
                batches.finish(throwing: error)
            }
            outcome.finish()
        }
        defer { worker.join() }
        do {
            while var batch = try batches.take() {
                // Each event is moved out of the batch, last first (no copy of a record's strings).
                batch.reverse()
                while let event = batch.popLast() { try target.receive(event) }
            }
        } catch {
            // The target's error, or the worker's: either way the worker ends first.
            batches.closeAndWait()
            throw error
        }
        guard let result = outcome.take() else { throw HandOffClosed() }
        return result
    }

    /// The worker's sink: collects events into batches and hands each full batch over.
    private final class Batcher: ImportSink {
        private let batches: HandOffQueue<[ImportEvent], any Error>
        private let batchSize: Int
        private var pending: [ImportEvent] = []
        private var owner = ThreadOwner()

        init(_ batches: HandOffQueue<[ImportEvent], any Error>, batchSize: Int) {
            self.batches = batches
            self.batchSize = batchSize
            pending.reserveCapacity(batchSize)
        }

        func receive(_ event: consuming ImportEvent) throws {
            owner.check("SinkRelay's worker sink")
            pending.append(event)
            if pending.count >= batchSize { try flush() }
        }

        /// Hands the pending events over, waiting for room.
        func flush() throws {
            guard !pending.isEmpty else { return }
            let full = pending
            pending = []
            pending.reserveCapacity(batchSize)
            try batches.put(full)
        }
    }
}
