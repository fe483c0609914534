import Foundation
import GRDB
import PartyStore
import TestSupport

/// A small store filled with SQL: two townships, two years, a few members, payments
/// and problems, including input text that looks like a formula and an unmasked ID.
enum ReportFixture {
    static let unmaskedID = "410328199001011234"

    static func store(in folder: URL) throws -> Store {
        let store = try Store(path: folder.appendingPathComponent("fixture.sqlite").path)
        try store.dbQueue.write { db in
            try db.execute(sql: """
            INSERT INTO import_run (id, year, started_at, tool_version) VALUES
              (1, 2024, '2025-01-10T08:00:00Z', 'test'), (2, 2023, '2024-01-10T08:00:00Z', 'test');
            INSERT INTO source_file (id, import_id, year, path, size, sha256, format, encoding, imported, rejected) VALUES
              (1, 1, 2024, 'returns/2024/城关镇.xlsx', 1000, '\(String(repeating: "ab", count: 32))', 'xlsx', NULL, 11, 1),
              (2, 2, 2023, 'returns/2023/城关镇.csv', 800, '\(String(repeating: "cd", count: 32))', 'csv', 'GB18030', 7, 0);
            INSERT INTO sheet (id, file_id, year, name, ordinal, kind, rows_read, imported, rejected, skipped_json, warnings) VALUES
              (1, 1, 2024, '基层党组织', 0, 'branch', 7, 4, 0, '{}', 1),
              (2, 1, 2024, '党员名册', 1, 'roster', 9, 6, 1, '{}', 2),
              (3, 1, 2024, '帮扶台账', 2, 'ledger', 4, 3, 0, '{}', 1),
              (4, 2, 2023, '城关镇', 0, 'roster', 5, 4, 0, '{}', 0),
              (5, 2, 2023, '组织', 1, 'branch', 3, 2, 0, '{}', 0);
            INSERT INTO organisation (year, sheet_id, row, township, category, units_total, units_covered,
                                      committees, general_branches, branches, members_reported, service_centre) VALUES
              (2024, 1, 4, '城关镇', '农村', 10, 9, 1, 1, 9, 4, 1),
              (2024, 1, 5, '城关镇', '社区', 5, 5, 0, 0, 5, NULL, NULL),
              (2024, 1, 6, '桐河乡', '农村', 8, 6, 1, 0, 6, 2, 0),
              (2024, 1, 7, '桐河乡', '=SUM(1,2)', 1, 1, 0, 0, 1, NULL, NULL),
              (2023, 5, 2, '城关镇', '农村', 10, 8, 1, 1, 8, 3, 1),
              (2023, 5, 3, '桐河乡', '农村', 8, 5, 1, 0, 5, 1, 0);
            INSERT INTO member (id, year, sheet_id, row, name, id_number, gender, ethnicity, birth_date, joined_on,
                                status, education, occupation, township, branch_category, is_rural, is_mobile,
                                mobile_destination, lost_contact, hardship, duplicate_of) VALUES
              (1, 2024, 2, 2, '张三', '\(unmaskedID)', '男', '汉族', '1990-01-01', '2015-07-01', '正式党员', '大学本科', '农民', '城关镇', '农村', 1, 1, '广东省深圳市', 0, 0, NULL),
              (2, 2024, 2, 3, '李四', '410328198502022345', '女', '回族', '1985-02-02', '2010-07-01', '正式党员', '高中', '工人', '城关镇', '农村', 1, 0, NULL, 0, 1, NULL),
              (3, 2024, 2, 4, '王五', '410328197003033456', '男', '汉族', '1970-03-03', '1995-07-01', '预备党员', '大学专科', '=HYPERLINK("http://evil.example","点我")', '城关镇', '社区', 0, 1, '=HYPERLINK("http://evil.example","点我")', 1, 0, NULL),
              (4, 2024, 2, 5, '赵六', NULL, '女', NULL, NULL, NULL, NULL, NULL, NULL, '桐河乡', '农村', NULL, 0, NULL, 0, 0, NULL),
              (5, 2024, 2, 6, '钱七', '410328196004044567', '男', '汉族', '1960-04-04', '1980-07-01', '正式党员', '初中及以下', '农民', '桐河乡', '农村', 1, 1, '广东省深圳市', 0, 1, NULL),
              (6, 2024, 2, 7, '张三', '\(unmaskedID)', '男', '汉族', '1990-01-01', '2015-07-01', '正式党员', '大学本科', '农民', '城关镇', '农村', 1, 0, NULL, 0, 0, 1),
              (11, 2023, 4, 2, '张三', '\(unmaskedID)', '男', '汉族', '1990-01-01', '2015-07-01', '正式党员', '大学本科', '农民', '桐河乡', '农村', 1, 0, NULL, 0, 0, NULL),
              (12, 2023, 4, 3, '李四', '410328198502022345', '女', '回族', '1985-02-02', '2010-07-01', '正式党员', '高中', '工人', '城关镇', '农村', 1, 0, NULL, 0, 0, NULL),
              (13, 2023, 4, 4, '孙八', '410328195505055678', '男', '汉族', '1955-05-05', '1975-07-01', '正式党员', '高中', '农民', '城关镇', '农村', 1, 0, NULL, 0, 0, NULL),
              (14, 2023, 4, 5, '周九', NULL, '男', '汉族', NULL, NULL, NULL, NULL, NULL, '城关镇', '农村', NULL, 0, NULL, 0, 0, NULL);
            INSERT INTO disbursement (year, sheet_id, row, recipient, recipient_id, amount_fen, date, township, category, source) VALUES
              (2024, 3, 2, '李四', '410328198502022345', 350000, '2024-03-05', '城关镇', '生活困难', '财政资金'),
              (2024, 3, 3, '钱七', '410328196004044567', 123456, '2024-06-01', '桐河乡', '大病救助', '未注明'),
              (2024, 3, 4, '李四', '410328198502022345', 50, NULL, '城关镇', '生活困难', '部门支持');
            INSERT INTO problem (year, sheet_id, file, sheet, row, column, header, value, code, severity, message) VALUES
              (2024, 2, 'returns/2024/城关镇.xlsx', '党员名册', 8, 'B', '姓名', '', 'row.name_missing', 'reject', '缺少姓名，该行未导入'),
              (2024, 2, 'returns/2024/城关镇.xlsx', '党员名册', 7, 'C', '身份证号', '410328********1234', 'member.duplicate', 'warning', '与第 2 行重复'),
              (2024, 1, 'returns/2024/城关镇.xlsx', '基层党组织', 7, 'B', '单位类别', '=SUM(1,2)', 'category.unknown', 'warning', '未知类别'),
              (2024, 3, 'returns/2024/城关镇.xlsx', '帮扶台账', 4, 'A', '姓名', '=HYPERLINK("http://evil.example","点我")', 'id.checksum', 'warning', '身份证号 \(unmaskedID) 校验位不符'),
              (2024, NULL, 'returns/2024/说明.xlsx', NULL, NULL, NULL, NULL, NULL, 'file.skipped', 'warning', '没有可识别的表');
            """)
        }
        return store
    }
}
