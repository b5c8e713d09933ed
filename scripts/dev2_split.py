#!/usr/bin/env python3
"""dev2_split.py DEV2.tsv OUTDIR: the team's cross-domain split of ../shared/eval/dev2.tsv.

Sorts the distinct values of the `domain` column alphabetically; the domains
at index 2, 5, 8, ... (every third, from the third) are the HELD-OUT ten:
never tune or fit on them, never read their errors. The other twenty are the
tuning domains. Writes OUTDIR/dev2_tuned.tsv and OUTDIR/dev2_heldout.tsv
(the same header and rows, split by domain) and prints the held-out domains.
"""
import os
import sys


def split(path):
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    header = lines[0]
    cols = header.split("\t")
    if "domain" not in cols:
        sys.exit(f"{path}:1: no column named domain")
    d = cols.index("domain")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) <= d:
            sys.exit(f"{path}:{n}: expected {d + 1} tab-separated columns, got {len(fields)}")
        rows.append((fields[d], line))
    domains = sorted({dom for dom, _ in rows})
    heldout = {dom for i, dom in enumerate(domains) if i % 3 == 2}
    return header, rows, heldout


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[0])
    header, rows, heldout = split(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name, keep in (("dev2_tuned.tsv", False), ("dev2_heldout.tsv", True)):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(header + "\n")
            for dom, line in rows:
                if (dom in heldout) == keep:
                    f.write(line + "\n")
    print("held-out domains: " + ", ".join(sorted(heldout)))


if __name__ == "__main__":
    main()
