#!/usr/bin/env python3
"""Derives config/lexicons/nl_verbs.tsv from the OpenTaal Hunspell dictionary (Debian hunspell-nl).

Dutch has no WordNet in Debian, but the OpenTaal affix file marks verbs by
their flags, which is enough for query shape ("administratie bijhouden",
"kind slaapt slecht": a verb and no product named is a task or situation):

  inf  an infinitive: a dictionary word with the present-participle flag
       (`Vi`: lopen -> lopend, lopende), and the separable-prefix forms its
       verb-prefix flags allow (`Pa`..`Pt`: houden + Pl -> bijhouden)
  fin  a finite form: the third person (`V3`: slaap -> slaapt) and past
       tense (`Vp`, `Va`, `Vb`: werk -> werkte, werkten) the stem's flags
       generate, and the irregular forms the dictionary lists with verb
       prefix flags only (gaat, heeft, liep)

Forms that are also nouns or adjectives (a dictionary word with a noun
plural flag `Z*` or an adjective flag `A*`, or a plural such a flag
generates: fietsen, planten, kosten; warm, open) are left out, and so are
bare stems (loop, maak: also nouns and imperatives): on its own the word does not say it is a verb. So are words of
fewer than four letters, participles (ge...) and words with capitals,
digits or hyphens. Forms are folded like the analyzer folds query words
(lower case, no diacritics, the ligature ĳ as "ij").

Run:  scripts/gen_nl_verbs.py [/usr/share/hunspell] > config/lexicons/nl_verbs.tsv
(needs the Debian package hunspell-nl; the build does not, the table is committed).
"""
import os
import re
import sys
import unicodedata

DIR = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/hunspell"
PREFIX_FLAGS = {"P" + c for c in "abcdefghijklmnopqrst"}
FINITE_SFX = {"V3", "Vp", "Va", "Vb"}


def fold(w):
    w = w.replace("ĳ", "ij").replace("Ĳ", "IJ").lower()
    w = unicodedata.normalize("NFKD", w)
    return "".join(c for c in w if not unicodedata.combining(c))


def read_aff(path):
    """SFX/PFX rules: flag -> list of (strip, add, condition regex, tag)."""
    sfx, pfx = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 5 or parts[0] not in ("SFX", "PFX"):
                continue
            kind, flag, strip, add, cond = parts[:5]
            tag = next((p[3:] for p in parts[5:] if p.startswith("ts:")), "")
            add = add.split("/")[0]
            strip = "" if strip == "0" else strip
            add = "" if add == "0" else add
            if kind == "SFX":
                sfx.setdefault(flag, []).append((strip, add, re.compile("(" + cond + ")$"), tag))
            else:
                pfx.setdefault(flag, []).append((strip, add, re.compile("^(" + cond + ")"), tag))
    return sfx, pfx


def read_dic(path):
    with open(path, encoding="utf-8") as f:
        next(f)  # the word count
        for line in f:
            line = line.strip()
            if not line:
                continue
            word, _, flags = line.partition("/")
            flags = flags.split()[0] if flags else ""
            yield word, [flags[i:i + 2] for i in range(0, len(flags), 2)]


def apply_sfx(word, rules):
    for strip, add, cond, tag in rules:
        if cond.search(word) and word.endswith(strip):
            yield word[:len(word) - len(strip)] + add, tag


def main():
    sfx, pfx = read_aff(os.path.join(DIR, "nl.aff"))
    entries = list(read_dic(os.path.join(DIR, "nl.dic")))
    nouns = set()
    for word, flags in entries:
        for fl in flags:
            if fl.startswith("A") and fl in sfx:  # adjectives (warm, open, heel) are no verb either
                nouns.add(fold(word))
            if fl.startswith("Z") and fl in sfx:
                nouns.add(fold(word))
                for form, tag in apply_sfx(word, sfx[fl]):
                    if tag.startswith("NN"):
                        nouns.add(fold(form))
    inf, fin = set(), set()
    for word, flags in entries:
        prefixes = [p for fl in flags if fl in PREFIX_FLAGS for (_, p, _, _) in pfx.get(fl, [])]
        if "Vi" in flags:
            inf.add(word)
            inf.update(p + word for p in prefixes)
        elif prefixes and not any(fl in FINITE_SFX for fl in flags):
            # An irregular form (gaat, heeft, liep); a stem with its own
            # suffix flags (loop, maak: also nouns and imperatives) is not.
            if not (word.startswith("ge") and len(word) > 5):
                fin.add(word)
        for fl in flags:
            if fl in FINITE_SFX:
                fin.update(form for form, tag in apply_sfx(word, sfx[fl]) if tag.startswith("VB"))
    ok = re.compile(r"^[a-z']+$")
    rows, dropped = {}, 0
    for cls, words in (("fin", fin), ("inf", inf)):  # an infinitive spelling wins over a finite one
        for w in words:
            f = fold(w)
            if len(f) < 4 or not ok.match(f):
                continue
            if f in nouns:
                dropped += 1
                continue
            rows[f] = cls
    counts = {c: sum(1 for v in rows.values() if v == c) for c in ("inf", "fin")}
    print("# Dutch verb forms for the stage classifier's query shapes, derived from the")
    print("# OpenTaal Hunspell dictionary 2.20.18 (Debian hunspell-nl, /usr/share/hunspell/nl.dic")
    print("# and nl.aff) by scripts/gen_nl_verbs.py: inf = infinitive (with separable")
    print("# prefixes), fin = finite form (third person, past tense, irregular forms).")
    print(f"# {counts['inf']} infinitives, {counts['fin']} finite forms; {dropped} forms that are also nouns or adjectives left out.")
    print("# Copyright (c) 1996 Nederlandstalige TeX Gebruikersgroep, (c) 2001-2005 Simon Brouwer e.a.,")
    print("# (c) 2006-2010 OpenTaal, (c) 2020 OpenTaal (Simon Brouwer, Sander van Geloven).")
    print("# Licence: the user's choice of the revised (3-clause) BSD licence or Creative Commons")
    print("# Attribution 3.0 (CC BY 3.0); see /usr/share/doc/hunspell-nl/copyright. Used here under")
    print("# the BSD licence: redistributions must retain this notice; the names of OpenTaal,")
    print("# Simon Brouwer e.a. or the Nederlandstalige TeX Gebruikersgroep may not be used to")
    print("# endorse or promote products derived from this table without permission. THE WORD")
    print("# LIST IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.")
    print("word\tform")
    for w in sorted(rows):
        print(f"{w}\t{rows[w]}")


if __name__ == "__main__":
    main()
