import Foundation
import PartyImport
import PartyModel
import TestSupport
import XCTest

final class SinkRelayTests: XCTestCase {
    private struct Boom: Error, Equatable {}

    /// A sink that records calls (thread-checked) and can fail at a given problem or member.
    private final class Target: ImportSink {
        var calls: [String] = []
        var failAtProblem: Int?
        var refOffset: Int64 = 0
        private var nextRef: Int64
        let thread = Thread.current
        init(firstRef: Int64) { nextRef = firstRef }
        private func record(_ call: String) {
            precondition(Thread.current == thread, "the target is called on the relay's calling thread only")
            calls.append(call)
        }
        func beginFile(_ file: SourceFile) throws { record("file \(file.path)") }
        func beginSheet(name: String, ordinal: Int, kind: TableKind?) throws { record("sheet \(name)") }
        func member(_ member: MemberRecord, duplicateOf: Int64?) throws -> Int64 {
            defer { nextRef += 1 }
            record("member \(member.name) \(nextRef) dup \(duplicateOf.map(String.init) ?? "-")")
            return nextRef + refOffset
        }
        func organisation(_ organisation: OrganisationRecord) throws { record("org \(organisation.row)") }
        func disbursement(_ disbursement: DisbursementRecord) throws { record("money \(disbursement.row)") }
        func declaredTotal(_ total: DeclaredTotal) throws { record("total \(total.row)") }
        func problem(_ problem: Problem) throws {
            if let n = failAtProblem, calls.filter({ $0.hasPrefix("problem") }).count == n { throw Boom() }
            record("problem \(problem.code) \(problem.row ?? 0)")
        }
        func endSheet(_ summary: SheetSummary) throws { record("end sheet \(summary.rowsRead)") }
        func endFile(_ summary: FileSummary) throws { record("end file") }
    }

    private func problem(_ n: Int) -> Problem {
        Problem(code: "id.checksum", severity: .warning, file: "f.csv", row: n, message: "第 \(n) 行")
    }

    func testAnImportThroughTheRelayMakesTheSameCallsInTheSameOrder() throws {
        let files = try ImportPipeline.discover(ImportPipelineTests.goodFiles)
        let direct = Target(firstRef: 41)
        let directReport = try ImportPipeline().run(files: files, sink: direct)

        let relayed = Target(firstRef: 41)
        let relay = SinkRelay(firstMemberRef: 41, batchSize: 3, depth: 2)
        let pipeline = ImportPipeline()
        let report = try relay.run(into: relayed) { try pipeline.run(files: files, sink: relay) }

        XCTAssertGreaterThan(direct.calls.count, 30)
        XCTAssertEqual(relayed.calls, direct.calls)
        XCTAssertEqual(report.imported, directReport.imported)
        XCTAssertEqual(report.problems, directReport.problems)
    }

    func testManyCallsKeepTheirOrderAcrossBatches() throws {
        let target = Target(firstRef: 1)
        let relay = SinkRelay(firstMemberRef: 1, batchSize: 64, depth: 2)
        let count = try relay.run(into: target) { () -> Int in
            for n in 1...10_000 { try relay.problem(self.problem(n)) }
            return 10_000
        }
        XCTAssertEqual(count, 10_000)
        XCTAssertEqual(target.calls, (1...10_000).map { "problem id.checksum \($0)" })
    }

    func testAFailingTargetStopsTheWorkerAndItsErrorIsThrown() throws {
        let target = Target(firstRef: 1)
        target.failAtProblem = 500
        let relay = SinkRelay(firstMemberRef: 1, batchSize: 16, depth: 2)
        let made = Counter()
        XCTAssertThrowsError(try relay.run(into: target) { () -> Void in
            for n in 1...1_000_000 {
                try relay.problem(self.problem(n))
                made.value = n
            }
        }) { error in
            XCTAssertEqual(error as? Boom, Boom())
        }
        XCTAssertEqual(target.calls.count, 500)
        XCTAssertLessThan(made.value, 1_000, "the worker stopped soon after the target failed, not at the end of its input")
    }

    func testAWorkerErrorComesAfterTheCallsMadeBeforeIt() throws {
        let target = Target(firstRef: 1)
        let relay = SinkRelay(firstMemberRef: 1, batchSize: 4, depth: 2)
        XCTAssertThrowsError(try relay.run(into: target) { () -> Void in
            for n in 1...10 { try relay.problem(self.problem(n)) }
            throw Boom()
        }) { error in
            XCTAssertEqual(error as? Boom, Boom())
        }
        XCTAssertEqual(target.calls.count, 10, "calls made before the error are all replayed")
    }

    func testATargetThatNumbersMembersOtherwiseIsAnError() throws {
        let files = try ImportPipeline.discover(ImportPipelineTests.goodFiles)
        let target = Target(firstRef: 1)
        target.refOffset = 1
        let relay = SinkRelay(firstMemberRef: 1)
        let pipeline = ImportPipeline()
        XCTAssertThrowsError(try relay.run(into: target) { try pipeline.run(files: files, sink: relay) }) { error in
            XCTAssertTrue("\(error)".contains("member stored as 2, expected 1"), "\(error)")
        }
    }
}

private final class Counter: @unchecked Sendable {
    var value = 0
}
