import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One running `.xls` worker: its process id and the read end of the pipe on which
/// it writes its frames. This object is the child's only owner and reaps it exactly
/// once: in `finish()` after the last frame, in `terminate()` when the stream is
/// abandoned or damaged, or in `deinit` (which kills first) when the owner is
/// dropped early. The child's standard input and error are `/dev/null`, so nothing
/// it prints reaches the user; it inherits no other descriptor.
final class XLSWorkerProcess {
    /// How a worker ended.
    enum Termination: Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// waitpid could not report it (the child was reaped elsewhere: `SIGCHLD` ignored).
        case unknown
    }

    /// Why the worker could not be started (the `posix_spawn` or `pipe` errno).
    struct SpawnFailure: Error {
        var function: String
        var errno: Int32
        var description: String { "\(function): \(String(cString: strerror(errno)))" }
    }

    let pid: pid_t
    private var readFD: Int32
    private var termination: Termination?
    /// True once this object sent SIGKILL itself (so the signal is not the worker's fault).
    private(set) var killedByOwner = false

    /// Starts `executable arguments…` with its standard output on a new pipe.
    init(executable: String, arguments: [String]) throws(SpawnFailure) {
        var fds: [Int32] = [-1, -1]
        guard GNU.pipe2(&fds, O_CLOEXEC) == 0 else { throw SpawnFailure(function: "pipe2", errno: errno) }
        // Keep both ends above 2, so that the file actions below cannot overwrite them
        // when the parent runs with a standard descriptor closed.
        for i in 0..<2 where fds[i] <= 2 {
            let moved = fcntl(fds[i], F_DUPFD_CLOEXEC, 3)
            guard moved >= 0 else {
                let e = errno
                close(fds[0]); close(fds[1])
                throw SpawnFailure(function: "fcntl(F_DUPFD_CLOEXEC)", errno: e)
            }
            close(fds[i])
            fds[i] = moved
        }
        let (readEnd, writeEnd) = (fds[0], fds[1])

        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        var rc = posix_spawn_file_actions_init(&actions)
        guard rc == 0 else {
            close(readEnd); close(writeEnd)
            throw SpawnFailure(function: "posix_spawn_file_actions_init", errno: rc)
        }
        defer { posix_spawn_file_actions_destroy(&actions) }
        rc = posix_spawnattr_init(&attributes)
        guard rc == 0 else {
            close(readEnd); close(writeEnd)
            throw SpawnFailure(function: "posix_spawnattr_init", errno: rc)
        }
        defer { posix_spawnattr_destroy(&attributes) }

        // Default signal dispositions and an empty mask in the child, whatever the
        // parent ignores or blocks (an ignored SIGPIPE or SIGXCPU would be inherited).
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        let setup: [(String, Int32)] = [
            ("posix_spawn_file_actions_addopen(0)", posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)),
            ("posix_spawn_file_actions_adddup2(1)", posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)),
            ("posix_spawn_file_actions_addopen(2)", posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)),
            ("posix_spawn_file_actions_addclosefrom_np", GNU.addclosefrom(&actions, 3)),
            ("posix_spawnattr_setsigdefault", posix_spawnattr_setsigdefault(&attributes, &all)),
            ("posix_spawnattr_setsigmask", posix_spawnattr_setsigmask(&attributes, &none)),
            ("posix_spawnattr_setflags", posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))),
        ]
        if let failed = setup.first(where: { $0.1 != 0 }) {
            close(readEnd); close(writeEnd)
            throw SpawnFailure(function: failed.0, errno: failed.1)
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = XLSWorkerProcess.environment().map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        var child: pid_t = 0
        rc = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        // The child holds its own copy of the write end; without closing ours, the
        // read end would never see end-of-file.
        close(writeEnd)
        guard rc == 0 else {
            close(readEnd)
            throw SpawnFailure(function: "posix_spawn", errno: rc)
        }
        pid = child
        readFD = readEnd
    }

    /// The parent's environment, with Swift's crash backtracer turned off: a worker that
    /// dies on a hostile file should die at once, not spend seconds symbolicating.
    private static func environment() -> [String] {
        var out = ProcessInfo.processInfo.environment.filter { $0.key != "SWIFT_BACKTRACE" }.map { "\($0.key)=\($0.value)" }
        out.append("SWIFT_BACKTRACE=enable=no")
        return out
    }

    deinit {
        if termination == nil { _ = terminate() }
    }

    /// Reads up to `count` bytes into `buffer`; 0 at end of stream.
    /// - Returns: the byte count, or nil with `errno` set when `read` failed.
    func readChunk(into buffer: UnsafeMutableRawPointer, count: Int) -> Int? {
        guard readFD >= 0 else { return 0 }
        while true {
            let n = read(readFD, buffer, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            return nil
        }
    }

    /// Closes the pipe and waits for the worker to exit on its own (after its last frame).
    func finish() -> Termination {
        if let termination { return termination }
        closePipe()
        let t = reap()
        termination = t
        return t
    }

    /// Kills the worker (if it is still running) and reaps it.
    func terminate() -> Termination {
        if let termination { return termination }
        // Kill before closing the pipe: a worker blocked on a full pipe must not see
        // SIGPIPE first and be reported as failing by itself.
        if kill(pid, SIGKILL) == 0 { killedByOwner = true }
        closePipe()
        let t = reap()
        termination = t
        return t
    }

    private func closePipe() {
        if readFD >= 0 {
            // close(2) on a pipe only fails for a bad descriptor, which cannot happen here.
            _ = close(readFD)
            readFD = -1
        }
    }

    private func reap() -> Termination {
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, 0)
            if r == pid { break }
            if r < 0 && errno == EINTR { continue }
            return .unknown
        }
        // WIFEXITED / WTERMSIG are macros Swift does not import.
        let low = status & 0x7f
        if low == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(low)
    }
}

/// The GNU extensions the spawn needs, which Swift's Glibc module does not declare
/// (it is imported without `_GNU_SOURCE`); looked up once in the C library.
private enum GNU {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    private static let pipe2Function: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    private static let addCloseFromFunction: AddCloseFrom? =
        dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }

    /// `pipe2(2)`; without it (glibc < 2.9), `pipe` then `FD_CLOEXEC` on both ends.
    static func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
        if let pipe2Function { return pipe2Function(fds, flags) }
        guard pipe(fds) == 0 else { return -1 }
        for i in 0..<2 where fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0 {
            let e = errno
            close(fds[0]); close(fds[1])
            errno = e
            return -1
        }
        return 0
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34); without it nothing is added
    /// and the child inherits only descriptors opened without close-on-exec.
    static func addclosefrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32 {
        addCloseFromFunction?(actions, from) ?? 0
    }
}
