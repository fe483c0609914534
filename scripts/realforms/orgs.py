"""Organisation tables: the official transposed 党内统计年报 forms (items as rows, a 栏号 row,
填报单位, 补充资料) and a one-row-per-organisation 党组织概况表."""

import datetime as dt
import os
from collections import Counter, OrderedDict

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Font

from common import XLS_CELL, XLS_HEAD, XLS_NOTE, XLS_TITLE, save_xlsx, xl_title

# 基层组织数量: item -> (党委, 党总支, 党支部); 企业 is the sum of its two 其中 rows.
ORG_ITEMS = [("乡镇", (1, 0, 0)), ("建制村", (1, 3, 18)), ("社区（居委会）", (0, 1, 3)), ("机关", (0, 0, 6)),
             ("事业单位", (0, 1, 7)), ("企业", None), ("    其中：公有制企业", (0, 0, 2)),
             ("          非公有制企业", (1, 0, 9)), ("社会组织", (0, 0, 2)), ("其他", (0, 0, 0))]
# 建立党组织情况: unit type -> (单位数, 单独建立, 联合建立); canonical category (SPEC §2.1).
COVERAGE_ITEMS = [("建制村", (18, 18, 0), "农村"), ("社区（居委会）", (2, 2, 0), "社区"), ("机关", (6, 6, 0), "机关"),
                  ("事业单位", (9, 7, 1), "事业单位"), ("公有制企业", (2, 2, 0), "国有企业"),
                  ("非公有制企业", (25, 8, 3), "非公有制企业"), ("社会组织", (6, 1, 1), "社会组织"),
                  ("    其中：社会团体", (4, 0, 1), None), ("          民办非企业单位", (2, 1, 0), None)]
FOOTER = "单位负责人：              填表人：              联系电话：              报出日期：2025年1月8日"


def _org_rows():
    rows = []
    enterprise = [sum(v[k] for name, v in ORG_ITEMS if "其中" in name or name.strip() == "非公有制企业")
                  for k in range(3)]
    for name, v in ORG_ITEMS:
        v = tuple(enterprise) if v is None else v
        rows.append((name, (sum(v),) + v))
    top = [v for name, v in rows if not name.startswith(" ")]
    total = tuple(sum(v[k] for v in top) for k in range(4))
    return [("总计", total)] + rows, total


def annual_org_count(out):
    """党的基层组织数量情况 (transposed: items as rows; columns 总数/党委/党总支/党支部)."""
    name = "07-柳河镇-党内统计年报-基层组织数量.xlsx"
    rows, total = _org_rows()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "基层组织数量"
    xl_title(ws, 1, "党的基层组织数量情况", 5)
    ws["E2"] = "表    号：中组统基1表"
    ws["E3"] = "制表机关：中共中央组织部"
    ws["A4"] = "填报单位：中共柳河镇委员会"
    ws["C4"] = "2024年12月31日"
    ws["E4"] = "单位：个"
    for c, h in enumerate(["项目", "总数", "党委", "党总支（总支部）", "党支部"], start=1):
        ws.cell(row=5, column=c, value=h).font = Font(bold=True)
    for c, h in enumerate(["甲", "A", "B", "C", "D"], start=1):
        ws.cell(row=6, column=c, value=h).alignment = Alignment(horizontal="center")
    for i, (item, values) in enumerate(rows):
        ws.cell(row=7 + i, column=1, value=item)
        for k, v in enumerate(values):
            ws.cell(row=7 + i, column=2 + k, value=v if v else None)   # blank for 0, as filled by hand
    r = 7 + len(rows)
    ws.cell(row=r, column=1, value="补充资料：1.党支部中联合党支部 3 个；2.临时党支部 2 个（不列入本表）。")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    ws.cell(row=r + 1, column=1, value="说明：总数=党委+党总支+党支部；企业=公有制企业+非公有制企业。")
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=5)
    ws.cell(row=r + 2, column=1, value=FOOTER)
    ws.merge_cells(start_row=r + 2, start_column=1, end_row=r + 2, end_column=5)
    for col, w in zip("ABCDE", (22, 10, 10, 16, 10)):
        ws.column_dimensions[col].width = w
    save_xlsx(wb, os.path.join(out, name))
    figures = OrderedDict([("organisations.committees", total[1]), ("organisations.general_branches", total[2]),
                           ("organisations.branches", total[3])])
    return name, {"基层组织数量": "org_form"}, figures


def annual_coverage(out):
    """基层单位建立党组织情况 (by unit type: 单位数 / 已建立 (单独, 联合) / 未建立), .xls."""
    name = "08-柳河镇-党内统计年报-建立党组织情况.xls"
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("建立党组织情况")
    ws.write_merge(0, 0, 0, 5, "基层单位建立党组织情况", XLS_TITLE)
    ws.write(1, 5, "表    号：中组统基2表")
    ws.write(2, 0, "填报单位：中共柳河镇委员会")
    ws.write(2, 5, "单位：个")
    ws.write_merge(3, 4, 0, 0, "项目", XLS_HEAD)
    ws.write_merge(3, 4, 1, 1, "单位数", XLS_HEAD)
    ws.write_merge(3, 3, 2, 4, "已建立党组织的单位数", XLS_HEAD)
    for c, h in enumerate(["小计", "单独建立", "联合建立"], start=2):
        ws.write(4, c, h, XLS_HEAD)
    ws.write_merge(3, 4, 5, 5, "未建立党组织的单位数", XLS_HEAD)
    for c, h in enumerate(["甲", "A", "B", "C", "D", "E"]):
        ws.write(5, c, h, XLS_HEAD)
    body = []
    for item, (units, single, joint), _ in COVERAGE_ITEMS:
        body.append((item, (units, single + joint, single, joint, units - single - joint)))
    top = [v for item, v in body if not item.startswith(" ")]
    total = tuple(sum(v[k] for v in top) for k in range(5))
    for i, (item, values) in enumerate([("总计", total)] + body):
        ws.write(6 + i, 0, item, XLS_CELL)
        for k, v in enumerate(values):
            ws.write(6 + i, 1 + k, v, XLS_CELL)
    r = 6 + 1 + len(body)
    ws.write_merge(r, r, 0, 5, "注：1.已建立党组织的单位数=单独建立+联合建立；2.未建立党组织的单位数=单位数-已建立党组织的单位数。",
                   XLS_NOTE)
    ws.write_merge(r + 1, r + 1, 0, 5, FOOTER, XLS_NOTE)
    for c, w in enumerate((22, 9, 9, 10, 10, 14)):
        ws.col(c).width = w * 256
    wb.save(os.path.join(out, name))
    figures = OrderedDict([("coverage.overall.units", total[0]), ("coverage.overall.covered", total[1])])
    for item, (units, single, joint), cat in COVERAGE_ITEMS:
        if cat:
            figures[f"coverage.by_category.{cat}.units"] = units
            figures[f"coverage.by_category.{cat}.covered"] = single + joint
    return name, {"建立党组织情况": "org_form"}, figures


# 党组织概况表: (name, type, parent, unit, unit category, township, members)
ORGS = [
    ("中共东关街道新华社区委员会", "党委", "中共东关街道工作委员会", "新华社区居民委员会", "社区", "东关街道", 156),
    ("中共新华社区第一支部委员会", "党支部", "中共东关街道新华社区委员会", "新华社区居民委员会", "社区", "东关街道", 52),
    ("中共新华社区第二支部委员会", "党支部", "中共东关街道新华社区委员会", "新华社区居民委员会", "社区", "东关街道", 48),
    ("中共新华社区第三支部委员会", "党支部", "中共东关街道新华社区委员会", "新华社区居民委员会", "社区", "东关街道", 56),
    ("中共东关街道团结社区总支部委员会", "党总支", "中共东关街道工作委员会", "团结社区居民委员会", "社区", "东关街道", 72),
    ("中共团结社区第一支部委员会", "党支部", "中共东关街道团结社区总支部委员会", "团结社区居民委员会", "社区", "东关街道", 38),
    ("中共团结社区第二支部委员会", "党支部", "中共东关街道团结社区总支部委员会", "团结社区居民委员会", "社区", "东关街道", 34),
    ("中共东关街道机关支部委员会", "党支部", "中共东关街道工作委员会", "东关街道办事处", "机关", "东关街道", 28),
    ("中共柳河县第二小学支部委员会", "党支部", "中共东关街道工作委员会", "柳河县第二小学", "事业单位", "东关街道", 19),
    ("中共东关街道非公有制企业联合支部委员会", "联合党支部", "中共东关街道工作委员会", "东关街道辖区5家商贸企业",
     "非公有制企业", "东关街道", 11),
    ("东关街道物业服务行业临时党支部", "临时党支部", "中共东关街道工作委员会", "东关街道物业服务企业", "社会组织",
     "东关街道", 6),
    ("中共白沙镇白沙村委员会", "党委", "中共白沙镇委员会", "白沙村村民委员会", "农村", "白沙镇", 112),
    ("中共白沙村第一支部委员会", "党支部", "中共白沙镇白沙村委员会", "白沙村村民委员会", "农村", "白沙镇", 40),
    ("中共白沙村第二支部委员会", "党支部", "中共白沙镇白沙村委员会", "白沙村村民委员会", "农村", "白沙镇", 37),
    ("中共白沙村第三支部委员会", "党支部", "中共白沙镇白沙村委员会", "白沙村村民委员会", "农村", "白沙镇", 35),
    ("中共白沙镇石桥村支部委员会", "党支部", "中共白沙镇委员会", "石桥村村民委员会", "农村", "白沙镇", 31),
    ("中共白沙镇柳林村支部委员会", "党支部", "中共白沙镇委员会", "柳林村村民委员会", "农村", "白沙镇", 27),
    ("中共白沙镇中心卫生院支部委员会", "党支部", "中共白沙镇委员会", "白沙镇中心卫生院", "事业单位", "白沙镇", 15),
    ("中共柳河县白沙矿业有限公司支部委员会", "党支部", "中共白沙镇委员会", "柳河县白沙矿业有限公司", "非公有制企业",
     "白沙镇", 9),
]
COUNTED = {"党委": "committees", "党总支": "general_branches", "党支部": "branches", "联合党支部": "branches"}


def org_overview(out):
    """党组织概况表: one row per organisation, with its parent; a 党委's or 党总支's 党员数
    includes its branches' members, and a 临时党支部's members belong to their own branches."""
    name = "09-党组织概况表（东关街道、白沙镇）.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党组织概况"
    heads = ["序号", "党组织名称", "党组织类别", "上级党组织", "所在单位", "单位类别", "所在乡镇（街道）", "党员数（名）",
             "党组织书记", "成立时间"]
    xl_title(ws, 1, "党组织概况表", len(heads))
    ws["A2"] = "填报单位：中共柳河县委组织部"
    ws["H2"] = "统计时间：2024年12月31日"
    for c, h in enumerate(heads, start=1):
        ws.cell(row=3, column=c, value=h).font = Font(bold=True)
    secretaries = ["王建国", "李秀英", "张志强", "刘丽", "陈海东", "杨春梅", "赵德成", "黄玉兰", "周庆林", "吴桂芳",
                   "徐光荣", "孙红", "胡金山", "朱慧", "高保生", "林美玲", "何清", "郭福贵", "马翠"]
    for i, (org, kind, parent, unit, cat, town, members) in enumerate(ORGS):
        r = 4 + i
        for c, v in enumerate([i + 1, org, kind, parent, unit, cat, town, members, secretaries[i]], start=1):
            ws.cell(row=r, column=c, value=v)
        founded = ws.cell(row=r, column=10, value=dt.datetime(1998 + i, 1 + i % 12, 1))
        founded.number_format = "yyyy年m月"
    r = 4 + len(ORGS)
    ws.cell(row=r + 1, column=1, value="注：党委、党总支的党员数含所属党支部党员；临时党支部党员组织关系在原党组织。")
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=len(heads))
    for c, w in enumerate((5, 36, 10, 32, 24, 12, 14, 10, 10, 10), start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = w
    save_xlsx(wb, os.path.join(out, name))
    names = {o[0] for o in ORGS}
    counts = Counter(COUNTED[o[1]] for o in ORGS if o[1] in COUNTED)
    members = sum(o[6] for o in ORGS if o[2] not in names and o[1] != "临时党支部")
    figures = OrderedDict([("organisations.committees", counts["committees"]),
                           ("organisations.general_branches", counts["general_branches"]),
                           ("organisations.branches", counts["branches"]),
                           ("organisations.members_reported", members)])
    for kind, n in sorted(Counter(o[1] for o in ORGS).items()):
        figures[f"organisations.by_type.{kind}"] = n
    return name, {"党组织概况": "org_list"}, figures


ALL = [annual_org_count, annual_coverage, org_overview]
