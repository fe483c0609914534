import Foundation

/// A thread that runs one closure and can be waited for.
///
/// What the closure captures belongs to the new thread: the starter must not use it
/// afterwards, and the two threads talk only through `Sendable` values such as a
/// `HandOffQueue`. (The compiler cannot check this for every caller: a sheet cursor,
/// for one, comes from a workbook that may share a reader session with it; objects
/// whose safety rests on it check their owner at run time with `ThreadOwner`.)
/// Every thread started here is to be `join`ed on every path out of its starter
/// (a thread still running when the process exits can crash it).
public final class WorkerThread: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ended = false

    /// Starts a thread named `name` that runs `body`.
    /// - Parameter stackSize: bytes of stack (the import's recursion-free code needs little,
    ///   but the default 512 KiB of secondary threads is tight for deep value types).
    public init(name: String, stackSize: Int = 8 << 20, _ body: @escaping () -> Void) {
        let job = Job(body: body)
        let thread = Thread { [self] in
            job.body()
            condition.lock()
            ended = true
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.stackSize = stackSize
        thread.start()
    }

    /// Waits until the closure has returned. Safe to call more than once.
    public func join() {
        condition.lock()
        while !ended { condition.wait() }
        condition.unlock()
    }

    /// The closure, handed to the new thread, which alone runs it.
    private struct Job: @unchecked Sendable {
        let body: () -> Void
    }
}

/// The thread an object belongs to, checked in debug builds where it is used
/// (as GRDB's `SchedulingWatchdog` checks a connection's queue): state marked
/// `@exclusivity(unchecked)` or shared without a lock is safe only on its owner.
///
/// The owner is the thread that calls `claim()` (or that created the value); `check()`
/// then stops a debug build that uses the object on another thread. Release builds
/// check nothing.
public struct ThreadOwner: Sendable {
    #if DEBUG
    @usableFromInline var owner: UInt
    #endif

    /// Owned by the calling thread.
    @inlinable public init() {
        #if DEBUG
        owner = ThreadOwner.current
        #endif
    }

    /// Makes the calling thread the owner (for an object built on one thread and
    /// handed to the one that uses it).
    @inlinable public mutating func claim() {
        #if DEBUG
        owner = ThreadOwner.current
        #endif
    }

    /// Stops a debug build when called on another thread than the owner.
    @inlinable public func check(_ what: @autoclosure () -> String = "", file: StaticString = #fileID,
                                 line: UInt = #line) {
        #if DEBUG
        precondition(owner == ThreadOwner.current, "\(what()) used on a thread that does not own it", file: file,
                     line: line)
        #endif
    }

    /// An identifier of the calling thread.
    @inlinable static var current: UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }
}
