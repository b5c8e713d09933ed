#!/usr/bin/env python3
"""Tuning / held-out evaluation of the stage classifier on a labelled TSV of real queries.

The file has the columns query, lang, stage (and optionally source: which export a query
came from). Each query goes to the tuning or the held-out half by the parity of the first
byte of md5(query), so the split is stable when rows are added or reordered. Rules are
written from the tuning half's errors only (--errors N); the held-out half is scored in
aggregate, never listed.

Real exports in ../shared/data carry no licence to copy their queries, so labels on them
live outside the repository (e.g. /work/labels-rules/real_exports_labels.tsv); this script
takes the path.

Usage:
  scripts/eval_labels.py LABELS.tsv [--klantreis build/klantreis] [--errors N] [--json]
"""
import argparse
import hashlib
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_split import STAGES, print_misses, print_table, run_eval, summary  # noqa: E402


def read_labels(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if not lines:
        sys.exit(f"{path}:1: empty file")
    header = lines[0].split("\t")
    try:
        qi, li, si = (header.index(c) for c in ("query", "lang", "stage"))
    except ValueError:
        sys.exit(f"{path}:1: header must hold query, lang, stage columns")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) <= max(qi, li, si):
            sys.exit(f"{path}:{n}: expected {len(header)} columns, got {len(cols)}")
        if cols[si] not in STAGES:
            sys.exit(f"{path}:{n}: unknown stage '{cols[si]}'")
        rows.append((cols[qi], cols[li], cols[si]))
    return rows


def held_out(query):
    return hashlib.md5(query.encode("utf-8")).digest()[0] % 2 == 1


def write(rows, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write("query\tlang\tstage\n")
        for q, l, s in rows:
            f.write(f"{q}\t{l}\t{s}\n")
    return path


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("labels")
    ap.add_argument("--klantreis", default=os.path.join(root, "build", "klantreis"))
    ap.add_argument("--errors", type=int, default=0, help="list N misclassified tuning queries")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = read_labels(args.labels)
    with tempfile.TemporaryDirectory() as tmp:
        tune_rows = [r for r in rows if not held_out(r[0])]
        held_rows = [r for r in rows if held_out(r[0])]
        tune = run_eval(args.klantreis, write(tune_rows, os.path.join(tmp, "t.tsv")), args.errors)
        held = run_eval(args.klantreis, write(held_rows, os.path.join(tmp, "h.tsv")), 0)
        results = [summary("all", run_eval(args.klantreis, args.labels, 0)),
                   summary("tuning half", tune), summary("held-out half", held)]
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print_table(results, 16)
    if args.errors:
        print_misses(tune, args.errors, "the held-out half is never listed")

if __name__ == "__main__":
    main()
