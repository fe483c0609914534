import Foundation
import PartyImport
import TestSupport
import XCTest

/// A mapping file's townships and aliases load in linear time (issue 17 item 10): the
/// directory's search order was sorted again after every name, so 1,000 townships × 3
/// aliases took 13 s and 4,000 over 100 s.
final class MappingScaleTests: XCTestCase {
    /// Seconds to load a mapping of `townships` × 3 aliases and make a pipeline of it
    /// (which builds the township directory), the best of three runs.
    private func loadSeconds(townships: Int, in dir: URL) throws -> Double {
        let yaml = "townships:\n" + (0..<townships).map { "  测试\($0)镇: [测试\($0), 测\($0)乡, 试\($0)街道]\n" }.joined()
        let path = try TestSupport.write(Array(yaml.utf8), to: "m\(townships).yaml", in: dir)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = Date()
            let mapping = try Mapping.load(path: path)
            XCTAssertEqual(mapping.townships.count, townships)
            _ = ImportPipeline(mapping: mapping)
            best = min(best, Date().timeIntervalSince(start))
        }
        return best
    }

    func testTownshipAliasesLoadInLinearTime() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let small = try loadSeconds(townships: 1_000, in: dir)
        let large = try loadSeconds(townships: 4_000, in: dir)
        // Four times the townships: about 4× the time when linear, 16× when quadratic.
        XCTAssertLessThan(large / small, 8, "1,000: \(small) s, 4,000: \(large) s")
    }
}
