#!/usr/bin/env python3
"""Generate the sample county returns under datasets/ (deterministic, fixed seed).

The sample county is modelled on the reference county of SPEC section 8 (唐河县,
Henan).  The generator first builds a ground-truth model (members, branches,
disbursements for 2023 and 2024), then writes every township's returns in its own
messy layout with real producers (openpyxl, xlsxwriter, xlwt, Python codecs), and
finally writes datasets/expected-YYYY.json from the model: what partystats must
report after applying SPEC sections 2-5.

Usage: scripts/gen-sample-county [OUTDIR]      (default: datasets/ next to scripts/)
"""

import csv
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import sys
import zipfile
from collections import OrderedDict, defaultdict

import openpyxl
import xlsxwriter
import xlwt
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

SEED = 20241231
COUNTY = "唐河县"

TOWNSHIPS = [
    "滨河街道", "文峰街道", "东兴街道", "兴唐街道", "源潭镇", "张店镇", "郭滩镇",
    "湖阳镇", "黑龙镇", "大河屯镇", "龙潭镇", "桐寨铺镇", "苍台镇", "上屯镇", "毕店镇",
    "少拜寺镇", "城郊乡", "古城乡", "东王集乡", "马振抚乡", "昝岗乡",
]
URBAN = {"滨河街道", "文峰街道", "东兴街道", "兴唐街道"}

# Targets of SPEC section 8 (2024) and the plausible year before.
TARGETS = {
    2024: dict(members=35494, rural=20938, committees_other=70, general_branches=26,
               branches=1281, rc_branches=530, centres=43, townships_with_centre=19,
               records=219, by_source=OrderedDict([("财政拨付", 16000000), ("党费补助", 11000000),
                                                   ("上级部门支持", 8000000)])),
    2023: dict(committees_other=68, general_branches=27, branches=1268, rc_branches=527,
               centres=38, townships_with_centre=18, records=204,
               by_source=OrderedDict([("财政拨付", 15200000), ("党费补助", 9800000),
                                      ("上级部门支持", 6500000)])),
}
# Canonical names of the funding sources after the mapping file is applied.
CANON_SOURCE = {"财政拨付": "财政资金", "财政配套": "财政资金", "党费补助": "上级下拨党费",
                "上级部门支持": "部门支持"}
CATS = ["农村", "社区", "机关", "事业单位", "国有企业", "非公有制企业", "社会组织"]

SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢"
            "蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯"
            "邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍韦申"
            "尤毕聂焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜詹关苗凌费纪靳盛童欧甄项曲成游阳裴席"
            "卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵解强柴华车冉房边")
GIVEN_M = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林峰建国忠志新庆春海东红学文玉德成利全金山清保生光荣福贵"
GIVEN_F = "芳娜敏静丽艳娟霞秀英华慧巧美玲桂兰萍红燕梅琳雪莉倩婷颖洁琴云凤霞翠珍琼月素"
VILLAGE_A = ("李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许彭吕苏卢蒋蔡"
             "贾丁魏薛叶余潘杜戴夏钟田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦史侯邵孟段雷钱汤")
VILLAGE_B = ["庄", "营", "湾", "岗", "寨", "店", "楼", "集", "河", "坡", "沟", "洼", "桥", "园",
             "堰", "岭", "咀", "窑", "家", "台"]
MINORITIES = ["回族", "回族", "回族", "回族", "蒙古族", "满族", "壮族", "土家族", "苗族"]
DESTINATIONS = ["广东省深圳市", "广东省东莞市", "浙江省杭州市", "江苏省苏州市", "上海市", "北京市",
                "河南省郑州市", "湖北省武汉市", "福建省厦门市", "天津市", "新疆乌鲁木齐市"]
OCC_RURAL = ["农民", "务农", "村干部", "个体经营", "进城务工", "离退休人员", "无固定职业"]
OCC_URBAN = ["公务员", "教师", "医生", "护士", "企业职工", "社区工作者", "个体经营", "离退休人员",
             "事业单位管理人员", "专业技术人员", "企业管理人员", "学生"]
LEDGER_CATS = ["生活困难党员帮扶", "老党员慰问", "七一走访慰问", "春节走访慰问", "因病致困救助", "助学帮扶"]
STAFF = ["王丽", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "周强", "吴婷", "徐磊", "孙燕"]

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def check_digit(first17):
    return CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def split_total(total, weights, rng=None, minimum=0):
    """Split an integer total in proportion to weights (largest remainder), exact."""
    w = [max(x, 0) for x in weights]
    base = [minimum] * len(w)
    rest = total - minimum * len(w)
    s = sum(w)
    raw = [rest * x / s for x in w]
    fl = [int(r) for r in raw]
    left = rest - sum(fl)
    order = sorted(range(len(w)), key=lambda i: (-(raw[i] - fl[i]), i))
    for i in order[:left]:
        fl[i] += 1
    return [b + f for b, f in zip(base, fl)]


# --------------------------------------------------------------------------------------
# Ground-truth model
# --------------------------------------------------------------------------------------

class Person:
    __slots__ = ("pid", "name", "female", "ethnicity", "birth", "id18", "joined", "education",
                 "phone", "badcheck", "years", "region")

    def __init__(self, pid):
        self.pid = pid
        self.years = {}   # year -> dict(township, category, branch, rural, status, confirmed, ...)


class Model:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.ids = set()
        self.persons = []
        self.branches = {}    # township -> category -> list of branch names
        self.villages = {}

    # ---- people ------------------------------------------------------------------
    def new_id(self, birth, female, region="411328"):
        rng = self.rng
        while True:
            seq = rng.randrange(0, 500) * 2 + (0 if female else 1)
            body = "%s%s%03d" % (region, birth.strftime("%Y%m%d"), seq)
            full = body + check_digit(body)
            if full not in self.ids:
                self.ids.add(full)
                return full

    def new_name(self, female):
        rng = self.rng
        pool = GIVEN_F if female else GIVEN_M
        given = rng.choice(pool) if rng.random() < 0.3 else rng.choice(pool) + rng.choice(pool)
        return rng.choice(SURNAMES) + given

    def new_person(self, rural, newcomer=False, old=False):
        rng = self.rng
        p = Person(len(self.persons))
        p.female = rng.random() < (0.42 if newcomer else (0.20 if rural else 0.33))
        if newcomer:
            by = rng.randint(1985, 2002)
        elif old:
            by = rng.randint(1928, 1950)
        else:
            by = int(min(2002, max(1928, rng.triangular(1930, 2000, 1962 if rural else 1975))))
        p.birth = dt.date(by, rng.randint(1, 12), rng.randint(1, 28))
        p.region = "411328" if rng.random() < 0.9 else rng.choice(["411302", "411381", "411321", "410102"])
        p.id18 = self.new_id(p.birth, p.female, p.region)
        p.name = self.new_name(p.female)
        p.ethnicity = rng.choice(MINORITIES) if rng.random() < 0.014 else "汉族"
        if newcomer:
            p.joined = None   # set by caller
        else:
            # joined mostly in the twenties and thirties, never before 18 nor after mid-2022
            age = rng.triangular(18.2, 58, 24)
            hi = dt.date(2022, 6, 30)
            j = p.birth + dt.timedelta(days=int(age * 365.25))
            if j > hi:
                j = random_date(rng, min(hi, dt.date(by + 19, 1, 1)), hi)
            p.joined = j
        p.joined = avoid_boundary(p.joined) if p.joined else None
        young = by >= 1975
        if rural:
            edu = rng.choices(["初中及以下", "高中", "中专", "大学专科", "大学本科"],
                              [45, 25, 10, 12, 8] if not young else [15, 25, 15, 25, 20])[0]
        else:
            edu = rng.choices(["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"],
                              [4, 35, 25, 12, 14, 10] if young else [1, 20, 20, 15, 24, 20])[0]
        if newcomer:
            edu = rng.choices(["研究生", "大学本科", "大学专科", "中专", "高中"], [6, 45, 30, 10, 9])[0]
        p.education = edu
        p.phone = "1%d%09d" % (rng.choice([3, 5, 8, 9, 7]), rng.randrange(10 ** 9))
        p.badcheck = None
        self.persons.append(p)
        return p


def random_date(rng, lo, hi):
    span = (hi - lo).days
    return lo + dt.timedelta(days=rng.randint(0, max(span, 0)))


def avoid_boundary(d):
    """Keep joining dates out of the months that contain a period boundary, so that
    month-precision dates classify unambiguously."""
    if d is None:
        return d
    if (d.year, d.month) in ((1949, 10), (1978, 12), (2012, 11)):
        return d.replace(day=15) + dt.timedelta(days=31)
    return d


def build_orgs(model, year, members_by_t, prev=None):
    """Branch-return rows per township and category, hitting the year's totals."""
    rng = random.Random(SEED + year)
    T = TARGETS[year]
    rows = {}
    # village and community counts are stable between years (the 2023 model is derived
    # from 2024 by small changes)
    if prev is None:
        v = {t: (rng.randint(4, 8) if t in URBAN else rng.randint(16, 30)) for t in TOWNSHIPS}
        c = {t: (rng.randint(8, 13) if t in URBAN else rng.randint(1, 3)) for t in TOWNSHIPS}
        vtot = sum(v.values()) + sum(c.values())
        # rural + community branches: every village/community one branch, extra branches
        extra = T["rc_branches"] - vtot
        assert extra >= 0, extra
        big = [t for t in TOWNSHIPS]
        ex = split_total(extra, [v[t] for t in big])
        rc = {t: (v[t] + ex[i], c[t]) for i, t in enumerate(big)}
    else:
        v = {t: prev[t]["农村"]["units"] for t in TOWNSHIPS}
        c = {t: prev[t]["社区"]["units"] for t in TOWNSHIPS}
        # two fewer rural branches in 2023, one fewer community branch
        rc = {t: (prev[t]["农村"]["branches"], prev[t]["社区"]["branches"]) for t in TOWNSHIPS}
        need = T["rc_branches"] - sum(a + b for a, b in rc.values())
        ts = sorted(TOWNSHIPS, key=lambda t: -rc[t][0])
        i = 0
        while need < 0:
            t = ts[i % len(ts)]
            a, b = rc[t]
            rc[t] = (a - 1, b)
            need += 1
            i += 1
    # other categories
    units = {}
    for t in TOWNSHIPS:
        if prev is None:
            u = dict(机关=rng.randint(18, 30) if t in URBAN else rng.randint(7, 13),
                     事业单位=rng.randint(22, 40) if t in URBAN else rng.randint(9, 18),
                     国有企业=rng.randint(3, 7) if t in URBAN else rng.randint(0, 2),
                     非公有制企业=rng.randint(70, 130) if t in URBAN else rng.randint(12, 45),
                     社会组织=rng.randint(10, 25) if t in URBAN else rng.randint(2, 7))
        else:
            u = {k: max(0, prev[t][k]["units"] - (rng.randint(0, 4) if k == "非公有制企业" else 0))
                 for k in ["机关", "事业单位", "国有企业", "非公有制企业", "社会组织"]}
        units[t] = u
    other_cats = ["机关", "事业单位", "国有企业", "非公有制企业", "社会组织"]
    keys = [(t, k) for t in TOWNSHIPS for k in other_cats]
    cover_rate = dict(机关=1.0, 事业单位=0.93, 国有企业=1.0, 非公有制企业=0.55, 社会组织=0.38)
    covered = {}
    for t, k in keys:
        n = units[t][k]
        covered[(t, k)] = n if cover_rate[k] == 1.0 else int(round(n * cover_rate[k] - rng.random()))
        covered[(t, k)] = max(0, min(n, covered[(t, k)]))
    other_br = T["branches"] - T["rc_branches"]
    wts = [covered[key] * (1.3 if key[1] in ("机关", "事业单位") else 0.7) for key in keys]
    br = split_total(other_br, wts)
    # committees: 1 per township (its 党(工)委, in the 机关 row) + others
    cwts = [(3 if k == "事业单位" else 2 if k in ("国有企业", "机关") else 1) * (3 if t in URBAN else 1)
            * (1 if units[t][k] else 0) for t, k in keys]
    com = split_total(T["committees_other"], cwts)
    gwts = [(2 if k in ("事业单位", "机关") else 0) * (1 if units[t][k] else 0) for t, k in keys]
    gen = dict(zip(keys, split_total(T["general_branches"] - 6, gwts)))
    # six general branches in big villages
    vil_gen = {t: 0 for t in TOWNSHIPS}
    for t in sorted(TOWNSHIPS, key=lambda t: -rc[t][0])[:6]:
        vil_gen[t] = 1
    for t in TOWNSHIPS:
        vb, cb = rc[t]
        rows[t] = OrderedDict()
        rows[t]["农村"] = dict(units=v[t], covered=v[t], committees=0, general_branches=vil_gen[t],
                             branches=vb)
        rows[t]["社区"] = dict(units=c[t], covered=c[t], committees=0, general_branches=0, branches=cb)
    for (t, k), b, cm in zip(keys, br, com):
        rows[t][k] = dict(units=units[t][k], covered=covered[(t, k)],
                          committees=cm + (1 if k == "机关" else 0), general_branches=gen[(t, k)],
                          branches=b)
    # service centres: township-level centres in the 机关 row, village centres in 农村
    without = ["马振抚乡", "昝岗乡"] if year == 2024 else ["马振抚乡", "昝岗乡", "东王集乡"]
    with_c = [t for t in TOWNSHIPS if t not in without]
    assert len(with_c) == T["townships_with_centre"]
    village_centres = T["centres"] - len(with_c)
    vc = split_total(village_centres, [0 if t in ("古城乡", "桐寨铺镇") else rows[t]["农村"]["units"]
                                       for t in with_c])
    for t in TOWNSHIPS:
        for k in rows[t]:
            rows[t][k]["centres"] = 0
    for t, n in zip(with_c, vc):
        rows[t]["机关"]["centres"] = 1
        rows[t]["农村"]["centres"] = n
    # unknown category kept as written: 东兴街道 splits 个体工商户 out of 非公有制企业
    dx = rows["东兴街道"]
    nf = dx["非公有制企业"]
    ind = dict(units=14, covered=3, committees=0, general_branches=0, branches=1, centres=0)
    nf["units"] -= 14
    nf["covered"] -= 3
    nf["branches"] -= 1
    dx["个体工商户"] = ind
    # members per category row (members_reported is set later from the roster truth)
    return rows


# --------------------------------------------------------------------------------------
# Township layouts
# --------------------------------------------------------------------------------------

# roster header profiles: (field, alias)
R_FULL = [("name", "姓名"), ("gender", "性别"), ("ethnicity", "民族"), ("id", "公民身份号码"),
          ("birth", "出生日期"), ("joined", "入党时间"), ("confirmed", "转正时间"),
          ("status", "党员类别"), ("education", "学历"), ("occupation", "现工作岗位"),
          ("township", "乡镇(街道)"), ("branch", "所在党支部"), ("rural", "是否农村党员"),
          ("mobile", "是否流动党员"), ("destination", "流出地"), ("lost", "是否失联"),
          ("hardship", "是否困难党员"), ("phone", "联系电话")]

LAYOUTS = {
    # t: dict(bundle/format choices and messy features); see datasets/README.md
    "滨河街道": dict(kind="workbook", fmt="xlsx", branch="merged", roster_attr="column",
                 dates="xlsx_date", birth="xlsx_date", ledger="own", ledger_fmt="sheet",
                 aliases={}, township_spelling="滨河街道", notes=True, explain=True,
                 empty_gender=40, drop=["phone"]),
    "文峰街道": dict(drop=["phone", "confirmed", "occupation"], kind="files", branch="flat_xlsx", roster_fmt="csv-gbk", roster_attr="column",
                 dates="month_dot", birth="month_dot", ledger="own", ledger_fmt="csv-utf8bom",
                 aliases={"id": "身份证号", "birth": "出生年月", "status": "人员类别",
                          "township": "乡镇", "branch": "支部名称"}, township_spelling="文峰",
                 amount_style="text_mixed"),
    "东兴街道": dict(drop=["phone"], kind="files", branch="csv-gbk", roster_fmt="xlsx-xw", roster_attr="title",
                 dates="iso", birth="iso", ledger="county", numeric_ids={2023: 60, 2024: 30},
                 aliases={"id": "身份证号码", "occupation": "职业", "branch": "所在党组织"}),
    "兴唐街道": dict(drop=["phone"], kind="workbook", fmt="xlsx", branch="flat_xlsx", roster_attr="column",
                dates="xlsx_date", birth="xlsx_date", ledger="own", ledger_fmt="sheet",
                aliases={}, ethnicity_codes=True, badcheck=4, title=True),
    "源潭镇": dict(drop=["phone", "occupation", "confirmed"], kind="files", branch="xlsx3", roster_fmt="csv-utf8bom", roster_attr="column",
                dates="slash", birth="iso", ledger="own", ledger_fmt="csv-gbk", fullwidth=60,
                spaced_names=25, aliases={"education": "文化程度", "township": "乡镇名称"},
                township_spelling="源潭"),
    "张店镇": dict(kind="files", branch="xls", roster_fmt="tsv-gb18030", roster_attr="column",
                dates="compact", birth="compact", ledger="own", ledger_fmt="xls",
                aliases={"id": "身份证", "joined": "加入党组织日期", "rural": "农村党员",
                         "mobile": "流动党员", "destination": "流向"}, bools="10"),
    "郭滩镇": dict(kind="files", branch="merged", roster_fmt="xlsx", roster_attr="sheet",
                dates="xlsx_date", birth="month_cn", ledger="own", ledger_fmt="xlsx-wan",
                aliases={"birth": "出生年月", "phone": "手机号码"}, roster_file="党员花名册"),
    "湖阳镇": dict(drop=["phone", "occupation", "destination", "confirmed", "branch"], kind="workbook", fmt="xls-gbk", branch="xls", roster_attr="column", dates="dot",
                birth="dot", ledger="county", aliases={"hardship": "困难党员", "lost": "失联党员"},
                stale_from="郭滩镇"),
    "黑龙镇": dict(drop=["phone", "confirmed"], title=True, kind="files", branch="csv-utf8bom", roster_fmt="csv-gbk", roster_attr="column",
                dates="month_cn", birth="month_dash", ledger="own", ledger_fmt="csv-gbk",
                blank_ids={2023: 15}, aliases={"birth": "出生年月", "joined": "入党时间"},
                unknown_dates=3, mismatch=-3),
    "大河屯镇": dict(kind="files", branch="csv-gbk", roster_fmt="csv-gbk", roster_attr="filename",
                 dates="iso", birth="iso", ledger="own", ledger_fmt="csv-gbk-noid",
                 aliases={"status": "党籍状态"}, drop=["destination", "lost", "phone"]),
    "龙潭镇": dict(drop=["phone"], kind="workbook", fmt="xlsx", branch="flat_xlsx", roster_attr="column",
                dates="serial", birth="serial", ledger="own", ledger_fmt="sheet", lowerx=True,
                aliases={"joined": "入党日期", "township": "乡镇街道"}, township_spelling="龙潭"),
    "桐寨铺镇": dict(drop=["phone", "confirmed"], kind="files", branch="flat_xlsx", roster_fmt="xlsx", roster_attr="column",
                 dates="iso", birth="xlsx_date", ledger="county", category_instead_of_rural=True,
                 reject_rows={2024: 1, 2023: 1}, aliases={}, no_gender=True),
    "苍台镇": dict(drop=["occupation"], kind="files", branch="csv-utf8bom", roster_fmt="csv-utf8bom", roster_attr="column",
                dates="compact", birth="compact", ledger="own", ledger_fmt="xlsx",
                spaced_ids=30, aliases={"id": "公民身份号码", "phone": "手机号码"}),
    "上屯镇": dict(drop=["phone"], kind="workbook", fmt="xlsx", branch="merged", roster_attr="column", split_roster=True,
                dates="xlsx_date", birth="xlsx_date", ledger="county", explain=True,
                aliases={"occupation": "工作岗位"}),
    "毕店镇": dict(drop=["phone", "occupation", "destination", "confirmed"], kind="files", branch="xls", roster_fmt="csv-gb18030", roster_attr="column", dates="iso",
                birth="iso", ledger="own", ledger_fmt="xls", blank_ids={2023: 50, 2024: 8},
                aliases={"id": "身份证"}),
    "少拜寺镇": dict(drop=["phone"], kind="files", branch="csv-utf8bom", roster_fmt="tsv-utf8bom", roster_attr="column",
                 dates="dot", birth="dot", ledger="own", ledger_fmt="csv-utf8bom",
                 aliases={"hardship": "生活困难"}, bools="√"),
    "城郊乡": dict(drop=["phone", "occupation", "destination", "confirmed", "branch"], kind="workbook", fmt="xls", branch="xls", roster_attr="column", dates="cn",
                 birth="xls_date", ledger="own", ledger_fmt="sheet", id15=True,
                 aliases={"joined": "入党日期", "confirmed": "转正日期"}, township_spelling="城郊"),
    "古城乡": dict(drop=["phone", "occupation"], kind="files", branch="csv-gbk", roster_fmt="csv-gbk", roster_attr="column",
                dates="iso", birth="iso", ledger="own", ledger_fmt="csv-gbk", reject_rows={2024: 1},
                reject_amount=True, aliases={"id": "身份证号"}, bools="YN"),
    "东王集乡": dict(drop=["phone"], kind="files", branch="merged", roster_fmt="xlsx", roster_attr="title",
                 dates="month_compact", birth="xlsx_date", ledger="own", ledger_fmt="xlsx",
                 aliases={"birth": "出生日期"}, badcheck=2),
    "马振抚乡": dict(kind="files", branch="xls", roster_fmt="xlsx", roster_attr="column", drop=["phone"], dates="slash",
                 birth="slash", ledger="county", aliases={"status": "人员类别"}, bools="有无",
                 centre_flag=True),
    "昝岗乡": dict(drop=["phone", "occupation"], kind="files", branch="csv-gbk", roster_fmt="csv-gbk", roster_attr="column",
                dates="iso", birth="iso", ledger="own", ledger_fmt="csv-gbk",
                sci_ids={2023: 25, 2024: 10}, aliases={"id": "身份证号码"}, nonmember_recipients=2),
}


# --------------------------------------------------------------------------------------
# Value formatting
# --------------------------------------------------------------------------------------

FW = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def fmt_date(d, style, month_only=False):
    if d is None:
        return ""
    if style in ("xlsx_date", "xls_date"):
        return d
    if style == "serial":
        return (d - dt.date(1899, 12, 30)).days
    if style == "iso":
        return d.isoformat()
    if style == "slash":
        return "%d/%d/%d" % (d.year, d.month, d.day)
    if style == "dot":
        return "%d.%d.%d" % (d.year, d.month, d.day)
    if style == "cn":
        return "%d年%d月%d日" % (d.year, d.month, d.day)
    if style == "compact":
        return d.strftime("%Y%m%d")
    if style == "month_dot":
        return "%d.%02d" % (d.year, d.month)
    if style == "month_dash":
        return "%d-%d" % (d.year, d.month)
    if style == "month_cn":
        return "%d年%d月" % (d.year, d.month)
    if style == "month_compact":
        return "%d%02d" % (d.year, d.month)
    raise ValueError(style)


BOOLS = {"是否": ("是", "否"), "10": ("1", "0"), "YN": ("Y", "N"), "√": ("√", ""), "有无": ("有", "无")}
EDU_VARIANTS = {"研究生": ["研究生", "硕士", "博士"], "大学本科": ["大学本科", "本科", "大学"],
                "大学专科": ["大学专科", "大专", "专科"], "中专": ["中专"], "高中": ["高中"],
                "初中及以下": ["初中及以下", "初中", "小学"]}
ETH_CODES = {"汉族": "01", "蒙古族": "02", "回族": "03", "苗族": "06", "壮族": "08", "满族": "11",
             "土家族": "15"}


# --------------------------------------------------------------------------------------
# Writers (real producers)
# --------------------------------------------------------------------------------------

FIXED_TIME = dt.datetime(2025, 1, 10, 9, 0, 0)


class Sheet:
    def __init__(self, name, rows=None, merges=None, widths=None, header_rows=()):
        self.name = name
        self.rows = rows or []
        self.merges = merges or []     # (r1, c1, r2, c2), 0-based inclusive
        self.widths = widths or {}
        self.header_rows = set(header_rows)


def normalise_zip(path):
    """Rewrite a zip with fixed timestamps and fixed document properties so that
    regeneration is byte-for-byte identical."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(<)",
                              rb"\g<1>2025-01-10T09:00:00Z\3", data)
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 10, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


def write_xlsx_openpyxl(path, sheets, date_format="yyyy-mm-dd"):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "WPS Office"
    wb.properties.created = FIXED_TIME
    bold = Font(name="宋体", bold=True)
    title_font = Font(name="宋体", bold=True, size=16)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for sh in sheets:
        ws = wb.create_sheet(sh.name)
        for r, row in enumerate(sh.rows):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                cell = ws.cell(row=r + 1, column=c + 1, value=v)
                if isinstance(v, dt.date):
                    cell.number_format = date_format
                elif isinstance(v, float) and v > 1e15:
                    cell.number_format = "0"
                if r in sh.header_rows:
                    cell.font = bold
                    cell.alignment = center
        for r1, c1, r2, c2 in sh.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
            ws.cell(row=r1 + 1, column=c1 + 1).alignment = center
        if sh.rows and sh.merges and sh.merges[0][0] == 0:
            ws.cell(row=1, column=1).font = title_font
        for c, w in sh.widths.items():
            ws.column_dimensions[get_column_letter(c + 1)].width = w
    wb.save(path)
    normalise_zip(path)


def write_xlsx_xlsxwriter(path, sheets):
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False,
                                    "strings_to_urls": False})
    wb.set_properties({"author": "Microsoft Excel", "created": FIXED_TIME})
    datef = wb.add_format({"num_format": "yyyy/m/d"})
    idnum = wb.add_format({"num_format": "0"})
    head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1,
                          "text_wrap": True, "font_name": "宋体"})
    title = wb.add_format({"bold": True, "font_size": 16, "align": "center", "font_name": "宋体"})
    for sh in sheets:
        ws = wb.add_worksheet(sh.name)
        merged_cells = {}
        for r1, c1, r2, c2 in sh.merges:
            v = sh.rows[r1][c1] if c1 < len(sh.rows[r1]) else ""
            f = title if r1 == 0 and c2 > c1 + 3 else head
            if (r1, c1) == (r2, c2):
                continue
            ws.merge_range(r1, c1, r2, c2, v, f)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    merged_cells[(r, c)] = True
        for r, row in enumerate(sh.rows):
            for c, v in enumerate(row):
                if (r, c) in merged_cells or v is None or v == "":
                    continue
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), datef)
                elif isinstance(v, float) and v > 1e15:
                    ws.write_number(r, c, v, idnum)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, v, head if r in sh.header_rows else None)
        for c, w in sh.widths.items():
            ws.set_column(c, c, w)
    wb.close()
    normalise_zip(path)


def write_xls(path, sheets, encoding="utf-8"):
    wb = xlwt.Workbook(encoding=encoding)
    datef = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    head = xlwt.easyxf("font: bold on; align: horiz center")
    for sh in sheets:
        ws = wb.add_sheet(sh.name)
        for r, row in enumerate(sh.rows):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, dt.date):
                    ws.write(r, c, dt.datetime(v.year, v.month, v.day), datef)
                elif r in sh.header_rows:
                    ws.write(r, c, v, head)
                else:
                    ws.write(r, c, v)
        for c, w in sh.widths.items():
            ws.col(c).width = int(w * 256)
    wb.save(path)


def write_csv(path, rows, encoding="gbk", bom=False, delimiter=","):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        w.writerow(["" if v is None else str(v) for v in row])
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


# --------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------

class Generator:
    def __init__(self, outdir):
        self.out = outdir
        self.m = Model()
        self.rng = random.Random(SEED + 1)
        self.written = {2023: [], 2024: []}      # (path, sheet_idx, row, record dict)
        self.ledger_truth = {2023: [], 2024: []}
        self.rejects = {2023: [], 2024: []}
        self.warnings = {2023: defaultdict(int), 2024: defaultdict(int)}
        self.files = {2023: [], 2024: []}

    # ---- population -----------------------------------------------------------
    def build_population(self):
        rng = self.rng
        m = self.m
        T = TARGETS[2024]
        weights = [(2600 if t in URBAN else 1500) + rng.randint(-250, 250) for t in TOWNSHIPS]
        n24 = split_total(T["members"], weights)
        rshare = [(0.22 if t in URBAN else 0.66) + rng.uniform(-0.04, 0.04) for t in TOWNSHIPS]
        r24 = split_total(T["rural"], [n * s for n, s in zip(n24, rshare)])
        self.n24 = dict(zip(TOWNSHIPS, n24))
        self.r24 = dict(zip(TOWNSHIPS, r24))
        self.orgs = {2024: build_orgs(m, 2024, None)}
        self.orgs[2023] = build_orgs(m, 2023, None, prev=self.orgs[2024])
        self.make_branch_names()
        # 2024 people
        self.members = {2023: defaultdict(list), 2024: defaultdict(list)}
        newcomers = []
        for t in TOWNSHIPS:
            n, r = self.n24[t], self.r24[t]
            for i in range(n):
                rural = i < r
                is_new = rng.random() < 0.020
                p = m.new_person(rural, newcomer=is_new)
                if is_new:
                    newcomers.append(p)
                    p.joined = avoid_boundary(random_date(rng, dt.date(2024, 1, 5), dt.date(2024, 11, 30)))
                self.place(p, 2024, t, rural)
        # transfers in from outside the county (in 2024 only, older members)
        pool = [p for p in m.persons if p.joined and p.joined.year < 2023]
        transfer_in = rng.sample(pool, 90)
        self.only24 = set(p.pid for p in newcomers) | set(p.pid for p in transfer_in)
        # members who joined in 2023: probationary in 2023, full members in 2024
        for p in rng.sample([p for p in pool if p.pid not in self.only24 and p.birth.year >= 1980], 640):
            p.joined = avoid_boundary(random_date(rng, dt.date(2023, 1, 5), dt.date(2023, 11, 30)))
        # transfers between townships (same person, different township in 2023)
        cands = [p for p in m.persons if p.pid not in self.only24]
        self.transfers = rng.sample(cands, 186)
        tr_ids = set(p.pid for p in self.transfers)
        # stale listings: 12 of the transfers moved 湖阳镇 -> 郭滩镇 (湖阳镇 keeps them in 2024)
        guo = [p for p in self.transfers if p.years[2024]["township"] == "郭滩镇"]
        extra = [p for p in cands if p.years[2024]["township"] == "郭滩镇" and p.pid not in tr_ids]
        while len(guo) < 12:
            q = extra.pop()
            self.transfers.append(q)
            tr_ids.add(q.pid)
            guo.append(q)
        self.stale24 = guo[:12]
        stale_ids = set(p.pid for p in self.stale24)
        # 2023 membership
        for p in m.persons:
            if p.pid in self.only24:
                continue
            y = dict(p.years[2024])
            if p.pid in tr_ids:
                if p.pid in stale_ids:
                    old = "湖阳镇"
                else:
                    old = rng.choice([t for t in TOWNSHIPS if t != y["township"]])
                rural = rng.random() < (0.25 if old in URBAN else 0.65)
                self.place(p, 2023, old, rural)
            else:
                self.place(p, 2023, y["township"], y["rural"], branch=y["branch"], cat=y["category"])
        # members who left before 2024 (died, moved out of the county)
        for i in range(575):
            t = rng.choice(TOWNSHIPS)
            rural = rng.random() < (0.25 if t in URBAN else 0.65)
            p = m.new_person(rural, old=rng.random() < 0.6)
            self.place(p, 2023, t, rural)
        # badly typed ID check digits (persist in both years)
        # per-year attributes
        for p in m.persons:
            for year, y in p.years.items():
                self.attributes(p, year, y)

    def make_branch_names(self):
        rng = random.Random(SEED + 7)
        self.bnames = {}
        for t in TOWNSHIPS:
            short = t[:-2] if t.endswith("街道") else t[:-1]
            o = self.orgs[2024][t]
            used = set()
            vill = []
            while len(vill) < o["农村"]["branches"]:
                v = rng.choice(VILLAGE_A) + rng.choice(VILLAGE_B)
                if v not in used:
                    used.add(v)
                    vill.append(v + "村党支部")
            comm = []
            for i in range(o["社区"]["branches"]):
                v = rng.choice(["建设", "人民", "和平", "幸福", "友兰", "新华", "滨河", "文峰", "解放",
                                "胜利", "东风", "红旗", "兴业", "光明", "丰收", "民主", "新城", "振兴"])
                comm.append("%s%s社区党支部" % (v, "" if v not in used else str(i + 1)))
                used.add(v)
            self.bnames[t] = dict(
                农村=vill, 社区=comm,
                机关=["%s%s机关第%s党支部" % (short, "街道" if t in URBAN else ("乡" if t.endswith("乡") else "镇"), c)
                    for c in "一二三"],
                事业单位=["%s中心学校党支部" % short, "%s卫生院党支部" % short, "%s农业服务中心党支部" % short],
                国有企业=["%s供电所党支部" % short, "%s粮管所党支部" % short],
                非公有制企业=["%s%s有限公司党支部" % (short, rng.choice(["宏达", "鑫源", "恒通", "金穗", "华宇", "润丰"]))
                        for _ in range(2)],
                社会组织=["%s商会党支部" % short, "%s志愿者协会党支部" % short])

    def place(self, p, year, t, rural, branch=None, cat=None):
        rng = self.rng
        if branch is None:
            names = self.bnames[t]
            if rural:
                cat = "农村"
            else:
                cat = rng.choices(["社区", "机关", "事业单位", "国有企业", "非公有制企业", "社会组织"],
                                  [30, 22, 25, 5, 12, 6] if t in URBAN else [6, 40, 35, 4, 12, 3])[0]
            branch = rng.choice(names[cat])
        p.years[year] = dict(township=t, rural=rural, category=cat, branch=branch)

    def attributes(self, p, year, y):
        rng = random.Random(SEED * 31 + p.pid * 7 + year)
        joined = p.joined
        y["status"] = "预备党员" if joined and (year - 1) * 10000 + 1231 < joined.year * 10000 + joined.month * 100 + joined.day <= year * 10000 + 1231 else "正式党员"
        if joined and joined.year > year:
            raise AssertionError("member joined after year")
        y["confirmed"] = None if y["status"] == "预备党员" else (
            dt.date(joined.year + 1, joined.month, min(joined.day, 28)) if joined else None)
        if y["confirmed"] and y["confirmed"] > dt.date(year, 12, 31):
            y["confirmed"] = None
        age = year - p.birth.year
        y["mobile"] = rng.random() < (0.085 if y["rural"] and age < 55 else 0.02)
        y["destination"] = rng.choice(DESTINATIONS) if y["mobile"] else ""
        y["lost"] = y["mobile"] and rng.random() < 0.04
        y["hardship"] = rng.random() < (0.05 if age >= 65 or y["rural"] else 0.008)
        occ = OCC_RURAL if y["rural"] else OCC_URBAN
        y["occupation"] = "离退休人员" if age >= 62 and rng.random() < 0.7 else rng.choice(occ)

    # ---- per-year roster rows ------------------------------------------------------
    def roster_rows(self, year, t):
        """Members listed by township t in year (the truth, before presentation)."""
        cache = self.__dict__.setdefault("_rr", {})
        if not cache:
            for p in self.m.persons:
                for y, v in p.years.items():
                    cache.setdefault((y, v["township"]), []).append(p)
            for (y, tt), ps in cache.items():
                ps.sort(key=lambda p: (p.years[y]["branch"], p.pid))
        return list(cache.get((year, t), []))



    # ---- presentation choices (which rows carry which messy feature) ---------------
    def choose_features(self):
        rng = random.Random(SEED + 11)
        self.idmode = {2023: {}, 2024: {}}       # pid -> mode for that year's roster row
        self.blank_cells = {2023: set(), 2024: set()}
        self.unknown_joined = {2023: set(), 2024: set()}
        self.spaced_name = set()
        protected = set(p.pid for p in self.stale24)
        for year in (2023, 2024):
            for t in TOWNSHIPS:
                L = LAYOUTS[t]
                ps = self.roster_rows(year, t)
                digits = [p for p in ps if p.id18[-1] != "X" and p.pid not in protected]
                for key, mode in (("numeric_ids", "numeric"), ("sci_ids", "sci"), ("blank_ids", "blank")):
                    n = L.get(key, {}).get(year, 0)
                    for p in rng.sample(digits, n):
                        self.idmode[year][p.pid] = mode
                if L.get("id15"):
                    for p in ps:
                        if p.birth.year < 1962 and p.pid not in self.idmode[year]:
                            self.idmode[year][p.pid] = "15"
                if L.get("fullwidth"):
                    for p in rng.sample(ps, L["fullwidth"]):
                        self.idmode[year].setdefault(p.pid, "fw")
                if L.get("spaced_ids"):
                    for p in rng.sample(ps, L["spaced_ids"]):
                        self.idmode[year].setdefault(p.pid, "spaced")
                if L.get("empty_gender"):
                    ok = [p for p in ps if p.pid not in self.idmode[year]]
                    self.blank_cells[year] |= set(p.pid for p in rng.sample(ok, L["empty_gender"]))
                if L.get("unknown_dates") and year == 2024:
                    self.unknown_joined[year] |= set(p.pid for p in rng.sample(ps, L["unknown_dates"]))
                if L.get("spaced_names") and year == 2024:
                    self.spaced_name |= set(p.pid for p in rng.sample(ps, L["spaced_names"]))
        # wrong check digits, persistent: members in the same township both years
        for t in TOWNSHIPS:
            n = LAYOUTS[t].get("badcheck", 0)
            if not n:
                continue
            ps = [p for p in self.roster_rows(2024, t)
                  if 2023 in p.years and p.years[2023]["township"] == t
                  and p.pid not in self.idmode[2023] and p.pid not in self.idmode[2024]]
            for p in rng.sample(ps, n):
                good = p.id18[-1]
                bad = rng.choice([c for c in "0123456789" if c != good])
                p.badcheck = p.id18[:17] + bad
                self.m.ids.add(p.badcheck)

    def usable_id(self, p, year):
        mode = self.idmode[year].get(p.pid, "text")
        if mode in ("numeric", "sci", "blank"):
            return None
        return p.badcheck or p.id18

    def id_cell(self, p, year, t_list):
        mode = self.idmode[year].get(p.pid, "text")
        idv = p.badcheck or p.id18
        L = LAYOUTS[t_list]
        if mode == "numeric":
            return float("%.15g" % int(p.id18))
        if mode == "sci":
            return "%.5E" % int(p.id18)
        if mode == "blank":
            return ""
        if mode == "15":
            return p.id18[:6] + p.id18[8:17]
        if mode == "fw":
            return idv.translate(FW)
        if mode == "spaced":
            return "%s %s %s" % (idv[:6], idv[6:14], idv[14:])
        if L.get("lowerx") and idv.endswith("X"):
            return idv[:-1] + "x"
        return idv

    # ---- roster table -----------------------------------------------------------------
    def roster_columns(self, t):
        L = LAYOUTS[t]
        cols = []
        for f, a in R_FULL:
            if f in L.get("drop", []):
                continue
            if f == "gender" and L.get("no_gender"):
                continue
            if f == "township" and L["roster_attr"] != "column":
                continue
            if f == "rural" and L.get("category_instead_of_rural"):
                cols.append(("category", "党组织类别"))
                continue
            cols.append((f, L["aliases"].get(f, a)))
        if t in ("文峰街道", "郭滩镇", "城郊乡", "上屯镇", "毕店镇", "东王集乡"):
            cols.insert(0, ("seq", "序号"))
        if t == "张店镇":   # the export of a membership system: ID first, phone before status
            cols.insert(0, cols.pop([c[0] for c in cols].index("id")))
        return cols

    def roster_cell(self, p, year, field, t_list, rowrng, y=None):
        y = y or p.years[year]
        L = LAYOUTS[t_list]
        yes, no = BOOLS[L.get("bools", "是否")]
        blank = p.pid in self.blank_cells[year]
        if field == "name":
            if p.pid in self.spaced_name and len(p.name) == 2:
                return p.name[0] + " " + p.name[1]
            if p.pid in self.spaced_name:
                return p.name[0] + "\u3000" + p.name[1:]
            return p.name
        if field == "gender":
            return "" if blank else ("女" if p.female else "男")
        if field == "ethnicity":
            if L.get("ethnicity_codes"):
                return ETH_CODES[p.ethnicity]
            if p.ethnicity == "汉族" and rowrng.random() < 0.3:
                return "汉"
            return p.ethnicity
        if field == "id":
            return self.id_cell(p, year, t_list)
        if field == "birth":
            return "" if blank else fmt_date(p.birth, L["birth"])
        if field == "joined":
            if p.pid in self.unknown_joined[year]:
                return "不详"
            return fmt_date(p.joined, L["dates"])
        if field == "confirmed":
            return fmt_date(y["confirmed"], L["dates"])
        if field == "status":
            return y["status"]
        if field == "education":
            v = EDU_VARIANTS[p.education]
            return rowrng.choice(v) if t_varies(L) else v[0]
        if field == "occupation":
            return y["occupation"]
        if field == "township":
            return L.get("township_spelling", t_list)
        if field == "branch":
            return y["branch"]
        if field == "category":
            return y["category"]
        if field == "rural":
            return yes if y["rural"] else no
        if field == "mobile":
            return yes if y["mobile"] else no
        if field == "destination":
            return y["destination"]
        if field == "lost":
            return yes if y["lost"] else no
        if field == "hardship":
            return yes if y["hardship"] else no
        if field == "phone":
            return p.phone
        raise KeyError(field)

    def stale_view(self, p, year, t):
        """A stale listing shows the member as the listing township last knew them."""
        if p.years[year]["township"] == t:
            return None
        if year == 2024:
            return dict(p.years[2023])
        y = dict(p.years[2023])
        cat = "农村" if y["category"] == "农村" else "机关"
        y.update(township=t, category=cat, branch=self.bnames[t][cat][0])
        return y

    def truth_record(self, p, year, cols, township):
        fields = set(c[0] for c in cols)
        y = p.years[year]
        uid = self.usable_id(p, year)
        blank = p.pid in self.blank_cells[year]
        if "gender" in fields and not blank:
            female = p.female
        else:
            female = p.female if uid else None
        if "birth" in fields and not blank:
            by = p.birth.year
        else:
            by = p.birth.year if uid else None
        if "rural" in fields:
            rural = y["rural"]
        elif "category" in fields:
            rural = y["category"] == "农村"
        else:
            rural = False
        joined = None
        if "joined" in fields and p.pid not in self.unknown_joined[year]:
            joined = p.joined
        return dict(pid=p.pid, township=township, uid=uid, female=bool(female),
                    minority="ethnicity" in fields and p.ethnicity != "汉族",
                    rural=rural, mobile="mobile" in fields and y["mobile"],
                    lost="lost" in fields and y["lost"],
                    hardship="hardship" in fields and y["hardship"],
                    probationary="status" in fields and y["status"] == "预备党员",
                    college="education" in fields and p.education in ("研究生", "大学本科", "大学专科"),
                    birth_year=by, joined=joined, category=y["category"])

    def roster_tables(self, year, t):
        """Returns a list of (sheet_name_hint, rows, meta) for the roster of t; meta holds
        header row count and per-row truth records (None for non-data rows)."""
        L = LAYOUTS[t]
        cols = self.roster_columns(t)
        ps = self.roster_rows(year, t)
        extra = []
        if year == 2024 and L.get("stale_from"):
            extra = list(self.stale24)
        if year == 2023 and t == "上屯镇":
            extra = self.stale23
        groups = [("党员名册", ps + extra)]
        if L.get("split_roster"):
            groups = [("农村党员", [p for p in ps if p.years[year]["category"] == "农村"]),
                      ("机关及其他党员", [p for p in ps if p.years[year]["category"] != "农村"] + extra)]
        out = []
        rowrng = random.Random(SEED + year * 100 + TOWNSHIPS.index(t))
        for gname, members in groups:
            rows, truth = [], []
            title_mode = L["roster_attr"] == "title" or L.get("title") or L.get("kind") == "workbook"
            ncols = len(cols)
            if L["roster_attr"] == "sheet":
                rows.append(["党员基本信息花名册"])
                truth.append(None)
            elif title_mode or L.get("roster_fmt", "").startswith("xlsx"):
                rows.append(["%d年度%s%s" % (year, t, "党员花名册" if gname == "党员名册" else gname + "名册")])
                truth.append(None)
                if L.get("roster_fmt") != "xls":
                    rows.append(["填报单位：%s%s（盖章）          统计时点：%d年12月31日" %
                                 (t, "党工委" if t in URBAN else "党委", year)])
                    truth.append(None)
            header_at = len(rows)
            rows.append([a for f, a in cols])
            truth.append(None)
            # rejected rows: a member row without a name
            n_rej = L.get("reject_rows", {}).get(year, 0) if gname != "农村党员" else 0
            rej_at = set(rowrng.sample(range(5, max(6, len(members) - 5)), n_rej)) if n_rej else set()
            seq = 0
            for i, p in enumerate(members):
                if i in rej_at:
                    q = self.m.new_person(False)
                    q.years[year] = dict(p.years[year])
                    self.attributes(q, year, q.years[year])
                    self.m.persons.remove(q)
                    seq += 1
                    row = []
                    for f, a in cols:
                        row.append(seq if f == "seq" else ("" if f == "name" else
                                                           self.roster_cell(q, year, f, t, rowrng)))
                    rows.append(row)
                    truth.append(dict(reject="row.name_missing", column=[a for f, a in cols].index("姓名")))
                seq += 1
                row = []
                yo = self.stale_view(p, year, t)
                for f, a in cols:
                    row.append(seq if f == "seq" else self.roster_cell(p, year, f, t, rowrng, yo))
                rows.append(row)
                truth.append(self.truth_record(p, year, cols, t))
            if L.get("notes") or L.get("kind") == "workbook" and L.get("fmt") == "xlsx":
                rows.append(["填表人：%s    审核人：%s    联系电话：0377-8%07d" %
                             (rowrng.choice(STAFF), rowrng.choice(STAFF), rowrng.randrange(10 ** 7))])
                truth.append(None)
            out.append((gname, rows, truth, header_at))
        return out

    # ---- branch return --------------------------------------------------------------
    CAT_SPELL = {"文峰街道": {"社区": "城市社区"}, "源潭镇": {"农村": "行政村"},
                 "张店镇": {"非公有制企业": "非公企业"}, "湖阳镇": {"国有企业": "国企"},
                 "龙潭镇": {"机关": "党政机关"}, "毕店镇": {"非公有制企业": "民营企业"},
                 "昝岗乡": {"农村": "村"}, "苍台镇": {"社区": "街道社区"}}

    def branch_rows(self, year, t):
        """Category rows (written category, values dict) for township t."""
        o = self.orgs[year][t]
        spell = self.CAT_SPELL.get(t, {})
        out = []
        for k, v in o.items():
            if t == "黑龙镇" and k == "事业单位":
                a = {f: v[f] // 2 for f in v}
                b = {f: v[f] - a[f] for f in v}
                out.append(("学校", a, k))
                out.append(("医院", b, k))
                continue
            out.append((spell.get(k, k), dict(v), k))
        return out

    def branch_table(self, year, t, style):
        L = LAYOUTS[t]
        rows_in = self.branch_rows(year, t)
        flag = L.get("centre_flag")
        centre_h = "是否建立党员服务中心" if flag else "党员服务中心"
        merges, rows = [], []
        tsp = t
        ncols = 9
        if style in ("merged", "xlsx3"):
            three = style == "xlsx3"
            ncols = 10 if three else 9
            rows.append(["%d年基层党组织情况统计表" % year] + [""] * (ncols - 1))
            merges.append((0, 0, 0, ncols - 1))
            rows.append(["填报单位：%s%s%s（盖章）" % (COUNTY, t, "党工委" if t in URBAN else "党委")]
                        + [""] * (ncols - 3) + ["单位：个、名", ""])
            merges.append((1, 0, 1, ncols - 3))
            merges.append((1, ncols - 2, 1, ncols - 1))
            if not three:
                rows.append(["乡镇(街道)", "单位类别", "单位数", "", "基层党组织数", "", "",
                             "党员数（名）", "党员服务中心（个）"])
                rows.append(["", "", "总数", "已建立党组织", "党委", "党总支", "党支部", "", ""])
                merges += [(2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 2, 3), (2, 4, 2, 6), (2, 7, 3, 7), (2, 8, 3, 8)]
                hdr = [2, 3]
            else:
                rows.append(["乡镇", "单位类别", "单位数", "", "", "基层党组织数", "", "",
                             "党员数", "党员服务中心"])
                rows.append(["", "", "总数", "已建立党组织", "", "党委", "党总支", "党支部", "", ""])
                rows.append(["", "", "", "单独建立", "联合建立", "", "", "", "", ""])
                merges += [(2, 0, 4, 0), (2, 1, 4, 1), (2, 2, 2, 4), (3, 2, 4, 2), (3, 3, 3, 4),
                           (2, 5, 2, 7), (3, 5, 4, 5), (3, 6, 4, 6), (3, 7, 4, 7), (2, 8, 4, 8), (2, 9, 4, 9)]
                hdr = [2, 3, 4]
            first = len(rows)
            for cat, v, _ in rows_in:
                vals = [v["units"]]
                if three:
                    joint = v["covered"] // 3 if _ in ("非公有制企业", "社会组织") else 0
                    vals += [v["covered"] - joint, joint]
                else:
                    vals += [v["covered"]]
                vals += [v["committees"], v["general_branches"], v["branches"], v["members"], v["centres"]]
                rows.append(["" if len(rows) > first else tsp, cat] + vals)
            merges.append((first, 0, len(rows) - 1, 0))
            tot = ["合计", ""] + [sum(r[c] for r in rows[first:]) for c in range(2, ncols)]
            rows.append(tot)
            merges.append((len(rows) - 1, 0, len(rows) - 1, 1))
            rows.append(["填表人：%s    审核人：%s    填报日期：%d年1月10日" %
                         (STAFF[TOWNSHIPS.index(t) % len(STAFF)], STAFF[(TOWNSHIPS.index(t) + 3) % len(STAFF)],
                          year + 1)] + [""] * (ncols - 1))
            merges.append((len(rows) - 1, 0, len(rows) - 1, ncols - 1))
            return rows, merges, hdr
        # flat layouts
        titled = style in ("flat_xlsx",) or t in ("黑龙镇", "古城乡", "少拜寺镇")
        if titled:
            rows.append(["%s%d年基层党组织情况统计表" % (t, year)])
            if style == "flat_xlsx":
                rows.append(["填报单位：%s    单位：个、名" % t])
        hdr = [len(rows)]
        if style == "flat_xlsx":
            rows.append(["乡镇", "单位类别", "单位总数", "已建立党组织单位数", "党委数", "党总支数",
                         "党支部数", "党员人数", centre_h])
        elif style == "xls":
            rows.append(["党(工)委", "类别", "单位数", "已建党组织", "基层党委", "总支", "支部",
                         "党员总数", centre_h])
        else:
            rows.append(["乡镇名称", "单位类别", "应建单位数", "已建立党组织单位数", "党委", "党总支",
                         "党支部", "党员数", centre_h])
        first = len(rows)
        for cat, v, _ in rows_in:
            rows.append([tsp, cat, v["units"], v["covered"], v["committees"], v["general_branches"],
                         v["branches"], v["members"], v["centres"]])
        rows.append(["合计", ""] + [sum(r[c] for r in rows[first:]) for c in range(2, 9)])
        if style != "xls":
            rows.append(["填表人：%s" % STAFF[TOWNSHIPS.index(t) % len(STAFF)]])
        return rows, merges, hdr

    # ---- ledger -------------------------------------------------------------------------
    def build_ledgers(self, year):
        rng = random.Random(SEED + 500 + year)
        T = TARGETS[year]
        n = T["records"]
        per_t = split_total(n, [self.n24[t] for t in TOWNSHIPS], minimum=6)
        # amounts per source (fen)
        sources = []
        src_counts = split_total(n, [46, 33, 21])
        amounts = []
        menu = [500, 800, 1000, 1000, 1000, 1500, 2000, 2000, 3000, 5000]
        for (src, total), cnt in zip(T["by_source"].items(), src_counts):
            a = [rng.choice(menu) for _ in range(cnt)]
            diff = total // 100 - sum(a)
            while diff != 0:
                i = rng.randrange(cnt)
                step = min(abs(diff), 500)
                if diff > 0 and a[i] + step <= 8000:
                    a[i] += step
                    diff -= step
                elif diff < 0 and a[i] - step >= 300:
                    a[i] -= step
                    diff += step
            for x in a:
                amounts.append((src, x * 100))
        rng.shuffle(amounts)
        # assign to townships; 郭滩镇 (万元) gets whole hundreds anyway
        recs = []
        k = 0
        for t, cnt in zip(TOWNSHIPS, per_t):
            for _ in range(cnt):
                recs.append(dict(township=t, source=amounts[k][0], fen=amounts[k][1]))
                k += 1
        # a pair of amounts with 50 fen in 文峰街道's CSV
        wf = [r for r in recs if r["township"] == "文峰街道"]
        same = [r for r in wf if r["source"] == wf[0]["source"]]
        same[0]["fen"] += 50
        same[1]["fen"] -= 50
        # recipients, categories, dates
        for t in TOWNSHIPS:
            L = LAYOUTS[t]
            rs = [r for r in recs if r["township"] == t]
            ps = [p for p in self.roster_rows(year, t) if self.idmode[year].get(p.pid, "text") == "text"
                  and not p.badcheck and p.pid not in set(q.pid for q in self.stale24)]
            hard = [p for p in ps if p.years[year]["hardship"]]
            old = [p for p in ps if year - p.birth.year >= 75 and p not in hard]
            cand = hard + old
            rng.shuffle(cand)
            chosen = []
            for i, r in enumerate(rs):
                if chosen and rng.random() < 0.12:
                    p = rng.choice(chosen)
                else:
                    p = cand.pop(0)
                    chosen.append(p)
                r["person"] = p
                r["name"] = p.name
                r["id"] = p.id18
                cat = "老党员慰问" if year - p.birth.year >= 75 and rng.random() < 0.6 else rng.choice(LEDGER_CATS)
                r["category"] = cat
                if cat == "春节走访慰问":
                    d = random_date(rng, dt.date(year, 1, 8), dt.date(year, 2, 20))
                elif cat == "七一走访慰问":
                    d = random_date(rng, dt.date(year, 6, 20), dt.date(year, 7, 10))
                else:
                    d = random_date(rng, dt.date(year, 3, 1), dt.date(year, 12, 20))
                r["date"] = d
            if L.get("nonmember_recipients"):
                for r in rs[:L["nonmember_recipients"]]:
                    female = rng.random() < 0.5
                    b = dt.date(rng.randint(1940, 1960), rng.randint(1, 12), rng.randint(1, 28))
                    r["name"] = self.m.new_name(female)
                    r["id"] = self.m.new_id(b, female)
                    r["person"] = None
                    r["category"] = "生活困难党员帮扶"
                    r["nonmember"] = True
            rs.sort(key=lambda r: r["date"])
        self.ledgers = getattr(self, "ledgers", {})
        self.ledgers[year] = recs

    def ledger_table(self, year, t, fmt, county=False):
        """Rows of one ledger (own township or county-wide) and truth per row."""
        L = LAYOUTS[t] if not county else {}
        rng = random.Random(SEED + 900 + year + (TOWNSHIPS.index(t) if not county else 99))
        if county:
            towns = [x for x in TOWNSHIPS if LAYOUTS[x]["ledger"] == "county"]
            recs = sorted([r for r in self.ledgers[year] if r["township"] in towns],
                          key=lambda r: (r["date"], TOWNSHIPS.index(r["township"])))
        else:
            recs = [r for r in self.ledgers[year] if r["township"] == t]
        wan = fmt == "xlsx-wan"
        noid = fmt == "csv-gbk-noid"
        rows, truth = [], []
        if county:
            rows.append(["%d年%s党内关怀帮扶资金发放台账" % (year, COUNTY)])
            rows.append(["填报单位：中共%s委组织部          单位：元" % COUNTY])
            header = ["序号", "乡镇", "慰问对象", "身份证号码", "慰问类别", "发放金额", "资金来源",
                      "发放日期", "备注"]
        else:
            if fmt not in ("csv-gbk-noid", "csv-utf8bom"):
                rows.append(["%s%d年党员帮扶资金发放台账" % (t, year)])
            if wan:
                header = ["序号", "帮扶对象", "身份证号", "帮扶类别", "金额（万元）", "资金来源", "发放日期"]
            elif noid:
                header = ["受助人", "帮扶类别", "帮扶金额", "来源", "日期"]
            elif fmt == "csv-utf8bom":
                header = ["序号", "姓名", "身份证号", "类别", "金额", "资金来源", "发放时间"]
            else:
                header = ["序号", "姓名", "身份证号码", "帮扶类别", "金额（元）", "资金来源", "发放日期", "备注"]
        header_at = len(rows)
        rows.append(header)
        truth += [None] * len(rows)
        mixed = L.get("amount_style") == "text_mixed" or fmt.startswith("csv")
        total_fen = 0
        seq = 0
        items = list(recs)
        if L.get("reject_amount"):
            p = recs[0]["person"]
            items.insert(len(items) // 2, dict(township=t, source="财政拨付", fen=None, person=p,
                                               name=p.name, id=p.id18, category="生活困难党员帮扶",
                                               date=recs[0]["date"], reject=True))
        for r in items:
            seq += 1
            src = r["source"]
            if src == "财政拨付" and t == "少拜寺镇":
                src = "财政配套"
            if r.get("reject"):
                amount = "待核实"
            elif wan:
                amount = round(r["fen"] / 1000000, 4)
            elif fmt.startswith("csv") or fmt == "xls":
                yuan = r["fen"] / 100
                style = rng.random()
                if r["fen"] % 100:
                    amount = "{:,.2f}".format(yuan)
                elif style < 0.25 and fmt != "xls":
                    amount = "{:,.2f}".format(yuan)
                elif style < 0.35 and fmt != "xls":
                    amount = "%d元" % yuan
                elif style < 0.45 and fmt != "xls":
                    amount = "￥{:,.0f}".format(yuan)
                else:
                    amount = ("%d" % yuan) if fmt != "xls" else float(yuan)
            else:
                amount = r["fen"] / 100 if r["fen"] % 100 else r["fen"] // 100
            if fmt.startswith("csv"):
                d = r["date"].isoformat() if rng.random() < 0.5 else "%d/%d/%d" % (r["date"].year, r["date"].month, r["date"].day)
            elif fmt == "xls":
                d = "%d年%d月%d日" % (r["date"].year, r["date"].month, r["date"].day)
            else:
                d = r["date"]
            spelled = r["township"]
            if county and r["township"] in ("湖阳镇", "马振抚乡") and seq % 2:
                spelled = r["township"][:-1]
            if county:
                row = [seq, spelled, r["name"], r["id"], r["category"], amount, src, d, ""]
            elif wan:
                row = [seq, r["name"], r["id"], r["category"], amount, src, d]
            elif noid:
                row = [r["name"], r["category"], amount, src, d]
            elif fmt == "csv-utf8bom":
                row = [seq, r["name"], r["id"], r["category"], amount, src, d]
            else:
                row = [seq, r["name"], r["id"], r["category"], amount, src, d,
                       "党员遗属" if r.get("nonmember") else ""]
            rows.append(row)
            if r.get("reject"):
                truth.append(dict(reject="amount.invalid", column=header.index(
                    [h for h in header if h.startswith("金额") or h in ("发放金额", "帮扶金额")][0])))
                continue
            total_fen += r["fen"]
            key = ("name", r["name"], r["township"]) if noid else ("id", r["id"])
            truth.append(dict(township=r["township"], fen=r["fen"], source=CANON_SOURCE[src],
                              category=r["category"], key=key, nonmember=bool(r.get("nonmember"))))
        # declared total and a note
        tot_amount = round(total_fen / 1000000, 4) if wan else (
            "{:,.2f}".format(total_fen / 100) if fmt.startswith("csv") else total_fen / 100)
        ai = [i for i, h in enumerate(header) if h.startswith("金额") or h in ("发放金额", "帮扶金额")][0]
        tot = [""] * len(header)
        tot[0] = "合计"
        tot[ai] = tot_amount
        rows.append(tot)
        truth.append(None)
        if not fmt.startswith("csv"):
            rows.append(["填表人：%s    审核人：%s" % (rng.choice(STAFF), rng.choice(STAFF))])
            truth.append(None)
        return rows, truth, header_at

    # ---- output -----------------------------------------------------------------------
    def emit(self, year):
        d = os.path.join(self.out, str(year))
        os.makedirs(d, exist_ok=True)
        self.rosters = []     # (path, sheet_idx, sheet_name, rows, truth)
        self.ledger_out = []
        for t in TOWNSHIPS:
            self.fill_members_reported(year, t)
        for i, t in enumerate(TOWNSHIPS):
            self.emit_township(year, d, "%02d" % (i + 1), t)
        # the county-wide ledger
        rows, truth, hat = self.ledger_table(year, None, "xlsx", county=True)
        name = "22-县委组织部-%d年党内关怀帮扶资金发放台账.xlsx" % year
        sh = Sheet("台账", rows, merges=[(0, 0, 0, 8), (1, 0, 1, 8)], header_rows=[hat],
                   widths={0: 6, 1: 10, 2: 10, 3: 21, 4: 14, 5: 12, 6: 14, 7: 12, 8: 10})
        write_xlsx_openpyxl(os.path.join(d, name), [sh], date_format="yyyy年m月d日")
        self.ledger_out.append((name, 0, "台账", truth))
        self.files[year].append(name)

    def emit_township(self, year, d, pre, t):
        L = LAYOUTS[t]
        rosters = self.roster_tables(year, t)
        if L["kind"] == "workbook":
            fmt = L["fmt"]
            ext = "xls" if fmt.startswith("xls-") or fmt == "xls" else "xlsx"
            name = "%s-%s-%d年党建统计报表.%s" % (pre, t, year, ext)
            sheets = []
            if L.get("explain"):
                sheets.append(Sheet("说明", [["填报说明"], ["1. 本表由各乡镇（街道）党（工）委组织委员填报，统计时点为当年12月31日。"],
                                            ["2. 党员名册请勿合并单元格，身份证号码请以文本格式录入。"],
                                            ["3. 帮扶资金按实际发放金额填写，单位为元。"]], widths={0: 80}))
            style = "xls" if ext == "xls" else L["branch"]
            brows, bmerges, bh = self.branch_table(year, t, style)
            sheets.append(Sheet("基层党组织情况", brows, bmerges, header_rows=bh,
                                widths={0: 12, 1: 14}))
            for gname, rows, truth, hat in rosters:
                merges = [] if ext == "xls" else [(0, 0, 0, len(rows[hat]) - 1)]
                if ext != "xls" and len(rows) > 1 and hat >= 2:
                    merges.append((1, 0, 1, len(rows[hat]) - 1))
                sheets.append(Sheet(gname, rows, merges, header_rows=[hat], widths=self.roster_widths(rows[hat])))
                self.rosters.append((name, len(sheets) - 1, gname, rows, truth))
            if L["ledger"] == "own":
                lrows, ltruth, lh = self.ledger_table(year, t, "xls" if ext == "xls" else "xlsx")
                sheets.append(Sheet("帮扶资金台账", lrows, [] if ext == "xls" else [(0, 0, 0, 7)],
                                    header_rows=[lh], widths={1: 10, 2: 21, 3: 16}))
                self.ledger_out.append((name, len(sheets) - 1, "帮扶资金台账", ltruth))
            path = os.path.join(d, name)
            if ext == "xls":
                write_xls(path, sheets, encoding="gbk" if fmt == "xls-gbk" else "utf-8")
            else:
                write_xlsx_openpyxl(path, sheets, date_format="yyyy-mm-dd" if t != "滨河街道" else "yyyy年m月d日")
            self.files[year].append(name)
            return
        # separate files
        # branch return
        style = L["branch"]
        brows, bmerges, bh = self.branch_table(year, t, style if style in ("merged", "xlsx3", "flat_xlsx", "xls") else "csv")
        if style.startswith("csv"):
            name = "%s-%s-基层党组织情况统计表.csv" % (pre, t)
            write_csv(os.path.join(d, name), brows, encoding="gbk" if style == "csv-gbk" else "utf-8",
                      bom=style == "csv-utf8bom")
        elif style == "xls":
            name = "%s-%s-基层党组织情况统计表.xls" % (pre, t)
            write_xls(os.path.join(d, name), [Sheet("Sheet1", brows, header_rows=bh)],
                      encoding="gbk" if t in ("张店镇",) else "utf-8")
        else:
            name = "%s-%s-基层党组织情况统计表.xlsx" % (pre, t)
            sh = Sheet("%d年" % year, brows, bmerges, header_rows=bh, widths={0: 12, 1: 14, 2: 8, 3: 12})
            if t == "东王集乡":
                write_xlsx_xlsxwriter(os.path.join(d, name), [sh])
            else:
                write_xlsx_openpyxl(os.path.join(d, name), [sh])
        self.files[year].append(name)
        # roster
        rf = L["roster_fmt"]
        base = L.get("roster_file")
        gname, rows, truth, hat = rosters[0]
        if rf in ("csv-gbk", "csv-gb18030", "csv-utf8bom", "tsv-gb18030", "tsv-utf8bom"):
            name = "%s-%s-党员名册.csv" % (pre, t)
            enc = {"csv-gbk": "gbk", "csv-gb18030": "gb18030", "csv-utf8bom": "utf-8", "tsv-gb18030": "gb18030", "tsv-utf8bom": "utf-8"}[rf]
            write_csv(os.path.join(d, name), rows, encoding=enc, bom="utf8bom" in rf,
                      delimiter="\t" if rf.startswith("tsv") else ",")
            sheet = os.path.splitext(name)[0]
        elif rf == "xls":
            name = "%s-%s-党员名册.xls" % (pre, t)
            sheet = "党员名册"
            write_xls(os.path.join(d, name), [Sheet(sheet, rows, header_rows=[hat])])
        else:
            name = "%s-%s.xlsx" % (pre, base) if base else "%s-%s-党员名册.xlsx" % (pre, t)
            sheet = t if L["roster_attr"] == "sheet" else "党员名册"
            merges = [(0, 0, 0, len(rows[hat]) - 1)] if hat >= 1 else []
            if hat >= 2:
                merges.append((1, 0, 1, len(rows[hat]) - 1))
            sheets = [Sheet(sheet, rows, merges, header_rows=[hat], widths=self.roster_widths(rows[hat]))]
            if L["roster_attr"] == "sheet":
                sheets.append(Sheet("Sheet2", []))
            if rf == "xlsx-xw":
                write_xlsx_xlsxwriter(os.path.join(d, name), sheets)
            else:
                write_xlsx_openpyxl(os.path.join(d, name), sheets)
        self.rosters.append((name, 0, sheet, rows, truth))
        self.files[year].append(name)
        # ledger
        if L["ledger"] == "own":
            lf = L["ledger_fmt"]
            lrows, ltruth, lh = self.ledger_table(year, t, lf)
            if lf.startswith("csv"):
                name = "%s-%s-帮扶资金发放台账.csv" % (pre, t)
                write_csv(os.path.join(d, name), lrows, encoding="utf-8" if "utf8" in lf else "gbk",
                          bom="utf8bom" in lf)
                sheet = os.path.splitext(name)[0]
            elif lf == "xls":
                name = "%s-%s-帮扶资金发放台账.xls" % (pre, t)
                sheet = "台账"
                write_xls(os.path.join(d, name), [Sheet(sheet, lrows, header_rows=[lh])], encoding="gbk")
            else:
                name = "%s-%s-帮扶资金发放台账.xlsx" % (pre, t)
                sheet = "%d年" % year
                write_xlsx_openpyxl(os.path.join(d, name),
                                    [Sheet(sheet, lrows, [(0, 0, 0, len(lrows[lh]) - 1)], header_rows=[lh],
                                           widths={1: 10, 2: 21, 3: 16, 4: 14})],
                                    date_format="yyyy/m/d")
            self.ledger_out.append((name, 0, sheet, ltruth))
            self.files[year].append(name)

    def roster_widths(self, header):
        w = {}
        for i, h in enumerate(header):
            w[i] = {"公民身份号码": 21, "身份证号": 21, "身份证号码": 21, "身份证": 21, "所在党支部": 24,
                    "支部名称": 24, "所在党组织": 24, "联系电话": 13, "手机号码": 13}.get(h, 11)
        return w

    # ---- truth ----------------------------------------------------------------------------
    def counted(self, year):
        """Counted roster records in import order (SPEC section 4)."""
        recs = []
        for name, si, sheet, rows, truth in self.rosters:
            for r, tr in enumerate(truth):
                if tr is not None:
                    recs.append(((name, si, r), sheet, tr))
        recs.sort(key=lambda x: x[0])
        seen = {}
        counted, dups, rejects = [], [], []
        for (name, si, r), sheet, tr in recs:
            if "reject" in tr:
                rejects.append(dict(file="%d/%s" % (year, name), sheet=sheet, row=r + 1,
                                    code=tr["reject"], column=col_letter(tr["column"])))
                continue
            if tr["uid"] and tr["uid"] in seen:
                dups.append(dict(file="%d/%s" % (year, name), sheet=sheet, row=r + 1,
                                 first=seen[tr["uid"]]))
                continue
            if tr["uid"]:
                seen[tr["uid"]] = "%d/%s" % (year, name)
            counted.append(tr)
        return counted, dups, rejects

    def fill_members_reported(self, year, t):
        """Set members per branch-return row from the roster truth (plus the deliberate
        mismatches)."""
        if not hasattr(self, "_reported"):
            self._reported = {}
        if year not in self._reported:
            # provisional count from the model: members of the township by category, with
            # the stale listings that the township itself still reports
            self._reported[year] = True
        o = self.orgs[year][t]
        ps = self.roster_rows(year, t)
        bycat = defaultdict(int)
        for p in ps:
            bycat[p.years[year]["category"]] += 1
        if year == 2024 and t == "湖阳镇":
            for p in self.stale24:
                bycat[p.years[2023]["category"]] += 1
        if year == 2023 and t == "上屯镇":
            for p in self.stale23:
                bycat["农村" if p.years[2023]["category"] == "农村" else "机关"] += 1
        if t == "黑龙镇" and year == 2024:
            bycat["农村"] += LAYOUTS[t]["mismatch"]
        for k in o:
            o[k]["members"] = bycat.get(k, 0)
        assert sum(bycat.values()) == sum(v["members"] for v in o.values()), (t, dict(bycat))


def t_varies(L):
    return L.get("kind") == "files" and L.get("roster_fmt", "").startswith(("csv", "tsv"))


def col_letter(i):
    return get_column_letter(i + 1)


def money(fen):
    return "%d.%02d" % (fen // 100, fen % 100)


def expected(g, year):
    counted, dups, rejects = g.counted(year)
    L = g.ledger_out
    lrecs, lrejects = [], []
    for name, si, sheet, truth in L:
        for r, tr in enumerate(truth):
            if tr is None:
                continue
            if "reject" in tr:
                lrejects.append(dict(file="%d/%s" % (year, name), sheet=sheet, row=r + 1, code=tr["reject"],
                                     column=col_letter(tr["column"])))
            else:
                lrecs.append(tr)
    total = len(counted)
    m = OrderedDict()
    for k in ("women", "minority", "rural", "mobile", "lost_contact", "hardship", "probationary", "college"):
        src = {"women": "female", "lost_contact": "lost"}.get(k, k)
        m[k] = sum(1 for r in counted if r[src])
    members = OrderedDict([("total", total)] + list(m.items()))
    ratios = OrderedDict((k, v / total) for k, v in members.items() if k != "total")
    o = g.orgs[year]
    orgs = OrderedDict(committees=sum(v["committees"] for t in o for v in o[t].values()),
                       general_branches=sum(v["general_branches"] for t in o for v in o[t].values()),
                       branches=sum(v["branches"] for t in o for v in o[t].values()),
                       members_reported=sum(v["members"] for t in o for v in o[t].values()))
    bycat = OrderedDict()
    for t in TOWNSHIPS:
        for cat, v in o[t].items():
            c = bycat.setdefault(cat, dict(units=0, covered=0))
            c["units"] += v["units"]
            c["covered"] += v["covered"]
    for c in bycat.values():
        c["ratio"] = c["covered"] / c["units"] if c["units"] else None
    units = sum(c["units"] for c in bycat.values())
    covered = sum(c["covered"] for c in bycat.values())
    cov = OrderedDict(overall=OrderedDict(units=units, covered=covered, ratio=covered / units),
                      by_category=bycat)
    by_source, by_category, by_t = defaultdict(int), defaultdict(int), defaultdict(int)
    keys = set()
    for r in lrecs:
        by_source[r["source"]] += r["fen"]
        by_category[r["category"]] += r["fen"]
        by_t[r["township"]] += r["fen"]
        keys.add(r["key"])
    ftotal = sum(r["fen"] for r in lrecs)
    funding = OrderedDict(total=money(ftotal), records=len(lrecs), recipients=len(keys),
                          by_category=OrderedDict((k, money(v)) for k, v in sorted(by_category.items())),
                          by_source=OrderedDict((k, money(v)) for k, v in sorted(by_source.items())))
    towns = []
    roster_ids = set(r["uid"] for r in counted if r["uid"])
    for t in TOWNSHIPS:
        rs = [r for r in counted if r["township"] == t]
        mob = sum(1 for r in rs if r["mobile"])
        towns.append(OrderedDict(township=t, members=len(rs), mobile=mob,
                                 mobile_ratio=mob / len(rs) if rs else None,
                                 rural=sum(1 for r in rs if r["rural"]), funding=money(by_t.get(t, 0)),
                                 members_reported=sum(v["members"] for v in o[t].values())))
    mismatch = [x["township"] for x in towns if x["members"] != x["members_reported"]]
    # age bands (ages at Y-12-31) and joining periods
    bands = OrderedDict((b, 0) for b in ["<=30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", ">=61", "unknown"])
    for r in counted:
        if r["birth_year"] is None:
            bands["unknown"] += 1
            continue
        a = year - r["birth_year"]
        b = "<=30" if a <= 30 else ">=61" if a >= 61 else ["31-35", "36-40", "41-45", "46-50", "51-55", "56-60"][(a - 31) // 5]
        bands[b] += 1
    periods = OrderedDict((k, 0) for k in ["before_1949-10-01", "1949-10-01_to_1978-12-18",
                                           "1978-12-19_to_2012-11-08", "after_2012-11-08", "unknown"])
    for r in counted:
        j = r["joined"]
        if j is None:
            periods["unknown"] += 1
        elif j < dt.date(1949, 10, 1):
            periods["before_1949-10-01"] += 1
        elif j <= dt.date(1978, 12, 18):
            periods["1949-10-01_to_1978-12-18"] += 1
        elif j <= dt.date(2012, 11, 8):
            periods["1978-12-19_to_2012-11-08"] += 1
        else:
            periods["after_2012-11-08"] += 1
    centres_by_t = OrderedDict((t, sum(v["centres"] for v in o[t].values())) for t in TOWNSHIPS)
    with_c = [t for t, n in centres_by_t.items() if n > 0]
    rc = sum(o[t][k]["branches"] for t in TOWNSHIPS for k in ("农村", "社区"))
    not_in_roster = sum(1 for r in lrecs if r["key"][0] == "id" and r["key"][1] not in roster_ids)
    warn = OrderedDict()
    warn["member.duplicate"] = len(dups)
    warn["members.mismatch"] = mismatch
    warn["id.lost_precision"] = sum(1 for x in g.idmode[year].values() if x in ("numeric", "sci"))
    warn["id.checksum"] = sum(1 for name, si, sheet, rows, truth in g.rosters for tr in truth
                              if tr and "pid" in tr and g.m.persons[tr["pid"]].badcheck)
    warn["ids_without_usable_value"] = sum(1 for r in counted if not r["uid"])
    warn["ledger_recipients_not_in_roster"] = not_in_roster
    return OrderedDict([
        ("year", year), ("members", members), ("ratios", ratios), ("organisations", orgs),
        ("coverage", cov), ("funding", funding), ("townships", towns),
        ("_non_contract", OrderedDict([
            ("note", "Figures SPEC section 5 defines but section 6 does not name. age_bands, joining_periods and "
                     "service_centres use the keys of partystats indicators --json (age_bands/joining_periods there "
                     "are lists of {key, label, members}); the rest are the generator's own."),
            ("rural_community_branches", rc),
            ("service_centres", OrderedDict(centres=sum(centres_by_t.values()), townships=len(TOWNSHIPS),
                                            with_centre=len(with_c), ratio=len(with_c) / len(TOWNSHIPS),
                                            without=[t for t in TOWNSHIPS if t not in with_c],
                                            by_township=centres_by_t)),
            ("age_bands", bands), ("joining_periods", periods),
            ("rejects", sorted(rejects + lrejects, key=lambda x: (x["file"], x["row"]))),
            ("duplicates", dups), ("warnings", warn)])),
    ]), counted


def flows(c23, c24):
    ids23 = {r["uid"]: r["township"] for r in c23 if r["uid"]}
    ids24 = {r["uid"]: r["township"] for r in c24 if r["uid"]}
    joined = sum(1 for k in ids24 if k not in ids23)
    left = sum(1 for k in ids23 if k not in ids24)
    transferred = sum(1 for k in ids24 if k in ids23 and ids23[k] != ids24[k])
    wf = sum(1 for r in c23 if not r["uid"])
    wt = sum(1 for r in c24 if not r["uid"])
    assert len(c24) == len(c23) + joined - left + wt - wf
    towns = []
    for t in TOWNSHIPS:
        a = sum(1 for r in c23 if r["township"] == t)
        b = sum(1 for r in c24 if r["township"] == t)
        towns.append(OrderedDict(township=t, members_from=a, members_to=b, delta=b - a))
    return OrderedDict(members=OrderedDict([("from", len(c23)), ("to", len(c24)), ("joined", joined),
                                            ("left", left), ("transferred", transferred),
                                            ("without_id_from", wf), ("without_id_to", wt)]),
                       townships=towns)


MAPPING = """# Mapping for the sample county (partystats import --mapping datasets/mapping.yaml)
# 党费补助 is how this county's townships write the party-fee subsidy from above; it is
# not one of SPEC's canonical funding sources.
sources:
  党费补助: 上级下拨党费
county: 唐河县
"""


def run(outdir):
    g = Generator(outdir)
    g.build_population()
    # stale 2023 listings: 苍台镇 members still listed by 上屯镇 in 2023
    rng = random.Random(SEED + 77)
    g.choose_features()
    cang = [p for p in g.roster_rows(2023, "苍台镇") if g.usable_id(p, 2023)
            and g.idmode[2023].get(p.pid, "text") == "text"]
    g.stale23 = rng.sample(cang, 8)
    for year in (2023, 2024):
        shutil.rmtree(os.path.join(outdir, str(year)), ignore_errors=True)
    results = {}
    for year in (2023, 2024):
        g.build_ledgers(year)
        g.emit(year)
        exp, counted = expected(g, year)
        results[year] = (exp, counted)
        exp["files"] = sorted(g.files[year])
    cmp = flows(results[2023][1], results[2024][1])
    cmp_doc = OrderedDict([("from", 2023), ("to", 2024)])
    cmp_doc.update(cmp)
    results[2024][0]["compare"] = cmp_doc
    for year in (2023, 2024):
        exp = results[year][0]
        if year == 2023:
            exp.pop("compare", None)
        with open(os.path.join(outdir, "expected-%d.json" % year), "w", encoding="utf-8") as f:
            json.dump(exp, f, ensure_ascii=False, indent=2)
            f.write("\n")
    with open(os.path.join(outdir, "mapping.yaml"), "w", encoding="utf-8") as f:
        f.write(MAPPING)
    return g, results


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "datasets")
    os.makedirs(out, exist_ok=True)
    g, results = run(out)
    e = results[2024][0]
    print("2024: members %d rural %d committees %d general %d branches %d records %d total %s" % (
        e["members"]["total"], e["members"]["rural"], e["organisations"]["committees"],
        e["organisations"]["general_branches"], e["organisations"]["branches"],
        e["funding"]["records"], e["funding"]["total"]))


if __name__ == "__main__":
    main()
