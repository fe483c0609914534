import Foundation

/// Runs an import on a worker thread while the calling thread writes what it
/// produces into another sink, in the same order.
///
/// The store can only be written on the thread that holds its transaction, and
/// the import (classifying, normalising and checking rows) costs as much again as
/// writing them. With the relay, the two run side by side: the worker calls the
/// relay as its sink, the relay hands the calls over in batches, and the calling
/// thread replays them on the target sink.
///
/// Members get their references from the relay, which counts up from
/// `firstMemberRef`; the target must give each member exactly that reference (the
/// store uses it as the row id), which is checked on every call. Memory is bounded
/// by `depth` batches of `batchSize` calls.
///
/// Errors: an error of the target stops the worker (its next call to the relay
/// throws `SinkRelay.Stopped`) and is rethrown once the worker has ended; an error
/// of the worker is rethrown after the calls made before it have been replayed.
public final class SinkRelay: ImportSink, @unchecked Sendable {
    /// Thrown to the worker when the target sink has failed.
    public struct Stopped: Error {}

    private let condition = NSCondition()
    private var queue: [[Call]] = []
    private var stopped = false
    private var workerDone = false
    private let depth: Int
    private let batchSize: Int
    // Worker side only (not checked for exclusivity at run time: one thread, never reentrant).
    @exclusivity(unchecked) private var pending: [Call] = []
    @exclusivity(unchecked) private var nextRef: Int64

    public init(firstMemberRef: Int64, batchSize: Int = 1024, depth: Int = 8) {
        nextRef = firstMemberRef
        self.batchSize = batchSize
        self.depth = depth
        pending.reserveCapacity(batchSize)
    }

    /// Runs `work` on a worker thread (it should import with this relay as its sink)
    /// and replays its calls on `target` on the calling thread until it ends.
    /// - Returns: what `work` returned.
    public func run<R>(into target: any ImportSink, _ work: @escaping () throws -> R) throws -> R {
        let outcome = Outcome<R>()
        let job = UncheckedJob {
            do { outcome.result = .success(try work()) } catch { outcome.result = .failure(error) }
        }
        let thread = Thread { [self] in
            job.body()
            // The calls made before the end (nothing when the target has failed), then the end.
            flush()
            condition.lock()
            workerDone = true
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "partystats.import"
        thread.stackSize = 8 << 20
        thread.start()

        var targetError: (any Error)?
        while var batch = take() {
            guard targetError == nil else { continue }
            do {
                for i in batch.indices {
                    // Each call is moved out of the batch (no copy of a record's strings).
                    var call = Call.replayed
                    swap(&call, &batch[i])
                    try replay(consume call, on: target)
                }
            } catch {
                targetError = error
                stop()
            }
        }
        if let targetError { throw targetError }
        guard let result = outcome.result else { throw Stopped() }
        return try result.get()
    }

    private func replay(_ call: consuming Call, on target: any ImportSink) throws {
        switch consume call {
        case .replayed: break
        case .beginFile(let file): try target.beginFile(file)
        case .beginSheet(let name, let ordinal, let kind): try target.beginSheet(name: name, ordinal: ordinal, kind: kind)
        case .member(let member, let duplicateOf, let ref):
            let stored = try target.member(member, duplicateOf: duplicateOf)
            guard stored == ref else { throw RefMismatch(expected: ref, stored: stored) }
        case .organisation(let record): try target.organisation(record)
        case .disbursement(let record): try target.disbursement(record)
        case .declaredTotal(let total): try target.declaredTotal(total)
        case .problem(let problem): try target.problem(problem)
        case .endSheet(let summary): try target.endSheet(summary)
        case .endFile(let summary): try target.endFile(summary)
        }
    }

    /// The target gave a member another reference than the relay had promised.
    struct RefMismatch: Error, CustomStringConvertible {
        let expected: Int64
        let stored: Int64
        var description: String { "member stored as \(stored), expected \(expected)" }
    }

    // MARK: - The worker's side (ImportSink)

    public func beginFile(_ file: SourceFile) throws { try add(.beginFile(file)) }
    public func beginSheet(name: String, ordinal: Int, kind: TableKind?) throws {
        try add(.beginSheet(name, ordinal, kind))
    }
    public func member(_ member: consuming MemberRecord, duplicateOf: Int64?) throws -> Int64 {
        let ref = nextRef
        nextRef += 1
        try add(.member(consume member, duplicateOf, ref))
        return ref
    }
    public func organisation(_ organisation: OrganisationRecord) throws { try add(.organisation(organisation)) }
    public func disbursement(_ disbursement: DisbursementRecord) throws { try add(.disbursement(disbursement)) }
    public func declaredTotal(_ total: DeclaredTotal) throws { try add(.declaredTotal(total)) }
    public func problem(_ problem: Problem) throws { try add(.problem(problem)) }
    public func endSheet(_ summary: SheetSummary) throws { try add(.endSheet(summary)) }
    public func endFile(_ summary: FileSummary) throws { try add(.endFile(summary)) }

    private func add(_ call: consuming Call) throws {
        pending.append(consume call)
        if pending.count >= batchSize {
            guard flush() else { throw Stopped() }
        }
    }

    /// Hands the pending calls over, waiting for room. False when the target has failed.
    @discardableResult
    private func flush() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && !stopped { condition.wait() }
        if stopped { return false }
        if !pending.isEmpty {
            queue.append(pending)
            pending = []
            pending.reserveCapacity(batchSize)
            condition.broadcast()
        }
        return true
    }

    // MARK: - The calling thread's side

    /// The next batch, or nil once the worker has ended and everything was taken.
    private func take() -> [Call]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty {
            if workerDone { return nil }
            condition.wait()
        }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    private func stop() {
        condition.lock()
        stopped = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private enum Call: Sendable {
        /// What a call replayed leaves in its batch.
        case replayed
        case beginFile(SourceFile)
        case beginSheet(String, Int, TableKind?)
        case member(MemberRecord, Int64?, Int64)
        case organisation(OrganisationRecord)
        case disbursement(DisbursementRecord)
        case declaredTotal(DeclaredTotal)
        case problem(Problem)
        case endSheet(SheetSummary)
        case endFile(FileSummary)
    }
}

/// The worker's result, written by the worker before it signals its end and read
/// by the calling thread after it has seen that signal (the condition lock orders them).
private final class Outcome<R>: @unchecked Sendable {
    var result: Result<R, any Error>?
}

/// A closure handed to the worker thread, which alone runs it.
private struct UncheckedJob: @unchecked Sendable {
    let body: () -> Void
}
