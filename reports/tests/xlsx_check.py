#!/usr/bin/env python3
"""Reads report.xlsx back with openpyxl and checks what the workbook promises.

usage: xlsx_check.py REPORT.xlsx FORMULA_LIKE_KEYWORD
Prints one line per failed check and exits 1; exits 0 when all hold.
"""
import sys
import zipfile

import openpyxl

path, formula_keyword = sys.argv[1], sys.argv[2]
fails = []
wb = openpyxl.load_workbook(path)
for name in ("Stages", "Keywords", "Seasonality", "About"):
    if name not in wb.sheetnames:
        fails.append(f"sheet {name} missing: {wb.sheetnames}")
kw = wb["Keywords"]
if kw.freeze_panes != "A2":
    fails.append(f"Keywords frozen panes {kw.freeze_panes!r}, want 'A2'")
if not kw.auto_filter.ref or not kw.auto_filter.ref.startswith("A1:"):
    fails.append(f"Keywords autofilter {kw.auto_filter.ref!r}")
if wb["Stages"].freeze_panes != "A2":
    fails.append("Stages header not frozen")
if [c.value for c in wb["Stages"][1]][:6] != ["stage", "dutch_name", "funnel", "keywords", "monthly_volume",
                                              "volume_share"]:
    fails.append("Stages header")
if wb["Stages"].max_row != 11:
    fails.append(f"Stages has {wb['Stages'].max_row} rows, want 11")
head = [c.value for c in kw[1]]
if head[:4] != ["Keyword", "Stage", "Funnel", "Monthly volume"]:
    fails.append(f"Keywords header {head[:4]!r}, want readable names")
volume_col = head.index("Monthly volume") if "Monthly volume" in head else 3
found = False
for row in kw.iter_rows(min_row=2, max_col=volume_col + 1):
    cell = row[0]
    if cell.value is not None and formula_keyword in str(cell.value):
        found = True
        if cell.data_type != "s":
            fails.append(f"formula-like keyword stored as {cell.data_type!r}, not text")
        if str(cell.value).startswith("'"):
            fails.append(f"text cell {cell.value!r} has a visible apostrophe (string cells need none)")
    if not isinstance(row[volume_col].value, (int, float)):
        fails.append(f"volume of {cell.value!r} is not a number: {row[volume_col].value!r}")
        break
if not found:
    fails.append(f"keyword {formula_keyword!r} not in the Keywords sheet")
with zipfile.ZipFile(path) as z:
    names = z.namelist()
    charts = [n for n in names if n.startswith("xl/charts/chart")]
    if not charts:
        fails.append("no chart in the workbook")
    drawing_rels = [n for n in names if n.startswith("xl/worksheets/_rels/sheet1.xml.rels")]
    if not drawing_rels or "drawing" not in z.read(drawing_rels[0]).decode():
        fails.append("the Stages sheet has no drawing (chart)")
    if not any("<f>" not in z.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet2")):
        fails.append("formulas in the Keywords sheet")
for f in fails:
    print(f)
sys.exit(1 if fails else 0)
