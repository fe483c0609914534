"""Shared pieces of the real-forms generator (scripts/gen-real-forms): code tables as the
national member-management system lists them, synthetic people (names, IDs with valid
GB 11643 check digits, unique across the folder), expected member figures, and small
writers for openpyxl, xlwt and GBK CSV."""

import csv
import datetime as dt
import importlib.util
import io
import json
import os
import random
import sys
from collections import Counter, OrderedDict

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location("gsc", os.path.join(HERE, "gen-sample-county.py"))
gsc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gsc)
check_digit, normalise_zip = gsc.check_digit, gsc.normalise_zip

SEED = 20250110
YEAR = 2024
COUNTY = "柳河县"
REGION = "220524"   # the ID prefix of every synthetic person (a county code; IDs are generated)
TOWNSHIPS = ["柳河镇", "青石乡", "红石镇", "安口镇", "东关街道", "白沙镇"]

# GB/T 3304 nationality codes as the national member-management system lists them
# (scmt1/SmartPartyBuilding 党员基本信息采集表.xlsx, column V).
GB3304 = ["汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
          "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
          "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
          "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
          "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族",
          "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族"]
NATION_CODES = [f"{i + 1:02d} {n}" for i, n in enumerate(GB3304)] + ["91 其他族", "92 外国血统", "93 外国民族"]
# 学历 (GB/T 4658 as the national system lists it; same source, column W).
EDU_CODES = ["11 博士研究生  ", "12 硕士研究生", "13 硕士生班", "1A 中央党校研究生", "1B 省（区、市）委党校研究生",
             "21 大学", "22 大专", "23 大学普通班", "24 第二学士学位班", "2A 中央党校大学", "2B 省（区、市）委党校大学 ",
             "2C 中央党校大专", "2D 省（区、市）委党校大专", "41 中等专科", "44 职业高中", "47 技工学校 ", "6 普通高中",
             "7 初中", "8 小学", "9 其他"]
# 工作岗位 (same source, column X; first entries and the ones used below).
POST_CODES = ["011 公务员", "012 参照公务员法管理的工作人员", "0211 事业单位管理岗位", "0212 事业单位专业技术岗位",
              "0213 公有经济控制企业管理岗位", "0214 公有经济控制企业专业技术岗位", "0215 非公有经济控制企业管理岗位",
              "0216 非公有经济控制企业专业技术岗位", "0217 民办非企业管理岗位", "0218 民办非企业专业技术岗位",
              "0311 公有经济控制单位工勤岗位", "0312 非公有企业工勤岗位", "0313 民办非企业工勤岗位", "0314 机关单位工勤岗位",
              "0315 事业单位工勤岗位", "11 农牧渔业生产人员", "122 乡村医生", "123 外出务工经商人员", "124 其他农牧渔民",
              "2 解放军、武警", "301 研究生毕业年级学生", "311 大学本科毕业年级学生", "501 离休干部", "502 退休人员",
              "601 大学生村官", "602 社区工作人员", "604 个体工商户中的从业人员", "605 自由职业人员", "612 其他从业人员",
              "613 其他无业人员"]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
GIVEN_M = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林峰建国忠志新庆春海东学文玉德成利全金山清保生光荣福贵"
GIVEN_F = "芳娜敏静丽艳娟霞秀英华慧巧美玲桂兰萍红燕梅琳雪莉倩婷颖洁琴云凤翠珍琼月素"
DESTS = ["广东省深圳市", "浙江省杭州市", "江苏省苏州市", "上海市", "北京市", "吉林省长春市", "辽宁省沈阳市"]
# Education as each source writes it, with the SPEC §3 level it means.
EDU_LEVEL = {"研究生": "研究生", "大学": "大学本科", "大专": "大学专科", "中专": "中专", "高中": "高中",
             "初中": "初中及以下", "小学": "初中及以下"}
COLLEGE = {"研究生", "大学本科", "大学专科"}


class People:
    """Synthetic people: unique names and IDs across the whole folder."""

    def __init__(self, rng):
        self.rng, self.ids, self.names, self.seq = rng, set(), set(), 0

    def name(self, female):
        while True:
            given = GIVEN_F if female else GIVEN_M
            n = self.rng.choice(SURNAMES) + self.rng.choice(given) + (self.rng.choice(given) if self.rng.random() < 0.7 else "")
            if n not in self.names:
                self.names.add(n)
                return n

    def id18(self, birth, female):
        while True:
            self.seq += 1
            s = (self.seq * 7 + self.rng.randrange(10)) % 1000
            if (s % 2 == 0) != female:
                s = (s + 1) % 1000
            first = f"{REGION}{birth:%Y%m%d}{s:03d}"
            if first not in self.ids:
                self.ids.add(first)
                return first + check_digit(first)

    def member(self, female=None, age=None, probationary=False, minority=False, edu=None):
        rng = self.rng
        female = rng.random() < 0.3 if female is None else female
        age = age if age is not None else rng.randint(24, 86)
        birth = dt.date(YEAR - age, rng.randint(1, 12), rng.randint(1, 28))
        lo = max(dt.date(birth.year + 19, birth.month, birth.day), dt.date(1952, 1, 1))
        if probationary:
            joined = dt.date(YEAR, rng.randint(1, 9), rng.randint(1, 28))
            confirmed = None
        else:
            hi = dt.date(YEAR - 2, 6, 30)
            joined = lo + dt.timedelta(days=rng.randrange(max((hi - lo).days, 1)))
            if joined.month == 10:      # year.month cells: keep clear of the ambiguous 2005.1
                joined = joined.replace(month=11)
            confirmed = dt.date(joined.year + 1, joined.month, joined.day)
        if edu is None:
            edu = rng.choices(["研究生", "大学", "大专", "中专", "高中", "初中", "小学"], [2, 18, 20, 12, 18, 25, 5])[0]
        nation = rng.choice(["回族", "满族", "朝鲜族", "蒙古族"]) if minority else "汉族"
        return dict(name=self.name(female), female=female, birth=birth, id=self.id18(birth, female),
                    nation=nation, edu=edu, joined=joined, confirmed=confirmed, probationary=probationary,
                    phone="1" + rng.choice("35789") + "".join(rng.choice("0123456789") for _ in range(9)),
                    mobile=False, dest=None, lost=False, lost_on=None, hardship=False, former=None)


def flags(people, rng, n_mobile=0, n_lost=0, n_hardship=0):
    """Mark distinct live members as mobile / lost contact / in hardship."""
    live = [p for p in people if not p["former"]]
    picks = rng.sample(live, n_mobile + n_lost + n_hardship)
    for p in picks[:n_mobile]:
        p["mobile"], p["dest"] = True, rng.choice(DESTS)
    for p in picks[n_mobile:n_mobile + n_lost]:
        p["lost"], p["lost_on"] = True, dt.date(rng.randint(2018, 2023), rng.randint(1, 12), rng.randint(1, 28))
    for p in picks[n_mobile + n_lost:]:
        p["hardship"] = True


def member_figures(people):
    """What indicators must report for these people (live members only, SPEC §5)."""
    live = [p for p in people if not p["former"]]
    return OrderedDict([
        ("members.total", len(live)),
        ("members.women", sum(p["female"] for p in live)),
        ("members.minority", sum(p["nation"] != "汉族" for p in live)),
        ("members.probationary", sum(p["probationary"] for p in live)),
        ("members.mobile", sum(p["mobile"] for p in live)),
        ("members.lost_contact", sum(p["lost"] for p in live)),
        ("members.college", sum(EDU_LEVEL[p["edu"]] in COLLEGE for p in live)),
    ])


def ymd(d, sep="-"):
    return "" if d is None else f"{d.year}{sep}{d.month:02d}{sep}{d.day:02d}"


def year_month_number(d):
    """A date typed as 2005.07 in Excel: the number 2005.07 (never October, see member())."""
    return round(d.year + d.month / 100, 2)


# ------------------------------------------------------------------ writers

def save_xlsx(wb, path):
    wb.properties.creator = "WPS Office"
    wb.properties.created = wb.properties.modified = dt.datetime(2025, 1, 10, 9, 0, 0)
    wb.save(path)
    normalise_zip(path)


def xl_title(ws, row, text, last_col, size=16):
    ws.cell(row=row, column=1, value=text).font = Font(name="宋体", size=size, bold=True)
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)


def xl_text(ws, row, col, value):
    """A cell stored as text (IDs, phone numbers): number format @."""
    c = ws.cell(row=row, column=col, value=value)
    c.number_format = "@"
    return c


def xl_date(ws, row, col, d, fmt="yyyy-mm-dd"):
    if d is None:
        return
    c = ws.cell(row=row, column=col, value=dt.datetime(d.year, d.month, d.day))
    c.number_format = fmt


XLS_TITLE = xlwt.easyxf("font: name 宋体, bold on, height 320; align: horiz center, vert center")
XLS_HEAD = xlwt.easyxf("font: name 宋体, bold on; align: horiz center, vert center, wrap on; "
                       "borders: left thin, right thin, top thin, bottom thin")
XLS_CELL = xlwt.easyxf("font: name 宋体; borders: left thin, right thin, top thin, bottom thin")
XLS_DATE = xlwt.easyxf("font: name 宋体; borders: left thin, right thin, top thin, bottom thin",
                       num_format_str="YYYY-MM-DD")
XLS_NOTE = xlwt.easyxf("font: name 宋体; align: wrap on")


def xls_cell(ws, r, c, v):
    if v is None or v == "":
        return
    if isinstance(v, dt.date):
        ws.write(r, c, dt.datetime(v.year, v.month, v.day), XLS_DATE)
    else:
        ws.write(r, c, v, XLS_CELL)


def write_gbk_csv(path, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        w.writerow(["" if v is None else str(v) for v in row])
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode("gbk"))
