/// Turns one data row of a recognised sheet into its record and hands it to the sink:
/// one recipe per record type, named by the kind's descriptor. Kinds that share a
/// record type (every roster layout) share its recipe.
protocol RecordRecipe: Sendable {
    /// Reads the row (problems go to `reader`) and, unless it is rejected, passes the
    /// record to the sheet's sink and running sums.
    /// - Parameter township: the row's township, nil when it has none.
    func emit(_ reader: inout RowReader, township: String?, into sheet: SheetImport) throws
}

/// 党员名册 rows → `MemberRecord`, checked for duplicate IDs before the sink gets them.
struct MemberRecipe: RecordRecipe {
    func emit(_ reader: inout RowReader, township: String?, into sheet: SheetImport) throws {
        if let member = reader.member(township: township ?? "未知") { try sheet.store(member, reader: &reader) }
    }
}

/// 基层党组织情况 rows → `OrganisationRecord`; a row without a township is rejected.
struct OrganisationRecipe: RecordRecipe {
    func emit(_ reader: inout RowReader, township: String?, into sheet: SheetImport) throws {
        guard let township else {
            reader.reject(.township, "row.township_missing", "缺少乡镇名称，该行未导入")
            return
        }
        guard let record = reader.organisation(township: township) else { return }
        try sheet.sink.receive(.organisation(record))
        sheet.accumulate([.unitsTotal: record.unitsTotal, .unitsCovered: record.unitsCovered,
                          .committees: record.committees, .generalBranches: record.generalBranches,
                          .branches: record.branches, .membersReported: record.membersReported,
                          .serviceCentre: record.serviceCentre])
    }
}

/// 帮扶资金发放台账 rows → `DisbursementRecord`.
struct DisbursementRecipe: RecordRecipe {
    func emit(_ reader: inout RowReader, township: String?, into sheet: SheetImport) throws {
        guard let record = reader.disbursement(township: township ?? "未知",
                                               extraSources: sheet.context.mapping.sources) else { return }
        try sheet.sink.receive(.disbursement(record))
        sheet.accumulate([.amount: Int(record.amount.rawValue)])
    }
}
