// pages.csv: one row per crawled page of the project's site(s). Column
// order is a contract (new columns only at the end):
//   url,status,indexable,canonical,stage,title,h1,description,final_url,
//   redirects,redirect_outside,content_type,noindex,nofollow,words,lang,
//   internal_links,in_sitemap,depth,error,crawl
// Every cell goes through kr::CsvField (RFC 4180, formulas neutralised).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "klantreis/core/page.h"
#include "klantreis/core/stage.h"
#include "klantreis/core/status.h"

namespace kr::reports {

class PagesCsvWriter {
 public:
  // Opens out_dir/pages.csv (written under a temporary name until Commit).
  static Result<std::unique_ptr<PagesCsvWriter>> Open(const std::string& out_dir);
  virtual ~PagesCsvWriter() = default;
  // stage: the page's stage, or nullopt when it has no text to classify.
  virtual void Add(const WebPage& page, std::optional<Stage> stage, const std::string& crawl_id) = 0;
  // Renames onto pages.csv; returns its path.
  virtual Result<std::string> Commit() = 0;
};

}  // namespace kr::reports
