// pages.csv: one row per crawled page of the project's site(s). Column
// order is a contract (new columns only at the end):
//   url,status,indexable,canonical,stage,title,h1,description,final_url,
//   redirects,redirect_outside,content_type,noindex,nofollow,words,lang,
//   internal_links,in_sitemap,depth,error,crawl,target_keywords,
//   target_volume,top_keywords
// The last three: the keywords this page covers (site coverage,
// app/coverage.h), their volume, and the five with the most volume
// ("monstera kopen (1,300) | ..."); 0 / empty for a page covering none.
// Every cell goes through kr::CsvField (RFC 4180, formulas neutralised).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "klantreis/core/page.h"
#include "klantreis/core/stage.h"
#include "klantreis/core/status.h"

namespace kr::reports {

// The keywords one page covers: what it targets.
struct PageTargets {
  static constexpr size_t kTop = 5;
  uint64_t keywords = 0;
  int64_t monthly_volume = 0;
  std::vector<std::pair<int64_t, std::string>> top;  // (volume, keyword), most volume first, at most kTop
  void Add(const std::string& keyword, int64_t volume);
};

class PagesCsvWriter {
 public:
  // Opens out_dir/pages.csv (written under a temporary name until Commit).
  // excel: --csv-dialect excel for `market`, as stages.csv.
  static Result<std::unique_ptr<PagesCsvWriter>> Open(const std::string& out_dir, bool excel = false,
                                                      std::string_view market = "");
  virtual ~PagesCsvWriter() = default;
  // stage: the page's stage, or nullopt when it has no text to classify.
  // targets: the keywords it covers (nullptr = none, or no coverage).
  virtual void Add(const WebPage& page, std::optional<Stage> stage, const std::string& crawl_id,
                   const PageTargets* targets) = 0;
  // Renames onto pages.csv; returns its path.
  virtual Result<std::string> Commit() = 0;
};

}  // namespace kr::reports
