"""Load a data package written by `partystats export` into pandas, honouring its Table Schema.

    from partystats_package import load_package
    pkg = load_package("data/2024")
    pkg["members"].dtypes          # Int64 counts, boolean flags, datetime64 dates, string text

Plain `pandas.read_csv` also works on the CSV files (counts without gaps load as int64,
amounts as float64), but it guesses: a column of unmasked ID numbers would become
int64 and a boolean column with gaps would become object. The schema says what each
column is, so this loader maps every Table Schema type to a pandas dtype:

    integer -> Int64 (nullable)     number  -> float64
    boolean -> boolean (nullable)   date    -> datetime64
    string  -> string               yearmonth -> string ("YYYY-MM")

Text cells that began with = + - @ TAB or CR carry a leading ' in the CSV (so Excel
shows them as text); pass `strip_formula_guard=True` to remove it again.
"""
import json
from pathlib import Path

import pandas as pd

_DTYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean",
           "string": "string", "yearmonth": "string"}
_GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def read_descriptor(folder):
    """The parsed datapackage.json of a package folder."""
    return json.loads((Path(folder) / "datapackage.json").read_text(encoding="utf-8"))


def load_resource(folder, name, descriptor=None, strip_formula_guard=False):
    """One resource of the package as a DataFrame with schema dtypes."""
    descriptor = descriptor or read_descriptor(folder)
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    fields = resource["schema"]["fields"]
    dtype = {f["name"]: _DTYPES[f["type"]] for f in fields if f["type"] != "date"}
    dates = [f["name"] for f in fields if f["type"] == "date"]
    frame = pd.read_csv(Path(folder) / resource["path"], encoding=resource.get("encoding", "utf-8"),
                        dtype=dtype, keep_default_na=False,
                        na_values=resource["schema"].get("missingValues", [""]))
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    if strip_formula_guard:
        for f in fields:
            if f["type"] == "string":
                column = frame[f["name"]]
                guarded = column.str.startswith(_GUARDED).fillna(False)
                frame.loc[guarded, f["name"]] = column[guarded].str.slice(1)
    return frame


def load_package(folder, strip_formula_guard=False):
    """Every resource of the package, by name."""
    descriptor = read_descriptor(folder)
    return {r["name"]: load_resource(folder, r["name"], descriptor, strip_formula_guard)
            for r in descriptor["resources"]}
