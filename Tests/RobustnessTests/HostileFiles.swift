import Foundation
import TestSupport

/// Builds hostile files at test time (nothing large is committed). XLSX archives
/// are assembled by Python's `zipfile`/`zlib`, which lets a test shape names,
/// declared sizes and deflate streams freely.
enum HostileFiles {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// The worksheet part wrapping `rows`.
    static func sheet(_ rows: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(main)\"><sheetData>\(rows)</sheetData></worksheet>"
    }

    private static let script = #"""
        import sys, zipfile, struct, zlib
        NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        REL = "http://schemas.openxmlformats.org/package/2006/relationships"
        ODR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        PARTS = [
          ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
          ("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL}"><Relationship Id="rId1" Type="{ODR}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
          ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{ODR}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
          ("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL}"><Relationship Id="rId1" Type="{ODR}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        ]
        cmd, path = sys.argv[1], sys.argv[2]
        if cmd in ("workbook", "stored"):
            # workbook|stored PATH SHEETFILE [NAME=FILE ...]: deflated or stored (so
            # repetitive XML reaches the parser instead of tripping the ratio limit),
            # names kept verbatim.
            method = zipfile.ZIP_STORED if cmd == "stored" else zipfile.ZIP_DEFLATED
            with zipfile.ZipFile(path, "w", method) as z:
                for n, t in PARTS: z.writestr(n, t)
                z.writestr(zipfile.ZipInfo("xl/worksheets/sheet1.xml"), open(sys.argv[3], "rb").read(), method)
                for e in sys.argv[4:]:
                    n, f = e.split("=", 1)
                    z.writestr(zipfile.ZipInfo(n), open(f, "rb").read(), method)
        elif cmd == "bomb":
            # bomb PATH BYTES LIE: the sheet inflates to BYTES (whitespace between
            # elements, valid XML); full flushes make each 1 MiB block compress to the
            # same bytes, so a gigabyte stream is built in milliseconds. With LIE the
            # headers claim 1,000 bytes. The CRC is not computed: a reader must refuse
            # before it gets to check it.
            size, lie = int(sys.argv[3]), sys.argv[4] == "1"
            head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>'.encode()
            tail = b"</sheetData></worksheet>"
            block = b" " * (1 << 20)
            n = (size - len(head) - len(tail)) // len(block)
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
            mid = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
            assert mid == c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
            data = first + mid * n + c.compress(tail) + c.flush()
            usize = 1000 if lie else len(head) + len(tail) + n * len(block)
            out, central = bytearray(), bytearray()
            entries = [(name, text.encode(), 0, zlib.crc32(text.encode()), len(text.encode())) for name, text in PARTS]
            entries.append(("xl/worksheets/sheet1.xml", data, 8, 0, usize))
            for name, payload, method, crc, us in entries:
                nb = name.encode()
                offset = len(out)
                out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(payload), us, len(nb), 0) + nb + payload
                central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(payload), us, len(nb), 0, 0, 0, 0, 0, offset) + nb
            out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
            open(path, "wb").write(out)
        """#

    private static func python(_ arguments: [String]) throws {
        let r = try TestSupport.run("/usr/bin/env", ["python3", "-c", script] + arguments)
        guard r.status == 0 else {
            throw NSError(domain: "HostileFiles", code: 1, userInfo: [NSLocalizedDescriptionKey: "python3: \(r.stderr)"])
        }
    }

    /// A workbook whose sheet part is `sheetXML`, plus `extra` parts (name → bytes);
    /// parts are deflated, or stored when `stored`.
    @discardableResult
    static func workbook(_ path: URL, sheetXML: some DataProtocol, extra: [(String, [UInt8])] = [], stored: Bool = false) throws -> URL {
        let dir = path.deletingLastPathComponent()
        let sheetFile = dir.appendingPathComponent(".\(path.lastPathComponent).sheet")
        try Data(sheetXML).write(to: sheetFile)
        var args = [stored ? "stored" : "workbook", path.path, sheetFile.path]
        for (i, (name, bytes)) in extra.enumerated() {
            let f = dir.appendingPathComponent(".\(path.lastPathComponent).extra\(i)")
            try Data(bytes).write(to: f)
            args.append("\(name)=\(f.path)")
        }
        try python(args)
        return path
    }

    /// A workbook whose sheet inflates to `bytes` of whitespace-padded XML.
    static func deflateBomb(_ path: URL, bytes: Int64, lie: Bool) throws -> URL {
        try python(["bomb", path.path, String(bytes), lie ? "1" : "0"])
        return path
    }

    /// Deterministic pseudo-random bytes (xorshift), for "binary garbage".
    static func garbage(count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var x = seed
        return (0..<count).map { _ in
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            return UInt8(truncatingIfNeeded: x)
        }
    }

    /// The start of an OLE compound file whose directory names an `EncryptedPackage`
    /// stream: what Excel writes for a password-protected .xlsx.
    static func encryptedOLE() -> [UInt8] {
        var bytes: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        bytes += "EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        bytes += "EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        bytes += [UInt8](repeating: 0, count: 1024)
        return bytes
    }
}
