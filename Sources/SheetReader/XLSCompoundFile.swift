import PartyModel
/// A failure inside the `.xls` reader before it is tied to a file: a stable code and a
/// Chinese message. `XLSWorkbook` turns it into a `ReadError` naming the file and sheet.
struct XLSFault: Error {
    var code: ProblemCode
    var message: String

    static func corrupt(_ message: String) -> XLSFault {
        XLSFault(code: .xlsCorrupt, message: "xls 文件已损坏：" + message)
    }
}

/// The Compound File Binary container ([MS-CFB]) of a legacy Office file: the header,
/// the FAT (found through the header's and the chained DIFAT sectors), the directory
/// and the MiniFAT, enough to copy one stream out.
///
/// Nothing the file says is trusted: every sector number is checked against the file's
/// size, every chain against cycles (a chain may not visit more sectors than the file
/// has), and a stream's declared size is cut to what its chain holds.
struct XLSCompoundFile {
    /// One directory entry: a storage (1), a stream (2) or the root (5).
    struct Entry {
        var name: String
        var type: UInt8
        var left: UInt32
        var right: UInt32
        var child: UInt32
        var start: UInt32
        var size: UInt64
    }

    private static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let maxRegular: UInt32 = 0xFFFF_FFFA
    private static let noStream: UInt32 = 0xFFFF_FFFF

    private let file: [UInt8]
    private let sectorSize: Int
    private let sectorCount: Int
    private let fat: [UInt32]
    private let miniFAT: [UInt32]
    private let miniCutoff: UInt64
    /// The directory entries, in file order (entry 0 is the root).
    let entries: [Entry]

    /// Parses the header, FAT, directory and MiniFAT of a whole file.
    /// - Throws: `XLSFault` `xls.not_xls` without the signature, `xls.corrupt` for any inconsistency.
    init(file: [UInt8]) throws(XLSFault) {
        self.file = file
        guard file.count >= 512, Array(file[0..<8]) == Self.signature else {
            throw XLSFault(code: .xlsNotXLS, message: "文件不是有效的 Excel 97-2003（xls）工作簿（缺少 OLE 复合文档文件头）")
        }
        let shift = Int(Self.u16(file, 0x1E))
        guard shift == 9 || shift == 12 else { throw .corrupt("复合文档的扇区大小无效（2^\(shift)）") }
        sectorSize = 1 << shift
        // The header fills sector -1; sector n starts at (n + 1) × size.
        sectorCount = max(0, (file.count - sectorSize + sectorSize - 1) / sectorSize)
        miniCutoff = UInt64(Self.u32(file, 0x38))

        // The FAT sectors: up to 109 in the header, the rest in the DIFAT chain.
        var fatSectors: [UInt32] = []
        for i in 0..<109 {
            let id = Self.u32(file, 0x4C + 4 * i)
            if id <= Self.maxRegular { fatSectors.append(id) }
        }
        var difat = Self.u32(file, 0x44)
        var visited = 0
        let perSector = sectorSize / 4 - 1
        while difat <= Self.maxRegular {
            visited += 1
            guard visited <= sectorCount else { throw .corrupt("DIFAT 扇区链有环") }
            let offset = try Self.offset(of: difat, sectorSize: sectorSize, sectorCount: sectorCount)
            for i in 0..<perSector {
                let id = Self.u32(file, offset + 4 * i)
                if id <= Self.maxRegular { fatSectors.append(id) }
            }
            difat = Self.u32(file, offset + 4 * perSector)
        }
        guard fatSectors.count <= sectorCount else { throw .corrupt("FAT 扇区数超过文件的扇区数") }
        var fat: [UInt32] = []
        fat.reserveCapacity(fatSectors.count * sectorSize / 4)
        for id in fatSectors {
            let offset = try Self.offset(of: id, sectorSize: sectorSize, sectorCount: sectorCount)
            for i in 0..<(sectorSize / 4) { fat.append(Self.u32(file, offset + 4 * i)) }
        }
        self.fat = fat

        let directory = try Self.chain(from: Self.u32(file, 0x30), fat: fat, limit: sectorCount, what: "目录")
        var entries: [Entry] = []
        for sector in directory {
            let base = try Self.offset(of: sector, sectorSize: sectorSize, sectorCount: sectorCount)
            for e in 0..<(sectorSize / 128) {
                let at = base + e * 128
                guard at + 128 <= file.count else { break }
                let nameBytes = min(Int(Self.u16(file, at + 0x40)), 64)
                var units: [UInt16] = []
                var i = 0
                while i + 1 < nameBytes {
                    let u = Self.u16(file, at + i)
                    if u == 0 { break }
                    units.append(u)
                    i += 2
                }
                var size = UInt64(Self.u32(file, at + 0x78)) | UInt64(Self.u32(file, at + 0x7C)) << 32
                // Version 3 files may leave garbage in the high half of the size.
                if sectorSize == 512 { size &= 0xFFFF_FFFF }
                entries.append(Entry(name: String(decoding: units, as: UTF16.self), type: file[at + 0x42],
                                     left: Self.u32(file, at + 0x44), right: Self.u32(file, at + 0x48),
                                     child: Self.u32(file, at + 0x4C), start: Self.u32(file, at + 0x74), size: size))
            }
        }
        guard let root = entries.first, root.type == 5 else { throw .corrupt("复合文档没有根目录") }
        self.entries = entries

        let miniFATSectors = try Self.chain(from: Self.u32(file, 0x3C), fat: fat, limit: sectorCount, what: "MiniFAT")
        var miniFAT: [UInt32] = []
        for id in miniFATSectors {
            let offset = try Self.offset(of: id, sectorSize: sectorSize, sectorCount: sectorCount)
            for i in 0..<(sectorSize / 4) { miniFAT.append(Self.u32(file, offset + 4 * i)) }
        }
        self.miniFAT = miniFAT
    }

    /// The entry of a stream directly under the root storage whose name equals one of
    /// `names` ignoring case (the first name found wins in the order given); a flat
    /// search of the whole directory when the root's tree does not hold it.
    func stream(named names: [String]) -> Entry? {
        var children: [Entry] = []
        var stack = [entries[0].child]
        var seen = Set<UInt32>()
        while let id = stack.popLast() {
            guard id != Self.noStream, Int(id) < entries.count, seen.insert(id).inserted else { continue }
            let entry = entries[Int(id)]
            children.append(entry)
            stack.append(entry.left)
            stack.append(entry.right)
        }
        for pool in [children, entries] {
            for name in names {
                if let hit = pool.first(where: { $0.type == 2 && $0.name.lowercased() == name.lowercased() }) {
                    return hit
                }
            }
        }
        return nil
    }

    /// The bytes of a stream, at most `limit` of them (a larger declared size is refused).
    /// A declared size beyond what the stream's chain holds is cut to the chain.
    /// - Throws: `XLSFault` for a broken or cyclic chain, or a size over `limit`.
    func read(_ entry: Entry, limit: Int) throws(XLSFault) -> [UInt8] {
        guard entry.size <= UInt64(limit) else {
            throw XLSFault(code: .xlsTooLarge, message: "工作簿数据流声明的大小（\(entry.size) 字节）超过上限 \(limit) 字节")
        }
        let size = Int(entry.size)
        var out: [UInt8] = []
        if entry.size < miniCutoff {
            // A small stream lives in 64-byte mini sectors of the root's stream.
            let root = entries[0]
            let rootSectors = try Self.chain(from: root.start, fat: fat, limit: sectorCount, what: "迷你流")
            let miniSectors = try Self.chain(from: entry.start, fat: miniFAT,
                                             limit: rootSectors.count * (sectorSize / 64),
                                             what: "迷你扇区")
            out.reserveCapacity(min(size, miniSectors.count * 64))
            for mini in miniSectors {
                guard out.count < size else { break }
                let position = Int(mini) * 64
                let sector = position / sectorSize
                guard sector < rootSectors.count else { throw .corrupt("迷你扇区 \(mini) 超出迷你流") }
                let offset = try Self.offset(of: rootSectors[sector], sectorSize: sectorSize, sectorCount: sectorCount)
                    + position % sectorSize
                append(from: offset, count: min(64, size - out.count), to: &out)
            }
        } else {
            let sectors = try Self.chain(from: entry.start, fat: fat, limit: sectorCount, what: "数据流")
            out.reserveCapacity(min(size, sectors.count * sectorSize))
            for sector in sectors {
                guard out.count < size else { break }
                let offset = try Self.offset(of: sector, sectorSize: sectorSize, sectorCount: sectorCount)
                append(from: offset, count: min(sectorSize, size - out.count), to: &out)
            }
        }
        return out
    }

    /// Appends up to `count` bytes of the file from `offset` (fewer where the file ends:
    /// the last sector of a file cut short).
    private func append(from offset: Int, count: Int, to out: inout [UInt8]) {
        let end = min(offset + count, file.count)
        if offset < end { out.append(contentsOf: file[offset..<end]) }
    }

    /// The sectors of a chain from `start`, following `fat` until END OF CHAIN.
    /// - Throws: `XLSFault` `xls.corrupt` when the chain leaves the table or is longer than `limit` (a cycle).
    private static func chain(from start: UInt32, fat: [UInt32], limit: Int,
                              what: String) throws(XLSFault) -> [UInt32] {
        var out: [UInt32] = []
        var id = start
        while id != endOfChain && id != noStream {
            guard Int(id) < fat.count, id <= maxRegular else { throw .corrupt("\(what)的扇区链指向不存在的扇区 \(id)") }
            guard out.count < limit else { throw .corrupt("\(what)的扇区链有环或过长") }
            out.append(id)
            id = fat[Int(id)]
        }
        return out
    }

    /// The file offset of a regular sector, checked to lie in the file.
    private static func offset(of id: UInt32, sectorSize: Int, sectorCount: Int) throws(XLSFault) -> Int {
        guard id <= maxRegular, Int(id) < sectorCount else { throw .corrupt("扇区 \(id) 超出文件末尾") }
        return (Int(id) + 1) * sectorSize
    }

    /// Little-endian reads that give 0 past the end of the file (the header's own fields
    /// always lie within its 512 bytes; sector contents are checked by `offset`).
    private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        guard i >= 0, i + 2 <= b.count else { return 0 }
        return UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }

    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i >= 0, i + 4 <= b.count else { return 0 }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
