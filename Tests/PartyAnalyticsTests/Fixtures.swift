import Foundation

/// The fixtures of the analytics tests; the expected figures are worked out by hand in
/// the tests that use them.
enum Fixtures {
    // Usable-looking 18-character IDs (analytics never re-validates them).
    static let idA = "410328199412010011"
    static let idB = "410328199301150022"
    static let idC = "410328196306010033"
    static let idD = "410328196401010044"
    static let idE = "410328198912310055"
    static let idF = "410328200503010066"
    static let idG = "41032819800101007X"
    static let idH = "410328198001010088"
    static let idI = "410328198001010099"

    /// Year 2024 only: three townships with branch returns, one without (未知), duplicates,
    /// members without ID, month-precision dates on band edges, a ledger and declared totals.
    static func singleYear() throws -> StoreFixture {
        let f = try StoreFixture()
        try f.organisation(2024, township: "城关镇", category: "农村", units: 20, covered: 18, committees: 1,
                           generalBranches: 2, branches: 20, reported: 5, centres: 1)
        try f.organisation(2024, township: "城关镇", category: "机关", units: 10, covered: 10, committees: 0,
                           generalBranches: 0, branches: 8, reported: 2, centres: nil)
        try f.organisation(2024, township: "桐河乡", category: "农村", units: 15, covered: 12, committees: 1,
                           generalBranches: 1, branches: 14, reported: 2, centres: 0)
        try f.organisation(2024, township: "湖阳镇", category: "社会组织", units: 0, covered: 0, committees: 0,
                           generalBranches: 0, branches: 0, reported: nil, centres: nil)

        let m1 = try f.member(2024, "张三", id: idA, township: "城关镇", gender: "男", ethnicity: "汉族",
                              birth: "1994-12", joined: "2015-07-01", status: "正式党员", education: "大学本科",
                              occupation: "农民", rural: 1, mobile: 0, lost: 0, hardship: 0)
        try f.member(2024, "李四", id: idB, township: "城关镇", gender: "女", ethnicity: "回族",
                     birth: "1993-01-15", joined: "2012-11", status: "预备党员", education: "大学专科",
                     occupation: "农民", branchCategory: "农村", rural: nil, mobile: 1, destination: "广东",
                     lost: 0, hardship: 1)
        try f.member(2024, "王五", id: nil, township: "城关镇", gender: "女", ethnicity: nil, birth: nil,
                     joined: "1949-10", status: nil, education: "高中", occupation: nil, rural: 0, mobile: 1,
                     destination: nil, lost: 1, hardship: 0)
        let m4 = try f.member(2024, "赵六", id: idC, township: "城关镇", gender: "男", ethnicity: "汉族",
                              birth: "1963-06-01", joined: "1949-09-30", status: "正式党员", education: "研究生",
                              occupation: "退休人员", rural: 0, mobile: 0)
        // Same ID as 张三, same township: kept out (its attributes must not count).
        try f.member(2024, "张三", id: idA, township: "城关镇", gender: "女", ethnicity: "苗族", birth: "1950-01-01",
                     status: "预备党员", education: "研究生", rural: 1, mobile: 1, lost: 1, hardship: 1,
                     duplicateOf: m1)
        try f.member(2024, "钱七", id: idD, township: "桐河乡", gender: "女", ethnicity: "汉族", birth: "1964-01",
                     joined: "1978-12-18", status: "正式党员", education: "初中及以下", occupation: "农民", rural: 1,
                     mobile: 1, destination: "浙江", hardship: 1)
        try f.member(2024, "孙八", id: idE, township: "桐河乡", gender: "男", ethnicity: "壮族",
                     birth: "1989-12-31", joined: "1978-12-19", status: "正式党员", education: "中专",
                     occupation: "工人", rural: 0)
        // Same ID as 赵六 of 城关镇: a duplicate across townships.
        try f.member(2024, "赵六", id: idC, township: "桐河乡", gender: "男", duplicateOf: m4)
        try f.member(2024, "周九", id: idF, township: "未知", gender: "男", ethnicity: "汉族", birth: "2025-03",
                     joined: "2012-11-09", status: "正式党员", education: nil, occupation: "")

        try f.disbursement(2024, recipient: "李四", id: idB, fen: 100_000, date: "2024-03-15", township: "城关镇",
                           category: "困难党员帮扶", source: "财政资金")
        try f.disbursement(2024, recipient: "李四", id: idB, fen: 50_050, date: "2024-03", township: "城关镇",
                           category: "困难党员帮扶", source: "本级党费")
        try f.disbursement(2024, recipient: "钱七", id: idD, fen: 200_000, date: "2024-06-01", township: "桐河乡",
                           category: "节日慰问", source: "财政资金")
        try f.disbursement(2024, recipient: "吴十", id: nil, fen: 30_000, date: nil, township: "桐河乡",
                           category: nil, source: "未注明")
        try f.disbursement(2024, recipient: "吴十", id: nil, fen: 30_000, date: "2024-06-20", township: "城关镇",
                           category: "节日慰问", source: "社会捐助")
        try f.disbursement(2024, recipient: "郑十一", id: idG, fen: 80_000, date: "2024-06-05", township: "桐河乡",
                           category: "节日慰问", source: "财政资金", row: 9)
        try f.disbursement(2024, recipient: "郑十一", id: idG, fen: 20_000, date: "2024-07-01", township: "桐河乡",
                           category: "节日慰问", source: "财政资金", row: 10)

        try f.declaredTotal(2024, file: "基层党组织.xlsx", sheet: "Sheet1", row: 10, field: "branches", column: "G",
                            declared: 43, computed: 42)
        try f.declaredTotal(2024, file: "帮扶资金.xlsx", sheet: "Sheet1", row: 12, field: "amount_fen", column: "C",
                            declared: 510_050, computed: 510_050)
        try f.declaredTotal(2024, file: "帮扶资金.xlsx", sheet: "Sheet1", row: 13, field: "amount_fen", column: "C",
                            declared: 520_050, computed: 510_050, label: "总计")
        return f
    }

    /// 2023 and 2024: members join, leave, transfer, lose their ID; one township is
    /// spelled differently in 2024 (湖阳镇 → 湖阳镇党委).
    static func twoYears() throws -> StoreFixture {
        let f = try StoreFixture()
        for (year, hy) in [(2023, "湖阳镇"), (2024, "湖阳镇党委")] {
            try f.organisation(year, township: "城关镇", category: "农村", units: 10, covered: year == 2023 ? 8 : 9,
                               committees: 1, generalBranches: 1, branches: 10, reported: 3, centres: 1)
            try f.organisation(year, township: "桐河乡", category: "农村", units: 6, covered: 6, committees: 1,
                               generalBranches: 0, branches: year == 2023 ? 6 : 7, reported: 4, centres: 0)
            try f.organisation(year, township: hy, category: "社区", units: 0, covered: 0, committees: 0,
                               generalBranches: 0, branches: 1, reported: year == 2023 ? 1 : 2, centres: 1)
        }
        // 2023: A B noID1 in 城关镇; C D E noID2 (+ a duplicate of A) in 桐河乡; F in 湖阳镇.
        let a = try f.member(2023, "甲", id: idA, township: "城关镇", gender: "男", ethnicity: "汉族", birth: "1994-12")
        try f.member(2023, "乙", id: idB, township: "城关镇", gender: "女", ethnicity: "汉族", birth: "1993-01-15")
        try f.member(2023, "无号一", id: nil, township: "城关镇", gender: "女")
        try f.member(2023, "丙", id: idC, township: "桐河乡", gender: "男", birth: "1963-06-01")
        try f.member(2023, "丁", id: idD, township: "桐河乡", gender: "女", rural: 1)
        try f.member(2023, "戊", id: idE, township: "桐河乡", gender: "男", rural: 1)
        try f.member(2023, "无号二", id: nil, township: "桐河乡", gender: "男")
        try f.member(2023, "甲", id: idA, township: "桐河乡", duplicateOf: a)
        try f.member(2023, "己", id: idF, township: "湖阳镇", gender: "女", mobile: 1, destination: "广东")
        // 2024: A stays; B moves to 桐河乡, C to 城关镇; D leaves; E is back without ID;
        // F stays (township spelled 湖阳镇党委); G, H, I join (G also duplicated).
        try f.member(2024, "甲", id: idA, township: "城关镇", gender: "男", ethnicity: "汉族", birth: "1994-12")
        try f.member(2024, "乙", id: idB, township: "桐河乡", gender: "女", ethnicity: "汉族", birth: "1993-01-15")
        try f.member(2024, "丙", id: idC, township: "城关镇", gender: "男", birth: "1963-06-01")
        try f.member(2024, "戊", id: nil, township: "桐河乡", gender: "男", rural: 1)
        try f.member(2024, "己", id: idF, township: "湖阳镇党委", gender: "女", mobile: 1, destination: "广东")
        let g = try f.member(2024, "庚", id: idG, township: "城关镇", gender: "男", ethnicity: "回族")
        try f.member(2024, "辛", id: idH, township: "桐河乡", gender: "女", rural: 1)
        try f.member(2024, "壬", id: idI, township: "湖阳镇党委", gender: "女")
        try f.member(2024, "庚", id: idG, township: "桐河乡", duplicateOf: g)

        try f.disbursement(2023, recipient: "丁", id: idD, fen: 150_000, date: "2023-01-20", township: "桐河乡",
                           category: "困难党员帮扶", source: "财政资金")
        try f.disbursement(2024, recipient: "辛", id: idH, fen: 180_000, date: "2024-01-18", township: "桐河乡",
                           category: "困难党员帮扶", source: "财政资金")
        try f.disbursement(2024, recipient: "甲", id: idA, fen: 20_000, date: "2024-02-01", township: "城关镇",
                           category: "节日慰问", source: "本级党费")
        return f
    }
}
