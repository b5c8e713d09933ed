// Analyzer: turns a query (UTF-8) into normalised tokens with flags,
// compound parts, stems and a language tag. A chain like Lucene's: the ICU
// word tokenizer (BreakIterator over UTF-8 UText) and named filters
// (normalize, join, flags, protect, compounds, langid, stem), configured in
// config/analyzer.toml and printed by `klantreis analyze --describe`.
// docs/analyzer.md describes each filter and the measured figures.
//
// An Analyzer is NOT thread-safe (it owns a BreakIterator, stemmers and a
// word cache): use one per thread. Create() is thread-safe; the first one in
// a process loads the Debian word lists (tens of ms), later ones share them
// read-only (under 1 ms). Analyze() is cheap and allocation-light when `out`
// is reused.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/core/stage.h"
#include "klantreis/core/status.h"

namespace kr::classify {

enum TokenFlag : uint32_t {
  kTokWord = 1u << 0,       // letters
  kTokNumber = 1u << 1,     // digits, possibly with a unit ("8kg", "16")
  kTokQuestion = 1u << 2,   // question word (wat, hoe, what, how, ...): marked, never dropped
  kTokStop = 1u << 3,       // stop word (marked, never dropped)
  kTokProtected = 1u << 4,  // keyword-marked: cue or brand, not stemmed
  kTokCompound = 1u << 5,   // split into `parts`
  kTokDomain = 1u << 6,     // bol.com, www.x.nl
  kTokSymbol = 1u << 7,     // punctuation / symbol / emoji kept as a token ("?", "vs.")
  kTokBrand = 1u << 8,      // a known brand/site from configuration
  kTokOperator = 1u << 9,   // search operator (site:, "-x", quotes)
  kTokUnit = 1u << 10,      // a unit after or inside a number ("16 inch", "8kg": parts 8 + kg)
};

struct Token {
  std::string text;                // the token as written (original bytes)
  std::string norm;                // NFKC, case-folded, diacritics removed ("oriëntatie" -> "orientatie")
  std::string stem;                // Snowball stem of norm in the query language (== norm when protected)
  std::vector<std::string> parts;  // compound parts (norm form), empty when not a compound
  uint32_t begin = 0;              // byte offsets into the analyzed text
  uint32_t end = 0;
  uint32_t flags = 0;
  Language lang = Language::kUnd;  // this word's own language evidence (kUnd: none or both)
};

struct Analysis {
  Language lang = Language::kUnd;
  double nl_score = 0;  // language evidence, for explanations
  double en_score = 0;
  std::vector<Token> tokens;
  // Both languages have words of their own ("beste running shoes"): apply
  // the cues of both. `lang` is still the stronger one.
  bool mixed = false;
  void Clear() { tokens.clear(); lang = Language::kUnd; nl_score = en_score = 0; mixed = false; }
};

// Configuration of the chain, built from the shipped config (config/analyzer.toml)
// and the project's overrides. Empty lists / zero values mean "the shipped
// default from config/analyzer.toml", so AnalyzerOptions{} is the shipped chain.
struct AnalyzerOptions {
  // Named filter chain, in this order (any may be left out except normalize):
  // normalize, join, flags, protect, compounds, langid, stem.
  std::vector<std::string> filters;
  std::vector<std::string> protected_words;  // never stemmed, never split (cue words, brands); phrases allowed
  std::vector<std::string> brands;       // known brands / sites (flagged kTokBrand); "exact online" allowed
  std::vector<std::string> compound_parts;   // extra known parts for compound splitting (lexicon words)
  std::string dutch_wordlist_path = "/usr/share/dict/nederlands";  // OpenTaal list (Debian: wdutch); "" = none
  std::string english_wordlist_path = "/usr/share/dict/british-english";  // Debian: wbritish; "" = none
  Language force_lang = Language::kUnd;  // kUnd = detect
  Language stem_fallback = Language::kNl;  // stemmer language when the query is und
  bool ascii_fast_path = true;           // ASCII queries skip ICU (identical boundaries)
  size_t cache_size = 0;                 // per-analyzer word cache entries (0 = shipped default)

  struct Compounds {
    int min_part = 0;   // letters per word-list part (0 = shipped default)
    int max_parts = 0;
    std::vector<std::string> short_parts;         // shorter parts that are fine ("zon", "rug", "tv")
    std::vector<std::string> banned_heads;        // prefixes / particles never used as a head
    std::vector<std::string> banned_tails;        // derivational endings never used as a tail
    std::vector<std::string> derivation_suffixes;  // "bestelling" = bestel + ling: not a compound
  } compounds;
  struct LangId {
    double margin = 0;      // score margin for nl/en (0 = shipped default)
    // The market's language, used when a query has words but no decisive
    // evidence ("laptop 16 inch" on a Dutch site is Dutch). kUnd = shipped
    // default; set from the project market (nl-NL, nl-BE -> nl; en-* -> en).
    Language prior = Language::kUnd;
    bool use_prior = true;
    std::string nl_words;   // TSV of Dutch evidence words ("" = shipped config/langid/nl.tsv)
    std::string en_words;   // TSV of English evidence words
  } langid;
};

// Reads the [analyzer] table of a TOML document (the format of
// config/analyzer.toml) into `out`: keys it names replace the setting,
// except protected_words, brands and compound_parts, which are appended;
// other keys are left as they are. Returns InvalidArgument naming `source`
// and the key (or the line, for TOML syntax errors) on a bad value.
Status ApplyAnalyzerToml(std::string_view toml_text, const std::string& source, AnalyzerOptions* out);

// The shipped analyzer settings (config/analyzer.toml compiled into the binary).
const AnalyzerOptions& ShippedAnalyzerOptions();

class Analyzer {
 public:
  static Result<std::unique_ptr<Analyzer>> Create(const AnalyzerOptions& options);
  virtual ~Analyzer() = default;

  // Analyzes `text` into `out` (cleared first). Invalid UTF-8 is replaced,
  // never a crash. Offsets refer to `text`.
  virtual void Analyze(std::string_view text, Analysis* out) = 0;

  // Human-readable description of the chain (for `klantreis analyze --describe`).
  virtual std::string Describe() const = 0;
  // Algorithm and library versions, recorded with results ("snowball-2.2.0 nl,en; icu-72.1; ...").
  virtual std::string Version() const = 0;
};

// Short names for printing: "word|question|stop" for Token::flags.
std::string TokenFlagNames(uint32_t flags);

// The normalised form of a keyword used as its identity in the store:
// NFKC, case-folded, whitespace collapsed and trimmed, diacritics kept.
// Thread-safe.
std::string NormalizeKeyword(std::string_view text);

// Folds text the way cue matching does (NFKC, case fold, diacritics removed).
// Thread-safe.
std::string FoldForMatch(std::string_view text);

}  // namespace kr::classify
