#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartyImport
import PartyReport

/// A one-line progress display on stderr for long imports and reports: for an
/// import, rows read, rows per second and, when the reader knows its position in the
/// file, the share done and an estimate of the time left (from the files' sizes);
/// for a report, the stage and, while the 导入问题 rows are written, rows per second,
/// the share and the time left.
///
/// Shown only when stderr is a terminal and the output is not `--json`; it redraws
/// at most five times a second and erases itself when done, so nothing of it is
/// left in logs or captured output.
final class ProgressLine {
    private let label: String
    private let started = ProgressLine.now()
    private var lastDraw = 0.0
    private var drawn = false

    /// A progress line, or nil when it must stay silent (stderr not a terminal, or JSON output).
    static func make(label: String, json: Bool) -> ProgressLine? {
        guard !json, isatty(STDERR_FILENO) != 0 else { return nil }
        return ProgressLine(label: label)
    }

    private init(label: String) { self.label = label }

    /// Redraws the line for an import's progress (throttled).
    func update(_ progress: ImportProgress) {
        let now = ProgressLine.now()
        guard now - lastDraw >= 0.2 else { return }
        lastDraw = now
        let elapsed = max(now - started, 0.001)
        let rate = Double(progress.rows) / elapsed
        var text = "\(label) \(progress.fileIndex + 1)/\(progress.fileCount) 个文件  "
            + "\(ProgressLine.grouped(progress.rows)) 行  \(ProgressLine.grouped(Int(rate))) 行/秒"
        if let done = progress.bytesDone, progress.bytesTotal > 0, done > 0 {
            let share = min(Double(done) / Double(progress.bytesTotal), 1)
            let left = elapsed * (1 - share) / share
            text += "  \(Int(share * 100))%  剩余约 \(ProgressLine.clock(left))"
        }
        draw(text)
    }

    private var stage = ""
    private var stageStarted = 0.0

    /// Redraws the line for a report's progress (throttled, except when the stage changes).
    func update(_ progress: ReportProgress) {
        let now = ProgressLine.now()
        let newStage = progress.stage != stage
        if newStage {
            stage = progress.stage
            stageStarted = now
        }
        guard newStage || now - lastDraw >= 0.2 else { return }
        lastDraw = now
        var text = "\(label) \(progress.stage)  已用 \(ProgressLine.clock(now - started))"
        if progress.problemsTotal > 0 && progress.problemsWritten > 0 {
            let elapsed = max(now - stageStarted, 0.001)
            let rate = Double(progress.problemsWritten) / elapsed
            let share = min(Double(progress.problemsWritten) / Double(progress.problemsTotal), 1)
            text += "  "
                + "\(ProgressLine.grouped(progress.problemsWritten))/\(ProgressLine.grouped(progress.problemsTotal)) 行"
                + "  \(ProgressLine.grouped(Int(rate))) 行/秒  \(Int(share * 100))%  剩余约 "
                    + "\(ProgressLine.clock(elapsed * (1 - share) / share))"
        }
        draw(text)
    }

    /// Erases the line.
    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }

    private func draw(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        drawn = true
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// Seconds as `m:ss` or `h:mm:ss`.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }
}
