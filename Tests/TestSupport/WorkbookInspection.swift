import Foundation

/// What openpyxl sees in a written workbook, decoded from the JSON of `inspectorScript`.
public struct InspectedWorkbook: Decodable {
    public struct Cell: Decodable {
        public var value: JSONValue
        public var type: String
        public var format: String
        public var font: String?
        public var bold: Bool
        public var size: Double?
        public var fill: String?
        public var border: String?
    }
    public struct Sheet: Decodable {
        public var cells: [String: Cell]
        public var merged: [String]
        public var freeze: String?
        public var autofilter: String?
        public var orientation: String?
        public var paper: Int?
        public var fitToPage: Bool
        public var fitWidth: Int?
        public var fitHeight: Int?
        public var titleRows: String?
        /// The print area (`'Sheet'!$A$1:$E$20`), when one is set.
        public var printArea: String?
        public var footer: String?
        public var header: String?
        public var maxRow: Int
        public var charts: Int
        public var widths: [String: Double]
    }
    public var sheetnames: [String]
    public var sheets: [String: Sheet]
    public var properties: [String: String?]
    /// Every 18-character ID-shaped string found anywhere in the zip's XML parts.
    public var idLike: [String]
    /// Zip member names.
    public var parts: [String]
    /// Chart XML parts: chart types found (`barChart`, `pieChart`, …) and barDir values.
    public var chartKinds: [String]
}

/// A JSON scalar from the inspector.
public enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String)
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else { self = .string(try c.decode(String.self)) }
    }
    public var number: Double? { if case .number(let d) = self { return d }; return nil }
    public var string: String? { if case .string(let s) = self { return s }; return nil }
}

public enum Inspector {
    /// Reads `path` with openpyxl (values as stored: formulas stay formulas) and with
    /// zipfile (raw XML), and prints JSON.
    public static let script = #"""
import sys, json, re, zipfile, openpyxl
path = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
wb = openpyxl.load_workbook(path, data_only=len(sys.argv) > 3 and sys.argv[3] == "values")
out = {"sheetnames": wb.sheetnames, "sheets": {}}
for ws in wb.worksheets:
    cells = {}
    for row in ws.iter_rows(max_row=min(ws.max_row, limit)):
        for c in row:
            if c.value is None and not c.has_style:
                continue
            v = c.value
            if hasattr(v, "isoformat"):
                v = v.isoformat()
            fill = None
            if c.fill is not None and c.fill.fill_type == "solid":
                fill = str(c.fill.fgColor.rgb)
            cells[c.coordinate] = {"value": v, "type": c.data_type, "format": c.number_format,
                "font": c.font.name, "bold": bool(c.font.b), "size": c.font.sz,
                "fill": fill, "border": c.border.left.style}
    ps = ws.page_setup
    widths = {k: v.width for k, v in ws.column_dimensions.items() if v.width}
    out["sheets"][ws.title] = {
        "cells": cells, "merged": [str(r) for r in ws.merged_cells.ranges],
        "freeze": ws.freeze_panes, "autofilter": ws.auto_filter.ref,
        "orientation": ps.orientation, "paper": int(ps.paperSize) if ps.paperSize else None,
        "fitToPage": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
        "fitWidth": None if ps.fitToWidth is None else int(ps.fitToWidth),
        "fitHeight": None if ps.fitToHeight is None else int(ps.fitToHeight),
        "titleRows": ws.print_title_rows, "printArea": (str(ws.print_area) if ws.print_area else None), "footer": ws.oddFooter.center.text,
        "header": ws.oddHeader.center.text, "maxRow": ws.max_row,
        "charts": len(ws._charts), "widths": widths}
p = wb.properties
out["properties"] = {"title": p.title, "subject": p.subject, "creator": p.creator,
    "created": p.created.isoformat() if p.created else None}
z = zipfile.ZipFile(path)
out["parts"] = z.namelist()
ids, kinds = set(), []
company = None
for n in z.namelist():
    data = z.read(n).decode("utf-8", "replace")
    ids.update(re.findall(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])", data))
    if n.startswith("xl/charts/chart"):
        kinds += re.findall(r"<c:(barChart|pieChart|doughnutChart)>", data)
        kinds += ["barDir=" + d for d in re.findall(r'<c:barDir val="(\w+)"', data)]
        kinds += ["series=%d" % len(re.findall(r"<c:ser>", data))]
    if n == "docProps/app.xml":
        m = re.search(r"<Company>(.*?)</Company>", data)
        company = m.group(1) if m else None
out["properties"]["company"] = company
out["idLike"] = sorted(ids)
out["chartKinds"] = kinds
print(json.dumps(out, ensure_ascii=False))
"""#

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// - Parameter cachedValues: read formulas' cached values instead of the formulas.
    public static func inspect(_ path: String, rowLimit: Int = 2000, cachedValues: Bool = false) throws -> InspectedWorkbook {
        let result = try TestSupport.run("/usr/bin/env", ["python3", "-c", script, path, String(rowLimit),
                                                          cachedValues ? "values" : "formulas"])
        guard result.status == 0 else { throw Failure(description: "openpyxl failed: \(result.stderr)") }
        return try JSONDecoder().decode(InspectedWorkbook.self, from: Data(result.stdout.utf8))
    }
}
