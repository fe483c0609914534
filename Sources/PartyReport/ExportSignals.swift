import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes the export's temporary folders when the process is interrupted (SIGINT,
/// SIGTERM, SIGHUP): they hold unmasked ID numbers with `--include-pii`, and an
/// interrupted export must not leave them behind. Folders left by a process that
/// died another way (SIGKILL, a power cut) are removed by the next export
/// (``removeStale(beside:)``), which recognises them by the process id in their name.
package enum ExportInterruption {
    /// The temporary folders being filled (removed on a signal) and the signal received.
    private static let state = State()
    private static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// The dispatch sources, kept alive for the life of the process (written once, under
    /// `installOnce`'s lazy initialisation, which Swift runs exactly once).
    private nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []

    /// The staged paths and whether a signal arrived, behind one lock: the export's
    /// thread and the signal handler's dispatch thread both use them.
    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: Set<String> = []
        private var signal: Int32?
        private var leftToProcess = false
        func leaveToProcess() { lock.withLock { leftToProcess = true } }
        var isLeftToProcess: Bool { lock.withLock { leftToProcess } }
        func insert(_ path: String) { lock.withLock { _ = paths.insert(path) } }
        func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }
        /// Records the signal and returns the paths to remove: each registered path is a
        /// folder, or a folder-name prefix (`PARENT/.NAME.partial-PID-`) registered before
        /// the folder is made, so a signal between `mkdtemp` and the registration of the
        /// folder's own name still finds it.
        func interrupt(_ number: Int32) -> [String] {
            let registered = lock.withLock { signal = number; return Array(paths) }
            var found: [String] = []
            for path in registered {
                let url = URL(fileURLWithPath: path)
                let parent = url.deletingLastPathComponent().path
                let name = url.lastPathComponent
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
                found += entries.filter { $0.hasPrefix(name) }.map { parent + "/" + $0 }
            }
            return found
        }
        var interrupted: Bool { lock.withLock { signal != nil } }
    }

    /// Watches for the signals, once per process, before the first folder is made: from
    /// then on a signal runs the handler instead of ending the process at once. Returns
    /// when the watch is in place (libdispatch registers a signal source asynchronously).
    static func install() {
        guard !state.isLeftToProcess else { return }
        installOnce
    }

    /// Registers `path` for removal on a signal: a folder, or the prefix of the names of
    /// folders beside it (every folder whose name starts with it is removed).
    static func register(_ path: String) {
        guard !state.isLeftToProcess else { return }
        installOnce
        state.insert(path)
    }

    /// For a process that handles SIGINT and SIGTERM itself and removes what its exports
    /// leave in its own folders (`partystats serve`: a signal stops the server gracefully
    /// and removes its private folder, where its exports are written): exports from then
    /// on watch no signal, so that a signal never ends such a process at once. Call it
    /// before the first export.
    package static func leaveSignalsToProcess() {
        state.leaveToProcess()
    }

    /// `path` was published or removed: nothing to do for it on a signal.
    static func unregister(_ path: String) {
        state.remove(path)
    }

    /// Waits for the end of the process when a signal is being handled: the handler
    /// removes the folder under the export's feet, and the export's thread must not
    /// then report that as a write failure (exit 1) before the handler ends the process
    /// as the signal would have. Called where the export gives up its folder.
    static func waitIfInterrupted() {
        guard state.interrupted else { return }
        while true { pause() }
    }

    private static let installOnce: Void = {
        let registered = DispatchSemaphore(value: 0)
        for number in signals {
            // Until the source is registered the default action still applies (the process
            // ends; no folder exists yet). Once registered, libdispatch catches the signal
            // and runs the handler on a dispatch thread while the export's thread carries on.
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setRegistrationHandler { registered.signal() }
            source.setEventHandler {
                for path in state.interrupt(number) { removeTree(path) }
                // End as the signal would have: default action, unblocked in this thread
                // (the dispatch thread may block it), raised again; exit 128+N if not.
                signal(number, SIG_DFL)
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, number)
                pthread_sigmask(SIG_UNBLOCK, &set, nil)
                raise(number)
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
        for _ in signals { _ = registered.wait(timeout: .now() + 2) }
    }()

    /// Removes `path` and everything in it, retrying while the export's thread may
    /// still be adding a file to it.
    static func removeTree(_ path: String) {
        for _ in 0..<20 {
            try? FileManager.default.removeItem(atPath: path)
            if !FileManager.default.fileExists(atPath: path) { return }
            usleep(5_000)
        }
    }

    /// The prefix of this process's temporary folders for `name`: `.NAME.partial-PID-`.
    static func prefix(for name: String, pid: Int32 = getpid()) -> String {
        ".\(name).partial-\(pid)-"
    }

    /// Removes the temporary (`.NAME.partial-…`) and set-aside (`.NAME.old-…`) folders of
    /// an export to `destination` that no running process owns: those named after a
    /// process that no longer exists, and those of versions that did not name the process.
    /// A set-aside previous package whose export died before the new one took its place
    /// (the destination is missing) is put back instead.
    static func removeStale(beside destination: String) {
        let url = URL(fileURLWithPath: destination)
        let parent = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries {
            let rest: Substring
            if entry.hasPrefix(".\(name).partial-") {
                rest = entry.dropFirst(".\(name).partial-".count)
            } else if entry.hasPrefix(".\(name).old-") {
                rest = entry.dropFirst(".\(name).old-".count)
            } else {
                continue
            }
            if let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 {
                // kill(pid, 0) fails with ESRCH only when no such process exists.
                if kill(pid, 0) == 0 || errno != ESRCH { continue }
            }
            // A previous package set aside by an export that died before its new one took
            // its place goes back; anything else left behind goes.
            if entry.hasPrefix(".\(name).old-"), !FileManager.default.fileExists(atPath: destination),
               FileManager.default.fileExists(atPath: parent + "/" + entry + "/datapackage.json"),
               rename(parent + "/" + entry, destination) == 0 { continue }
            removeTree(parent + "/" + entry)
        }
    }
}
