#!/usr/bin/env python3
"""The .xlsx and .xls reading peer (issues 7 and 16): python-calamine reads the first sheet into Python values.
Usage: calamine_read.py FILE.xlsx/.xls"""
import sys

from python_calamine import CalamineWorkbook

rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
print(len(rows), "rows")
