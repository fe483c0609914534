import Expat
import Foundation
import ZIPFoundation

/// The zip container of an Office Open XML workbook, with the archive limits applied.
///
/// Entry sizes and ratios are checked from the central directory when the archive is
/// opened, and again on the bytes actually inflated, so a lying header cannot get past.
final class XLSXArchive {
    let path: String
    let url: URL
    let limits: ReadLimits
    private let archive: Archive
    /// Entries by normalised, lower-cased path (`xl/worksheets/sheet1.xml`).
    private let entries: [String: Entry]

    /// Opens the archive.
    /// - Throws: `ReadError` (`xlsx.encrypted`, `xlsx.not_zip`, `xlsx.corrupt_zip`,
    ///   `xlsx.unsafe_entry`, `xlsx.zip_bomb`, `file.unreadable`).
    init(path: String, limits: ReadLimits) throws(ReadError) {
        self.path = path
        self.url = URL(fileURLWithPath: path)
        self.limits = limits
        try XLSXArchive.sniff(path: path)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ReadError(code: .xlsxCorruptZip,
                            message: "压缩包已损坏或不完整（可能被截断），无法作为 xlsx 读取：\(error)", file: path)
        }
        self.archive = archive
        var entries: [String: Entry] = [:]
        var total: UInt64 = 0
        for entry in archive {
            let name = XLSXArchive.normalise(entry.path)
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            if entry.path.hasPrefix("/") || entry.path.hasPrefix("\\") || parts.contains("..") || name.contains("\0") {
                throw ReadError(code: .xlsxUnsafeEntry,
                                message: "压缩包中含有不安全的路径“\(entry.path)”，拒绝读取", file: path, sheet: entry.path)
            }
            guard entry.type == .file else { continue }
            total &+= entry.uncompressedSize
            if total > UInt64(limits.maxUncompressedBytes) {
                throw ReadError(code: .xlsxZipBomb,
                                message: "压缩包解压后总大小超过上限 \(limits.maxUncompressedBytes) 字节，拒绝读取",
                                file: path, sheet: entry.path)
            }
            if UInt64(XLSXArchive.entryBound(compressed: entry.compressedSize,
                                             limits: limits)) < entry.uncompressedSize {
                throw ReadError(code: .xlsxZipBomb,
                                message: "压缩包条目压缩比异常（超过 \(Int(limits.maxCompressionRatio)) 倍），疑似压缩炸弹，拒绝读取",
                                file: path, sheet: entry.path)
            }
            entries[name.lowercased()] = entry
        }
        self.entries = entries
    }

    /// `\` → `/`, no leading `./`.
    static func normalise(_ entryPath: String) -> String {
        var s = entryPath.replacingOccurrences(of: "\\", with: "/")
        while s.hasPrefix("./") { s.removeFirst(2) }
        return s
    }

    /// The most bytes an entry may inflate to: its compressed size times the ratio
    /// limit (with a 1 MiB floor, as tiny parts legitimately compress very well),
    /// and never more than the archive's total limit.
    static func entryBound(compressed: UInt64, limits: ReadLimits) -> Int64 {
        let byRatio = Double(compressed) * limits.maxCompressionRatio
        let bound = max(byRatio, Double(1 << 20))
        return bound >= Double(limits.maxUncompressedBytes) ? limits.maxUncompressedBytes : Int64(bound)
    }

    /// Refuses files that are not zip archives, recognising OLE compound files
    /// (encrypted OOXML packages, or legacy xls renamed).
    static func sniff(path: String) throws(ReadError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReadError(code: .fileUnreadable, message: "文件不存在或无法读取", file: path)
        }
        defer { try? handle.close() }
        let head: Data
        do { head = try handle.read(upToCount: 8) ?? Data() } catch {
            throw ReadError(code: .fileUnreadable, message: "文件无法读取：\(error.localizedDescription)", file: path)
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            if XLSXArchive.oleContainsEncryptedPackage(handle: handle) {
                throw ReadError(code: .xlsxEncrypted, message: "工作簿已加密或受密码保护，请另存为未加密的文件后再导入", file: path)
            }
            throw ReadError(code: .xlsxNotZip,
                            message: "文件不是 xlsx 格式（是旧版 Office 复合文档，可能是改了扩展名的 xls），请另存为 xlsx 或改为 .xls 扩展名",
                            file: path)
        }
        guard head.starts(with: [0x50, 0x4B]) else {
            throw ReadError(code: .xlsxNotZip, message: "文件不是有效的 xlsx（不是 zip 压缩包）", file: path)
        }
    }

    /// True when an OLE compound file holds an `EncryptedPackage` stream (its
    /// directory entry name is stored in UTF-16LE); reads at most 64 MiB.
    static func oleContainsEncryptedPackage(handle: FileHandle) -> Bool {
        let needle = Data("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        do {
            try handle.seek(toOffset: 0)
            guard let data = try handle.read(upToCount: 64 << 20) else { return false }
            return data.range(of: needle) != nil
        } catch {
            return false
        }
    }

    /// The entry at a package path (case-insensitive, leading `/` ignored).
    func entry(_ part: String) -> Entry? {
        var p = XLSXArchive.normalise(part)
        while p.hasPrefix("/") { p.removeFirst() }
        return entries[p.lowercased()]
    }

    /// True when the package holds a part.
    func contains(_ part: String) -> Bool { entry(part) != nil }

    /// Inflates a part and parses it with expat, synchronously.
    /// - Throws: `ReadError` naming the part; `xlsx.missing_part` when absent.
    func parse(part: String, sheet: String? = nil, delegate: some XLSXPartDelegate) throws(ReadError) {
        guard let entry = entry(part) else {
            throw ReadError(code: .xlsxMissingPart, message: "工作簿缺少必需的部件 \(part)", file: path, sheet: sheet ?? part)
        }
        guard let parser = ExpatParser() else {
            throw ReadError(code: .xlsxOutOfMemory, message: "无法创建 XML 解析器（内存不足）", file: path, sheet: sheet ?? part)
        }
        delegate.attach(parser)
        let bound = XLSXArchive.entryBound(compressed: entry.compressedSize, limits: limits)
        var produced: Int64 = 0
        var failure: ReadError?
        let location = sheet ?? part
        do {
            let crc = try archive.extract(entry, bufferSize: 256 << 10, skipCRC32: false) { chunk in
                produced += Int64(chunk.count)
                // More bytes than the directory declared: the header lied; stop now rather
                // than inflate up to the ratio bound (hundreds of MB of a bomb).
                if produced > bound || produced > Int64(clamping: entry.uncompressedSize) {
                    failure = XLSXArchive.bombError(path: self.path, part: location, limits: self.limits)
                    throw XLSXStop()
                }
                do {
                    try chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
                        try parser.parse(raw, isFinal: false, delegate: delegate)
                    }
                } catch {
                    failure = delegate.failure ?? XLSXArchive.xmlError(error, path: self.path, part: location)
                    throw XLSXStop()
                }
            }
            if crc != entry.checksum {
                throw ReadError(code: .xlsxCorruptZip, message: "压缩包条目校验失败（CRC 不符），文件已损坏", file: path, sheet: location)
            }
            try parser.parse(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true, delegate: delegate)
        } catch let error as ReadError {
            throw error
        } catch let error as ExpatError {
            throw delegate.failure ?? XLSXArchive.xmlError(error, path: path, part: location)
        } catch {
            if let failure { throw failure }
            throw ReadError(code: .xlsxCorruptZip, message: "压缩包条目无法解压，文件已损坏：\(error)", file: path, sheet: location)
        }
        if let failure = delegate.failure { throw failure }
    }

    static func bombError(path: String, part: String, limits: ReadLimits) -> ReadError {
        ReadError(code: .xlsxZipBomb,
                  message: "解压后的数据超过限制（压缩比超过 \(Int(limits.maxCompressionRatio)) 倍或总量超过 "
                      + "\(limits.maxUncompressedBytes) 字节），疑似压缩炸弹，拒绝读取",
                  file: path, sheet: part)
    }

    static func xmlError(_ error: any Error, path: String, part: String) -> ReadError {
        guard let error = error as? ExpatError else {
            return ReadError(code: .xlsxBadXML, message: "XML 解析失败：\(error)", file: path, sheet: part)
        }
        switch error.kind {
        case .doctypeForbidden:
            return ReadError(code: .xlsxDTDForbidden,
                             message: "XML 部件含有 DOCTYPE 声明（第 \(error.line) 行），出于安全原因拒绝读取", file: path, sheet: part)
        case .malformed, .stoppedByDelegate:
            return ReadError(code: .xlsxBadXML,
                             message: "XML 格式错误（第 \(error.line) 行第 \(error.column + 1) 列）：\(error.message)",
                             file: path, sheet: part)
        }
    }
}

/// Thrown inside ZIPFoundation's consumer to stop an extraction; the real error is kept aside.
struct XLSXStop: Error {}

/// An expat delegate for one package part that can remember why it stopped.
protocol XLSXPartDelegate: ExpatDelegate {
    /// The error that made the delegate stop the parser, if any.
    var failure: ReadError? { get }
    /// Hands the delegate the parser it may `stop()`.
    func attach(_ parser: ExpatParser)
}

extension XLSXPartDelegate {
    func attach(_ parser: ExpatParser) {}
}
