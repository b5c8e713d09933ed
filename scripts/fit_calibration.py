#!/usr/bin/env python3
"""Refits config/calibration.toml: the classifier's confidence as the probability that a verdict is right.

Fits on ../shared/eval/dev.tsv plus the TUNING domains of ../shared/eval/dev2.tsv (the split of
scripts/eval_split.py: distinct domains sorted, every third from index 2 held out; held-out
queries are never read here) plus the tune split of the labelled real export queries
(scripts/eval_real.py; --no-real leaves them out). Each query is classified with `klantreis classify --uncalibrated
--explain`, which gives its evidence class (core/evidence.h) and margin (the winning stage's
score minus the strongest other stage's). Per evidence class the margins are cut into buckets
(cues: -inf, 0, 0.25, 0.5, 0.75, 1, 1.5, 2; hint: -inf, 0.25, 0.5), the rule-7 classes
category and none (margin 0) by the query's content words (up to 2, 3 and more); a bucket with fewer than --min-bucket queries is merged into its smaller neighbour.
A bucket's probability is its share of right verdicts, smoothed towards its class's share with
--prior pseudo-queries (the class's share itself towards the overall share), then made
non-decreasing in the margin and non-increasing in the words (pool adjacent violators,
weighted by queries). An uncertain verdict (class none: no cue, no category) is a guess by rule 7,
not a finding (stages.md): its confidence is capped at --uncertain-cap (0.85). The labelled sets
hold few such bare terms, most of them product names the guess gets right, so their share of
right verdicts says little about the bare terms of a real export.

Usage:
  scripts/fit_calibration.py [--klantreis build/klantreis] [--dev FILE] [--dev2 FILE]
                             [--out config/calibration.toml] [--min-bucket 10] [--prior 4]
                             [--uncertain-cap 0.85]
Then rebuild (the table is compiled into the binary) and check with scripts/eval_split.py.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval_real  # noqa: E402  (labelled real English export queries)
import eval_split  # noqa: E402  (the team's dev2 split)

CLASSES = ["cues", "hint", "category", "none"]  # the order of EvidenceClass; remap/override are never fitted
# Per class the bucket edges, as (words_from, margin_from): cues and hints by margin, the rule-7
# classes (margin 0) by the query's content words (a bare term names a product more often than a
# sentence with no cue does).
NEG = -1e9
EDGES = {"cues": [(0, NEG), (0, 0), (0, 0.25), (0, 0.5), (0, 0.75), (0, 1.0), (0, 1.5), (0, 2.0)],
         "hint": [(0, NEG), (0, 0.25), (0, 0.5)],
         "category": [(0, NEG), (3, NEG)],
         "none": [(0, NEG), (3, NEG)]}


def read_stage_file(path):
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if l.strip() and not l.startswith("#")]
    header = lines[0].split("\t")
    try:
        qi, si = header.index("query"), header.index("stage")
    except ValueError:
        sys.exit(f"{path}:1: header must hold query and stage columns")
    return [(c[qi], c[si]) for c in (l.split("\t") for l in lines[1:])]


def classify(klantreis, queries):
    proc = subprocess.run([klantreis, "classify", "--uncalibrated", "--explain", "--format", "jsonl"],
                          input="\n".join(queries) + "\n", capture_output=True, text=True, check=True)
    out = [json.loads(l) for l in proc.stdout.splitlines()]
    if len(out) != len(queries):
        sys.exit(f"classify returned {len(out)} verdicts for {len(queries)} queries")
    return out


def pool_adjacent_violators(bins, rising):
    """bins: [[from, n, p]]; returns them merged so that p never falls (rising) or rises along the bins."""
    out = []
    for b in bins:
        out.append(list(b))
        while len(out) > 1 and ((out[-2][2] > out[-1][2]) if rising else (out[-2][2] < out[-1][2])):
            hi = out.pop()
            lo = out[-1]
            n = lo[1] + hi[1]
            lo[2] = (lo[2] * lo[1] + hi[2] * hi[1]) / n
            lo[1] = n
    return out


def fit(samples, min_bucket, prior, uncertain_cap=1.0):
    """samples: [(class, words, margin, right)] -> [(class, words_from, margin_from, p, n)]."""
    total = len(samples)
    overall = sum(r for *_, r in samples) / total
    rows = []
    for cls in CLASSES:
        mine = [(w, m, r) for c, w, m, r in samples if c == cls]
        if not mine:
            continue
        k = sum(r for *_, r in mine)
        class_p = (k + prior * overall) / (len(mine) + prior)
        edges = EDGES[cls]
        buckets = [[e, 0, 0] for e in edges]  # (words_from, margin_from), n, right
        for w, m, r in mine:
            i = max(j for j, (ew, em) in enumerate(edges) if w >= ew and m >= em)
            buckets[i][1] += 1
            buckets[i][2] += r
        buckets = [b for b in buckets if b[1] > 0]
        while len(buckets) > 1 and min(b[1] for b in buckets) < min_bucket:
            i = min(range(len(buckets)), key=lambda j: buckets[j][1])
            if i == 0:
                j = 1
            elif i == len(buckets) - 1:
                j = i - 1
            else:
                j = i - 1 if buckets[i - 1][1] <= buckets[i + 1][1] else i + 1
            lo, hi = min(i, j), max(i, j)
            buckets[lo] = [buckets[lo][0], buckets[lo][1] + buckets[hi][1], buckets[lo][2] + buckets[hi][2]]
            del buckets[hi]
        smoothed = [[b[0], b[1], (b[2] + prior * class_p) / (b[1] + prior)] for b in buckets]
        by_margin = len({e[0] for e in edges}) == 1
        for (w_from, m_from), n, p in pool_adjacent_violators(smoothed, rising=by_margin):
            if (w_from, m_from) == buckets[0][0]:
                w_from, m_from = edges[0]  # the first row covers everything below it
            if cls == "none":
                p = min(p, uncertain_cap)
            rows.append((cls, w_from, m_from, p, n))
    return rows


def real_tune_queries(data_dir):
    """The tune split of classify/tests/data/real_en_labels.tsv as (query, stage); [] without the shared data."""
    base = os.path.join(data_dir, "keyword_exports")
    if not os.path.isdir(base):
        return []
    exports = {name: eval_real.read_export(os.path.join(base, name), *spec) for name, spec in eval_real.EXPORTS.items()}
    return [(exports[fn][h], stage) for fn, h, stage, split in eval_real.read_labels() if split == "tune"]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shared_eval = os.path.join(root, "..", "shared", "eval")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    paths = {"--klantreis": os.path.join(root, "build", "klantreis"), "--dev": os.path.join(shared_eval, "dev.tsv"),
             "--dev2": os.path.join(shared_eval, "dev2.tsv"), "--out": os.path.join(root, "config", "calibration.toml")}
    for flag, default in paths.items():
        ap.add_argument(flag, default=default)
    ap.add_argument("--min-bucket", type=int, default=10)
    ap.add_argument("--prior", type=float, default=4.0)
    ap.add_argument("--no-real", action="store_true",
                    help="leave out the tune split of the labelled real export queries (scripts/eval_real.py)")
    ap.add_argument("--uncertain-cap", type=float, default=0.85,
                    help="ceiling of the confidence of uncertain verdicts (evidence class none)")
    args = ap.parse_args()

    dev = read_stage_file(args.dev)
    rows = eval_split.read_dev2(args.dev2)
    tuning, held = eval_split.split_domains(rows)
    tune = [(q, s) for q, _, s, d in rows if d not in held]  # held-out domains are never fitted on
    real = [] if args.no_real else real_tune_queries(os.path.join(root, "..", "shared", "data"))
    data = dev + tune + real
    verdicts = classify(args.klantreis, [q for q, _ in data])
    samples = [(v["evidence"], v["words"], v["margin"], int(v["stage"] == gold)) for (_, gold), v in zip(data, verdicts)
               if v["evidence"] in CLASSES]
    table = fit(samples, args.min_bucket, args.prior, args.uncertain_cap)
    model = verdicts[0]["model"] if verdicts else "?"
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    fitted = (f"{today} by scripts/fit_calibration.py (min bucket {args.min_bucket}, prior {args.prior:g}, "
              f"uncertain cap {args.uncertain_cap:g}) on "
              f"dev.tsv ({len(dev)} queries) + dev2 tuning domains ({len(tune)} queries, {len(tuning)} domains; "
              f"the {len(held)} held-out domains never) + real export queries, tune split "
              f"({len(real)} queries; scripts/eval_real.py, its held-out exports never), verdicts of {model}")
    lines = [
        "# Calibrated confidence: the probability that a verdict is right, per evidence class",
        "# (core/evidence.h), query length (content words) and margin bucket (the winning stage's",
        "# score minus the strongest other stage's). Written by scripts/fit_calibration.py; do not edit by hand, refit instead",
        "# (docs/classifier.md, \"Confidence\"). Remap and override verdicts are not in the table.",
        "",
        "[calibration]",
        f"fitted = {json.dumps(fitted)}",
        "rows = [",
    ]
    for cls, w_from, m_from, p, n in table:
        m = "-1e9" if m_from <= -1e8 else f"{m_from:g}"
        lines.append(f'  {{ evidence = "{cls}", words_from = {w_from}, margin_from = {m}, p = {p:.4f}, n = {n} }},')
    lines.append("]")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {args.out}: {len(table)} rows from {len(samples)} verdicts")
    for cls, w_from, m_from, p, n in table:
        print(f"  {cls:9} words >= {w_from}  margin >= {m_from:>6g}  p {p:.3f}  n {n}")


if __name__ == "__main__":
    main()
