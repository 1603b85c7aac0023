#!/usr/bin/python3
"""
Edits workbooks the way people do, in LibreOffice Calc itself, through its Python UNO bridge.

Usage: /usr/bin/python3 edit.py REQUEST.json RESULT.json

REQUEST.json: {"jobs": [{"in": "/abs/in.xlsx", "out": "/abs/out.xlsx", "edits": [EDIT, ...]}, ...]}
All jobs run in ONE headless soffice (its start costs seconds). Each job opens `in`, applies its edits in
order, reads where every typed token is now, and stores the document as `out` (.xlsx, filter
"Calc MS Excel 2007 XML").

An EDIT is an object with "op" and its arguments. Addresses (A1, whole-sheet rows and columns, 1-based)
mean the document as it is at that edit, after the edits before it, as when a person works through a
list of changes. Instead of "cell", an edit may give "find": {"text": T, "nth": 0, "dr": 0, "dc": 0}:
the nth cell (row by row) whose constant text is exactly T, moved dr rows down and dc columns right.
  {"op": "type", "sheet": S, "cell": "B4", "value": "note-17" | 5, "track": true}
        a person types a value (over whatever the cell held, a formula included). String values are
        tracked tokens unless "track": false; numbers are never tracked.
  {"op": "insertRows", "sheet": S, "row": 1, "count": 1}        whole rows inserted above row `row`
  {"op": "deleteRows", "sheet": S, "row": 5, "count": 1}
  {"op": "insertColumns", "sheet": S, "column": "A", "count": 1} whole columns inserted left of `column`
  {"op": "deleteColumns", "sheet": S, "column": "C", "count": 1}
        instead of "row" / "column", "cell" or "find" name a cell in the first row / column meant.
  {"op": "sort", "sheet": S, "cell": "A9", "by": "Revenue" | "C", "descending": true}
        sorts the current region around the cell (what Data > Sort selects), first row as header; `by`
        is a header text of that region or a column letter of the sheet.
  {"op": "renameSheet", "sheet": S, "to": NEW}
  {"op": "addSheet", "name": N, "cells": {"A1": "note-3", "B2": 7}}  appended after the last sheet;
        string values are tracked tokens.
  {"op": "addChart", "sheet": S, "name": N, "range": "C9:D17", "cell": "M2"}
        a column chart of the range (first row and column as labels) placed at the cell, through
        XTableCharts.addNewByName; its XChartDocument gets a title.

RESULT.json: {"jobs": [{"out": ..., "tokens": [{"token", "sheet", "address"}], "removed": [token, ...]}]}
where each token's sheet and address are where LibreOffice has it after all edits of its job, read from
the document before it is stored; "removed" are tokens that later edits deleted (a deleted row, or typed
over). A token is found by its cell's constant text (a formula showing it does not count).

soffice runs with a private profile (-env:UserInstallation, set to always recalculate on load) and a
private pipe, in its own process group whose id is written to RESULT.json.pgid at once, so the caller can
kill it on timeout. It is always terminated when the script ends, whether the edits worked or not; on a
failure the script prints the job, the edit and the error on stderr and exits with 1.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

CONNECT_TIMEOUT_S = 120
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class EditError(Exception):
    pass


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


# --- A1 addresses --------------------------------------------------------------------------------------


def col_index(letters):
    """ "A" -> 0, "AA" -> 26."""
    n = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise EditError("not a column: %r" % letters)
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letters(index):
    s = ""
    index += 1
    while index > 0:
        index, r = divmod(index - 1, 26)
        s = chr(65 + r) + s
    return s


def a1(col, row):
    return "%s%d" % (col_letters(col), row + 1)


# --- soffice ---------------------------------------------------------------------------------------------


class Office:
    """One headless soffice with a private profile and pipe; `close` always ends it."""

    def __init__(self, pgid_file):
        self.profile = tempfile.mkdtemp(prefix="lo-uno-")
        os.makedirs(os.path.join(self.profile, "user"))
        with open(os.path.join(self.profile, "user", "registrymodifications.xcu"), "w") as f:
            f.write(RECALC_ALWAYS)
        self.pipe = "kamuno" + uuid.uuid4().hex
        self.log = open(os.path.join(self.profile, "soffice.log"), "w")
        self.proc = subprocess.Popen(
            [
                os.environ.get("SOFFICE", "soffice"),
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nolockcheck",
                "--nodefault",
                "-env:UserInstallation=" + uno.systemPathToFileUrl(self.profile),
                "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe,
            ],
            stdout=self.log,
            stderr=self.log,
            stdin=subprocess.DEVNULL,
            # Its own process group: soffice is a wrapper that starts soffice.bin, and killing the
            # group is the only sure way to end both.
            start_new_session=True,
        )
        with open(pgid_file, "w") as f:
            f.write(str(self.proc.pid))
        self.desktop = None

    def connect(self):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.time() + CONNECT_TIMEOUT_S
        while True:
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe)
                break
            except NoConnectException:
                if self.proc.poll() is not None:
                    raise EditError("soffice exited with %s before accepting a connection" % self.proc.returncode)
                if time.time() > deadline:
                    raise EditError("soffice did not accept a connection within %d s" % CONNECT_TIMEOUT_S)
                time.sleep(0.3)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        return self.desktop

    def close(self):
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:
                pass  # the bridge goes away while terminate returns: that is the normal end
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # soffice.bin may outlive its wrapper
        except ProcessLookupError:
            pass
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


# --- edits -----------------------------------------------------------------------------------------------


def used_area(sheet):
    cur = sheet.createCursor()
    cur.gotoEndOfUsedArea(False)
    a = cur.getRangeAddress()
    return a.EndColumn, a.EndRow


def constants(sheet):
    """(row, col, text) of every cell holding a constant (not a formula), row by row."""
    end_col, end_row = used_area(sheet)
    rows = sheet.getCellRangeByPosition(0, 0, end_col, end_row).getFormulaArray()
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text != "" and not text.startswith("="):
                yield r, c, text


def get_sheet(doc, name):
    sheets = doc.getSheets()
    if not sheets.hasByName(name):
        raise EditError("no sheet %r (sheets: %s)" % (name, ", ".join(sheets.getElementNames())))
    return sheets.getByName(name)


def target(sheet, edit):
    """(col, row), 0-based, of the edit's "cell" or "find"."""
    if "cell" in edit:
        a = sheet.getCellRangeByName(edit["cell"]).getCellAddress()
        return a.Column, a.Row
    f = edit.get("find")
    if not f:
        raise EditError("needs cell or find")
    hits = [(r, c) for r, c, text in constants(sheet) if text == f["text"]]
    nth = f.get("nth", 0)
    if len(hits) <= nth:
        raise EditError("found %d cells with %r, wanted #%d" % (len(hits), f["text"], nth))
    r, c = hits[nth]
    return c + f.get("dc", 0), r + f.get("dr", 0)


def type_value(doc, edit, tokens):
    sheet = get_sheet(doc, edit["sheet"])
    col, row = target(sheet, edit)
    cell = sheet.getCellByPosition(col, row)
    value = edit["value"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.setValue(value)
    else:
        cell.setString(str(value))
        if edit.get("track", True):
            tokens.append(str(value))


def sort(doc, edit):
    sheet = get_sheet(doc, edit["sheet"])
    col, row = target(sheet, edit)
    cur = sheet.createCursorByRange(sheet.getCellByPosition(col, row))
    cur.collapseToCurrentRegion()
    region = cur.getRangeAddress()
    by = edit["by"]
    headers = sheet.getCellRangeByPosition(region.StartColumn, region.StartRow, region.EndColumn, region.StartRow)
    names = headers.getDataArray()[0]
    if by in names:
        field = names.index(by)
    else:
        field = col_index(by) - region.StartColumn
        if not 0 <= field <= region.EndColumn - region.StartColumn:
            raise EditError("sort key %r is neither a header of %s nor a column inside it" % (by, names))
    sf = uno.createUnoStruct("com.sun.star.table.TableSortField")
    sf.Field = field
    sf.IsAscending = not edit.get("descending", False)
    rng = sheet.getCellRangeByPosition(region.StartColumn, region.StartRow, region.EndColumn, region.EndRow)
    desc = list(rng.createSortDescriptor())
    for p in desc:
        if p.Name == "SortFields":
            p.Value = uno.Any("[]com.sun.star.table.TableSortField", (sf,))
        elif p.Name == "ContainsHeader":
            p.Value = True
    uno.invoke(rng, "sort", (tuple(desc),))


def add_sheet(doc, edit, tokens):
    sheets = doc.getSheets()
    sheets.insertNewByName(edit["name"], sheets.getCount())
    for address, value in edit.get("cells", {}).items():
        type_value(doc, {"sheet": edit["name"], "cell": address, "value": value}, tokens)


def add_chart(doc, edit):
    sheet = get_sheet(doc, edit["sheet"])
    col, row = target(sheet, edit)
    at = sheet.getCellByPosition(col, row).Position
    rect = uno.createUnoStruct("com.sun.star.awt.Rectangle")
    rect.X, rect.Y, rect.Width, rect.Height = at.X, at.Y, 12000, 7000  # 1/100 mm
    source = sheet.getCellRangeByName(edit["range"]).getRangeAddress()
    charts = sheet.getCharts()
    charts.addNewByName(edit["name"], rect, (source,), True, True)
    chart = charts.getByName(edit["name"]).getEmbeddedObject()  # XChartDocument
    chart.HasMainTitle = True
    chart.getTitle().String = edit.get("title", edit["name"])


def apply_edit(doc, edit, tokens):
    op = edit["op"]
    if op == "type":
        type_value(doc, edit, tokens)
    elif op in ("insertRows", "deleteRows"):
        sheet = get_sheet(doc, edit["sheet"])
        rows = sheet.getRows()
        index = int(edit["row"]) - 1 if "row" in edit else target(sheet, edit)[1]
        count = int(edit.get("count", 1))
        if op == "insertRows":
            rows.insertByIndex(index, count)
        else:
            rows.removeByIndex(index, count)
    elif op in ("insertColumns", "deleteColumns"):
        sheet = get_sheet(doc, edit["sheet"])
        cols = sheet.getColumns()
        index = col_index(edit["column"]) if "column" in edit else target(sheet, edit)[0]
        count = int(edit.get("count", 1))
        if op == "insertColumns":
            cols.insertByIndex(index, count)
        else:
            cols.removeByIndex(index, count)
    elif op == "sort":
        sort(doc, edit)
    elif op == "renameSheet":
        get_sheet(doc, edit["sheet"]).setName(edit["to"])
    elif op == "addSheet":
        add_sheet(doc, edit, tokens)
    elif op == "addChart":
        add_chart(doc, edit)
    else:
        raise EditError("unknown op %r" % op)


def locate(doc, tokens):
    """Where each token is now: ([{token, sheet, address}], [tokens no longer in any cell])."""
    wanted = set(tokens)
    where = {}
    sheets = doc.getSheets()
    for name in sheets.getElementNames():
        for r, c, text in constants(sheets.getByName(name)):
            if text in wanted and text not in where:
                where[text] = {"token": text, "sheet": name, "address": a1(c, r)}
    found = [where[t] for t in tokens if t in where]
    return found, [t for t in tokens if t not in where]


def run_job(desktop, job):
    url = uno.systemPathToFileUrl(os.path.abspath(job["in"]))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        raise EditError("LibreOffice could not open %s" % job["in"])
    try:
        tokens = []
        for i, edit in enumerate(job["edits"]):
            try:
                apply_edit(doc, edit, tokens)
            except Exception as e:
                raise EditError("edit %d %s: %s" % (i, json.dumps(edit), e)) from e
        if len(set(tokens)) != len(tokens):
            raise EditError("tokens must be unique: %s" % sorted(t for t in set(tokens) if tokens.count(t) > 1))
        doc.calculateAll()
        found, removed = locate(doc, tokens)
        out = uno.systemPathToFileUrl(os.path.abspath(job["out"]))
        doc.storeToURL(out, (prop("FilterName", "Calc MS Excel 2007 XML"), prop("Overwrite", True)))
        return {"out": job["out"], "tokens": found, "removed": removed}
    finally:
        doc.close(True)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: edit.py REQUEST.json RESULT.json\n")
        return 2
    with open(sys.argv[1]) as f:
        request = json.load(f)
    office = Office(sys.argv[2] + ".pgid")

    def on_term(signum, frame):
        raise SystemExit("terminated by signal %d" % signum)  # runs the finally below

    signal.signal(signal.SIGTERM, on_term)
    try:
        desktop = office.connect()
        results = []
        for j, job in enumerate(request["jobs"]):
            try:
                results.append(run_job(desktop, job))
            except Exception as e:
                raise EditError("job %d (%s): %s" % (j, job.get("in"), e)) from e
        with open(sys.argv[2], "w") as f:
            json.dump({"jobs": results}, f)
        return 0
    except Exception as e:
        sys.stderr.write("%s: %s\n" % (type(e).__name__, e))
        return 1
    finally:
        office.close()


if __name__ == "__main__":
    sys.exit(main())
