#!/usr/bin/env python3
"""The statistician's pandas alternative to `partystats import` + `indicators` (issue 7 peer).

Usage: pandas_roster.py ROSTER.csv OUT.xlsx

Reads a GB18030 roster CSV with every column as text, checks the ID numbers'
check digits with numpy, counts members by township (total, women, ethnic
minorities, probationary, bad IDs) and writes a two-sheet workbook with
XlsxWriter: the township summary and the list of rows with bad IDs.
"""

import sys

import numpy as np
import pandas as pd

WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)


def id_ok(ids: pd.Series) -> np.ndarray:
    s = ids.fillna("").str.strip().str.upper()
    ok = (s.str.len() == 18).to_numpy().copy()
    raw = np.frombuffer("".join(s.where(ok, "0" * 18)).encode("ascii", "replace"), dtype=np.uint8)
    raw = raw.reshape(-1, 18)
    digits = raw[:, :17].astype(np.int64) - 48
    ok &= ((digits >= 0) & (digits <= 9)).all(axis=1)
    expected = CHECK[(digits @ WEIGHTS) % 11]
    return ok & (raw[:, 17] == expected)


def main() -> None:
    src, out = sys.argv[1], sys.argv[2]
    df = pd.read_csv(src, encoding="gb18030", dtype=str, keep_default_na=False)
    df["身份证号有效"] = id_ok(df["公民身份号码"])
    g = df.groupby("乡镇(街道)", sort=True)
    summary = pd.DataFrame({
        "党员总数": g.size(),
        "女党员": g["性别"].agg(lambda s: (s == "女").sum()),
        "少数民族": g["民族"].agg(lambda s: (s != "汉族").sum()),
        "预备党员": g["党员类别"].agg(lambda s: (s == "预备党员").sum()),
        "身份证号有误": g["身份证号有效"].agg(lambda s: (~s).sum()),
    })
    bad = df.loc[~df["身份证号有效"], ["姓名", "公民身份号码", "乡镇(街道)", "所在党支部"]]
    with pd.ExcelWriter(out, engine="xlsxwriter") as xw:
        summary.to_excel(xw, sheet_name="乡镇汇总")
        bad.to_excel(xw, sheet_name="身份证号问题", index=False)


if __name__ == "__main__":
    main()
