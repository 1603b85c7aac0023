#!/usr/bin/python3
"""
Counts the printed pages of every sheet of workbooks, as LibreOffice Calc lays them out for printing or
PDF export (its own page breaks, scaling, print areas and repeated rows), and optionally exports a PDF.

Usage: /usr/bin/python3 pages.py REQUEST.json RESULT.json

REQUEST.json: {"jobs": [{"in": "/abs/plan.xlsx", "pdf": "/abs/plan.pdf" (optional)}, ...]}
RESULT.json:  {"jobs": [{"in": ..., "sheets": [{"name", "hidden", "pages", "wide", "tall"}, ...]}]}

Per sheet, XRenderable.getRendererCount(sheet) is the number of pages the sheet prints; each page's
"SourceRange" (the cells it shows) gives the page grid: `wide` is the number of distinct first columns
(pages side by side), `tall` the number of distinct first rows. Hidden sheets are listed with 0 pages
(LibreOffice does not print them). All jobs share one headless soffice (Office from edit.py: private
profile, private pipe, its own process group, always ended).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uno  # noqa: E402
from edit import Office, prop  # noqa: E402


def sheet_pages(doc, sheet):
    if not sheet.IsVisible:
        return {"name": sheet.Name, "hidden": True, "pages": 0, "wide": 0, "tall": 0}
    n = doc.getRendererCount(sheet, ())
    cols, rows = set(), set()
    for k in range(n):
        props = {p.Name: p.Value for p in doc.getRenderer(k, sheet, ())}
        src = props.get("SourceRange")
        if src is not None:
            cols.add(src.StartColumn)
            rows.add(src.StartRow)
    return {"name": sheet.Name, "hidden": False, "pages": n, "wide": len(cols), "tall": len(rows)}


def run_job(desktop, job):
    url = uno.systemPathToFileUrl(os.path.abspath(job["in"]))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        raise RuntimeError("LibreOffice could not open %s" % job["in"])
    try:
        doc.calculateAll()
        sheets = [sheet_pages(doc, doc.Sheets.getByIndex(i)) for i in range(doc.Sheets.Count)]
        if job.get("pdf"):
            out = uno.systemPathToFileUrl(os.path.abspath(job["pdf"]))
            doc.storeToURL(out, (prop("FilterName", "calc_pdf_Export"), prop("Overwrite", True)))
        return {"in": job["in"], "sheets": sheets}
    finally:
        doc.close(True)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: pages.py REQUEST.json RESULT.json\n")
        return 2
    with open(sys.argv[1]) as f:
        request = json.load(f)
    office = Office(sys.argv[2] + ".pgid")
    try:
        desktop = office.connect()
        results = [run_job(desktop, job) for job in request["jobs"]]
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
