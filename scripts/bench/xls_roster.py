#!/usr/bin/env python3
"""The .xls input of the issue 16 benchmark: a roster CSV from scripts/gen-roster
(GB18030, 15 columns) rewritten as an Excel 97-2003 workbook with xlwt, as a township
office's export would be: text cells in the shared string table, the birth and joining
dates as date-formatted numbers, row numbers as numbers. At most 65,535 data rows
(the .xls limit).

Usage: xls_roster.py ROSTER.csv OUT.xls"""
import csv
import datetime as dt
import sys

import xlwt

DATE_COLUMNS = {"出生日期", "入党时间", "转正时间"}


def main(src, out):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("党员名册")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    with open(src, encoding="gb18030", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        dates = [h in DATE_COLUMNS for h in header]
        ws.write(0, 0, "序号")
        for c, h in enumerate(header, start=1):
            ws.write(0, c, h)
        for r, row in enumerate(rows, start=1):
            if r > 65_535:
                break
            ws.write(r, 0, r)
            for c, value in enumerate(row, start=1):
                if dates[c - 1] and value:
                    try:
                        ws.write(r, c, dt.datetime.strptime(value[:10], "%Y-%m-%d"), date_style)
                        continue
                    except ValueError:
                        pass
                ws.write(r, c, value)
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
