// TermExtractor: the topic terms of a keyword, from the query analyzer's
// tokens: stems (Snowball, applied until stable, so "fiets" and "fietsen"
// meet), Dutch compound parts ("fietsaccu" = "accu fiets"), numbers, units,
// symbols, stop, question and generic intent words dropped, synonym sets
// folded into one term. Order-insensitive: the result is a set, sorted.
// Not thread-safe (it owns an Analyzer and stemmers): one per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "klantreis/classify/analyzer.h"
#include "klantreis/core/status.h"
#include "klantreis/plan/config.h"

namespace kr::plan {

struct KeywordTerms {
  std::vector<std::string> terms;     // sorted, unique term keys (stems; "=e-bike" for a synonym set)
  std::vector<std::string> surfaces;  // per term, the form as written in this keyword (for explanations)
  bool question = false;              // question form: a question word or a "?"
};

class TermExtractor {
 public:
  // `market_lang`: the stemmer language of words and queries without one.
  static Result<std::unique_ptr<TermExtractor>> Create(const PlanConfig& cfg,
                                                       const classify::AnalyzerOptions& analyzer,
                                                       Language market_lang);
  ~TermExtractor();
  void Extract(std::string_view keyword, KeywordTerms* out);

 private:
  TermExtractor() = default;
  struct Stemmers;
  void Raw(std::string_view keyword, KeywordTerms* out);  // without synonyms
  std::string Stem(std::string_view word, Language lang);

  std::unique_ptr<classify::Analyzer> analyzer_;
  std::unique_ptr<Stemmers> stemmers_;
  std::vector<std::string> modifiers_;  // sorted
  Language market_lang_ = Language::kNl;
  struct Synonym {
    std::vector<std::string> terms;  // the variant's terms, sorted
    std::string key;                 // "=" + the set's first entry
    std::string surface;             // the set's first entry
  };
  std::vector<Synonym> synonyms_;    // longest variants first
  classify::Analysis analysis_;
  std::unordered_map<std::string, std::string> stem_cache_[3];
};

}  // namespace kr::plan
