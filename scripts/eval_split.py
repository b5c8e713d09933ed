#!/usr/bin/env python3
"""Cross-domain evaluation of the stage classifier on ../shared/eval/dev2.tsv.

dev2.tsv has a domain column (30 domains). The distinct domain names sorted
alphabetically (Python's sorted(), code-point order) are split: every third
from index 2 (2, 5, 8, ...: 10 domains) is HELD OUT, the other 20 are the
tuning domains. Rules are tuned on the tuning domains (and dev.tsv); the
held-out domains are only ever scored in aggregate, never listed query by
query, so their score stays an honest estimate for unseen domains.

Usage:
  scripts/eval_split.py [--klantreis build/klantreis] [--dev2 FILE] [--dev FILE]
                        [--errors N]   # misclassified TUNING queries (never held-out)
                        [--held-out]   # also the held-out aggregate (at the start and end only)
                        [--json]

Prints macro-F1, accuracy, expected calibration error and per-stage recall for dev.tsv, dev2 tuning
and (with --held-out) dev2 overall and held-out, each from `klantreis eval --format json`.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

STAGES = ["latent_need", "concrete_need", "orientation", "consideration", "decision",
          "purchase", "delivery", "use", "loyalty", "advocacy"]


def read_dev2(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    header = lines[0].split("\t")
    try:
        qi, li, si, di = (header.index(c) for c in ("query", "lang", "stage", "domain"))
    except ValueError:
        sys.exit(f"{path}:1: header must hold query, lang, stage, domain columns")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) <= max(qi, li, si, di):
            sys.exit(f"{path}:{n}: expected {len(header)} columns, got {len(cols)}")
        rows.append((cols[qi], cols[li], cols[si], cols[di]))
    return rows


def split_domains(rows):
    domains = sorted({r[3] for r in rows})
    held = {d for i, d in enumerate(domains) if i % 3 == 2}
    return [d for d in domains if d not in held], sorted(held)


def run_eval(klantreis, path, errors):
    cmd = [klantreis, "eval", "--format", "json", "--errors", str(errors), path]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def write_tsv(rows, tmpdir, name):
    path = os.path.join(tmpdir, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("query\tlang\tstage\n")
        for q, l, s, _ in rows:
            f.write(f"{q}\t{l}\t{s}\n")
    return path


def summary(name, r):
    rec = {c["label"]: c["recall"] for c in r["per_class"]}
    return {"set": name, "total": r["total"], "accuracy": r["accuracy"], "macro_f1": r["macro_f1"],
            "ece": r.get("calibration", {}).get("ece"), "recall": {s: rec.get(s) for s in STAGES}}


def print_table(results, width):
    """One line per summary(): n, accuracy, macro-F1, ECE and the recall of every stage."""
    abbrev = {"latent_need": "latent", "concrete_need": "concr", "orientation": "orient",
              "consideration": "consid", "decision": "decis", "purchase": "purch",
              "delivery": "deliv", "use": "use", "loyalty": "loyal", "advocacy": "advoc"}
    print(f"{'set':{width}} {'n':>4} {'acc':>6} {'F1':>6} {'ECE':>6}  " + " ".join(f"{abbrev[s]:>6}" for s in STAGES))
    for r in results:
        rec = " ".join(f"{r['recall'][s]:6.2f}" if r["recall"][s] is not None else "     -" for s in STAGES)
        ece = f"{r['ece']:6.3f}" if r["ece"] is not None else "     -"
        print(f"{r['set']:{width}} {r['total']:4d} {r['accuracy']:6.3f} {r['macro_f1']:6.3f} {ece}  {rec}")


def print_misses(result, n, never):
    """The first n misclassified queries of a tuning result (`never`: what is never listed)."""
    print(f"\nmisclassified tuning queries ({never}):")
    for e in result.get("misses", [])[:n]:
        print(f"  {e['gold']:14} -> {e['predicted']:14} {e['confidence']:.2f}  {e['query']}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--klantreis", default=os.path.join(root, "build", "klantreis"))
    ap.add_argument("--dev2", default=os.path.join(root, "..", "shared", "eval", "dev2.tsv"))
    ap.add_argument("--dev", default=os.path.join(root, "..", "shared", "eval", "dev.tsv"))
    ap.add_argument("--errors", type=int, default=0, help="list N misclassified tuning queries")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--held-out", action="store_true",
                    help="also score the held-out domains (only at the start and the end of a piece of work)")
    args = ap.parse_args()

    rows = read_dev2(args.dev2)
    tuning, held = split_domains(rows)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        if os.path.exists(args.dev):
            results.append(summary("dev.tsv", run_eval(args.klantreis, args.dev, 0)))
        if args.held_out:
            results.append(summary("dev2 all", run_eval(args.klantreis, args.dev2, 0)))
        tune_rows = [r for r in rows if r[3] not in held]
        tune = run_eval(args.klantreis, write_tsv(tune_rows, tmp, "tuning.tsv"), args.errors)
        results.append(summary(f"dev2 tuning ({len(tuning)} domains)", tune))
        held_rows = [r for r in rows if r[3] in held]
        if args.held_out:
            results.append(summary(f"dev2 held-out ({len(held)} domains)",
                                   run_eval(args.klantreis, write_tsv(held_rows, tmp, "held.tsv"), 0)))
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print_table(results, 28)
    if args.errors:
        print_misses(tune, args.errors, "held-out domains are never listed")


if __name__ == "__main__":
    main()
