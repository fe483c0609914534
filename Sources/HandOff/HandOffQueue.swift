import Foundation

/// A bounded first-in, first-out hand-off from one producing thread to one consuming
/// thread, which either side can stop cleanly.
///
/// The producer `put`s elements (waiting while `capacity` of them wait to be taken)
/// and ends with `finish()` or `finish(throwing:)`; the consumer `take`s them in order,
/// then gets the end: `nil`, or the producer's error, thrown after every element put
/// before it. The consumer may stop early with `close()`: the producer's next `put`
/// throws `HandOffClosed` and what was waiting is dropped; `closeAndWait()` also waits
/// until the producer has finished, so that nothing the producer uses outlives the
/// consumer. Elements are moved in and out (`consuming`), never copied.
///
///     let queue = HandOffQueue<[Row], any Error>(capacity: 4)
///     let producer = WorkerThread(name: "reader") {
///         do { while let rows = try read() { try queue.put(rows) }; queue.finish() }
///         catch { queue.finish(throwing: error) }
///     }
///     while let rows = try queue.take() { use(rows) }
///     producer.join()
///
/// The lock inside makes the queue safe to share between the two threads (hence
/// `@unchecked Sendable`, here and in `WorkerThread` only; the elements must be `Sendable`).
public final class HandOffQueue<Element: Sendable, Failure: Error>: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [Element?] = []
    private var head = 0
    private var finished = false
    private var failure: Failure?
    private var closed = false
    private let capacity: Int

    /// A queue holding at most `capacity` elements not yet taken (at least one).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    // MARK: - The producer's side

    /// Adds an element after those waiting, first waiting while the queue is full.
    /// - Throws: `HandOffClosed` when the consumer has closed the queue (the element is dropped).
    public func put(_ element: consuming Element) throws(HandOffClosed) {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count - head >= capacity && !closed { condition.wait() }
        if closed { throw HandOffClosed() }
        precondition(!finished, "HandOffQueue.put after finish")
        if head > 0 && (head == waiting.count || head >= 64) {
            waiting.removeFirst(head)
            head = 0
        }
        waiting.append(consume element)
        condition.broadcast()
    }

    /// True once the consumer has closed the queue: a producer whose work between two
    /// `put`s is long (hashing a large file) asks it to stop early.
    public func isClosed() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    /// Ends the stream: the consumer takes what waits, then gets nil, or `error` thrown.
    /// Call it once, on every path out of the producer (a consumer waiting for an
    /// element would otherwise wait for ever).
    public func finish(throwing error: Failure? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    // MARK: - The consumer's side

    /// The next element, waiting for one; nil once the producer has finished and
    /// every element was taken (or after `close()`).
    /// - Throws: the producer's error, after the elements put before it.
    public func take() throws(Failure) -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == waiting.count && !finished && !closed { condition.wait() }
        if head < waiting.count {
            let element = waiting[head].take()
            head += 1
            condition.broadcast()
            return element
        }
        if closed { return nil }
        if let failure {
            self.failure = nil
            throw failure
        }
        return nil
    }

    /// Stops the hand-off from the consumer's side: drops what waits, and the
    /// producer's next (or current) `put` throws `HandOffClosed`. Safe to call twice.
    public func close() {
        condition.lock()
        closed = true
        waiting.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
    }

    /// `close()`, then waits until the producer has called `finish`.
    public func closeAndWait() {
        close()
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}

/// Thrown by `HandOffQueue.put` once the consumer has closed the queue: the producer
/// should stop and `finish`.
public struct HandOffClosed: Error, Sendable, Equatable {
    /// The error; it carries nothing.
    public init() {}
}
