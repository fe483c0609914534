import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import XCTest

/// `partystats serve` as a process: its address line, the token on a real socket, the
/// warning for another host, and a clean stop on Ctrl-C (SIGINT).
final class ServeCommandTests: XCTestCase {
    /// A running `partystats serve`, its address and its temporary folder.
    final class Serving {
        let process = Process()
        let output = Pipe(), errors = Pipe()
        let temporary: URL
        private(set) var printed = ""

        init(_ arguments: [String]) throws {
            temporary = try TestSupport.temporaryDirectory("partystats-serve-test")
            process.executableURL = URL(fileURLWithPath: TestSupport.partystatsBinary)
            process.arguments = ["serve", "--port", "0", "--db", temporary.appendingPathComponent("s.sqlite").path] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { $1 }
            process.standardOutput = output
            process.standardError = errors
            try process.run()
        }

        /// The address printed, read as it comes (within 20 s).
        func address() throws -> URL {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                printed += String(decoding: data, as: UTF8.self)
                if let line = printed.split(separator: "\n").first(where: { $0.contains("?token=") }) {
                    return URL(string: line.trimmingCharacters(in: .whitespaces))!
                }
            }
            throw XCTSkip("no address printed: \(printed)")
        }

        /// Sends SIGINT and waits for the exit (within 20 s); the rest of stdout.
        func interrupt() -> (status: Int32?, rest: String) {
            process.interrupt()
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            guard !process.isRunning else {
                process.terminate()
                return (nil, "")
            }
            return (process.terminationStatus, String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
    }

    func testServePrintsItsAddressAnswersWithTheTokenOnlyAndStopsCleanlyOnCtrlC() async throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: TestSupport.partystatsBinary), "partystats not built")
        let serving = try Serving([])
        let address = try serving.address()
        XCTAssertEqual(address.host, "127.0.0.1")
        let token = try XCTUnwrap(URLComponents(url: address, resolvingAgainstBaseURL: false)?.queryItems?.first?.value)
        XCTAssertEqual(token.count, 64)
        let base = "http://127.0.0.1:\(address.port!)"
        let (_, refused) = try await URLSession.shared.data(from: URL(string: base + "/api/years")!)
        XCTAssertEqual((refused as? HTTPURLResponse)?.statusCode, 401)
        let (body, answered) = try await URLSession.shared.data(from: URL(string: base + "/api/years?token=" + token)!)
        XCTAssertEqual((answered as? HTTPURLResponse)?.statusCode, 200)
        XCTAssertEqual(String(decoding: body, as: UTF8.self), #"{"years":[]}"#)
        let (status, rest) = serving.interrupt()
        XCTAssertEqual(status, 0, "stopped by Ctrl-C with status 0")
        XCTAssertTrue(rest.contains("partystats 网页已停止。"), rest)
        let left = try FileManager.default.contentsOfDirectory(atPath: serving.temporary.path).filter { $0.hasPrefix("partystats-serve-") }
        XCTAssertEqual(left, [], "the private upload folder is removed")
    }

    func testAnotherHostIsWarnedAbout() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: TestSupport.partystatsBinary), "partystats not built")
        let serving = try Serving(["--host", "0.0.0.0"])
        _ = try serving.address()
        _ = serving.interrupt()
        let warning = String(decoding: serving.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(warning.hasPrefix("警告：--host 0.0.0.0 让本机以外的计算机也能连接本页面"), warning)
    }

    func testServeIsACommandAndItsOptionsAreChecked() throws {
        let binary = TestSupport.partystatsBinary
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "partystats not built")
        let help = try TestSupport.run(binary, ["--help"])
        XCTAssertTrue(help.stdout.contains("serve"), help.stdout)
        let bad = try TestSupport.run(binary, ["serve", "--port", "70000"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("--port 70000 无效"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("partystats serve --help"), bad.stderr)
    }
}
