import PartyModel
import SheetReader

/// Turns data rows into records, one kind of table each (SPEC §2–§3).
extension RowReader {
    /// A roster row; nil (rejected) without a name.
    mutating func member(township: String) -> MemberRecord? {
        checkErrorCells()
        guard let rawName = compactText(.name), !rawName.isEmpty else {
            reject(.name, .rowNameMissing, "缺少姓名，该行不能作为党员记录导入")
            return nil
        }
        let id = idNumber(.idNumber)
        var gender: Gender?
        switch read(.gender, Gender.parse) {
        case .parsed(let written): gender = written
        case .unreadable: warn(.gender, .genderInvalid, "无法识别的性别，按未填写处理")
        case .blank: break
        }
        var birth = date(.birthDate)
        if let id {
            if let g = gender, g != id.gender {
                warn(.gender, .idGenderMismatch, "性别与身份证号不一致（身份证号显示为\(id.gender.rawValue)），以填写的性别为准")
            }
            if gender == nil { gender = id.gender }
            if let b = birth {
                let matches: Bool
                switch b {
                case .day(let d): matches = d == id.birthDate
                case .month(let m): matches = m.year == id.birthDate.year && m.month == id.birthDate.month
                }
                if !matches {
                    warn(.birthDate, .idBirthMismatch, "出生日期与身份证号不一致（身份证号显示为 \(id.birthDate.iso)），以填写的出生日期为准")
                }
            } else {
                birth = .day(id.birthDate)
            }
        }
        let joined = date(.joinedOn), confirmed = date(.confirmedOn)
        checkPlausible(birth: birth, joined: joined, confirmed: confirmed)
        var ethnicity: String?
        switch read(.ethnicity, Ethnicity.canonical) {
        case .parsed(let name): ethnicity = name
        case .unreadable(let s):
            warn(.ethnicity, .ethnicityUnknown, "无法识别的民族，按原文保留")
            ethnicity = TextNormaliser.compact(s)
        case .blank: break
        }
        var education: Education?
        switch read(.education, Education.parse) {
        case .parsed(let band): education = band
        case .unreadable: warn(.education, .educationUnknown, "无法识别的学历，按未填写处理")
        case .blank: break
        }
        var status: MemberStatus?
        switch read(.status, MemberStatus.parse) {
        case .parsed(let written): status = written
        case .unreadable(let s) where !FormerMembership.isCurrent(s):
            warn(.status, .statusUnknown, "无法识别的党员类别（应为正式党员或预备党员），按未填写处理")
        case .unreadable, .blank: break
        }
        var branchCategory: String?
        if let s = text(.branchCategory) {
            branchCategory = OrgCategory.canonical(s, extra: extraCategories) ?? {
                warn(.branchCategory, .categoryUnknown, "未知的党组织类别，按原文保留")
                return TextNormaliser.compact(s)
            }()
        }
        // The closures below capture the sheet, not this reader (which they would copy).
        let sheet = shared
        return MemberRecord(
            row: row.number, name: rawName, idNumber: id, gender: gender, ethnicity: ethnicity,
            birthDate: birth, joinedOn: joined, confirmedOn: confirmed, status: status,
            education: education, occupation: occupation(),
            township: township, branch: withText(.branch) { sheet.branches.text($0, compact: true) },
            branchCategory: branchCategory, isRural: flag(.isRural), isMobile: flag(.isMobile),
            mobileDestination: withText(.mobileDestination) { sheet.destinations.text($0, compact: false) },
            lostContact: flag(.lostContact), hardship: flag(.hardship), phone: compactText(.phone))
    }

    /// The founding of the Party: no one joined before it.
    static let founding = Day(year: 1921, month: 7, day: 1)!

    /// Warns (`date.implausible`, naming the cell) about dates that cannot all be right
    /// (SPEC §3): joined before 1921-07-01 or before the 18th birthday, 转正 before 入党,
    /// born after the report year or before 1900. Month-precision dates are given the
    /// benefit of the doubt (the latest day they can be against the earliest).
    mutating func checkPlausible(birth: PartyDate?, joined: PartyDate?, confirmed: PartyDate?) {
        if let birth {
            if birth.year > shared.reportYear {
                warn(.birthDate, .dateImplausible, "出生日期晚于报告年度 \(shared.reportYear) 年，请核对")
            } else if birth.year < 1900 {
                warn(.birthDate, .dateImplausible, "出生日期早于 1900 年，请核对")
            }
        }
        if let joined {
            if joined.latestDay < RowReader.founding {
                warn(.joinedOn, .dateImplausible, "入党时间早于 1921 年 7 月 1 日建党，请核对")
            } else if let birth, birth.year >= 1900, DateParser.age(birth: birth, at: joined.latestDay) < 18 {
                warn(.joinedOn, .dateImplausible, "入党时未满 18 周岁（出生日期 \(birth.iso)），请核对")
            }
            if let confirmed, confirmed.latestDay < joined.earliestDay {
                warn(.confirmedOn, .dateImplausible, "转正时间早于入党时间（\(joined.iso)），请核对")
            }
        }
    }

    /// The 工作岗位 of a roster row: a plain name through the sheet's intern table, a
    /// coded one (`11 农牧渔业生产人员`, `11`) through ``Occupation/name(_:)``.
    private func occupation() -> String? {
        let sheet = shared
        return withText(.occupation) { Occupation.name($0, names: &sheet.occupations) }
    }

    /// The roster row of a person who is no longer a member (SPEC §9), or nil for a member
    /// (and for a row without a name, which ``member(township:)`` rejects). A filled
    /// 减少原因 column, a date in a 出党/死亡/转出/减少 date column, or a 党籍状态 such as
    /// 出党 or 停止党籍 (in the status or the membership column) makes the row a former
    /// member's; the warning `member.former`
    /// names the row and the reason.
    mutating func formerMember(township: String) -> FormerMemberRecord? {
        guard layout.column(.leftReason) != nil || layout.column(.leftOn) != nil || layout.column(.status) != nil else {
            return nil
        }
        var reason: String?
        var field = Field.leftReason
        if let written = text(.leftReason) {
            reason = FormerMembership.reason(written) ?? TextNormaliser.compact(written)
        }
        var leftOn: PartyDate?
        if layout.column(.leftOn) != nil, !isBlankCell(.leftOn) {
            leftOn = date(.leftOn)
            if reason == nil {
                field = .leftOn
                reason = layout.binding(.leftOn).flatMap { FormerMembership.reason(headerReason($0.header)) } ?? "其他"
            }
        }
        for statusField in [Field.status, .membership] where reason == nil {
            if case .unreadable(let written) = read(statusField, MemberStatus.parse),
               let fromStatus = FormerMembership.reason(written) {
                field = statusField
                reason = fromStatus
            }
        }
        guard let reason, let name = compactText(.name), !name.isEmpty else { return nil }
        warn(field, .memberFormer, "已不是党员（\(reason)），不计入党员数，另行列出")
        return FormerMemberRecord(row: row.number, name: name, idNumber: idNumber(.idNumber), township: township,
                                  branch: compactText(.branch), reason: reason, leftOn: leftOn)
    }

    /// True when the field's cell is blank or an empty marker.
    private func isBlankCell(_ field: Field) -> Bool {
        switch cell(field) {
        case .empty, .error: return true
        case .text: return text(field) == nil
        default: return false
        }
    }

    /// The reason word in a date column's header: `死亡日期` → `死亡`, `出党时间` → `出党`.
    private func headerReason(_ header: String) -> String {
        let key = TextNormaliser.header(header.split(separator: "/").last.map(String.init) ?? header).key
        for word in ["出党", "死亡", "转出", "停止党籍"] where key.contains(word) { return word }
        return key
    }

    /// A branch-return row; nil (rejected) when a count cannot be read.
    mutating func organisation(township: String) -> OrganisationRecord? {
        checkErrorCells()
        var category: String?
        if let s = text(.category) {
            category = OrgCategory.canonical(s, extra: extraCategories) ?? {
                warn(.category, .categoryUnknown, "未知的单位类别，按原文保留")
                return TextNormaliser.compact(s)
            }()
        }
        let unitsTotal = count(.unitsTotal)
        var unitsCovered = count(.unitsCovered)
        let single = count(.unitsCoveredSingle), joint = count(.unitsCoveredJoint)
        if unitsCovered == nil && (single != nil || joint != nil) {
            unitsCovered = (single ?? 0) + (joint ?? 0)
        }
        let record = OrganisationRecord(
            row: row.number, township: township, category: category, unitsTotal: unitsTotal,
            unitsCovered: unitsCovered, committees: count(.committees), generalBranches: count(.generalBranches),
            branches: count(.branches), membersReported: count(.membersReported), serviceCentre: count(.serviceCentre))
        if rejected { return nil }
        if let total = record.unitsTotal, let covered = record.unitsCovered, covered > total {
            warn(.unitsCovered, .coverageExceedsUnits, "已建立党组织单位数（\(covered)）大于单位总数（\(total)）")
        }
        return record
    }

    /// A ledger row; nil (rejected) without recipient or with an unreadable amount.
    mutating func disbursement(township: String, extraSources: [String: String]) -> DisbursementRecord? {
        checkErrorCells()
        let recipient = text(.recipient).map(TextNormaliser.compact)
        let recipientID = idNumber(.recipientID)
        if recipient == nil && recipientID == nil {
            reject(.recipient, .rowRecipientMissing, "缺少帮扶对象姓名和身份证号，该行未导入")
        }
        let unit: MoneyUnit = (layout.binding(.amount)?.unit == "万元") ? .wan : .yuan
        var amount: Fen?
        let amountCell = cell(.amount)
        let parsed: Result<Fen, ValueError>?
        switch amountCell {
        case .number(let d): parsed = Fen.parse(number: d, unit: unit)
        case .empty, .error: parsed = nil
        default: parsed = text(.amount).map { Fen.parse($0, unit: unit) }
        }
        switch parsed {
        case nil:
            reject(.amount, .amountMissing, "缺少金额，该行未导入")
        case .success(let fen) where fen.rawValue > PlausibleLimit.paymentFen:
            reject(.amount, .amountImplausible,
                   "金额超出合理范围（每笔不超过 \(Fen(rawValue: PlausibleLimit.paymentFen).yuanString) 元），该行未导入")
        case .success(let fen):
            amount = fen
        case .failure(let e):
            let why: String
            switch e {
            case .tooPrecise: why = "精度超过 1 分"
            case .negative: why = "为负数"
            default: why = "无法识别"
            }
            reject(.amount, .amountInvalid, "金额\(why)，该行未导入")
        }
        guard !rejected, let amount else { return nil }
        var source = FundingSource.canonical("")!
        if let s = text(.source) {
            source = FundingSource.canonical(s, extra: extraSources) ?? {
                warn(.source, .sourceUnknown, "未知的资金来源，按原文保留（可在映射文件 sources 中归类）")
                return TextNormaliser.compact(s)
            }()
        }
        return DisbursementRecord(
            row: row.number, recipient: recipient, recipientID: recipientID, amount: amount,
            date: date(.date), township: township, category: text(.category).map(TextNormaliser.compact),
            source: source)
    }
}
