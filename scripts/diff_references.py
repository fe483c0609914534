"""The reference readers of scripts/diff-calamine: python-calamine, xlrd and openpyxl,
each read in a child process (`diff-calamine --dump READER FILE` pickles its sheets)
so that a reader that hangs or dies only costs its file a verdict."""
import os
import pickle
import subprocess
import sys

class DateSerial:
    """An xlrd date cell: the serial number, the workbook's date mode and the format."""

    def __init__(self, serial, mode, fmt=""):
        self.serial, self.mode, self.fmt = serial, mode, fmt

    def __repr__(self):
        return f"date({self.serial!r}, {'1904' if self.mode else '1900'})"


class XLError:
    """An xlrd error cell."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return f"error({self.text})"


def dump_calamine(path):
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(path)
    sheets = []
    for i, name in enumerate(wb.sheet_names):
        try:
            sheets.append((name, wb.get_sheet_by_index(i).to_python(skip_empty_area=False), None))
        except Exception as e:  # one sheet calamine cannot read
            sheets.append((name, None, f"{type(e).__name__}: {e}"))
    return sheets


def dump_xlrd(path):
    import xlrd
    try:
        book = xlrd.open_workbook(path, on_demand=True, logfile=sys.stderr, formatting_info=True)
    except NotImplementedError:  # formatting_info is not implemented for some BIFF versions
        book = xlrd.open_workbook(path, on_demand=True, logfile=sys.stderr)

    def fmt(sh, r, c):
        try:
            return book.format_map[book.xf_list[sh.cell_xf_index(r, c)].format_key].format_str
        except Exception:
            return ""

    sheets = []
    for i, name in enumerate(book.sheet_names()):
        try:
            sh = book.sheet_by_index(i)
        except Exception as e:
            sheets.append((name, None, f"{type(e).__name__}: {e}"))
            continue
        rows = []
        for r in range(sh.nrows):
            row = []
            for ci, c in enumerate(sh.row(r)):
                if c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append("")
                elif c.ctype == xlrd.XL_CELL_DATE:
                    row.append(DateSerial(c.value, book.datemode, fmt(sh, r, ci)))
                elif c.ctype == xlrd.XL_CELL_BOOLEAN:
                    row.append(bool(c.value))
                elif c.ctype == xlrd.XL_CELL_ERROR:
                    row.append(XLError(xlrd.error_text_from_code.get(c.value, f"#ERR{c.value}")))
                else:
                    row.append(c.value)
            rows.append(row)
        sheets.append((name, rows, None))
        book.unload_sheet(i)
    return sheets


def dump_openpyxl(path):
    """openpyxl's cached values (`data_only`): the second reference for .xlsx/.xlsm
    files python-calamine refuses. Chart sheets have no cells."""
    import warnings
    import openpyxl
    warnings.simplefilter("ignore")
    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for name in wb.sheetnames:
        ws = wb[name]
        if not hasattr(ws, "iter_rows"):
            sheets.append((name, [], None))
            continue
        rows = []
        for row in ws.iter_rows(min_row=1, min_col=1, values_only=True):
            rows.append(["" if v is None else v for v in row])
        sheets.append((name, rows, None))
    return sheets


SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "diff-calamine")
DUMPS = {}


def read_reference(which, path, timeout):
    """(sheets, None) or (None, why): each reader runs in a child process with a time limit."""
    try:
        run = subprocess.run([sys.executable, SCRIPT, "--dump", which, path],
                             capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"{which} timed out"
    if run.returncode != 0:
        lines = run.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, lines[-1] if lines else f"{which} exited {run.returncode}"
    return pickle.loads(run.stdout), None



DUMPS.update(calamine=dump_calamine, xlrd=dump_xlrd, openpyxl=dump_openpyxl)
