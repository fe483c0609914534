import Foundation
import PartyImport
import PartyModel
import TestSupport
import XCTest

final class SinkRelayTests: XCTestCase {
    private struct Boom: Error, Equatable {}

    /// A sink that records events (thread-checked) and can fail at a given problem.
    private final class Target: ImportSink {
        var calls: [String] = []
        var failAtProblem: Int?
        let thread = Thread.current
        private func record(_ call: String) {
            precondition(Thread.current == thread, "the target is called on the relay's calling thread only")
            calls.append(call)
        }
        func receive(_ event: consuming ImportEvent) throws {
            switch event {
            case .beginFile(let file): record("file \(file.path)")
            case .beginSheet(let name, _, _): record("sheet \(name)")
            case .member(let member, let ref, let duplicateOf):
                record("member \(member.name) \(ref) dup \(duplicateOf.map(String.init) ?? "-")")
            case .formerMember(let former): record("former \(former.row)")
            case .organisation(let organisation): record("org \(organisation.row)")
            case .disbursement(let disbursement): record("money \(disbursement.row)")
            case .declaredTotal(let total): record("total \(total.row)")
            case .memberFigure(let figure): record("member figure \(figure.row)")
            case .fundingFigure(let figure): record("funding figure \(figure.row)")
            case .problem(let problem):
                if let n = failAtProblem, calls.filter({ $0.hasPrefix("problem") }).count == n { throw Boom() }
                record("problem \(problem.code) \(problem.row ?? 0)")
            case .endSheet(let summary): record("end sheet \(summary.rowsRead)")
            case .endFile: record("end file")
            }
        }
    }

    private func problem(_ n: Int) -> Problem {
        Problem(code: .idChecksum, severity: .warning, file: "f.csv", row: n, message: "第 \(n) 行")
    }

    func testAnImportThroughTheRelayMakesTheSameCallsInTheSameOrder() throws {
        let files = try ImportPipeline.discover(ImportPipelineTests.goodFiles)
        let direct = Target()
        let directReport = try ImportPipeline(firstMemberRef: 41).run(files: files, sink: direct)

        let relayed = Target()
        let pipeline = ImportPipeline(firstMemberRef: 41)
        let report = try SinkRelay.run(into: relayed, batchSize: 3, depth: 2) { try pipeline.run(files: files, sink: $0) }

        XCTAssertGreaterThan(direct.calls.count, 30)
        XCTAssertTrue(direct.calls.contains { $0.hasPrefix("member ") && $0.contains(" 41 dup -") }, "members numbered from 41")
        XCTAssertEqual(relayed.calls, direct.calls)
        XCTAssertEqual(report.imported, directReport.imported)
        XCTAssertEqual(report.problems, directReport.problems)
    }

    func testManyCallsKeepTheirOrderAcrossBatches() throws {
        let target = Target()
        let problems = (1...10_000).map(problem)
        let count = try SinkRelay.run(into: target, batchSize: 64, depth: 2) { sink -> Int in
            for p in problems { try sink.receive(.problem(p)) }
            return 10_000
        }
        XCTAssertEqual(count, 10_000)
        XCTAssertEqual(target.calls, (1...10_000).map { "problem id.checksum \($0)" })
    }

    func testAFailingTargetStopsTheWorkerAndItsErrorIsThrown() throws {
        let target = Target()
        target.failAtProblem = 500
        let made = Counter()
        let problem = self.problem(1)
        XCTAssertThrowsError(try SinkRelay.run(into: target, batchSize: 16, depth: 2) { sink -> Void in
            for n in 1...1_000_000 {
                try sink.receive(.problem(problem))
                made.value = n
            }
        }) { error in
            XCTAssertEqual(error as? Boom, Boom())
        }
        XCTAssertEqual(target.calls.count, 500)
        XCTAssertGreaterThan(made.value, 500)
        XCTAssertLessThan(made.value, 1_000, "the worker stopped soon after the target failed, not at the end of its input")
    }

    func testAWorkerErrorComesAfterTheCallsMadeBeforeIt() throws {
        let target = Target()
        let problems = (1...10).map(problem)
        XCTAssertThrowsError(try SinkRelay.run(into: target, batchSize: 4, depth: 2) { sink -> Void in
            for p in problems { try sink.receive(.problem(p)) }
            throw Boom()
        }) { error in
            XCTAssertEqual(error as? Boom, Boom())
        }
        XCTAssertEqual(target.calls.count, 10, "calls made before the error are all replayed")
    }
}

/// A count the worker writes and the test reads after the worker has ended.
private final class Counter: @unchecked Sendable {
    var value = 0
}
