#!/usr/bin/env python3
"""The xlsx-reading peer of issue 7: python-calamine reads the first sheet into Python values.
Usage: calamine_read.py FILE.xlsx"""
import sys

from python_calamine import CalamineWorkbook

rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
print(len(rows), "rows")
