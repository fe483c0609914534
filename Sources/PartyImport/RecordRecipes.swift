/// Turns one data row of a recognised sheet into its record and hands it to the sink:
/// one recipe per record type, named by the kind's descriptor. Kinds that share a
/// record type (every roster layout) share its recipe.
protocol RecordRecipe: Sendable {
    /// Reads the row (problems go to `reader`) and, unless it is rejected, passes the
    /// record to the sheet's sink and running sums.
    /// - Parameter township: the row's township, nil when it has none.
    /// - Returns: `.record` when the row became a record (or was rejected), `.skipped(reason)`
    ///   when it is accounted for as a skipped row (a former member: `former`).
    func emit(_ reader: inout RowReader, township: String?, into sheet: SheetImport) throws -> RowDisposition
}

/// What a recipe made of a data row.
enum RowDisposition {
    /// A record was handed on, or the row was rejected (its problems say which).
    case record
    /// The row is no record of this kind and is skipped for the reason given.
    case skipped(String)
}

/// 党员名册 rows → `MemberRecord`, checked for duplicate IDs before the sink gets them.
struct MemberRecipe: RecordRecipe {
    func emit(_ reader: inout RowReader, township: String?, into sheet: SheetImport) throws -> RowDisposition {
        // People no longer members (减少原因, 出党 …) are counted apart, not as members (SPEC §9).
        if let former = reader.formerMember(township: township ?? "未知") {
            try sheet.sink.receive(.formerMember(former))
            return .skipped("former")
        }
        if let member = reader.member(township: township ?? "未知") { try sheet.store(member, reader: &reader) }
        return .record
    }
}

/// 基层党组织情况 rows → `OrganisationRecord`; a row without a township is rejected.
struct OrganisationRecipe: RecordRecipe {
    func emit(_ reader: inout RowReader, township: String?, into sheet: SheetImport) throws -> RowDisposition {
        guard let township else {
            reader.reject(.township, .rowTownshipMissing, "缺少乡镇名称，该行未导入")
            return .record
        }
        guard let record = reader.organisation(township: township) else { return .record }
        try sheet.sink.receive(.organisation(record))
        sheet.accumulate([.unitsTotal: record.unitsTotal, .unitsCovered: record.unitsCovered,
                          .committees: record.committees, .generalBranches: record.generalBranches,
                          .branches: record.branches, .membersReported: record.membersReported,
                          .serviceCentre: record.serviceCentre])
        return .record
    }
}

/// 帮扶资金发放台账 rows → `DisbursementRecord`.
struct DisbursementRecipe: RecordRecipe {
    func emit(_ reader: inout RowReader, township: String?, into sheet: SheetImport) throws -> RowDisposition {
        guard let record = reader.disbursement(township: township ?? "未知",
                                               extraSources: sheet.context.mapping.sources) else { return .record }
        try sheet.sink.receive(.disbursement(record))
        sheet.accumulate([.amount: Int(record.amount.rawValue)])
        return .record
    }
}
