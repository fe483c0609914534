#!/usr/bin/env python3
"""Copies a gen-roster CSV with every ID number's check digit made wrong, so that an
import warns once per row (id.checksum) and the report's 导入问题 sheet has a row per member.
Usage: bad_check_digits.py IN.csv OUT.csv"""
import csv
import sys

NEXT = {c: n for c, n in zip("0123456789X", "123456789X0")}

with open(sys.argv[1], encoding="gb18030", newline="") as src, \
        open(sys.argv[2], "w", encoding="gb18030", newline="") as dst:
    reader = csv.reader(src)
    writer = csv.writer(dst, lineterminator="\r\n")
    header = next(reader)
    writer.writerow(header)
    col = header.index("公民身份号码")
    for row in reader:
        row[col] = row[col][:17] + NEXT[row[col][17]]
        writer.writerow(row)
