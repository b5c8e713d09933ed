#!/usr/bin/env python3
"""Derives config/lexicons/en_verbs.tsv from WordNet 3.0 (Debian wordnet-base).

A lemma is a verb for the query-shape rules when WordNet's tagged texts
(cntlist.rev: sense counts from SemCor) use it as a verb at least five times,
more often than as a noun and more often than as an adjective: "keep",
"gain", "pay", "lose", "move", "need"; not "heat", "book", "ship" or
"practice", whose noun senses are as common. Its forms are written too: the
regular -s, -ed and -ing forms (with e-dropping, y to i and the doubling of a
final consonant after one stressed-looking vowel) and the irregular forms of
verb.exc ("lost", "kept", "paid").

One row per form: word<TAB>lemma, sorted. Lemmas of one or two letters and
multi-word lemmas are left out.
Run:  scripts/gen_en_verbs.py [/usr/share/wordnet] > config/lexicons/en_verbs.tsv
"""
import collections
import os
import sys

WN = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
VOWELS = set("aeiou")


def counts():
    c = collections.defaultdict(lambda: [0] * 6)
    with open(os.path.join(WN, "cntlist.rev"), encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or "%" not in parts[0]:
                continue
            lemma, rest = parts[0].split("%", 1)
            c[lemma][int(rest[0])] += int(parts[2])
    return c


def regular_forms(v):
    forms = {v}
    if v.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(v + "es")
    elif v.endswith("y") and len(v) > 2 and v[-2] not in VOWELS:
        forms.add(v[:-1] + "ies")
    else:
        forms.add(v + "s")
    if v.endswith("e"):
        forms.update({v + "d", v[:-1] + "ing"})
    elif v.endswith("y") and len(v) > 2 and v[-2] not in VOWELS:
        forms.update({v[:-1] + "ied", v + "ing"})
    elif (len(v) >= 3 and v[-1] not in VOWELS | {"w", "x", "y"} and v[-2] in VOWELS and v[-3] not in VOWELS
          and sum(ch in VOWELS for ch in v) == 1):
        forms.update({v + v[-1] + "ed", v + v[-1] + "ing"})
    else:
        forms.update({v + "ed", v + "ing"})
    return forms


def main():
    c = counts()
    lemmas = {w for w, n in c.items()
              if "_" not in w and "-" not in w and len(w) >= 3 and w.isalpha() and
              n[2] >= 5 and n[2] > n[1] and n[2] > n[3] + n[5]}
    rows = {}
    for v in lemmas:
        for f in regular_forms(v):
            rows.setdefault(f, v)
    with open(os.path.join(WN, "verb.exc"), encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[1] in lemmas and parts[0].isalpha():
                rows[parts[0]] = parts[1]
    print("# English verb forms for the stage classifier's query-shape rules, derived from")
    print("# WordNet 3.0 (Debian wordnet-base 1:3.0) by scripts/gen_en_verbs.py: lemmas whose")
    print("# verb senses are tagged more often than their noun and adjective senses (SemCor")
    print("# counts, cntlist.rev), with their regular and irregular (verb.exc) forms.")
    print("# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Licence:")
    print("# the WordNet 3.0 licence (use, copy, modify and distribute with this notice); see")
    print("# /usr/share/doc/wordnet-base/copyright. THE DATABASE IS PROVIDED \"AS IS\" AND")
    print("# PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED.")
    print("word\tlemma")
    for w in sorted(rows):
        print(f"{w}\t{rows[w]}")


if __name__ == "__main__":
    main()
