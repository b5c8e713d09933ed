#!/usr/bin/env python3
"""Derives config/lexicons/en_wordclass.tsv from WordNet 3.0 (Debian wordnet-base).

For every noun lemma of one or two words, the most frequent sense (the first
synset of index.noun) decides its class:

  condition  a health or life problem: the sense descends (hypernyms) from an
             illness, disorder, symptom, pain, injury, infection, addiction,
             difficulty, the climacteric or a negative feeling (noun.state,
             noun.feeling, noun.time)
  product    a thing one can buy: noun.artifact, noun.food, noun.substance,
             noun.possession (insurance, loans); also when the first sense is
             a group, idea, message or attribute and the second a product
             ("cream": the elite, then the food)
  service    noun.act: services (repair, lessons, cleaning) and deeds (fight,
             walk); the classifier reads it as a service unless it follows
             a person ("we fight": a verb)
  person     noun.person (a person as the subject of a situation)
  body       noun.body (a body part as the subject of a symptom)
  animal     noun.animal (a pet or pest as the subject of a situation)

Two-word lemmas and persons are kept only when WordNet's tagged texts
(SemCor) have the lemma, to keep the table small.

Lemmas that are clearly more often adjectives or verbs than nouns (by
WordNet's tagged-sense counts: more than the noun's and more than 4), and
verbs' -ing forms, are left out, and so are lemmas of fewer than three
letters. Run:  scripts/gen_wordclasses.py [/usr/share/wordnet] > config/lexicons/en_wordclass.tsv
"""
import os
import sys

WN = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"

LEX = {4: "act", 6: "artifact", 8: "body", 12: "feeling", 13: "food", 18: "person", 21: "possession", 26: "state",
       27: "substance"}
PRODUCT = {"artifact", "food", "substance", "possession"}
# Synsets (by a lemma and lexname) whose descendants are conditions.
CONDITION_ROOTS = {
    ("ill_health", 26), ("illness", 26), ("disorder", 26), ("symptom", 26), ("pain", 26), ("injury", 26),
    ("infection", 26), ("addiction", 26), ("difficulty", 26), ("trouble", 26), ("pathology", 26),
    ("disease", 26), ("ache", 26), ("allergy", 26), ("hardship", 26), ("distress", 26),
    ("unhappiness", 26), ("tiredness", 26), ("sleeplessness", 26), ("obesity", 26), ("debt", 26),
    ("insomnia", 26), ("skin_disease", 26), ("dermatitis", 26),
    ("menopause", 28), ("climacteric", 28),
    ("anxiety", 12), ("fear", 12), ("sadness", 12), ("boredom", 12), ("shame", 12), ("dysphoria", 12),
    ("discomfort", 12), ("frustration", 12), ("loneliness", 12), ("distress", 12), ("dissatisfaction", 12),
}


def fields(path):
    """The split lines of a WordNet data or index file, without its licence header."""
    with open(path, encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                yield line.split()


def read_data(path):
    synsets = {}
    for p in fields(path):
        off, lexnum = int(p[0]), int(p[1])
        wcnt = int(p[3], 16)
        words = [p[4 + 2 * i].lower() for i in range(wcnt)]
        k = 4 + 2 * wcnt
        pcnt = int(p[k])
        hyper = []
        for i in range(pcnt):
            sym, target, pos = p[k + 1 + 4 * i], int(p[k + 2 + 4 * i]), p[k + 3 + 4 * i]
            if sym in ("@", "@i") and pos == "n":
                hyper.append(target)
        synsets[off] = (lexnum, words, hyper)
    return synsets


def read_index(path):
    out = {}
    for p in fields(path):
        lemma, pcnt = p[0], int(p[3])
        k = 4 + pcnt
        sense_cnt, tagsense = int(p[k]), int(p[k + 1])
        offsets = [int(x) for x in p[k + 2:k + 2 + sense_cnt]]
        out[lemma] = (tagsense, offsets)
    return out


def main():
    syn = read_data(os.path.join(WN, "data.noun"))
    idx = read_index(os.path.join(WN, "index.noun"))
    other, adjectives = {}, {}
    for pos in ("adj", "verb", "adv"):
        for lemma, (tagsense, _) in read_index(os.path.join(WN, "index." + pos)).items():
            other[lemma] = max(other.get(lemma, 0), tagsense)
            if pos == "adj":
                adjectives[lemma] = tagsense + 1
    roots = {off for off, (lex, words, _) in syn.items() if any((w, lex) in CONDITION_ROOTS for w in words)}
    memo = {}

    def is_condition(off, depth=0):
        if off in memo:
            return memo[off]
        memo[off] = False
        r = off in roots or (depth < 20 and any(is_condition(h, depth + 1) for h in syn[off][2]))
        memo[off] = r
        return r

    rows = []
    for lemma, (tagsense, offsets) in idx.items():
        words = lemma.split("_")
        if len(words) > 2 or len(lemma) < 3 or not all(w.isalpha() and w.isascii() for w in words):
            continue
        if other.get(lemma, 0) > max(tagsense, 4):
            continue  # more often an adjective or a verb ("cold", "free")
        if lemma.endswith("ing") and any(other.get(v, 0) > max(tagsense, 4) for v in (lemma[:-3], lemma[:-3] + "e", lemma[:-4])):
            continue  # a verb's -ing form ("calling", "editing")
        lex = syn[offsets[0]][0]
        cls = None
        if lex in (26, 12, 28) and is_condition(offsets[0]):
            cls = "condition"
        elif LEX.get(lex) in PRODUCT or (lex in (3, 7, 9, 10, 14) and len(offsets) > 1 and
                                          LEX.get(syn[offsets[1]][0]) in PRODUCT):
            cls = "product"
        elif lex == 4:
            cls = "service"
        elif lex == 18 and adjectives.get(lemma, 0) == 0:
            cls = "person"  # not "german", "dutch": in queries those are adjectives
        elif lex == 8:
            cls = "body"
        elif lex == 5:
            cls = "animal"
        if cls and (len(words) == 2 or cls in ("person", "service", "animal")) and tagsense == 0 and cls != "condition":
            continue
        if cls:
            rows.append((" ".join(words), cls))
    print("# English word classes for the stage classifier, derived from WordNet 3.0")
    print("# (Debian wordnet-base 1:3.0) by scripts/gen_wordclasses.py: the class of a")
    print("# noun lemma's most frequent sense. WordNet 3.0 Copyright 2006 by Princeton")
    print("# University. All rights reserved. Licence: the WordNet 3.0 licence (use, copy,")
    print("# modify and distribute with this notice); see /usr/share/doc/wordnet-base/copyright.")
    print("# THE DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS")
    print("# OR WARRANTIES, EXPRESS OR IMPLIED.")
    print("word\tclass")
    for w, c in sorted(rows):
        print(f"{w}\t{c}")


if __name__ == "__main__":
    main()
