// Site crawls in the store: each crawl's pages, keyed by normalised URL
// under the crawl's number; a crawl becomes visible at Commit and then
// replaces the earlier crawl of the same site in one atomic write
// (docs/store.md, "Pages").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "klantreis/core/page.h"
#include "klantreis/core/status.h"

namespace kr::store {

struct CrawlRun {
  std::string id;                       // "w000001", assigned by BeginCrawl
  std::string site;                     // the crawl's identity: its origins, sorted, space-separated
  std::vector<std::string> start_urls;
  int64_t started_at = 0;               // unix seconds (0 = now)
  int64_t finished_at = 0;
  uint64_t pages = 0;                   // pages stored
  bool interrupted = false;             // stopped by the user (Ctrl-C): the pages stored until then
  std::string stopped_by;               // "", "max pages", "budget", "interrupted"
  std::string summary_json;             // the crawler's summary, as JSON
  bool committed = false;
};

// Streams one crawl's pages into the store. Not thread-safe.
class PageWriter {
 public:
  virtual ~PageWriter() = default;
  // Adds (or, for a URL already added, replaces) one page. InvalidArgument
  // for an empty URL, one with a NUL byte or longer than 8 KiB.
  virtual Status Add(const WebPage& page) = 0;
  // Makes the crawl visible and removes the earlier crawls of the same
  // site, in one synced write. `run` gives the final figures.
  virtual Status Commit(const CrawlRun& run) = 0;
  // Drops everything added (also done by the destructor without Commit).
  virtual void Abort() = 0;
  virtual const std::string& crawl_id() const = 0;
  virtual uint64_t pages_added() const = 0;
};

}  // namespace kr::store
