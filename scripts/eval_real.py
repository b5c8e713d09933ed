#!/usr/bin/env python3
"""Scores the stage classifier on real English export queries.

classify/tests/data/real_en_labels.tsv labels a random sample of the English
queries of ../shared/data/keyword_exports by file and SHA-1 of the query (the
exports may not be copied, so the repository holds no query text). This
script reads the exports, joins the labels, writes a query/lang/stage file to
a temporary directory and scores it with `klantreis eval`, per split:

  tune      the ai-tools (Ahrefs) and menopause (Semrush) exports: rules may be
            tuned on these, and --errors lists their misclassified queries;
  held_out  the other four exports (video editing, an NDIS site's Search
            Console, IT services Keyword Planner, an event-rental site's Search
            Console): scored in aggregate only.

Usage: scripts/eval_real.py [--klantreis build/klantreis] [--data ../shared/data]
                            [--errors N] [--json]
Exits 0 with a note when the shared data is absent.
"""
import argparse
import csv
import hashlib
import json
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval_split  # noqa: E402  (the team's scoring and table)

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = os.path.join(HERE, "..", "classify", "tests", "data", "real_en_labels.tsv")
# file -> (query column, encoding, delimiter, preamble lines before the header)
EXPORTS = {
    "ahrefs_matching_terms_en_us_ai-tools.csv": ("Keyword", "utf-8", ",", 0),
    "semrush_keyword_magic_en_us_menopause_first300rows.csv": ("Keyword", "utf-8", ",", 0),
    "semrush_keyword_strategy_builder_en_us_video-editing.csv": ("Keyword", "utf-8", ",", 0),
    "gsc_queries_en_top_queries.csv": ("Top queries", "utf-8", ",", 0),
    "gkp_saved_keywords_stats_en_us_utf16le.csv": ("Keyword", "utf-16", "\t", 2),
    "gsc_queries_es_consultas.csv": ("Consultas principales", "utf-8", ",", 0),
}


def key(query):
    return hashlib.sha1(query.encode("utf-8")).hexdigest()[:16]


def read_export(path, col, enc, delim, skip):
    with open(path, encoding=enc, newline="") as f:
        text = f.read().lstrip("\ufeff")
    rows = csv.DictReader(text.splitlines()[skip:], delimiter=delim)
    return {key(r[col].replace("\n", " ")): r[col].replace("\n", " ") for r in rows if r.get(col)}


def read_labels():
    out = []
    with open(LABELS, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t")
    for n, line in enumerate(lines[1:], start=2):
        cols = dict(zip(header, line.split("\t")))
        out.append((cols["file"], cols["sha1"], cols["stage"], cols["split"]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--klantreis", default=os.path.join(HERE, "..", "build", "klantreis"))
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data"))
    ap.add_argument("--errors", type=int, default=0, help="list up to N misclassified TUNING queries")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    base = os.path.join(args.data, "keyword_exports")
    if not os.path.isdir(base):
        print(f"eval_real: {base} is absent; nothing to score")
        return 0
    queries = {}
    for name, spec in EXPORTS.items():
        queries[name] = read_export(os.path.join(base, name), *spec)
    splits = {"tune": [], "held_out": [], "all": []}
    for fn, h, stage, split in read_labels():
        q = queries.get(fn, {}).get(h)
        if q is None:
            sys.exit(f"eval_real: {LABELS}: no query of {fn} has SHA-1 prefix {h}")
        splits[split].append((q, stage))
        splits["all"].append((q, stage))
    results, tune = [], None
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("tune", "held_out", "all"):
            path = eval_split.write_tsv([(q, "en", st, None) for q, st in splits[name]], tmp, name + ".tsv")
            r = eval_split.run_eval(args.klantreis, path, args.errors if name == "tune" else 0)
            tune = r if name == "tune" else tune
            results.append(eval_split.summary(name, r))
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    eval_split.print_table(results, 9)
    if args.errors:
        eval_split.print_misses(tune, args.errors, "the held-out exports are never listed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
