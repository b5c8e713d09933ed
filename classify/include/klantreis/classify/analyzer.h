// Analyzer: turns a query (UTF-8) into normalised tokens with flags,
// compound parts, stems and a language tag. ICU-based (BreakIterator over
// UTF-8 UText, NFKC + case folding, diacritics removed for matching).
//
// An Analyzer is NOT thread-safe (it owns a BreakIterator and a stem cache):
// use one per thread. Creating one is expensive; Analyze() is cheap and
// allocation-light when `out` is reused.
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
};

struct Token {
  std::string text;                // the token as written (original bytes)
  std::string norm;                // NFKC, case-folded, diacritics removed ("oriëntatie" -> "orientatie")
  std::string stem;                // Snowball stem of norm in the query language (== norm when protected)
  std::vector<std::string> parts;  // compound parts (norm form), empty when not a compound
  uint32_t begin = 0;              // byte offsets into the analyzed text
  uint32_t end = 0;
  uint32_t flags = 0;
};

struct Analysis {
  Language lang = Language::kUnd;
  double nl_score = 0;  // language evidence, for explanations
  double en_score = 0;
  std::vector<Token> tokens;
  void Clear() { tokens.clear(); lang = Language::kUnd; nl_score = en_score = 0; }
};

// Configuration of the chain, built from the shipped config (config/analyzer.toml)
// and the project's overrides.
struct AnalyzerOptions {
  std::vector<std::string> filters;      // named filter chain, e.g. {"normalize","compounds","stem","langid"}
  std::vector<std::string> protected_words;  // never stemmed, never split (cue words, brands)
  std::vector<std::string> brands;       // known brands / sites (flagged kTokBrand)
  std::vector<std::string> compound_parts;   // extra known parts for compound splitting (lexicon words)
  std::string dutch_wordlist_path = "/usr/share/dict/nederlands";  // OpenTaal list (Debian: wdutch)
  Language force_lang = Language::kUnd;  // kUnd = detect
};

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

// The normalised form of a keyword used as its identity in the store:
// NFKC, case-folded, whitespace collapsed and trimmed, diacritics kept.
// Thread-safe.
std::string NormalizeKeyword(std::string_view text);

// Folds text the way cue matching does (NFKC, case fold, diacritics removed).
// Thread-safe.
std::string FoldForMatch(std::string_view text);

}  // namespace kr::classify
