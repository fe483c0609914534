import Foundation
import SheetReader

/// Every problem of one import, in the order found, with bounded memory.
///
/// A roster where every ID has a wrong check digit gives one warning per member:
/// a million problems would take about 650 MB as `Problem` values. The log keeps
/// the first `memoryLimit` in memory and appends the rest, JSON-encoded one per
/// line, to an owner-only temporary file that is unlinked as soon as it is created
/// (so that nothing is left behind even when the process is killed).
/// The first few rejects and warnings are always kept for a terminal summary.
///
/// Written only by the pipeline while an import runs; read-only afterwards (it is
/// handed out in an `ImportReport` only when the run has finished).
public final class ProblemLog: @unchecked Sendable {
    /// How many problems stay in memory before the rest go to the spill file.
    public let memoryLimit: Int
    /// How many of each severity `firstRejects` / `firstWarnings` keep.
    public static let sampleSize = 30

    /// Problems logged so far.
    public private(set) var count = 0
    /// Rejects logged so far.
    public private(set) var rejects = 0
    /// Warnings logged so far.
    public var warnings: Int { count - rejects }
    /// The first `sampleSize` rejects and warnings, in order.
    public private(set) var firstRejects: [Problem] = []
    /// The first `sampleSize` warnings, in order.
    public private(set) var firstWarnings: [Problem] = []

    private var inMemory: [Problem] = []
    private var spill: FileHandle?
    /// Where the spill file was created, for messages (it is unlinked at once).
    private var spillPath: String?
    private var spillBytes: Int64 = 0
    private var spillBuffer = Data()
    private let encoder = JSONEncoder()

    /// An empty log keeping `memoryLimit` problems in memory before it spills to a file.
    public init(memoryLimit: Int = 20_000) {
        self.memoryLimit = memoryLimit
        // Read back only by `forEach`: key order does not matter, and sorting the
        // keys of every problem cost a fifth of an import with a million warnings.
        encoder.outputFormatting = [.withoutEscapingSlashes]
    }

    deinit {
        try? spill?.close()
    }

    /// Records a problem.
    /// - Throws: `ReadError` (`problems.spill`) when the spill file cannot be written.
    public func append(_ problem: Problem) throws {
        count += 1
        if problem.severity == .reject {
            rejects += 1
            if firstRejects.count < ProblemLog.sampleSize { firstRejects.append(problem) }
        } else if firstWarnings.count < ProblemLog.sampleSize {
            firstWarnings.append(problem)
        }
        if inMemory.count < memoryLimit && spill == nil {
            inMemory.append(problem)
            return
        }
        do {
            if spill == nil { try openSpill() }
            spillBuffer.append(try encoder.encode(problem))
            spillBuffer.append(0x0A)
            if spillBuffer.count >= 1 << 20 { try flush() }
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(code: .problemsSpill, message: "无法写入问题清单临时文件：\(error.localizedDescription)",
                            file: spillPath ?? "")
        }
    }

    /// Calls `body` with every problem in the order found, reading the spill file back
    /// in blocks (memory bounded by the in-memory part and one block).
    public func forEach(_ body: (Problem) throws -> Void) throws {
        for problem in inMemory { try body(problem) }
        guard let spill else { return }
        try flush()
        let decoder = JSONDecoder()
        var pending = Data()
        var offset: Int64 = 0
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while offset < spillBytes {
            let n = block.withUnsafeMutableBytes { pread(spill.fileDescriptor, $0.baseAddress, $0.count,
                                                         off_t(offset)) }
            guard n > 0 else {
                throw ReadError(code: .problemsSpill, message: "无法读取问题清单临时文件", file: spillPath ?? "")
            }
            offset += Int64(n)
            pending.append(contentsOf: block[0..<n])
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try body(try decoder.decode(Problem.self, from: pending[start..<newline]))
                start = newline + 1
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty {
            throw ReadError(code: .problemsSpill, message: "问题清单临时文件不完整", file: spillPath ?? "")
        }
    }

    /// Every problem as an array. Materialises the whole log: for tests and small
    /// imports; output code uses `forEach`.
    public var all: [Problem] {
        var out: [Problem] = []
        out.reserveCapacity(count)
        try? forEach { out.append($0) }
        return out
    }

    private func openSpill() throws {
        let dir = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(dir)/partystats-problems-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw ReadError(code: .problemsSpill, message: "无法创建问题清单临时文件（\(String(cString: strerror(errno)))）",
                            file: dir)
        }
        // mkstemp creates the file 0600; the problems carry masked values only, but
        // file names and row positions are still nobody else's business.
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        unlink(path)
        spillPath = path
        spill = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    private func flush() throws {
        guard let spill, !spillBuffer.isEmpty else { return }
        try spill.write(contentsOf: spillBuffer)
        spillBytes += Int64(spillBuffer.count)
        spillBuffer.removeAll(keepingCapacity: true)
    }
}
