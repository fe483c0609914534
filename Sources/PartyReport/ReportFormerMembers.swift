import PartyAnalytics

/// The people on the rosters who are no longer members (SPEC §9), listed under the
/// checks of 数据核查: not counted as members, named here so that the statistician can
/// confirm each. Nothing is written when there are none.
enum FormerMembersSection {
    static func write(_ sheet: ReportSheet, _ context: ReportContext, _ entries: [FormerMemberEntry]) throws {
        guard !entries.isEmpty else { return }
        sheet.skip()
        try sheet.caption("已不是党员的人员（\(entries.count) 人，不计入党员数）")
        try sheet.header(["序号", "原因", "姓名", "位置", "身份证号", "乡镇"], filter: false)
        for (index, entry) in entries.enumerated() {
            let place = "\(context.relative(entry.file)) 「\(entry.sheet)」第 \(entry.row) 行"
                + (entry.leftOn.map { "（\($0)）" } ?? "")
            try sheet.body([.count(index + 1), .centered(entry.reason), .text(entry.name), .wrapped(place),
                            .text(entry.maskedID ?? "—"), .text(entry.township)])
        }
    }
}
