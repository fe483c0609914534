"""Assistance ledgers as townships keep them: 慰问 / 补助 / 帮扶 / 救助, the recipient told apart
from the helper, the recipient's village in 单位, the township only in the title."""

import datetime as dt
import os
from collections import Counter, OrderedDict

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Font

from common import (XLS_CELL, XLS_HEAD, XLS_NOTE, XLS_TITLE, YEAR, save_xlsx, write_gbk_csv, xl_date,
                    xl_text, xl_title, xls_cell)


def money(fen):
    return f"{fen // 100}.{fen % 100:02d}"


def figures(township, payments, sources=True):
    """payments: list of (amount in fen, category, source or None)."""
    total = sum(p[0] for p in payments)
    out = OrderedDict([("funding.total", money(total)), ("funding.records", len(payments)),
                       ("funding.recipients", len(payments))])
    for cat, amount in sorted(_sum_by(payments, 1).items()):
        out[f"funding.by_category.{cat}"] = money(amount)
    if sources:
        for src, amount in sorted(_sum_by(payments, 2).items()):
            out[f"funding.by_source.{src}"] = money(amount)
    out[f"funding.by_township.{township}"] = money(total)
    return out


def _sum_by(payments, k):
    acc = Counter()
    for p in payments:
        acc[p[k] or "未注明"] += p[0]
    return acc


def condolence(out, pp, rng):
    """七一 走访慰问 发放表: 单位 = the recipient's village; 慰问金额（元）; a 合计 row; signatures."""
    name = "10-白沙镇-七一走访慰问老党员和生活困难党员慰问金发放表.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "慰问金发放表"
    heads = ["序号", "单位", "姓名", "性别", "年龄", "党龄", "慰问类别", "慰问金额（元）", "领取人签字", "备注"]
    xl_title(ws, 1, "白沙镇2024年“七一”走访慰问老党员、生活困难党员慰问金发放表", len(heads))
    ws["A2"] = "填报单位：中共白沙镇委员会（盖章）"
    ws["G2"] = "发放时间：2024年6月28日"
    for c, h in enumerate(heads, start=1):
        ws.cell(row=3, column=c, value=h).font = Font(bold=True)
    kinds = [("老党员", 50000), ("生活困难党员", 80000), ("因病致困党员", 100000)]
    payments = []
    for i in range(38):
        kind, fen = kinds[0] if i < 20 else kinds[1] if i < 32 else kinds[2]
        p = pp.member(age=rng.randint(72, 92) if i < 20 else None)
        r = 4 + i
        row = [i + 1, rng.choice(["白沙村", "石桥村", "柳林村", "河口村", "新立村"]), p["name"],
               "女" if p["female"] else "男", YEAR - p["birth"].year, YEAR - p["joined"].year, kind, fen // 100, None,
               "本人因病住院，家属代领" if i == 35 else None]
        for c, v in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=v)
        payments.append((fen, kind, None))
    r = 4 + 38
    ws.cell(row=r, column=1, value="合计")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
    ws.cell(row=r, column=8, value=sum(p[0] for p in payments) // 100)
    ws.cell(row=r + 1, column=1, value="经办人：                审核人：                党委书记：")
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=len(heads))
    for col, w in zip("ABCDEFGHIJ", (5, 10, 9, 5, 5, 5, 14, 14, 12, 22)):
        ws.column_dimensions[col].width = w
    save_xlsx(wb, os.path.join(out, name))
    return name, {"慰问金发放表": "ledger"}, figures("白沙镇", payments)


def subsidy(out, pp, rng):
    """生活困难党员补助资金发放台账 (.xls): 村（社区）, 补助类型, 补助金额 with the unit on row 2,
    补助机构 as the funding source, real dates."""
    name = "11-青石乡-生活困难党员补助资金发放台账.xls"
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("补助台账")
    heads = ["序号", "村（社区）", "姓名", "公民身份号码", "补助类型", "补助金额", "补助机构", "发放日期", "备注"]
    ws.write_merge(0, 0, 0, len(heads) - 1, "青石乡2024年度生活困难党员补助资金发放台账", XLS_TITLE)
    ws.write(1, 0, "填报单位：中共青石乡委员会")
    ws.write(1, len(heads) - 1, "单位：元")
    for c, h in enumerate(heads):
        ws.write(2, c, h, XLS_HEAD)
    types = [("生活困难补助", 100000), ("因病补助", 150000), ("因灾补助", 120000), ("助学补助", 80000)]
    sources = ["县委组织部", "青石乡党委", "县民政局"]
    payments = []
    for i in range(33):
        kind, fen = types[i % 4]
        fen += 50 * 100 if i % 5 == 0 else 0
        src = sources[i % 3]
        p = pp.member()
        when = dt.date(YEAR, 1 + i % 12, 10 + i % 15)
        row = [i + 1, rng.choice(["青石村", "石门村", "北沟村", "青石社区"]), p["name"], p["id"], kind, fen / 100,
               src, when, None]
        for c, v in enumerate(row):
            xls_cell(ws, 3 + i, c, v)
        payments.append((fen, kind, src))
    ws.write_merge(3 + 33, 3 + 33, 0, len(heads) - 1, "注：补助金额单位为元；补助对象经村党组织推荐、乡党委审核并公示。",
                   XLS_NOTE)
    for c, w in enumerate((5, 10, 9, 20, 12, 10, 12, 11, 10)):
        ws.col(c).width = w * 256
    wb.save(os.path.join(out, name))
    return name, {"补助台账": "ledger"}, figures("青石乡", payments)


def pairing_help(out, pp, rng):
    """结对帮扶资金发放台账: two header rows (被帮扶人 | 帮扶人 groups): the recipient, and the
    helper with his own 单位 and 职务; 帮扶金额（元） as #,##0.00."""
    name = "12-红石镇-党员结对帮扶资金发放台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "结对帮扶"
    xl_title(ws, 1, "红石镇2024年党员结对帮扶资金发放台账", 10)
    groups = [("序号", 1, 1), ("被帮扶人", 2, 4), ("帮扶人", 5, 7), ("帮扶类别", 8, 8), ("帮扶金额（元）", 9, 9),
              ("发放日期", 10, 10)]
    for text, c0, c1 in groups:
        ws.cell(row=2, column=c0, value=text).font = Font(bold=True)
        if c0 == c1:
            ws.merge_cells(start_row=2, start_column=c0, end_row=3, end_column=c0)
        else:
            ws.merge_cells(start_row=2, start_column=c0, end_row=2, end_column=c1)
    for c, h in zip(range(2, 8), ["姓名", "身份证号", "所在村", "帮扶责任人", "单位", "职务"]):
        ws.cell(row=3, column=c, value=h).font = Font(bold=True)
    kinds = [("产业帮扶", 200000), ("生活帮扶", 100000), ("助学帮扶", 150000), ("医疗帮扶", 120000)]
    helpers = [(pp.name(False), unit, duty) for unit, duty in
               [("柳河县财政局", "副局长"), ("柳河县教育局", "科员"), ("红石镇人民政府", "副镇长"),
                ("柳河县人民医院", "医师"), ("红石镇人民政府", "组织委员")]]
    payments = []
    for i in range(24):
        kind, fen = kinds[i % 4]
        p = pp.member()
        helper = helpers[i % len(helpers)]
        r = 4 + i
        ws.cell(row=r, column=1, value=i + 1)
        ws.cell(row=r, column=2, value=p["name"])
        xl_text(ws, r, 3, p["id"])
        ws.cell(row=r, column=4, value=rng.choice(["红石村", "太平村", "向阳村", "双河村"]))
        for c, v in zip((5, 6, 7), helper):
            ws.cell(row=r, column=c, value=v)
        ws.cell(row=r, column=8, value=kind)
        ws.cell(row=r, column=9, value=fen / 100).number_format = "#,##0.00"
        xl_date(ws, r, 10, dt.date(YEAR, 3 + i % 9, 5 + i % 20), "yyyy年m月d日")
        payments.append((fen, kind, None))
    for col, w in zip("ABCDEFGHIJ", (5, 9, 20, 9, 10, 16, 10, 10, 14, 15)):
        ws.column_dimensions[col].width = w
    save_xlsx(wb, os.path.join(out, name))
    return name, {"结对帮扶": "ledger"}, figures("红石镇", payments)


def relief(out, pp, rng):
    """党内关爱基金救助发放表 as GBK CSV: 受助人, 资助单位 (source), 发放金额（元） written as
    `2000元` / `1,500`, dates as `2024.3.15`, `-` for a missing ID, 经办人 (staff, not a recipient)."""
    name = "13-安口镇-党内关爱基金救助发放表.csv"
    rows = [["安口镇党内关爱基金救助发放表（2024年）"],
            ["序号", "受助人", "身份证号", "所在村（社区）", "救助事由", "救助类别", "资助单位", "发放金额（元）", "发放日期",
             "经办人"]]
    reasons = [("因病住院", "大病救助"), ("家庭遭受火灾", "临时救助"), ("子女上大学", "助学救助"), ("年老体弱", "生活救助")]
    sources = ["上级党费", "本级党费", "社会捐助"]
    canon = {"上级党费": "上级下拨党费", "本级党费": "本级党费", "社会捐助": "社会捐助"}
    payments = []
    for i in range(20):
        reason, kind = reasons[i % 4]
        fen = (2000 + 500 * (i % 3)) * 100
        src = sources[i % 3]
        p = pp.member()
        shown = f"{fen // 100}元" if i % 2 == 0 else f"{fen // 100 // 1000},{fen // 100 % 1000:03d}"
        rows.append([i + 1, p["name"], "-" if i in (4, 13) else p["id"],
                     rng.choice(["安口村", "三合村", "江沿村", "安口社区"]), reason, kind, src, shown,
                     f"{YEAR}.{1 + i % 12}.{1 + i % 27}", "孙丽"])
        payments.append((fen, kind, canon[src]))
    total = sum(p[0] for p in payments)
    rows.append(["合计", "", "", "", "", "", "", f"{total // 100}元", "", ""])
    write_gbk_csv(os.path.join(out, name), rows)
    return name, {name[:-4]: "ledger"}, figures("安口镇", payments)


ALL = [condolence, subsidy, pairing_help, relief]
