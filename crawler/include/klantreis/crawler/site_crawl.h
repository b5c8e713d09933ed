// The site crawl: a polite, bounded, breadth-first crawl of the user's own
// site(s), one page at a time per origin.
//
// Order of work per origin: robots.txt first (before any page; up to 5
// redirects; 2xx parsed, 4xx = everything allowed, 5xx/429/unreachable =
// nothing allowed for this crawl), then the sitemaps (robots.txt Sitemap:
// lines, else /sitemap.xml; see sitemap.h), then breadth first from the
// start URLs, the sitemap pages queued after them at depth 1.
// Politeness: requests to one origin start max(delay, Crawl-delay) apart;
// 429 and 5xx are retried with backoff (honouring Retry-After up to 30 s).
// Safety: only the start URLs' origins are fetched; a redirect is followed
// hop by hop (at most max_redirects) only within the origin and when
// robots.txt allows the target; a redirect elsewhere is recorded, not
// followed. Per-page byte cap (the rest not downloaded), per-request
// timeout, a total time budget, max pages, max depth; the queue never
// holds more than max_pages URLs, so memory stays flat (pages go to the
// sink as they are read).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "klantreis/core/page.h"
#include "klantreis/core/status.h"
#include "klantreis/crawler/fetcher.h"
#include "klantreis/crawler/sitemap.h"

namespace kr::crawler {

struct SiteCrawlOptions {
  std::vector<std::string> start_urls;
  size_t max_pages = 500;      // pages fetched (robots.txt and sitemaps not counted)
  int max_depth = 20;          // link hops from a start URL
  double delay_seconds = 1.0;  // between requests to one origin (Crawl-delay wins when larger)
  double max_crawl_delay = 60; // a larger Crawl-delay is capped here
  std::string agent = "klantreis";  // robots.txt token and <meta name=...>
  std::string user_agent;           // User-Agent header ("" = "klantreis/0.1 (+...)")
  double timeout_seconds = 15;      // per request
  double budget_seconds = 0;        // whole crawl, 0 = none
  size_t max_page_bytes = 10u << 20;
  int max_redirects = 5;
  int max_attempts = 3;             // per request, on network errors, 429 and 5xx
  bool use_sitemaps = true;
  SitemapCollectOptions sitemaps;
};

struct CrawlProgress {
  size_t fetched = 0;   // pages requested so far
  size_t queued = 0;    // waiting in the queue
  double elapsed_seconds = 0;
};

struct SiteCrawlSummary {
  size_t pages = 0;                // records given to the sink (fetched, blocked, failed)
  size_t fetched = 0;              // pages requested
  size_t requests = 0;             // HTTP requests in all (robots.txt, sitemaps, redirect hops)
  std::map<int, size_t> statuses;  // final status -> pages
  size_t blocked_by_robots = 0;
  size_t redirects = 0;            // pages that redirected
  size_t redirects_outside = 0;    // of those, to another origin (not followed)
  size_t errors = 0;               // network errors, timeouts
  size_t truncated = 0;            // bodies cut at the byte cap
  size_t indexable = 0;
  size_t noindex = 0;
  size_t links_outside = 0;        // distinct links to other origins (not followed)
  size_t links_dropped = 0;        // mailto:, javascript:, malformed hrefs
  size_t not_queued = 0;           // links not queued: max pages, max depth
  size_t sitemap_pages = 0;        // page URLs found in sitemaps
  size_t sitemap_outside = 0;      // sitemap URLs on other origins, ignored
  std::vector<std::string> sitemap_files;
  std::vector<std::string> notes;  // robots.txt outcome per origin, sitemap errors, ...
  std::string stopped_by;          // "" (queue empty), "max pages", "budget", "interrupted"
  double seconds = 0;
};

using PageSink = std::function<Status(const WebPage&)>;
using ProgressSink = std::function<void(const CrawlProgress&)>;

// Runs the crawl with `fetcher` (a CurlFetcher in production), giving each
// page to `sink` (an error from it ends the crawl with that error). `stop`
// (may be null) ends the crawl early, keeping what the sink got: the
// summary says "interrupted". InvalidArgument for a bad start URL or option.
Result<SiteCrawlSummary> CrawlSite(const SiteCrawlOptions& options, Fetcher* fetcher, const PageSink& sink,
                                   const std::atomic<bool>* stop = nullptr, const ProgressSink& progress = nullptr);

// The indexable rule: 200, HTML, not noindex, canonical absent or the page itself.
bool IsIndexable(const WebPage& page);

}  // namespace kr::crawler
