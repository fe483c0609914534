import Foundation
import GRDB
import PartyAnalytics
import PartyModel
import PartyStore
import XLSXWriter

/// Writes the leaders' workbook (SPEC §7) for `year` to `output`.
///
/// Sheets, in order: 说明, 主要指标, 组织覆盖, 党员结构, 流动党员, 帮扶资金, 同比分析 (only
/// with `compare`), the official forms 基层组织数量, 建立党组织情况, 党员数量和结构 (`FormSheets`), 数据核查, 导入问题 (continued on 导入问题(2)… past
/// Excel's row limit).
/// Every figure comes from `computeIndicators` / `compare` of PartyAnalytics; the import
/// bookkeeping (sources, problems) is read from the store.
///
/// The file appears atomically: it is assembled in a temporary file next to `output` and
/// renamed into place only when complete; on any failure no file is left and an existing
/// `output` is untouched. The workbook is written in constant-memory mode, so a million
/// import problems stream from SQLite without being held in memory.
///
/// - Parameters:
///   - compare: the earlier year for 同比分析 and last-year columns, or nil.
///   - county: the 填报单位; nil uses the county stored by import, else blank.
/// - Throws: `AnalyticsError` (`year.missing`, …) before anything is written;
///   `XLSXWriterError` when the file cannot be written.
///   - progress: called at each stage and every few thousand 导入问题 rows, for a progress display.
public func writeReport(store: Store, year: Int, compare: Int?, output: String, county: String?,
                        progress: ((ReportProgress) -> Void)? = nil) throws {
    var options = ReportOptions()
    options.progress = progress
    try ReportBuilder(store: store, year: year, compareYear: compare, county: county, options: options)
        .write(to: output)
}

/// How far a report has got, for a progress display.
public struct ReportProgress: Sendable {
    /// What is being done, in Chinese: `计算指标`, `工作表「主要指标」`, `导入问题`, `保存工作簿`.
    public var stage: String
    /// Rows of the 导入问题 sheets written so far, and how many there will be.
    public var problemsWritten: Int
    /// Import problems stored for the year, all of them.
    public var problemsTotal: Int
}

/// Knobs for tests; the defaults are what `writeReport` uses.
struct ReportOptions {
    /// Problems per 导入问题 sheet: Excel's 1,048,576 rows less the two title lines and the header.
    var problemRowsPerSheet = CellReference.maxRow + 1 - 3
    /// The generation time shown on 说明 and stored in the properties.
    var generatedAt = Date()
    /// How many mobile-member destinations 流动党员 lists.
    var destinationLimit = 15
    /// Progress callback (`writeReport`'s `progress`).
    var progress: ((ReportProgress) -> Void)?

    func report(_ stage: String, written: Int = 0, total: Int = 0) {
        progress?(ReportProgress(stage: stage, problemsWritten: written, problemsTotal: total))
    }
}

/// Everything the sheets share.
struct ReportContext {
    let year: Int
    let compareYear: Int?
    let county: String
    let generatedAt: Date
    let styles = ReportStyles()
    let indicators: Indicators
    let comparison: YearComparison?
    /// The store's level: its units are townships, counties or cities (issue 19).
    var level = ReportingLevel.county
    /// The group label of per-unit rows: 按乡镇, 按县（市、区）, 按市.
    var unitGroup: String { "按" + level.unitWord }
    /// The folder all source files share (`…/datasets/2024/`), or empty.
    var sourceFolder = ""

    /// `path` relative to `sourceFolder`, so that tables show file names, not long paths.
    func relative(_ path: String) -> String {
        guard !sourceFolder.isEmpty, path.hasPrefix(sourceFolder) else { return path }
        return String(path.dropFirst(sourceFolder.count))
    }

    /// The longest folder prefix (ending in `/`) shared by all `paths`.
    static func commonFolder(_ paths: [String]) -> String {
        guard var prefix = paths.first.map({ String($0[...($0.lastIndex(of: "/") ?? $0.startIndex)]) }),
              prefix.hasSuffix("/") else { return "" }
        for path in paths.dropFirst() {
            while !prefix.isEmpty && !path.hasPrefix(prefix) {
                prefix.removeLast()
                prefix = String(prefix[...(prefix.lastIndex(of: "/") ?? prefix.startIndex)])
                if !prefix.hasSuffix("/") { prefix = "" }
            }
        }
        return prefix
    }

    /// `填报单位：唐河县 / 统计时点：2024年12月31日`.
    var unitLine: String { "填报单位：\(county) / 统计时点：\(year)年12月31日" }

    /// `2024-12-31 08:30` in local time.
    var generatedText: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: generatedAt)
    }
}

/// Assembles the workbook sheet by sheet.
struct ReportBuilder {
    let store: Store
    let year: Int
    let compareYear: Int?
    let county: String?
    let options: ReportOptions

    func write(to output: String) throws {
        options.report("计算指标")
        let indicators = try computeIndicators(store: store, year: year)
        let comparison = try compareYear.map { try PartyAnalytics.compare(store: store, from: $0, to: year) }
        let stored = try store.dbQueue.read { db in try ReportQueries.storedCounty(db) }
        var context = ReportContext(year: year, compareYear: compareYear,
                                    county: county ?? stored ?? "", generatedAt: options.generatedAt,
                                    indicators: indicators, comparison: comparison)
        context.level = try store.level()
        context.sourceFolder = try store.dbQueue.read { db in
            ReportContext.commonFolder(try String.fetchAll(db, sql: "SELECT path FROM source_file WHERE year = ?",
                                                           arguments: [year]))
        }
        let folder = (output as NSString).deletingLastPathComponent
        let book: Workbook
        do {
            book = try Workbook(path: output, options: .init(constantMemory: true,
                                                             temporaryDirectory: folder.isEmpty ? "." : folder))
        } catch let error as XLSXWriterError {
            throw ReportError(error, output: output)
        }
        do {
            try fill(book, context)
            options.report("保存工作簿")
            try book.close()
        } catch let error as XLSXWriterError {
            do { try book.discard() } catch let cleanup {
                throw ReportError(code: .reportCleanup, message: "\(error)；清理临时文件时又失败：\(cleanup)")
            }
            throw ReportError(error, output: output)
        } catch {
            // Remove the temporary file now rather than at deinit, and keep the first error.
            do { try book.discard() } catch let cleanup {
                throw ReportError(code: .reportCleanup, message: "\(error)；清理临时文件时又失败：\(cleanup)")
            }
            throw error
        }
    }

    private func fill(_ book: Workbook, _ context: ReportContext) throws {
        let title = context.county.isEmpty ? "\(year)年党内统计报告" : "\(context.county)\(year)年党内统计报告"
        try book.setProperties(.init(title: title, subject: "党内统计 \(year)年（统计时点 \(year)年12月31日）",
                                     author: "组织部 partystats",
                                     company: context.county.isEmpty ? nil : "\(context.county)委组织部",
                                     category: "党内统计", keywords: "党内统计,党员,基层党组织",
                                     created: Int(context.generatedAt.timeIntervalSince1970)))
        let (sources, problemCounts, problemCodes) = try store.dbQueue.read { db in
            (try ReportQueries.sources(db, year: year), try ReportQueries.problemCounts(db, year: year),
             try ReportQueries.problemCodes(db, year: year))
        }
        let problemTotal = problemCounts.values.reduce(0, +)
        let problemSheets = ProblemSheets.names(count: problemTotal, perSheet: options.problemRowsPerSheet)

        options.report("工作表「说明」")
        try ReadmeSheet.write(book, context, sources: sources, problemCounts: problemCounts,
                              problemSheets: problemSheets)
        options.report("工作表「主要指标」")
        try HeadlineSheet.write(book, context)
        options.report("工作表「组织覆盖」")
        try CoverageSheet.write(book, context)
        options.report("工作表「党员结构」")
        try StructureSheet.write(book, context)
        if !context.level.isRollUp {
            // Above the county no form carries mobile members: the sheet would show only zeros.
            options.report("工作表「流动党员」")
            try MobileSheet.write(book, context, destinationLimit: options.destinationLimit)
        }
        options.report("工作表「帮扶资金」")
        try FundingSheet.write(book, context)
        if context.comparison != nil {
            options.report("工作表「同比分析」")
            try ComparisonSheet.write(book, context)
        }
        options.report("年报表")
        try FormSheets.write(book, context)
        options.report("工作表「数据核查」")
        try ChecksSheet.write(book, context, problemCodes: problemCodes,
                              formerMembers: try Analytics(store: store).formerMemberList(year: year))
        options.report("导入问题", total: problemTotal)
        try ProblemSheets.write(book, context, store: store, total: problemTotal, names: problemSheets,
                                perSheet: options.problemRowsPerSheet, options: options)
    }
}

/// A report failure that is not the writer's or the analytics' (`report.cleanup`,
/// `report.problems_changed`, or a writer failure with its code), printed as one line.
public typealias ReportError = CodedError

extension CodedError {
    /// A writer failure in Chinese, keeping its stable code (`xlsx.destination`, …).
    init(_ error: XLSXWriterError, output: String) {
        let code = ProblemCode(rawValue: error.code.rawValue) ?? .xlsxLibrary
        self.init(code: code, message: "无法写入工作簿 \(output)：\(code.entry.name)，\(code.entry.explanation)"
                    + "（libxlsxwriter：\(error.what)：\(error.message)）")
    }
}
