#!/usr/bin/env python3
"""Share of keywords that end in the rule-7 default, per real keyword export.

Reads the keyword column of every export in ../shared/data/keyword_exports
(GKP UTF-16 TSV with preamble lines, GSC CSV with quoted multi-line queries,
Ahrefs, Semrush), classifies the keywords with `klantreis classify --explain`
and counts the verdicts whose decision is `default:rule7` (no stage cue,
concrete_need by rule 7) and, of those, the uncertain ones (evidence class
"none": not even a product or service category named).

Usage:
  scripts/rule7_share.py [--klantreis build/klantreis] [--dir DIR]
                         [--dump OUT.tsv]   # every verdict: file, query, stage, decision rule
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys

KEYWORD_HEADERS = ("keyword", "top queries", "query", "meest uitgevoerde zoekopdrachten",
                   "consultas principales", "populairste zoekopdrachten")


def read_keywords(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xff\xfe"):
        text = raw.decode("utf-16")
    else:
        text = raw.decode("utf-8-sig")
    sample = text[:4000]
    delim = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    for i, row in enumerate(rows[:5]):
        cols = [c.strip().lower() for c in row]
        for h in KEYWORD_HEADERS:
            if h in cols:
                k = cols.index(h)
                out = [r[k].replace("\n", " ").strip() for r in rows[i + 1:] if len(r) > k]
                return [q for q in out if q]
    return None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--klantreis", default=os.path.join(root, "build", "klantreis"))
    ap.add_argument("--dir", default=os.path.join(root, "..", "shared", "data", "keyword_exports"))
    ap.add_argument("--dump", help="write every verdict to this TSV")
    args = ap.parse_args()
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    if dump:
        dump.write("file\tquery\tlang\tstage\tconfidence\tdecision\tevidence\n")
    print(f"{'export':58} {'n':>5} {'rule7':>6} {'share':>6} {'uncert':>6} {'share':>6}")
    for name in sorted(os.listdir(args.dir)):
        if not name.endswith(".csv"):
            continue
        kws = read_keywords(os.path.join(args.dir, name))
        if not kws:
            continue  # filter / device sheets: no keyword column
        out = subprocess.run([args.klantreis, "classify", "--explain", "--threads", "1"],
                             input="\n".join(kws) + "\n", capture_output=True, text=True, check=True).stdout
        n = rule7 = uncertain = 0
        for line in out.splitlines():
            v = json.loads(line)
            n += 1
            decision = v["rules"][0]["rule"] if v["rules"] else "?"
            rule7 += decision == "default:rule7"
            uncertain += v.get("evidence") == "none"  # rule 7 without a named category
            if dump:
                dump.write(f"{name}\t{v['query']}\t{v['lang']}\t{v['stage']}\t{v['confidence']}\t{decision}\t{v.get('evidence', '')}\n")
        print(f"{name:58} {n:5d} {rule7:6d} {rule7 / max(n, 1):6.1%} {uncertain:6d} {uncertain / max(n, 1):6.1%}")
    if dump:
        dump.close()


if __name__ == "__main__":
    main()
