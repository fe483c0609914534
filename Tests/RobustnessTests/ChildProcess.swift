import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `partystats` binary as a child process with `posix_spawn`, so a
/// test can see its exit status or signal, its CPU time and peak memory
/// (`wait4`'s rusage), and can SIGKILL it mid-way.
final class ChildProcess {
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    let started = Date()

    /// The binary under test: `PARTYSTATS_TEST_BINARY` when set (to run these tests
    /// against another build, e.g. the one before a fix), else next to the test bundle,
    /// else `.build-robust/debug`, else `.build/debug`.
    static var binary: String {
        if let chosen = ProcessInfo.processInfo.environment["PARTYSTATS_TEST_BINARY"], !chosen.isEmpty { return chosen }
        let candidates = [TestSupport.partystatsBinary,
                          TestSupport.packageRoot.appendingPathComponent(".build-robust/debug/partystats").path,
                          TestSupport.packageRoot.appendingPathComponent(".build/debug/partystats").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// Starts `partystats arguments…` (in the test's working directory: tests pass
    /// absolute paths and `--db`), its output going to files in `cwd`.
    init(_ arguments: [String], cwd: URL, label: String = UUID().uuidString) throws {
        stdoutPath = cwd.appendingPathComponent("\(label).stdout").path
        stderrPath = cwd.appendingPathComponent("\(label).stderr").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([Self.binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let code = posix_spawn(&child, Self.binary, &actions, nil, argv, environ)
        guard code == 0 else {
            throw NSError(domain: "posix_spawn", code: Int(code), userInfo: [NSLocalizedDescriptionKey: "cannot start \(Self.binary)"])
        }
        pid = child
    }

    /// How a finished child ended.
    struct Outcome {
        var status: Int32?
        var signal: Int32?
        var stdout: String
        var stderr: String
        var wallSeconds: Double
        var cpuSeconds: Double
        var maxRSSBytes: Int
    }

    /// True while the child has not exited (it is not reaped here).
    var isRunning: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].hasPrefix(") Z")
    }

    func kill(_ signal: Int32 = SIGKILL) { _ = Glibc.kill(pid, signal) }

    /// Waits for the child; kills it after `timeout` seconds of wall time (a hang).
    func wait(timeout: Double = 120) -> Outcome {
        var status: Int32 = 0
        var usage = rusage()
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if Date().timeIntervalSince(started) > timeout { kill() }
            usleep(10_000)
        }
        let exited = (status & 0x7f) == 0
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return Outcome(status: exited ? (status >> 8) & 0xff : nil,
                       signal: exited ? nil : status & 0x7f,
                       stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
                       stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "",
                       wallSeconds: Date().timeIntervalSince(started), cpuSeconds: cpu,
                       maxRSSBytes: Int(usage.ru_maxrss) * 1024)
    }

    /// Runs to completion.
    static func run(_ arguments: [String], cwd: URL, timeout: Double = 120) throws -> Outcome {
        try ChildProcess(arguments, cwd: cwd).wait(timeout: timeout)
    }
}

/// Runs SQL through the sqlite3 shell (independent of the code under test).
enum SQLite {
    static func query(_ db: String, _ sql: String) throws -> String {
        let r = try TestSupport.run("/usr/bin/sqlite3", ["-batch", db, sql])
        guard r.status == 0 else { throw NSError(domain: "sqlite3", code: Int(r.status), userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
