import Expat
import Foundation

/// A relationship from a `.rels` part.
struct XLSXRelationship {
    var id: String
    var type: String
    var target: String
    var external: Bool
}

/// A `<sheet>` of workbook.xml.
struct XLSXSheetEntry {
    var name: String
    var relationshipID: String
    var state: String
}

/// Collects the relationships of a `.rels` part.
final class XLSXRelsParser: XLSXPartDelegate {
    var relationships: [XLSXRelationship] = []
    var failure: ReadError? { nil }

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        guard name.is("Relationship") else { return }
        relationships.append(XLSXRelationship(
            id: attributes.string("Id") ?? "",
            type: attributes.string("Type") ?? "",
            target: attributes.string("Target") ?? "",
            external: attributes.string("TargetMode") == "External"))
    }
    func endElement(_ name: XMLName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}

    /// Resolves a relationship target against the folder of its source part:
    /// absolute targets (`/xl/worksheets/a.xml`) are package paths, relative ones
    /// (`worksheets/a.xml`, `../x.xml`) are joined and `.`/`..` resolved.
    static func resolve(target: String, sourcePart: String) -> String {
        var t = XLSXArchive.normalise(target)
        var segments: [Substring]
        if t.hasPrefix("/") {
            while t.hasPrefix("/") { t.removeFirst() }
            segments = []
        } else {
            segments = sourcePart.split(separator: "/")
            if !segments.isEmpty { segments.removeLast() }
        }
        for piece in t.split(separator: "/") {
            if piece == "." { continue }
            if piece == ".." { if !segments.isEmpty { segments.removeLast() }; continue }
            segments.append(piece)
        }
        return segments.joined(separator: "/")
    }

    /// The `.rels` part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relsPart(of part: String) -> String {
        var segments = part.split(separator: "/").map(String.init)
        let last = segments.popLast() ?? ""
        segments.append("_rels")
        segments.append(last + ".rels")
        return segments.joined(separator: "/")
    }
}

/// Collects the sheets and the date system of workbook.xml.
///
/// Only the main `<workbookPr>` sets the date system: Excel also writes an
/// `<x15:workbookPr chartTrackingRefBase="1"/>` inside `<extLst>`, after the main
/// one, which must not reset `date1904="1"` (SheetJS's `1904/1904.xlsx`).
final class XLSXWorkbookParser: XLSXPartDelegate {
    var sheets: [XLSXSheetEntry] = []
    var date1904 = false
    var failure: ReadError? { nil }
    /// Depth inside `<extLst>`: extensions in other namespaces reuse element names.
    private var extensionDepth = 0

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("extLst") || extensionDepth > 0 {
            extensionDepth += 1
            return
        }
        if name.is("sheet") {
            sheets.append(XLSXSheetEntry(name: attributes.string("name") ?? "",
                                         relationshipID: attributes.string("id") ?? "",
                                         state: attributes.string("state") ?? "visible"))
        } else if name.is("workbookPr"), let v = attributes.string("date1904")?.lowercased() {
            date1904 = v == "1" || v == "true"
        }
    }
    func endElement(_ name: XMLName) {
        if extensionDepth > 0 { extensionDepth -= 1 }
    }
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

/// Reads styles.xml: for every cell format (`cellXfs/xf`, by index), whether its
/// number format shows a date, a duration or a plain number.
final class XLSXStylesParser: XLSXPartDelegate {
    private var customFormats: [Int: String] = [:]
    private var xfFormatIDs: [Int] = []
    private var inCellXfs = false
    var failure: ReadError? { nil }

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("numFmt") {
            if let id = attributes.string("numFmtId").flatMap({ Int($0) }), let code = attributes.string("formatCode") {
                customFormats[id] = code
            }
        } else if name.is("cellXfs") {
            inCellXfs = true
        } else if inCellXfs && name.is("xf") {
            xfFormatIDs.append(attributes.string("numFmtId").flatMap { Int($0) } ?? 0)
        }
    }
    func endElement(_ name: XMLName) {
        if name.is("cellXfs") { inCellXfs = false }
    }
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}

    /// The kind of every cell format, indexed by the cells' `s` attribute.
    /// A custom format with a built-in's id overrides the built-in.
    var formatKinds: [XLSXDates.FormatKind] {
        xfFormatIDs.map { id in
            if let code = customFormats[id] { return XLSXDates.customKind(code) }
            return XLSXDates.builtinKind(id)
        }
    }
}
