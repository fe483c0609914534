#!/usr/bin/env python3
"""A reference peer of issue 7: DuckDB's read_csv over the roster, counted by township.
Usage: duckdb_roster.py ROSTER.csv
GB18030 needs DuckDB's `encodings` extension; without it, the harness passes a
UTF-8 copy of the file (made with iconv beforehand, not timed) and says so."""
import sys

import duckdb

path = sys.argv[1]
con = duckdb.connect()
opts = "all_varchar=true, header=true"
if not path.endswith(".utf8.csv"):
    con.execute("INSTALL encodings; LOAD encodings;")
    opts += ", encoding='gb18030'"
rows = con.execute(f"""
    SELECT "乡镇(街道)" AS t, count(*), count(*) FILTER (WHERE "性别" = '女')
    FROM read_csv('{path}', {opts}) GROUP BY t ORDER BY t""").fetchall()
print(len(rows), "townships,", sum(r[1] for r in rows), "members")
