#include "compound.h"

#include <algorithm>
#include <string>

namespace kr::classify::internal {
namespace {

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Prefixes after which a known remainder makes a derived word, not a
// compound ("be|stelling", "ver|zekering"). Also refused as heads.
constexpr std::string_view kDerivationPrefixes[] = {"be", "ge", "ver", "ont", "her", "er", "mis"};

}  // namespace

CompoundSplitter::CompoundSplitter(std::shared_ptr<const WordList> dict, std::shared_ptr<const WordList> lexicon,
                                   std::shared_ptr<const WordList> foreign, CompoundSettings settings)
    : dict_(std::move(dict)),
      lexicon_(std::move(lexicon)),
      foreign_(std::move(foreign)),
      settings_(std::move(settings)) {
  banned_heads_.insert(settings_.banned_heads.begin(), settings_.banned_heads.end());
  for (std::string_view p : kDerivationPrefixes) banned_heads_.insert(std::string(p));
  banned_tails_.insert(settings_.banned_tails.begin(), settings_.banned_tails.end());
  short_parts_.insert(settings_.short_parts.begin(), settings_.short_parts.end());
}

bool CompoundSplitter::Known(std::string_view w) const { return InDictionary(w) || InLexicon(w); }

bool CompoundSplitter::KnownPart(std::string_view part, bool head) const {
  const auto n = static_cast<int>(part.size());
  if (n < settings_.min_lexicon_part) return false;
  if (head ? banned_heads_.count(std::string(part)) : banned_tails_.count(std::string(part))) return false;
  if (InLexicon(part)) return true;
  if (n < settings_.min_part) return short_parts_.count(std::string(part)) > 0;
  if (InDictionary(part)) return true;
  // English loans as heads ("trackingcode", "onlinemarketing"), long enough
  // not to be an accidental prefix.
  return head && n >= 5 && foreign_ && foreign_->Contains(part);
}

namespace {

// Singular / base candidates of a word ending in -en (or -e after a doubled
// consonant), by Dutch spelling: katten -> kat, kantoren -> kantoor,
// huizen -> huis, brieven -> brief, boeken -> boek.
int BaseForms(std::string_view w, std::string out[4]) {
  int n = 0;
  std::string_view stem;
  if (w.size() > 2 && w.substr(w.size() - 2) == "en") {
    stem = w.substr(0, w.size() - 2);
  } else if (w.size() > 1 && w.back() == 'e') {
    stem = w.substr(0, w.size() - 1);
  } else {
    return 0;
  }
  if (stem.size() < 2) return 0;
  const char last = stem.back(), prev = stem[stem.size() - 2];
  if (last == prev && !IsVowel(last)) {
    out[n++] = std::string(stem.substr(0, stem.size() - 1));  // katt -> kat
    return n;
  }
  out[n++] = std::string(stem);  // boek
  if (!IsVowel(last) && IsVowel(prev) && (stem.size() < 3 || !IsVowel(stem[stem.size() - 3]))) {
    std::string d(stem.substr(0, stem.size() - 1));
    d += prev;
    d += last;
    out[n++] = d;  // kantor -> kantoor
  }
  if (last == 'z' || last == 'v') {
    std::string v(stem);
    v.back() = last == 'z' ? 's' : 'f';
    out[n++] = v;  // huiz -> huis
  }
  return n;
}

}  // namespace

// True when `w` is a plural, derivation or prefixed form of a known word
// that does not split itself ("kantoren", "bestelling", "verzekering").
bool CompoundSplitter::IsDerivedFromWholeWord(std::string_view w, int depth) const {
  std::vector<std::string> tmp;
  auto whole = [&](std::string_view base) {
    tmp.clear();
    return base.size() >= 3 && InDictionary(base) && !SplitRec(base, depth + 1, &tmp);
  };
  for (std::string_view p : kDerivationPrefixes) {
    if (w.size() >= p.size() + 4 && w.substr(0, p.size()) == p && whole(w.substr(p.size()))) return true;
  }
  for (const std::string& suf : settings_.derivation_suffixes) {
    if (w.size() < suf.size() + 3 || w.substr(w.size() - suf.size()) != suf) continue;
    std::string_view base = w.substr(0, w.size() - suf.size());
    if (whole(base)) return true;
    if (suf != "ing" && suf != "ingen") continue;  // "verfroll(en)" is a plural, not a verb
    std::string verb(base);
    verb += "en";
    tmp.clear();
    if (InDictionary(verb) && base.size() >= 3 && !SplitRec(base, depth + 1, &tmp) && !InDictionary(base)) {
      // "betaling": betal(en) is known as a verb only; "betal" must not split either.
      return true;
    }
  }
  std::string bases[4];
  const int nb = BaseForms(w, bases);
  for (int i = 0; i < nb; ++i) {
    if (whole(bases[i])) return true;
  }
  if (w.size() > 4 && w.back() == 's' && whole(w.substr(0, w.size() - 1))) return true;
  return false;
}

// A head that carries its linking element is reported without it when that
// form is known: "klanten" -> klant, "katten" -> kat, "zonne" -> zon,
// "makelaars" -> makelaar.
std::string CompoundSplitter::HeadForm(std::string_view head) const {
  const size_t min = static_cast<size_t>(settings_.min_part);
  if (head.size() >= 5 && head.substr(head.size() - 2) == "en") {
    std::string_view stem = head.substr(0, head.size() - 2);
    const char last = stem.back(), prev = stem[stem.size() - 2];
    if (last == prev && !IsVowel(last)) {
      std::string base(stem.substr(0, stem.size() - 1));  // katten -> kat
      if (KnownPart(base, true)) return base;
    } else if (stem.size() >= min && KnownPart(stem, true)) {
      return std::string(stem);  // klanten -> klant (not regen -> reeg: no vowel doubling here)
    }
  } else if (head.size() >= 4 && head.back() == 'e' && head[head.size() - 2] == head[head.size() - 3] &&
             !IsVowel(head[head.size() - 2])) {
    std::string base(head.substr(0, head.size() - 2));  // zonne -> zon
    if (KnownPart(base, true)) return base;
  } else if (head.size() >= 5 && head.back() == 's' && head[head.size() - 2] != 's') {
    std::string_view base = head.substr(0, head.size() - 1);  // makelaars -> makelaar
    if (base.size() >= min && KnownPart(base, true)) return std::string(base);
  }
  return std::string(head);
}

bool CompoundSplitter::SplitRec(std::string_view w, int depth, std::vector<std::string>* parts) const {
  const size_t n = w.size();
  const size_t min = static_cast<size_t>(settings_.min_lexicon_part);
  if (n < 2 * min || depth >= settings_.max_parts - 1) return false;
  if (foreign_ && foreign_->Contains(w)) return false;  // "laptop" is not lap + top
  if (IsDerivedFromWholeWord(w, depth)) return false;
  // Two passes over the heads, longest first: a known tail, then (only if
  // none) a tail that splits itself. Two parts beat three: "familie +
  // structuur", not "families + truc + tuur".
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = n - min; i >= min; --i) {
      std::string_view head = w.substr(0, i);
      if (!KnownPart(head, /*head=*/true)) continue;
      // Tail candidates: no linker, -s-, -en-, doubled consonant + e / en.
      std::string_view rest = w.substr(i);
      std::string_view tails[4];
      int nt = 0;
      tails[nt++] = rest;
      if (rest[0] == 's') tails[nt++] = rest.substr(1);
      if (rest.size() > 2 && rest[0] == 'e' && rest[1] == 'n') tails[nt++] = rest.substr(2);
      if (rest.size() > 2 && rest[0] == head.back() && !IsVowel(rest[0]) && rest[1] == 'e') {
        tails[nt++] = rest.substr(rest.size() > 3 && rest[2] == 'n' ? 3 : 2);
      }
      for (int k = 0; k < nt; ++k) {
        std::string_view tail = tails[k];
        if (tail.size() < min) continue;
        if (pass == 0) {
          if (!KnownPart(tail, /*head=*/false)) continue;
          // "winters" + "port" or "winter" + "sport": a head ending in s that
          // is known without it, before a tail known with it, gives the s back.
          if (k == 0 && head.size() > min && head.back() == 's' && KnownPart(head.substr(0, i - 1), true) &&
              KnownPart(w.substr(i - 1), false)) {
            parts->push_back(HeadForm(head.substr(0, i - 1)));
            parts->emplace_back(w.substr(i - 1));
            return true;
          }
          parts->push_back(HeadForm(head));
          parts->emplace_back(tail);
          return true;
        }
        std::vector<std::string> sub;
        if (!banned_tails_.count(std::string(tail)) && SplitRec(tail, depth + 1, &sub)) {
          parts->push_back(HeadForm(head));
          for (auto& s : sub) parts->push_back(std::move(s));
          return true;
        }
      }
    }
  }
  return false;
}

bool CompoundSplitter::Split(std::string_view word, std::vector<std::string>* parts) const {
  parts->clear();
  if (word.size() > settings_.max_word_letters) return false;  // no real compound is that long
  for (char c : word) {
    if (c < 'a' || c > 'z') return false;  // letters only (folded ASCII)
  }
  // Short-prefix words written closed that the word list has hyphenated:
  // "ebike" (e-bike), "ebook", "email".
  if (dict_ && word.size() >= 4) {
    std::string hyph;
    for (size_t k = 1; k <= 3 && k + 3 <= word.size(); ++k) {
      hyph.assign(word.substr(0, k));
      hyph += '-';
      hyph.append(word.substr(k));
      if (dict_->Contains(hyph)) {
        parts->emplace_back(word.substr(0, k));
        parts->emplace_back(word.substr(k));
        return true;
      }
    }
  }
  if (!SplitRec(word, 0, parts)) {
    parts->clear();
    return false;
  }
  return true;
}

}  // namespace kr::classify::internal
