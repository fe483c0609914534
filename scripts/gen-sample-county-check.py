#!/usr/bin/env python3
"""Self-check for datasets/: read the generated files back with independent readers
(openpyxl, xlrd, csv) and a deliberately simple reading of SPEC sections 2-5, and
compare a few headline figures with datasets/expected-YYYY.json.

This is a check of the generator's output, not a second implementation of partystats:
it only recomputes members (total, women, rural, per township), duplicates, rejects,
branch-return totals (from the declared 合计 rows) and funding.

Usage: scripts/gen-sample-county-check.py [DATASETS_DIR]
"""

import csv
import datetime as dt
import io
import json
import os
import re
import sys
from collections import defaultdict

import openpyxl
import xlrd

TOWNS = ["滨河街道", "文峰街道", "东兴街道", "兴唐街道", "源潭镇", "张店镇", "郭滩镇", "湖阳镇", "黑龙镇",
         "大河屯镇", "龙潭镇", "桐寨铺镇", "苍台镇", "上屯镇", "毕店镇", "少拜寺镇", "城郊乡", "古城乡",
         "东王集乡", "马振抚乡", "昝岗乡"]
SUFFIX = ["街道办事处", "人民政府", "党工委", "党委", "街道", "镇", "乡"]
FW = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９ＸＡＢＣ"}
SOURCES = {"财政拨付": "财政资金", "财政配套": "财政资金", "党费补助": "上级下拨党费", "上级部门支持": "部门支持"}


def key(name):
    name = re.sub(r"\s", "", name)
    for s in SUFFIX:
        if name.endswith(s):
            return name[: -len(s)]
    return name


KNOWN = {key(t): t for t in TOWNS}


def find_town(text):
    for k, t in KNOWN.items():
        if k and k in text:
            return t
    return None


def sheets_of(path):
    ext = path.rsplit(".", 1)[1]
    if ext == "xlsx":
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
            for rng in ws.merged_cells.ranges:
                v = rows[rng.min_row - 1][rng.min_col - 1]
                for r in range(rng.min_row, rng.max_row + 1):
                    for c in range(rng.min_col, rng.max_col + 1):
                        rows[r - 1][c - 1] = v if c == rng.min_col else rows[r - 1][c - 1]
            yield ws.title, rows
    elif ext == "xls":
        wb = xlrd.open_workbook(path)
        for sh in wb.sheets():
            rows = []
            for r in range(sh.nrows):
                row = []
                for c in range(sh.ncols):
                    cell = sh.cell(r, c)
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        row.append(xlrd.xldate_as_datetime(cell.value, wb.datemode))
                    elif cell.ctype == xlrd.XL_CELL_EMPTY:
                        row.append(None)
                    else:
                        row.append(cell.value)
                rows.append(row)
            yield sh.name, rows
    else:
        data = open(path, "rb").read()
        if data.startswith(b"\xef\xbb\xbf"):
            text = data[3:].decode("utf-8")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("gb18030")
        first = text.split("\n", 3)
        delim = "\t" if any(l.count("\t") > l.count(",") for l in first[:3]) else ","
        rows = [[c if c != "" else None for c in r] for r in csv.reader(io.StringIO(text), delimiter=delim)]
        yield os.path.splitext(os.path.basename(path))[0], rows


def s(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v).strip()


def norm_id(v):
    if v is None or v == "":
        return None
    if isinstance(v, float) and abs(v) >= 1e15:
        return None
    t = re.sub(r"[\s\u3000]", "", s(v)).translate(FW).upper()
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", t):
        return None
    if re.fullmatch(r"\d{15}", t):
        body = t[:6] + "19" + t[6:]
        w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        t = body + "10X98765432"[sum(int(a) * b for a, b in zip(body, w)) % 11]
    return t if re.fullmatch(r"\d{17}[\dX]", t) else None


YES = {"是", "√", "✓", "Y", "1", "有"}


def check(ds, year):
    exp = json.load(open(os.path.join(ds, "expected-%d.json" % year), encoding="utf-8"))
    d = os.path.join(ds, str(year))
    members, rejects, dups, seen = [], 0, 0, set()
    org = defaultdict(int)
    fund, frec, fsrc = 0, 0, defaultdict(int)
    for fn in sorted(os.listdir(d)):
        for sheet, rows in sheets_of(os.path.join(d, fn)):
            hdr = None
            for i, r in enumerate(rows[:8]):
                cells = [re.sub(r"[\s（(].*$", "", s(c)) for c in r]
                if any(c in ("姓名", "受助人", "帮扶对象", "慰问对象") for c in cells):
                    hdr = i
                    break
            if hdr is None:
                # branch return: committees/general/branches from the declared total row
                cols = {}
                for i, r in enumerate(rows[:6]):
                    for c, v in enumerate(r):
                        h = re.sub(r"[（(].*$", "", s(v))
                        if h in ("党委", "党委数", "基层党委"):
                            cols["committees"] = c
                        elif h in ("党总支", "总支", "党总支数"):
                            cols["general_branches"] = c
                        elif h in ("党支部", "支部", "党支部数"):
                            cols["branches"] = c
                for r in rows:
                    if r and s(r[0]) == "合计" and cols:
                        for k, c in cols.items():
                            org[k] += int(float(s(r[c])))
                continue
            head = [re.sub(r"[\s]", "", s(c)) for c in rows[hdr]]
            amount = [i for i, h in enumerate(head) if h.startswith(("金额", "发放金额", "帮扶金额", "慰问金"))]
            title = " ".join(s(c) for r in rows[:hdr] for c in r)
            town = find_town(title) or find_town(sheet) or find_town(fn)
            if amount:
                ai = amount[0]
                wan = "万元" in head[ai]
                si = [i for i, h in enumerate(head) if h in ("资金来源", "来源")][0]
                ti = [i for i, h in enumerate(head) if h == "乡镇"]
                for r in rows[hdr + 1:]:
                    first = next((s(c) for c in r if s(c)), "")
                    if not first or first == "合计" or first.startswith("填表人"):
                        continue
                    raw = s(r[ai]).replace(",", "").replace("￥", "").replace("元", "")
                    try:
                        val = float(raw) * (10000 if wan else 1)
                    except ValueError:
                        rejects += 1
                        continue
                    fen = round(val * 100)
                    fund += fen
                    frec += 1
                    fsrc[SOURCES[s(r[si])]] += fen
                continue
            col = {}
            for i, h in enumerate(head):
                for f, al in (("name", ["姓名"]), ("id", ["公民身份号码", "身份证号", "身份证号码", "身份证"]),
                              ("gender", ["性别"]), ("town", ["乡镇", "乡镇(街道)", "乡镇名称", "乡镇街道"]),
                              ("rural", ["是否农村党员", "农村党员"]), ("cat", ["党组织类别"])):
                    if h in al:
                        col[f] = i
            for r in rows[hdr + 1:]:
                r = list(r) + [None] * (len(head) - len(r))
                first = next((s(c) for c in r if isinstance(c, str) and s(c)), "")
                if not any(s(c) for c in r) or first.startswith("填表人") or first == "合计":
                    continue
                if not s(r[col["name"]]):
                    rejects += 1
                    continue
                uid = norm_id(r[col["id"]]) if "id" in col else None
                if uid and uid in seen:
                    dups += 1
                    continue
                if uid:
                    seen.add(uid)
                t = KNOWN[key(s(r[col["town"]]))] if "town" in col else town
                if "rural" in col:
                    rural = s(r[col["rural"]]) in YES
                else:
                    rural = s(r[col["cat"]]) == "农村"
                g = s(r[col["gender"]]) if "gender" in col else ""
                women = g == "女" if g else (uid is not None and int(uid[16]) % 2 == 0)
                members.append((t, rural, women, uid))
    got = dict(total=len(members), rural=sum(m[1] for m in members), women=sum(m[2] for m in members))
    problems = []
    for k, v in got.items():
        if exp["members"][k] != v:
            problems.append("members.%s: files %d, expected %d" % (k, v, exp["members"][k]))
    per = defaultdict(int)
    for m in members:
        per[m[0]] += 1
    for t in exp["townships"]:
        if per[t["township"]] != t["members"]:
            problems.append("%s members: files %d, expected %d" % (t["township"], per[t["township"]], t["members"]))
    for k in ("committees", "general_branches", "branches"):
        if org[k] != exp["organisations"][k]:
            problems.append("%s: files %d, expected %d" % (k, org[k], exp["organisations"][k]))
    if "%d.%02d" % (fund // 100, fund % 100) != exp["funding"]["total"] or frec != exp["funding"]["records"]:
        problems.append("funding: files %d fen / %d records, expected %s / %d" % (fund, frec, exp["funding"]["total"], exp["funding"]["records"]))
    for k, v in fsrc.items():
        if "%d.%02d" % (v // 100, v % 100) != exp["funding"]["by_source"][k]:
            problems.append("source %s: %d" % (k, v))
    nrej = len(exp["_non_contract"]["rejects"])
    if rejects != nrej:
        problems.append("rejects: files %d, expected %d" % (rejects, nrej))
    if dups != exp["_non_contract"]["warnings"]["member.duplicate"]:
        problems.append("duplicates: files %d, expected %d" % (dups, exp["_non_contract"]["warnings"]["member.duplicate"]))
    print("%d: members %d rural %d women %d, orgs %s, funding %d fen in %d records, %d rejects, %d duplicates: %s"
          % (year, got["total"], got["rural"], got["women"], dict(org), fund, frec, rejects, dups,
             "OK" if not problems else "MISMATCH"))
    for p in problems:
        print("  " + p)
    return not problems


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ds = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "datasets")
    ok = all([check(ds, 2023), check(ds, 2024)])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
