import Foundation
import FreeXL
#if canImport(Glibc)
import Glibc
#endif

/// Runs FreeXL in a separate process, so that a malformed `.xls` file cannot crash
/// or exhaust the program that reads it.
///
/// libfreexl 1.0.6 reads past its buffers on some malformed files (SIGSEGV inside
/// `freexl_open`) and sizes its cell table from the file's own claims (hundreds of
/// MB for a 12 KB file). The `partystats` executable therefore doubles as a worker:
/// `partystats __xls-worker …` (hidden, never in help) lowers its own resource limits
/// (`memoryLimitBytes` of data, `cpuLimitSeconds` of CPU to open the file and
/// `cpuMicrosecondsPerCell` more per cell of a sheet it streams, no core file), opens the
/// file with FreeXL and writes the sheet list or one sheet's rows as a binary frame
/// stream (`XLSWorkerFrames`) on its standard output. `XLSWorkbook` starts one worker
/// to list the sheets and one per opened sheet, and turns any abnormal end into a
/// `ReadError` with code `xls.crash`.
///
/// Which program is started is `executablePath`. When it is nil (the default in a
/// process other than `partystats`, such as the fuzz targets in `Fuzz/` or a test
/// that does not set it), `XLSWorkbook` reads with FreeXL in the calling process,
/// without that isolation.
public enum XLSWorker {
    /// The first argument that makes `partystats` a worker instead of a command line.
    public static let verb = "__xls-worker"
    /// The worker's `RLIMIT_DATA` (heap and other private writable memory): FreeXL's
    /// allocations beyond it fail, and FreeXL reports that as an error.
    public static let memoryLimitBytes = 384 << 20
    /// The worker's CPU time (`RLIMIT_CPU` soft limit, SIGXCPU) for opening the workbook:
    /// FreeXL parses the whole file in `freexl_open`, where a malformed file could loop.
    public static let cpuLimitSeconds = 20
    /// CPU time added for streaming a sheet, per cell of its declared size (rows × columns):
    /// reading cells after the open is bounded work, so a big honest sheet is not cut off.
    public static let cpuMicrosecondsPerCell = 5
    /// The most CPU time streaming can add; the hard limit (SIGKILL) is 2 s above.
    public static let maxStreamingCPUSeconds = 300

    /// The whole CPU budget (seconds since the worker started) for a sheet of `cells` cells.
    static func cpuSeconds(forCells cells: Int) -> Int {
        let streaming = (max(0, cells) / 1_000_000 + 1) * cpuMicrosecondsPerCell
        return cpuLimitSeconds + min(streaming, maxStreamingCPUSeconds)
    }

    private final class Setting: @unchecked Sendable {
        private let lock = NSLock()
        private var path: String?
        var value: String? {
            get { lock.lock(); defer { lock.unlock() }; return path }
            set { lock.lock(); defer { lock.unlock() }; path = newValue }
        }
    }
    private static let setting = Setting()

    /// The program `XLSWorkbook` starts as its worker (it must be a `partystats`
    /// binary of the same build), or nil to read `.xls` files in-process.
    /// `partystats` sets it to `runningExecutable()` at startup; tests set it to the built binary.
    /// Thread-safe; a workbook uses the value current when it is opened.
    public static var executablePath: String? {
        get { setting.value }
        set { setting.value = newValue }
    }

    /// The running program, as a path that can be started again: `/proc/self/exe` on
    /// Linux (which keeps naming this very binary even if the file is replaced while
    /// partystats runs), else `CommandLine.arguments[0]` resolved against `PATH`.
    public static func runningExecutable() -> String? {
        if access("/proc/self/exe", X_OK) == 0 { return "/proc/self/exe" }
        guard let first = CommandLine.arguments.first, !first.isEmpty else { return nil }
        if first.contains("/") {
            return URL(fileURLWithPath: first).standardizedFileURL.resolvingSymlinksInPath().path
        }
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        for directory in directories {
            let candidate = String(directory) + "/" + first
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The worker's arguments after the executable: the verb, the request and the limits.
    static func arguments(path: String, sheet: Int?, limits: ReadLimits) -> [String] {
        var out = [verb]
        if let sheet { out += ["--sheet", String(sheet)] }
        out += ["--max-rows", String(limits.maxRows), "--max-columns", String(limits.maxColumns),
                "--max-cell-characters", String(limits.maxCellCharacters), "--", path]
        return out
    }

    /// A worker request: the file, the sheet (nil for the sheet list) and the limits.
    struct Request {
        var path: String
        var sheet: Int?
        var limits = ReadLimits()

        /// Parses the arguments after the verb.
        init(_ arguments: [String]) throws(ReadError) {
            var sheet: Int?
            var limits = ReadLimits()
            var i = 0
            func bad() -> ReadError {
                ReadError(code: "xls.worker_usage", message: "xls 解析子进程的参数无效：\(arguments.joined(separator: " "))",
                          file: arguments.last ?? "")
            }
            while i < arguments.count, arguments[i] != "--" {
                guard i + 1 < arguments.count, let n = Int(arguments[i + 1]), n >= 0 else { throw bad() }
                switch arguments[i] {
                case "--sheet": sheet = n
                case "--max-rows": limits.maxRows = n
                case "--max-columns": limits.maxColumns = n
                case "--max-cell-characters": limits.maxCellCharacters = n
                default: throw bad()
                }
                i += 2
            }
            guard i + 2 == arguments.count else { throw bad() }
            path = arguments[i + 1]
            self.sheet = sheet
            self.limits = limits
        }
    }

    /// The worker's main program: serves the request in `arguments` (those after the
    /// verb) on standard output and exits — 0 after the end frame, 2 after a refusal
    /// frame, 3 when the parent stopped reading. Never returns.
    public static func serve(_ arguments: [String]) -> Never {
        var out = FrameWriter(fd: 1)
        out.buffered.bytes.append(contentsOf: XLSWorkerFrames.magic)
        do {
            let request = try Request(arguments)
            try lowerLimits(path: request.path)
            try answer(request, to: &out)
            out.frame(.end) { _ in }
            out.flush()
            _exit(0)
        } catch {
            out.refusal(error)
            out.flush()
            _exit(2)
        }
    }

    /// Opens the file and writes the sheet list or the sheet. FreeXL's handle is closed
    /// when this returns, before the end frame.
    private static func answer(_ request: Request, to out: inout FrameWriter) throws(ReadError) {
        let session = try FreeXLSession(path: request.path, limits: request.limits, memoryLimit: memoryLimitBytes)
        guard let index = request.sheet else {
            out.frame(.book) { e in
                e.i32(Int32(clamping: session.codePage))
                e.u8(session.date1904 ? 1 : 0)
                e.u32(UInt32(session.sheetNames.count))
            }
            for name in session.sheetNames {
                out.frame(.sheetName) { e in e.bytes.append(contentsOf: name.utf8) }
            }
            return
        }
        guard session.sheetNames.indices.contains(index) else {
            throw ReadError(code: "sheet.not_found",
                            message: "工作簿没有第 \(index + 1) 个工作表（共 \(session.sheetNames.count) 个）", file: request.path)
        }
        let (rows, columns) = try session.dimensions(sheet: index)
        let cpu = rlim_t(cpuSeconds(forCells: rows * columns))
        try lower(RLIMIT_CPU, soft: cpu, hard: rlim_t(cpuLimitSeconds + maxStreamingCPUSeconds + 2), name: "RLIMIT_CPU",
                  path: request.path)
        out.frame(.dimensions) { e in
            e.u32(UInt32(rows))
            e.u32(UInt32(columns))
        }
        for row in 0..<rows {
            let cells = try session.row(row, sheet: index, columns: columns)
            var filled = 0
            for cell in cells { if case .empty = cell {} else { filled += 1 } }
            out.frame(.row) { e in
                e.u32(UInt32(row))
                e.u32(UInt32(filled))
            }
            for (column, cell) in cells.enumerated() {
                if case .empty = cell { continue }
                out.frame(.cell) { e in
                    e.u32(UInt32(column))
                    e.cell(cell)
                }
            }
        }
    }

    /// Lowers this process's limits before FreeXL runs: data segment, CPU time (the soft
    /// limit to `cpuLimitSeconds`; the hard one leaves room for streaming a sheet), core
    /// file size. A limit already lower is kept.
    /// - Throws: `ReadError` `xls.worker_failed` when `getrlimit`/`setrlimit` fails.
    static func lowerLimits(path: String) throws(ReadError) {
        let memory = rlim_t(memoryLimitBytes)
        try lower(RLIMIT_DATA, soft: memory, hard: memory, name: "RLIMIT_DATA", path: path)
        try lower(RLIMIT_CPU, soft: rlim_t(cpuLimitSeconds), hard: rlim_t(cpuLimitSeconds + maxStreamingCPUSeconds + 2),
                  name: "RLIMIT_CPU", path: path)
        try lower(RLIMIT_CORE, soft: 0, hard: 0, name: "RLIMIT_CORE", path: path)
    }

    /// Sets a limit to at most `soft`/`hard`, never above the current hard limit (a soft
    /// limit may go up to it, which is how streaming gets its CPU time).
    private static func lower(_ resource: __rlimit_resource, soft: rlim_t, hard: rlim_t, name: String,
                              path: String) throws(ReadError) {
        var current = rlimit()
        guard getrlimit(__rlimit_resource_t(resource.rawValue), &current) == 0 else {
            throw ReadError(code: "xls.worker_failed",
                            message: "无法读取 xls 解析子进程的资源上限（getrlimit \(name)：\(String(cString: strerror(errno)))）", file: path)
        }
        var wanted = rlimit(rlim_cur: min(soft, current.rlim_max), rlim_max: min(hard, current.rlim_max))
        wanted.rlim_cur = min(wanted.rlim_cur, wanted.rlim_max)
        guard setrlimit(__rlimit_resource_t(resource.rawValue), &wanted) == 0 else {
            throw ReadError(code: "xls.worker_failed",
                            message: "无法为 xls 解析子进程设置资源上限（setrlimit \(name)：\(String(cString: strerror(errno)))）", file: path)
        }
    }
}

/// Buffered frame output on a file descriptor (the worker's standard output).
struct FrameWriter {
    let fd: Int32
    /// Bytes not yet written; frames are encoded straight into it.
    var buffered = FrameEncoder()

    init(fd: Int32) {
        self.fd = fd
        buffered.bytes.reserveCapacity(1 << 17)
    }

    /// Appends a frame whose payload `body` encodes; flushes every 64 KiB.
    mutating func frame(_ kind: XLSWorkerFrames.Kind, _ body: (inout FrameEncoder) -> Void) {
        buffered.u8(kind.rawValue)
        let lengthAt = buffered.bytes.count
        buffered.u32(0)
        body(&buffered)
        let length = UInt32(buffered.bytes.count - lengthAt - 4)
        for i in 0..<4 { buffered.bytes[lengthAt + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
        if buffered.bytes.count >= 1 << 16 { flush() }
    }

    /// A refusal frame for `error` (a `ReadError`, or any other error as `xls.corrupt`).
    mutating func refusal(_ error: any Error) {
        let e = error as? ReadError
            ?? ReadError(code: "xls.corrupt", message: "无法读取 xls 文件：\(error)", file: "")
        // Strings are cut to keep the frame under its cap (messages are short; this is a guard).
        func cut(_ s: String) -> String { s.utf8.count <= 4096 ? s : String(s.prefix(1000)) }
        frame(.error) { f in
            f.u32(UInt32(clamping: e.row ?? 0))
            f.string(cut(e.code))
            f.string(cut(e.message))
            f.string(e.column ?? "")
        }
    }

    /// Writes everything buffered. A failed write means the parent stopped reading (it
    /// dropped the cursor): the worker exits at once with status 3.
    mutating func flush() {
        var offset = 0
        let total = buffered.bytes.count
        while offset < total {
            let n = buffered.bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, total - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                _exit(3)
            }
            offset += n
        }
        buffered.bytes.removeAll(keepingCapacity: true)
    }
}
