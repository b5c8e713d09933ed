// LexiconLanguageId: tells Dutch from English on short queries by lexicon
// scores. Private to classify/.
//
// Why lexicon scores and not CLD2 / exttextcat: on 1-4 word queries the
// n-gram models have almost nothing to go on and answer "unknown" or guess
// (CLD2 needs about 100 characters for a reliable answer). Queries do
// contain words, and words we can look up. Evidence per word, strongest
// first:
//   1. hand-written lists of function and common query words per language
//      (config/langid/{nl,en}.tsv, weight 2 or 1; words common to both
//      languages are left out);
//   2. membership in the Dutch (wdutch/OpenTaal) and English (wbritish)
//      word lists: +1 for the language whose list alone has the word;
//   3. a Dutch compound split ("tankkaarten") counts as Dutch (+1);
//   4. for words in neither list (typos, new words): spelling hints such as
//      Dutch "ij", "aa", "-heid", "-tie" and English "th", "wh", "-tion",
//      at most 0.6 per word.
// A query's tag is the language with the larger total when the margin is
// at least `margin`, else und.
//
// Thread-safety: immutable after Init(); Score() is const and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "compound.h"
#include "compound_wordlist.h"
#include "klantreis/core/status.h"

namespace kr::classify::internal {

struct WordLangScore {
  float nl = 0;
  float en = 0;
  bool question = false;  // question word in nl or en list
  bool stop = false;      // stop word in nl or en list
};

class LexiconLanguageId {
 public:
  // Parses the two TSV lists (word, weight, kind). Errors name `source` and line.
  Status Init(std::string_view nl_tsv, const std::string& nl_source, std::string_view en_tsv,
              const std::string& en_source, std::shared_ptr<const WordList> english_dict);

  // Scores one folded word. `splitter` may be null; `split` tells whether
  // the Dutch compound splitter split it.
  WordLangScore Score(std::string_view word, const CompoundSplitter* splitter, bool split) const;

  // True when `word` is in the evidence lists or either word list.
  bool Knows(std::string_view word, const CompoundSplitter* splitter) const;

  // Spelling hints only (step 4 above).
  static void SpellingHints(std::string_view word, float* nl, float* en);

  size_t nl_words() const { return nl_size_; }
  size_t en_words() const { return en_size_; }
  bool has_english_dict() const { return english_ != nullptr; }

 private:
  struct Entry {
    float nl = 0, en = 0;
    bool question = false, stop = false;
  };
  Status ParseList(std::string_view tsv, const std::string& source, bool dutch, size_t* count);

  std::unordered_map<std::string, Entry> words_;
  std::shared_ptr<const WordList> english_;
  size_t nl_size_ = 0, en_size_ = 0;
};

}  // namespace kr::classify::internal
