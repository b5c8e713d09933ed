// CompoundSplitter: splits Dutch closed compounds into known parts
// ("kortingscode" -> korting + code, "klantenservice" -> klant + service),
// driven by a Dutch word list (OpenTaal via wdutch) plus lexicon words.
// Private to classify/.
//
// Method: longest known head first; between head and tail an optional
// linking element (-s-, -en-, or -e-/-en- after a doubled consonant as in
// "zonnebril", "pannenkoek"); the tail must be known or itself splittable
// (up to max_parts parts). Guards against nonsense splits:
//   - every word-list part has at least min_part letters; shorter parts only
//     from the short_parts list ("zon", "rug", "tas") or the lexicons.
//     (The OpenTaal list holds thousands of rare short words - "ska", "ier",
//     "rag" - that would otherwise cut "kantoor", "bankier", "bedrag".)
//   - heads that are prefixes or separable particles ("be", "ver", "uit",
//     "voor") and tails that are derivational endings ("ling", "heid",
//     "atie") are refused;
//   - a derivation or plural of a known word that does not split itself is
//     not split ("bestelling" = bestel+ling, "kantoren" = kantoor+en);
//   - words of the English list are not split as Dutch ("laptop");
//   - words longer than max_word_letters are not split (a cap on the work);
//   - a head that carries its linking element is reported without it when
//     the shorter form is known ("klanten" -> klant, "katten" -> kat,
//     "makelaars" -> makelaar).
//
// Thread-safety: immutable after construction; Split() is const and safe to
// call from several threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "compound_wordlist.h"

namespace kr::classify::internal {

struct CompoundSettings {
  int min_part = 4;          // letters per part from the word list
  std::vector<std::string> short_parts;  // shorter word-list parts that are fine ("zon", "tv")
  int min_lexicon_part = 2;  // letters per part from the lexicons
  int max_parts = 4;
  // Longer words stay whole: splitting is quadratic in the word's length
  // (a 64 KB "word" took 8 s), and the longest real Dutch compounds
  // ("kindercarnavalsoptochtvoorbereidingswerkzaamheden", 49) stay below.
  size_t max_word_letters = 64;
  std::vector<std::string> banned_heads;     // prefixes and particles
  std::vector<std::string> banned_tails;     // derivational endings
  std::vector<std::string> derivation_suffixes;  // for the derivation guard
};

class CompoundSplitter {
 public:
  // `dict` may be null (no word list: lexicon-only splitting); `lexicon`
  // holds the lexicon parts, protected words and brands (folded);
  // `foreign` (may be null) is the English list: its words are not split.
  CompoundSplitter(std::shared_ptr<const WordList> dict, std::shared_ptr<const WordList> lexicon,
                   std::shared_ptr<const WordList> foreign, CompoundSettings settings);

  // Splits folded, letters-only `word`. Returns true and fills `parts`
  // (folded, linking elements removed) when it is a compound; returns
  // false and leaves `parts` empty when it stays whole.
  bool Split(std::string_view word, std::vector<std::string>* parts) const;

  // True when `word` (folded) is a known word or lexicon part.
  bool Known(std::string_view word) const;
  bool InDictionary(std::string_view word) const { return dict_ && dict_->Contains(word); }
  bool InLexicon(std::string_view word) const { return lexicon_ && lexicon_->Contains(word); }
  bool has_dictionary() const { return dict_ != nullptr; }
  const CompoundSettings& settings() const { return settings_; }

 private:
  bool KnownPart(std::string_view part, bool head) const;
  bool SplitRec(std::string_view word, int depth, std::vector<std::string>* parts) const;
  bool IsDerivedFromWholeWord(std::string_view word, int depth) const;
  std::string HeadForm(std::string_view head) const;

  std::shared_ptr<const WordList> dict_;
  std::shared_ptr<const WordList> lexicon_;
  std::shared_ptr<const WordList> foreign_;
  CompoundSettings settings_;
  std::unordered_set<std::string> banned_heads_, banned_tails_, short_parts_;
};

}  // namespace kr::classify::internal
