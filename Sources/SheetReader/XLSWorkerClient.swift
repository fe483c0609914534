#if canImport(Glibc)
import Glibc
#endif

/// The parent's side of one worker run: starts `partystats __xls-worker …`, reads
/// its frames incrementally (a fixed buffer, never the whole stream) and checks
/// every one. Whatever goes wrong with the worker — it dies by a signal, exits
/// without a refusal frame, or writes a truncated or malformed stream — becomes a
/// `ReadError` with code `xls.crash` naming the file (and the sheet and row when
/// known); a refusal frame becomes the worker's own `ReadError`.
final class XLSWorkerStream {
    private let path: String
    private let sheet: String?
    private let process: XLSWorkerProcess
    private let caps: XLSWorkerFrames.Caps
    /// Set by the reader of a sheet: the 1-based row being read, for error messages.
    var currentRow: Int?

    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    /// The first failure; the stream stays failed.
    private var failed: ReadError?

    /// Starts a worker for `request` on `path`.
    /// - Parameter sheet: the sheet index and name for a sheet request, nil for the sheet list.
    /// - Throws: `ReadError` `xls.worker_unavailable` when the worker cannot be started.
    init(executable: String, path: String, sheet: (index: Int, name: String)?, limits: ReadLimits) throws(ReadError) {
        self.path = path
        self.sheet = sheet?.name
        caps = XLSWorkerFrames.Caps(limits: limits)
        do {
            process = try XLSWorkerProcess(executable: executable,
                                           arguments: XLSWorker.arguments(path: path, sheet: sheet?.index, limits: limits))
        } catch {
            throw ReadError(code: "xls.worker_unavailable",
                            message: "无法启动 xls 解析子进程（\(executable)）：\(error.description)",
                            file: path, sheet: sheet?.name)
        }
        let capacity = max(1 << 16, 5 + max(caps.cell, caps.sheetName, caps.error))
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
    }

    deinit {
        // Abandoned early (or finished): the process object kills and reaps if needed.
        _ = process.terminate()
        buffer.deallocate()
    }

    /// Checks the stream's first bytes.
    func readMagic() throws(ReadError) {
        let bytes = try take(XLSWorkerFrames.magic.count)
        guard bytes == XLSWorkerFrames.magic else {
            throw fail("开头不是 partystats 解析子进程的输出")
        }
    }

    /// Reads the next frame, which must be of `kind`, decodes it with `body` and checks
    /// that the whole payload was used. A refusal frame (`E`) is thrown as the worker's
    /// `ReadError`; after it, or after `end`, the worker is reaped.
    func read<T>(_ kind: XLSWorkerFrames.Kind,
                 _ body: (inout FrameDecoder) throws(FrameDecoder.Malformed) -> T) throws(ReadError) -> T {
        if let failed { throw failed }
        try fill(5)
        let header = UnsafeRawBufferPointer(rebasing: buffer[start..<start + 5])
        start += 5
        guard let got = XLSWorkerFrames.Kind(rawValue: header[0]) else {
            throw fail("未知的数据帧类型 \(header[0])")
        }
        let length = Int(UInt32(header[1]) | UInt32(header[2]) << 8 | UInt32(header[3]) << 16 | UInt32(header[4]) << 24)
        guard length <= caps.max(for: got) else {
            throw fail("数据帧长度 \(length) 超过上限 \(caps.max(for: got))")
        }
        var decoder = FrameDecoder(try take(length))
        if got == .error { throw refusal(&decoder) }
        guard got == kind else {
            throw fail("应为 \(Character(UnicodeScalar(kind.rawValue))) 帧，实为 \(Character(UnicodeScalar(got.rawValue))) 帧")
        }
        let value: T
        do throws(FrameDecoder.Malformed) {
            value = try body(&decoder)
            guard decoder.isAtEnd else { throw FrameDecoder.Malformed(detail: "数据帧有多余内容") }
        } catch {
            throw fail(error.detail)
        }
        if kind == .end { try finish() }
        return value
    }

    /// A malformed stream: kills the worker and builds the `xls.crash` error.
    func fail(_ detail: String) -> ReadError {
        if let failed { return failed }
        let error = crashError(process.terminate(), detail: detail, malformed: true)
        failed = error
        return error
    }

    /// After the end frame: the worker must exit with status 0 (or be unknowable, when
    /// the host process ignores SIGCHLD and the kernel reaps children itself).
    private func finish() throws(ReadError) {
        let termination = process.finish()
        guard termination == .exited(0) || termination == .unknown else {
            let error = crashError(termination, detail: "结束后退出状态异常", malformed: false)
            failed = error
            throw error
        }
    }

    /// Decodes a refusal frame into the worker's `ReadError` (the file and sheet are the
    /// ones this side knows) and reaps the worker.
    private func refusal(_ decoder: inout FrameDecoder) -> ReadError {
        let decoded: (row: UInt32, code: String, message: String, column: String)
        do throws(FrameDecoder.Malformed) {
            decoded = (try decoder.u32(), try decoder.string(), try decoder.string(), try decoder.string())
            guard decoder.isAtEnd else { throw FrameDecoder.Malformed(detail: "错误帧有多余内容") }
        } catch {
            return fail(error.detail)
        }
        guard XLSWorkerStream.isErrorCode(decoded.code), !decoded.message.isEmpty,
              decoded.column.utf8.count <= 8, decoded.column.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else {
            return fail("错误帧内容无效")
        }
        _ = process.finish()
        let error = ReadError(code: decoded.code, message: decoded.message, file: path, sheet: sheet,
                              row: decoded.row == 0 ? nil : Int(decoded.row),
                              column: decoded.column.isEmpty ? nil : decoded.column)
        failed = error
        return error
    }

    /// A stable code such as `xls.corrupt`: lower-case words joined by dots.
    static func isErrorCode(_ code: String) -> Bool {
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        return code.utf8.count <= 64 && parts.count >= 2
            && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { (0x61...0x7A).contains($0) || $0 == 0x5F } }
    }

    /// The `xls.crash` error for a worker that ended as `termination`. A signal the worker
    /// did not get from this side explains everything; otherwise a malformed stream is
    /// described by `detail`, and a truncated one by the exit status when it is not 0.
    private func crashError(_ termination: XLSWorkerProcess.Termination, detail: String, malformed: Bool) -> ReadError {
        let message: String
        switch termination {
        case .signaled(let signal) where !(signal == SIGKILL && process.killedByOwner):
            switch signal {
            case SIGXCPU:
                message = "无法读取此 xls 文件：解析用时超过 CPU 时间上限，解析子进程已被终止（信号 \(signal) SIGXCPU），文件可能已损坏或过大"
            case SIGKILL:
                message = "无法读取此 xls 文件：解析子进程被强制终止（信号 9 SIGKILL，可能超出内存或时间上限），文件可能已损坏"
            default:
                message = "无法读取此 xls 文件：文件已损坏，解析程序异常退出（信号 \(signal) \(XLSWorkerStream.signalName(signal))）"
            }
        case .exited(let status) where status != 0 && !malformed:
            message = "无法读取此 xls 文件：文件已损坏，解析程序异常退出（退出码 \(status)）"
        case .signaled, .exited, .unknown:
            message = "无法读取此 xls 文件：解析子进程的输出不完整或格式错误（\(detail)），文件可能已损坏"
        }
        return ReadError(code: "xls.crash", message: message, file: path, sheet: sheet, row: currentRow)
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: return "SIGSEGV"
        case SIGBUS: return "SIGBUS"
        case SIGABRT: return "SIGABRT"
        case SIGILL: return "SIGILL"
        case SIGFPE: return "SIGFPE"
        case SIGTRAP: return "SIGTRAP"
        case SIGPIPE: return "SIGPIPE"
        case SIGXCPU: return "SIGXCPU"
        case SIGKILL: return "SIGKILL"
        case SIGTERM: return "SIGTERM"
        default: return "SIG\(signal)"
        }
    }

    /// The next `count` bytes of the stream (count ≤ the buffer's capacity, which the
    /// frame caps guarantee). End of stream before them is a truncated stream.
    private func take(_ count: Int) throws(ReadError) -> [UInt8] {
        try fill(count)
        defer { start += count }
        return Array(UnsafeRawBufferPointer(rebasing: buffer[start..<start + count]))
    }

    /// Reads until `count` unread bytes are in the buffer.
    private func fill(_ count: Int) throws(ReadError) {
        while end - start < count {
            if buffer.count - start < count {
                // Move the unread bytes to the front.
                if end > start, let base = buffer.baseAddress {
                    memmove(base, base + start, end - start)
                }
                end -= start
                start = 0
            }
            guard let base = buffer.baseAddress,
                  let n = process.readChunk(into: base + end, count: buffer.count - end) else {
                throw fail("读取管道失败：\(String(cString: strerror(errno)))")
            }
            if n == 0 {
                // End of stream: the worker has exited or is exiting; reap it to learn why.
                if let failed { throw failed }
                let error = crashError(process.finish(), detail: "数据流提前结束", malformed: false)
                failed = error
                throw error
            }
            end += n
        }
    }
}

extension XLSWorkerStream {
    /// The sheet list of a workbook, read by a worker.
    static func listSheets(executable: String, path: String, limits: ReadLimits) throws(ReadError)
        -> (codePage: Int, date1904: Bool, names: [String]) {
        let stream = try XLSWorkerStream(executable: executable, path: path, sheet: nil, limits: limits)
        try stream.readMagic()
        let (codePage, date1904, count) = try stream.read(.book) { (d) throws(FrameDecoder.Malformed) in
            let codePage = Int(try d.i32())
            let flag = try d.u8()
            let count = Int(try d.u32())
            guard flag <= 1 else { throw FrameDecoder.Malformed(detail: "日期系统标志无效") }
            guard count <= XLSWorkerFrames.maxSheets else { throw FrameDecoder.Malformed(detail: "工作表数 \(count) 超过上限") }
            return (codePage, flag == 1, count)
        }
        var names: [String] = []
        for _ in 0..<count {
            names.append(try stream.read(.sheetName) { (d) throws(FrameDecoder.Malformed) in try d.rest() })
        }
        try stream.read(.end) { (_) throws(FrameDecoder.Malformed) in }
        return (codePage, date1904, names)
    }
}

/// Rows of one `.xls` worksheet streamed from a worker process, 1 to the sheet's last
/// row. Memory is bounded by one row and the pipe buffer. Dropping the cursor before
/// the end kills and reaps the worker.
final class XLSWorkerSheetCursor: SheetCursor {
    private let stream: XLSWorkerStream
    let rows: Int
    let columns: Int
    private var nextRow = 0
    private var finished = false

    /// Starts the worker and reads the sheet's size.
    /// - Throws: `ReadError` (the worker's refusal, e.g. `xls.too_many_rows`, or `xls.crash`).
    init(executable: String, path: String, sheet index: Int, name: String, limits: ReadLimits) throws(ReadError) {
        stream = try XLSWorkerStream(executable: executable, path: path, sheet: (index, name), limits: limits)
        try stream.readMagic()
        (rows, columns) = try stream.read(.dimensions) { (d) throws(FrameDecoder.Malformed) in
            let rows = Int(try d.u32()), columns = Int(try d.u32())
            guard rows <= limits.maxRows, columns <= limits.maxColumns else {
                throw FrameDecoder.Malformed(detail: "表格尺寸 \(rows)×\(columns) 超过上限")
            }
            return (rows, columns)
        }
    }

    func next() throws -> SheetRow? {
        if finished { return nil }
        guard nextRow < rows else {
            stream.currentRow = nil
            try stream.read(.end) { (_) throws(FrameDecoder.Malformed) in }
            finished = true
            return nil
        }
        let expected = nextRow
        stream.currentRow = expected + 1
        let columns = self.columns
        let count = try stream.read(.row) { (d) throws(FrameDecoder.Malformed) in
            let row = Int(try d.u32()), count = Int(try d.u32())
            guard row == expected else { throw FrameDecoder.Malformed(detail: "行号 \(row + 1) 不连续") }
            guard count <= columns else { throw FrameDecoder.Malformed(detail: "单元格数 \(count) 超过列数 \(columns)") }
            return count
        }
        var cells: [CellValue] = []
        var lastColumn = -1
        for _ in 0..<count {
            let (column, value) = try stream.read(.cell) { (d) throws(FrameDecoder.Malformed) in
                let column = Int(try d.u32())
                guard column > lastColumn, column < columns else { throw FrameDecoder.Malformed(detail: "列号 \(column + 1) 无效") }
                return (column, try d.cell())
            }
            if column > cells.count { cells.append(contentsOf: repeatElement(CellValue.empty, count: column - cells.count)) }
            cells.append(value)
            lastColumn = column
        }
        nextRow += 1
        return SheetRow(number: nextRow, cells: cells)
    }
}
