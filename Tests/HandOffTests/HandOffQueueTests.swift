import Foundation
import HandOff
import XCTest

private struct Broken: Error, Equatable { let at: Int }

final class HandOffQueueTests: XCTestCase {
    /// Everything put comes out once, in order, whatever the capacity.
    func testElementsComeOutInOrderThenTheEnd() throws {
        for capacity in [1, 2, 7] {
            let queue = HandOffQueue<Int, Broken>(capacity: capacity)
            let producer = WorkerThread(name: "test.producer") {
                do { for i in 0..<10_000 { try queue.put(i) } } catch { XCTFail("closed") }
                queue.finish()
            }
            var got: [Int] = []
            while let i = try queue.take() { got.append(i) }
            producer.join()
            XCTAssertEqual(got, Array(0..<10_000), "capacity \(capacity)")
            XCTAssertNil(try queue.take(), "stays at the end")
        }
    }

    /// The producer's error comes after every element put before it, then the end.
    func testTheErrorComesAfterTheElementsBeforeIt() throws {
        let queue = HandOffQueue<Int, Broken>(capacity: 3)
        let producer = WorkerThread(name: "test.producer") {
            do { for i in 0..<50 { try queue.put(i) } } catch { XCTFail("closed") }
            queue.finish(throwing: Broken(at: 50))
        }
        var got: [Int] = []
        do {
            while let i = try queue.take() { got.append(i) }
            XCTFail("no error")
        } catch {
            XCTAssertEqual(error, Broken(at: 50))
        }
        producer.join()
        XCTAssertEqual(got, Array(0..<50))
        XCTAssertNil(try queue.take(), "the error is thrown once")
    }

    /// The consumer stops early: the producer's next put throws, the producer finishes,
    /// and `closeAndWait` returns only after that.
    func testTheConsumerCanStopAWaitingProducer() throws {
        let queue = HandOffQueue<Int, Never>(capacity: 2)
        let log = HandOffQueue<String, Never>(capacity: 100)
        let producer = WorkerThread(name: "test.producer") {
            var i = 0
            do {
                while true {
                    try queue.put(i)
                    i += 1
                }
            } catch {
                XCTAssertEqual(error as? HandOffClosed, HandOffClosed())
                try? log.put("stopped after \(i)")
            }
            queue.finish()
            log.finish()
        }
        XCTAssertEqual(queue.take(), 0)
        XCTAssertEqual(queue.take(), 1)
        queue.closeAndWait()
        // The producer has finished: its log is complete without waiting.
        let line = try XCTUnwrap(log.take())
        // 0 and 1 taken, at most two more waiting when the queue was closed.
        XCTAssertTrue(["stopped after 2", "stopped after 3", "stopped after 4"].contains(line), line)
        XCTAssertNil(log.take())
        XCTAssertNil(queue.take(), "nothing after close")
        producer.join()
        queue.close()
    }

    /// A put after close throws at once, even with room in the queue.
    func testPutAfterCloseThrows() {
        let queue = HandOffQueue<[UInt8], Never>(capacity: 4)
        XCTAssertFalse(queue.isClosed())
        queue.close()
        XCTAssertTrue(queue.isClosed())
        XCTAssertThrowsError(try queue.put([1, 2, 3])) { XCTAssertEqual($0 as? HandOffClosed, HandOffClosed()) }
    }

    /// Bounded: the producer never gets more than `capacity` elements ahead.
    func testTheProducerWaitsForRoom() throws {
        let queue = HandOffQueue<Int, Never>(capacity: 3)
        let progress = Progress()
        let producer = WorkerThread(name: "test.producer") {
            for i in 0..<20 {
                try? queue.put(i)
                progress.set(i + 1)
            }
            queue.finish()
        }
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertEqual(progress.value, 3, "three put, the fourth waits")
        var got: [Int] = []
        while let i = queue.take() { got.append(i) }
        producer.join()
        XCTAssertEqual(got, Array(0..<20))
    }

    func testJoinWaitsForTheClosure() {
        let progress = Progress()
        let thread = WorkerThread(name: "test.sleeper") {
            Thread.sleep(forTimeInterval: 0.05)
            progress.set(1)
        }
        thread.join()
        XCTAssertEqual(progress.value, 1)
        thread.join()
    }

    func testThreadOwnerAcceptsItsOwnThread() {
        var owner = ThreadOwner()
        owner.check("the test's object")
        let queue = HandOffQueue<ThreadOwner, Never>(capacity: 1)
        let thread = WorkerThread(name: "test.owner") {
            var moved = ThreadOwner()
            moved.claim()
            moved.check()
            try? queue.put(moved)
            queue.finish()
        }
        thread.join()
        owner.claim()
        owner.check()
        XCTAssertNotNil(queue.take())
    }
}

/// A counter read from another thread.
private final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    func set(_ n: Int) { lock.lock(); count = n; lock.unlock() }
}
