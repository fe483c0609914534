"""Fast generator of county workbooks for the roll-up benchmark (issue 19 §4): the sheets
a higher level reads from a partystats county workbook — 基层组织数量, 建立党组织情况,
党员数量和结构 (the official 年报 forms) and 帮扶资金 — in the layout `partystats report`
writes them (title, 填报单位 line, header, 栏号 row, items, notes), with random figures
that satisfy the forms' arithmetic, written by python xlsxwriter.

    county_workbooks.py COUNT OUTDIR [--seed N]   → OUTDIR/<county>.xlsx and OUTDIR/truth.json

truth.json holds each county's figures (members, branches, units, funding in fen), so that
the roll-up's totals can be checked against what was generated.
"""
import json
import os
import random
import sys

import xlsxwriter

ORG_ITEMS = [("乡镇", "乡镇"), ("城市街道", "街道"), ("建制村", "农村"), ("社区（居委会）", "社区"), ("机关", "机关"),
             ("事业单位", "事业单位"), ("企业", None), ("\u3000其中：公有制企业", "国有企业"),
             ("\u3000\u3000\u3000\u3000非公有制企业", "非公有制企业"), ("社会组织", "社会组织"), ("其他", "其他")]
CATS = ["农村", "社区", "机关", "事业单位", "国有企业", "非公有制企业", "社会组织"]
AGES = ["30岁及以下", "31—35岁", "36—40岁", "41—45岁", "46—50岁", "51—55岁", "56—60岁", "61岁及以上"]
PERIODS = ["新中国成立前", "新中国成立至十一届三中全会", "十一届三中全会后至党的十八大", "党的十八大以后"]
EDUCATION = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"]
FUND_CATS = ["生活困难党员帮扶", "老党员慰问", "七一走访慰问", "春节走访慰问"]
SOURCES = ["财政资金", "上级下拨党费", "部门支持"]
FOOTER = "单位负责人：　　　　填表人：　　　　联系电话：　　　　报出日期：　　年　　月　　日"


def cn(n, width):
    """`12` → `〇〇一二`: unit names carry no Arabic digits (a 填报单位 ends at the first digit, the date)."""
    return "".join("〇一二三四五六七八九"[int(d)] for d in str(n).zfill(width))


def split(total, parts, rng):
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def county(rng, name, year):
    members = rng.randint(10_000, 80_000)
    orgs = {c: (rng.randint(0, 20), rng.randint(0, 10), rng.randint(10, 400)) for c in CATS}
    units = {}
    for c in CATS:
        u = rng.randint(20, 900)
        units[c] = (u, rng.randint(u // 3, u))
    women = members * rng.randint(20, 32) // 100
    fund = rng.randint(100, 400) * 100_000  # fen
    return dict(name=name, year=year, members=members, women=women, minority=members // rng.randint(30, 90),
                probationary=members // rng.randint(40, 60), ages=split(members, 8, rng), periods=split(members, 4, rng),
                education=split(members, 6, rng), orgs=orgs, units=units, fund=fund,
                fund_cats=split(fund, 4, rng), fund_sources=split(fund, 3, rng), records=rng.randint(100, 400))


def write(path, c):
    wb = xlsxwriter.Workbook(path)
    title = wb.add_format({"bold": True, "font_size": 18, "align": "center"})
    head = wb.add_format({"bold": True, "border": 1, "align": "center"})
    unit_line = lambda u: f"填报单位：{c['name']}　　　　统计时点：{c['year']}年12月31日　　　　单位：{u}"

    def form(name, heading, columns, unit, rows, notes):
        ws = wb.add_worksheet(name)
        ws.merge_range(0, 0, 0, len(columns), heading, title)
        ws.merge_range(1, 0, 1, len(columns), unit_line(unit))
        ws.write_row(2, 0, ["项目"] + columns, head)
        ws.write_row(3, 0, ["甲"] + [chr(65 + i) for i in range(len(columns))], head)
        for i, row in enumerate(rows):
            ws.write_row(4 + i, 0, row)
        r = 5 + len(rows)
        for note in notes + [FOOTER]:
            ws.merge_range(r, 0, r, len(columns), note)
            r += 1

    o = c["orgs"]
    tot = [sum(v[k] for v in o.values()) for k in range(3)]
    ent = [o["国有企业"][k] + o["非公有制企业"][k] for k in range(3)]
    org_rows = [["总计", sum(tot)] + tot]
    for label, cat in ORG_ITEMS:
        v = ent if cat is None else o.get(cat)
        org_rows.append([label] + ([sum(v)] + list(v) if v else [None] * 4))
    form("基层组织数量", "党的基层组织数量情况", ["总数", "党委", "党总支（总支部）", "党支部"], "个", org_rows,
         ["说明：总数=党委+党总支+党支部；企业=公有制企业+非公有制企业。"])
    u = c["units"]
    ut = [sum(v[k] for v in u.values()) for k in range(2)]
    ue = [u["国有企业"][k] + u["非公有制企业"][k] for k in range(2)]
    cov_rows = [["总计", ut[0], ut[1], ut[0] - ut[1], ut[1] / ut[0]]]
    for label, cat in ORG_ITEMS:
        v = ue if cat is None else u.get(cat)
        cov_rows.append([label] + ([v[0], v[1], v[0] - v[1], v[1] / v[0] if v[0] else None] if v else [None] * 4))
    form("建立党组织情况", "基层单位建立党组织情况", ["单位数", "已建立党组织的单位数", "未建立党组织的单位数", "覆盖率"], "个",
         cov_rows, ["说明：未建立党组织的单位数=单位数-已建立党组织的单位数。"])
    m = c["members"]
    college = sum(c["education"][:3])
    mem_rows = [["党员总数", m, 1], ["\u3000其中：女党员", c["women"]], ["\u3000\u3000\u3000\u3000少数民族党员", c["minority"]],
                ["\u3000\u3000\u3000\u3000预备党员", c["probationary"]], ["\u3000\u3000\u3000\u3000大专及以上学历党员", college],
                ["按年龄分"]] + [[a, n] for a, n in zip(AGES, c["ages"])] + [["年龄不详", 0], ["按入党时间分"]] \
        + [[p, n] for p, n in zip(PERIODS, c["periods"])] + [["入党时间不详", 0], ["按学历分"]] \
        + [[e, n] for e, n in zip(EDUCATION, c["education"])] + [["学历不详", 0]]
    form("党员数量和结构", "党员数量和结构情况", ["党员数", "占党员总数比例"], "名", mem_rows,
         ["说明：按年龄、入党时间、学历分的各项之和均等于党员总数。"])
    ws = wb.add_worksheet("帮扶资金")
    ws.merge_range(0, 0, 0, 5, f"{c['year']}年党内帮扶资金发放情况", title)
    ws.merge_range(1, 0, 1, 5, f"填报单位：{c['name']} / 统计时点：{c['year']}年12月31日")
    ws.write_row(2, 0, ["分组", "项目", "金额（元）", "占总额比例", "笔数", "人数"], head)
    ws.write_row(3, 0, ["全县", "合计", c["fund"] / 100, 1, c["records"], c["records"] - 10])
    r = 4
    for name, fen in zip(FUND_CATS, c["fund_cats"]):
        ws.write_row(r, 0, ["按帮扶类别", name, fen / 100, fen / c["fund"]])
        r += 1
    for name, fen in zip(SOURCES, c["fund_sources"]):
        ws.write_row(r, 0, ["按资金来源", name, fen / 100, fen / c["fund"]])
        r += 1
    ws.merge_range(r + 1, 0, r + 1, 5, "注：金额单位为元。")
    wb.close()


def main():
    count, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--seed" else 19
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    truth = {}
    for i in range(count):
        name = f"第{cn(i + 1, 4)}县"
        c = county(rng, name, 2024)
        write(os.path.join(out, f"{name}.xlsx"), c)
        truth[name] = dict(members=c["members"], branches=sum(v[2] for v in c["orgs"].values()),
                           units=sum(v[0] for v in c["units"].values()), fund_fen=c["fund"])
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
