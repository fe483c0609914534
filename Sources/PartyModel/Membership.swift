/// Why a person listed on a roster is no longer a member (SPEC §9): the national
/// member-management system keeps such people in its exports with a 减少原因 (reason of
/// decrease) or a 党籍状态 other than 正常.
public enum FormerMembership: Sendable {
    /// The canonical reasons, in display order; a reason written otherwise is kept as written.
    public static let reasons = ["出党", "停止党籍", "死亡", "转出", "其他"]

    /// The canonical reason a cell of a reason or status column gives, or nil when the
    /// text says the person is (still) a member or is not a reason at all.
    ///
    /// 出党: 出党, 开除党籍, 开除, 退党, 除名, 劝退, 自行脱党, 不予承认, 取消预备党员资格;
    /// 停止党籍: 停止党籍, 停止党籍(失联) …; 死亡: 死亡, 去世, 病故, 逝世, 亡故;
    /// 转出: 转出, 组织关系转出, 党组织关系转出, 转出本县, 转往外地. Matching is after
    /// ``TextNormaliser/compact(_:)``; a text that starts with one of these words counts
    /// (`死亡（2024年3月）`).
    public static func reason(_ s: String) -> String? {
        let key = TextNormaliser.compact(s)
        guard !key.isEmpty else { return nil }
        if let hit = table[key] { return hit }
        // 已死亡, 已出党, 已转出: the same words marked as done.
        if key.hasPrefix("已"), let hit = table[String(key.dropFirst())] { return hit }
        for (word, reason) in prefixes where key.hasPrefix(word) { return reason }
        return nil
    }

    /// True for a status cell that says the person is a member in good standing
    /// without saying full or probationary (`正常`, `在册`): not a reason, not a status.
    public static func isCurrent(_ s: String) -> Bool {
        current.contains(TextNormaliser.compact(s))
    }

    private static let current: Set<String> = ["正常", "在册", "正常党员", "党籍正常"]

    private static let groups: [String: [String]] = [
        "出党": ["出党", "开除党籍", "开除", "退党", "除名", "劝退", "自行脱党", "不予承认", "取消预备党员资格", "党员出党"],
        "停止党籍": ["停止党籍", "停党籍"],
        "死亡": ["死亡", "去世", "病故", "逝世", "亡故", "已故", "已死亡", "已去世"],
        "转出": ["转出", "组织关系转出", "党组织关系转出", "转出本县", "转往外地", "已转出", "关系转出"],
    ]

    private static let table: [String: String] = {
        var map: [String: String] = [:]
        for (reason, words) in groups { for word in words { map[word] = reason } }
        return map
    }()

    /// Longest first, so 停止党籍 is not read as 停止 and 开除党籍 before 开除.
    private static let prefixes: [(String, String)] = table.sorted { $0.key.count > $1.key.count }.map { ($0.key,
        $0.value) }
}
