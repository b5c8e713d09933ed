// The site crawl of a project: runs the crawler (crawler/site_crawl.h) and
// stores its pages as one crawl (store/pages.h), replacing the previous
// crawl of the same site when it commits. An interrupted crawl (stop flag,
// Ctrl-C) still commits the pages stored until then, marked interrupted.
#pragma once

#include <atomic>
#include <string>

#include "klantreis/app/project.h"
#include "klantreis/crawler/site_crawl.h"

namespace kr::app {

struct SiteCrawlOutcome {
  crawler::SiteCrawlSummary summary;
  std::string crawl_id;   // "w000001"
  std::string site;       // the origins crawled
  uint64_t stored = 0;    // pages stored
  bool interrupted = false;
};

// The crawl identity of a set of start URLs: their origins, sorted, space-separated.
Result<std::string> CrawlSiteOf(const std::vector<std::string>& start_urls);

// REQUIRES: project opened kReadWrite. `fetcher` null = a CurlFetcher.
Result<SiteCrawlOutcome> RunSiteCrawl(Project& project, const crawler::SiteCrawlOptions& options,
                                      crawler::Fetcher* fetcher, const std::atomic<bool>* stop,
                                      const crawler::ProgressSink& progress);

// The summary as a JSON object (stored with the crawl, printed by the CLI).
std::string CrawlSummaryJson(const crawler::SiteCrawlSummary& s);
// The summary in plain lines for people.
std::string CrawlSummaryText(const SiteCrawlOutcome& o);

}  // namespace kr::app
