// Which page of the user's site covers which keyword (docs/crawler.md,
// "Coverage").
//
// Only indexable crawled pages (crawler::IsIndexable: 200, HTML, not
// noindex, canonical absent or itself, not a redirect) cover keywords.
//
// 1. From an export: when the keyword's sources name a URL (Semrush/Ahrefs
//    "URL", "Current URL", "Page", a Search Console pages x queries export:
//    attributes url, page, current_url, landing_page, top_url) and that URL,
//    normalised, is an indexable crawled page, that page covers it
//    (source "export", score 1).
// 2. Else by content. A keyword's meaningful terms are its analyzer tokens
//    without stop words, question words, symbols and operators (numbers
//    stay). A term is found in a page field when the field holds its stem
//    or its normalised form, or (a compound) all of its parts. Fields and
//    weights: title 3, first h1 3, URL path words 2, other headings (h1-h3)
//    1.5, the main text's terms (WebPage::terms, PageTextTerms) 1.
//    For one page:
//
//      score = sum over terms of the best weight of a field holding the term
//              / (3 x number of terms)                              (0..1)
//
//    A page covers the keyword when it holds every term in some field and
//    scores at least kCoverThreshold (0.5: every term in the headings only
//    is 0.5; both words of "monstera kopen" in the title is 1.0). The
//    best-scoring page covers it (ties: shorter URL, then URL order); none
//    is a gap.
// Two or more pages holding every term and scoring at least
// kStrongThreshold (0.75) is cannibalisation (flagged, the best still
// covers). Memory: the pages' field terms and an inverted index, bounded by
// the crawl's max pages; nothing per keyword.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/app/project.h"
#include "klantreis/classify/analyzer.h"

namespace kr::app {

inline constexpr double kCoverThreshold = 0.5;
inline constexpr double kStrongThreshold = 0.75;

struct KeywordCoverage {
  std::string url;             // the covering page ("" = gap)
  double score = 0;            // its score (the best page's score also for a gap)
  std::string source;          // "export", "content", "" (gap)
  std::string best_url;        // the best page even below the threshold ("" = no page holds a term)
  std::string second_url;      // the runner-up page, when any holds a term
  double second_score = 0;
  size_t strong_pages = 0;     // pages holding every term and scoring >= kStrongThreshold
  bool cannibalisation() const { return strong_pages >= 2; }
  std::vector<std::string> matched;  // "term@field" of the best page
};

// The page's text terms the crawl stores (WebPage::terms): the meaningful
// normalised words of `text` (no stop/question words, symbols, operators,
// one-letter words), the kMaxPageTerms most frequent, most frequent first
// (ties alphabetical).
std::vector<std::string> PageTextTerms(classify::Analyzer& analyzer, std::string_view text);

class SiteCoverage {
 public:
  // The project's indexable pages (all crawled sites). An empty index when
  // the project has no crawl: every keyword is then a gap.
  static Result<std::unique_ptr<SiteCoverage>> Build(Project& project);
  ~SiteCoverage();

  size_t pages() const;        // indexable pages indexed
  size_t crawled_pages() const;  // all stored pages read
  // keyword (as displayed or normalised) -> its coverage; export_url: a URL
  // an export named for it ("" = none). Not thread-safe.
  KeywordCoverage Cover(std::string_view keyword, std::string_view export_url = {});

 private:
  struct Impl;
  explicit SiteCoverage(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kr::app
