import Foundation
import SheetReader

/// Shared body of the reader fuzz targets: the input bytes become a file with the
/// given extension, which is opened and read to the end. A `ReadError` is the
/// expected outcome for most inputs; anything else (a crash, a sanitizer report,
/// a hang caught by libFuzzer's timeout) is a finding.
public enum ReadWholeFile {
    /// Writes `size` bytes at `data` to a per-process scratch file and reads every row
    /// of every sheet. Always returns 0, as libFuzzer requires.
    public static func run(_ data: UnsafePointer<UInt8>?, _ size: Int, extension ext: String) -> Int32 {
        let path = scratchPath(ext)
        let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
        guard FileManager.default.createFile(atPath: path, contents: bytes) else { return 0 }
        do {
            let book = try SheetReaders.open(path: path)
            for sheet in book.sheets {
                let cursor = try book.openSheet(sheet.index)
                while let row = try cursor.next() {
                    for cell in row.cells { consume(cell) }
                }
            }
        } catch let error as ReadError {
            // Every refusal must name the file it refuses.
            precondition(error.file == path, "ReadError does not name the file: \(error)")
        } catch {
            // Other error types are acceptable here; the import layer wraps them.
        }
        return 0
    }

    private static func consume(_ cell: CellValue) {
        if case .text(let s) = cell { precondition(s.utf8.count >= 0) }
    }

    /// `/dev/shm` when present (no disk traffic), else the temporary directory.
    private static func scratchPath(_ ext: String) -> String {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(base)/partystats-fuzz-\(getpid()).\(ext)"
    }
}
