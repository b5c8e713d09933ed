// Private to classify/: compiled cue phrases and the index that finds them
// in an analysed query. A phrase is a sequence of words (see
// docs/configuration.md): literal words, `word*` prefixes, `*` (any one
// word) and `...` (a gap of up to three words). Words match whole tokens
// (their normalised form or stem); a one-word phrase also matches a compound
// part ("korting" in "kortingscode"), never a raw substring.
//
// A PhraseIndex is immutable after building and safe to share between
// threads; MatchAll() only reads it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "klantreis/classify/analyzer.h"
#include "klantreis/core/status.h"

namespace kr::classify::internal {

// Tags of the lexicon `kind` column.
enum CueTag : uint32_t {
  kTagFrame = 1u << 0,     // makes buying cues in the same query topic words
  kTagNav = 1u << 1,       // the query wants a site (login, website)
  kTagService = 1u << 2,   // a brand's own service page (with a brand: navigational)
  kTagOrg = 1u << 3,       // organisation type (bank, university)
  kTagStrict = 1u << 4,    // only when the query language equals the cue language
  kTagBetween = 1u << 5,   // needs a word on both sides ("X of Y")
  kTagStart = 1u << 6,     // only at the start of the query
  kTagQuestion = 1u << 7,  // a question word / form
  kTagDescriptive = 1u << 8,  // comparison, price, place, ... (trace only)
  kTagEnd = 1u << 9,       // only at the end of the query ("pizza online", "edit program free")
  kTagSymptom = 1u << 10,  // a fault that is `use` for a thing one owns, latent_need for a subject
  kTagSubject = 1u << 11,  // body, home, plant, animal, person: a symptom of it is a latent need
  kTagCondition = 1u << 12,  // a state ("droog", "oily", "yellow"): latent_need of a subject, else nothing
  kTagWhole = 1u << 13,      // its sense needs the whole word: as the head of a compound it is a hint
                             // ("verzekeringspakket" is no parcel, "inkomensgarantie" no warranty)
  kTagAttrHead = 1u << 14,   // signal: a compound head that makes the word a product attribute
                             // ("onderhoudsvriendelijk"): cues on its modifier parts count nothing
  kTagDevice = 1u << 15,     // signal: a device or platform one uses ("android", "telefoon")
  kTagDefinition = 1u << 16, // a question for a definition ("what is", "wat betekent"): stays
                             // orientation about a condition too
  kTagCategory = 1u << 17,   // signal: a product or service noun ("software", "kaart", "boekhouder"):
                             // a rule-7 verdict names a category (evidence class category)
};

// Parses a comma-separated kind column into tags. Unknown names are
// returned in *unknown (empty when all are known).
uint32_t ParseCueTags(std::string_view kind, std::string* unknown);

struct PatternWord {
  enum Type : uint8_t { kLiteral, kPrefix, kAny, kGap };
  Type type = kLiteral;
  std::string text;  // folded; prefix without the '*'
};

struct Pattern {
  std::vector<PatternWord> words;
  int literals = 0;   // literal + prefix words
  int wildcards = 0;  // '*' and '...'
};

// Folds and compiles `phrase`. Errors (InvalidArgument, message without
// location): empty phrase, a phrase of wildcards only, '...' first or last,
// a prefix shorter than three letters.
Result<Pattern> CompilePhrase(std::string_view phrase);

// The query as the matcher sees it: word-like tokens in order.
struct QueryToken {
  const Token* token = nullptr;  // into the Analysis
  int index = 0;                 // index into Analysis::tokens
};

struct PhraseMatch {
  int entry = 0;   // the id given to PhraseIndex::Add
  int begin = 0;   // first QueryToken
  int end = 0;     // one past the last QueryToken
  int part = -1;   // >= 0: matched compound part `part` of token `begin` only
  bool typo = false;  // matched a misspelling (FuzzyIndex)
};

// Finds one-word cues within one edit (insertion, deletion, substitution or
// swap of neighbours) of a misspelt query word, by the symmetric-delete
// method: every word and its one-letter deletions are keys. Only long words
// take part (kMinLength bytes), so short words never match by accident.
// Immutable after building; safe to share between threads.
// Transparent hash and equality: string-keyed maps looked up by string_view
// without building a std::string.
struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct StringViewEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

class FuzzyIndex {
 public:
  static constexpr size_t kMinLength = 6;
  // `word` must be folded; shorter words are ignored.
  void Add(const std::string& word, int entry);
  // Appends the entries of words within one edit of `word` (not equal to it).
  void Find(std::string_view word, std::vector<int>* entries) const;
  bool empty() const { return keys_.empty(); }

 private:
  std::vector<std::string> words_;  // word of each id
  std::vector<int> entries_;
  std::unordered_map<std::string, std::vector<int>, StringViewHash, StringViewEq> keys_;  // word or deletion -> word ids
};

// True when a and b differ by at most one edit (optimal string alignment).
bool WithinOneEdit(std::string_view a, std::string_view b);

class PhraseIndex {
 public:
  // `match_parts`: a one-word pattern may also match compound parts.
  void Add(Pattern pattern, int entry, bool match_parts);
  // Appends every match of every pattern in `q` to *out (not cleared).
  // `scratch` is working space the caller reuses across calls.
  // Equivalent to Candidates() + MatchFrom() for every token.
  void MatchAll(const std::vector<QueryToken>& q, std::vector<PhraseMatch>* out, std::vector<int>* scratch) const;
  // The patterns that can start at token `t`: those whose first word is its
  // norm, its stem or one of its compound parts, and those that start with a
  // prefix. Sorted, without duplicates; *ids is cleared first. Depends only
  // on t.norm, t.stem and t.parts, so callers may cache it per word.
  void Candidates(const Token& t, std::vector<int>* ids) const;
  // Appends the matches of the candidate patterns `ids` (from Candidates of
  // q[i]) that start at token `i`, in the order of `ids`.
  void MatchFrom(const std::vector<QueryToken>& q, int i, const std::vector<int>& ids,
                 std::vector<PhraseMatch>* out) const;
  const Pattern& pattern_of(int i) const { return patterns_[i]; }
  size_t size() const { return patterns_.size(); }

 private:
  // Tries pattern `p` at token `i`; returns the end token or -1.
  int MatchAt(const Pattern& p, size_t w, const std::vector<QueryToken>& q, int i) const;
  void Collect(std::string_view key, std::vector<int>* ids) const;

  std::vector<Pattern> patterns_;
  std::vector<int> entries_;
  std::vector<bool> parts_ok_;
  std::unordered_map<std::string, std::vector<int>, StringViewHash, StringViewEq> by_first_;  // first literal word -> patterns
  std::vector<int> prefix_first_;  // patterns whose first word is a prefix
};

// Parses the Dutch verb-form table (config/lexicons/nl_verbs.tsv, written
// by scripts/gen_nl_verbs.py; columns: word, form; '#' comments; optional
// header "word<TAB>form"); form is inf (an infinitive) or fin (a finite
// form). Appends (folded word, "nl_inf" / "nl_fin") to *out, the word-class
// list of ClassifierConfig. Returns InvalidArgument naming `source` and the
// line on a bad row.
Status ParseDutchVerbTsv(std::string_view tsv, const std::string& source,
                         std::vector<std::pair<std::string, std::string>>* out);
// English verb forms: `word<TAB>lemma` rows (config/lexicons/en_verbs.tsv,
// made by scripts/gen_en_verbs.py), appended to *out as class "en_verb".
Status ParseEnglishVerbTsv(std::string_view tsv, const std::string& source,
                           std::vector<std::pair<std::string, std::string>>* out);

}  // namespace kr::classify::internal
