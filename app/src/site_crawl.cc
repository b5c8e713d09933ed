#include "klantreis/app/site_crawl.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <set>

#include "klantreis/app/coverage.h"
#include "klantreis/classify/analyzer.h"
#include "klantreis/crawler/web_url.h"

namespace kr::app {

Result<std::string> CrawlSiteOf(const std::vector<std::string>& start_urls) {
  std::set<std::string> origins;
  for (const std::string& s : start_urls) {
    Result<crawler::WebUrl> u = crawler::ParseWebUrl(s);
    if (!u.ok()) return Status::InvalidArgument("crawl: start URL " + u.status().message());
    origins.insert(u->Origin());
  }
  if (origins.empty()) return Status::InvalidArgument("crawl: no start URL");
  std::string site;
  for (const std::string& o : origins) {
    if (!site.empty()) site += ' ';
    site += o;
  }
  return site;
}

std::string CrawlSummaryJson(const crawler::SiteCrawlSummary& s) {
  nlohmann::json j;
  j["pages"] = s.pages;
  j["fetched"] = s.fetched;
  j["requests"] = s.requests;
  nlohmann::json st = nlohmann::json::object();
  for (const auto& [code, n] : s.statuses) st[std::to_string(code)] = n;
  j["statuses"] = st;
  j["blocked_by_robots"] = s.blocked_by_robots;
  j["redirects"] = s.redirects;
  j["redirects_outside"] = s.redirects_outside;
  j["errors"] = s.errors;
  j["truncated"] = s.truncated;
  j["indexable"] = s.indexable;
  j["noindex"] = s.noindex;
  j["links_outside"] = s.links_outside;
  j["links_dropped"] = s.links_dropped;
  j["not_queued"] = s.not_queued;
  j["sitemap_pages"] = s.sitemap_pages;
  j["sitemap_outside"] = s.sitemap_outside;
  j["sitemap_files"] = s.sitemap_files;
  j["notes"] = s.notes;
  j["stopped_by"] = s.stopped_by;
  j["seconds"] = s.seconds;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string CrawlSummaryText(const SiteCrawlOutcome& o) {
  const crawler::SiteCrawlSummary& s = o.summary;
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "crawl %s of %s: %zu pages stored, %zu fetched with %zu requests in %.1f s (%.1f pages/s)\n",
                o.crawl_id.c_str(), o.site.c_str(), static_cast<size_t>(o.stored), s.fetched, s.requests, s.seconds,
                s.seconds > 0 ? s.fetched / s.seconds : 0.0);
  out += buf;
  out += "statuses:";
  for (const auto& [code, n] : s.statuses) out += " " + (code == 0 ? std::string("none") : std::to_string(code)) + "=" + std::to_string(n);
  out += "\n";
  std::snprintf(buf, sizeof buf,
                "indexable %zu, noindex %zu, blocked by robots.txt %zu, redirects %zu (%zu to other sites, not followed), "
                "errors %zu, cut at the byte cap %zu\n",
                s.indexable, s.noindex, s.blocked_by_robots, s.redirects, s.redirects_outside, s.errors, s.truncated);
  out += buf;
  std::snprintf(buf, sizeof buf,
                "sitemaps: %zu files, %zu page URLs (%zu on other sites ignored); links: %zu to other sites, %zu "
                "mailto/javascript/malformed dropped, %zu not queued (max pages/depth)\n",
                s.sitemap_files.size(), s.sitemap_pages, s.sitemap_outside, s.links_outside, s.links_dropped, s.not_queued);
  out += buf;
  for (const std::string& n : s.notes) out += "  " + n + "\n";
  if (s.stopped_by == "interrupted") {
    out += "interrupted: the " + std::to_string(o.stored) + " pages fetched until then are stored as crawl " + o.crawl_id +
           " (it replaces the previous crawl of this site)\n";
  } else if (!s.stopped_by.empty()) {
    out += "stopped by " + s.stopped_by + "\n";
  }
  return out;
}

Result<SiteCrawlOutcome> RunSiteCrawl(Project& project, const crawler::SiteCrawlOptions& options,
                                      crawler::Fetcher* fetcher, const std::atomic<bool>* stop,
                                      const crawler::ProgressSink& progress) {
  SiteCrawlOutcome out;
  auto site = CrawlSiteOf(options.start_urls);
  if (!site.ok()) return site.status();
  out.site = *site;
  std::unique_ptr<crawler::Fetcher> own;
  if (fetcher == nullptr) {
    own = crawler::MakeCurlFetcher();
    fetcher = own.get();
  }
  store::CrawlRun run;
  run.site = out.site;
  run.start_urls = options.start_urls;
  auto writer = project.store->BeginCrawl(run);
  if (!writer.ok()) return writer.status();
  out.crawl_id = (*writer)->crawl_id();
  auto analyzer = classify::Analyzer::Create(project.classifier.analyzer);
  if (!analyzer.ok()) return analyzer.status();
  WebPage stored;
  crawler::PageSink sink = [&](const WebPage& page) {
    if (page.text.empty()) return (*writer)->Add(page);
    stored = page;  // the text's terms are stored, the text is not
    stored.terms = PageTextTerms(**analyzer, stored.text);
    stored.text.clear();
    return (*writer)->Add(stored);
  };
  auto summary = crawler::CrawlSite(options, fetcher, sink, stop, progress);
  if (!summary.ok()) return summary.status();  // the writer's destructor drops the pages
  out.summary = std::move(summary).value();
  out.interrupted = out.summary.stopped_by == "interrupted";
  out.stored = (*writer)->pages_added();
  run.pages = out.stored;
  run.finished_at = std::time(nullptr);
  run.interrupted = out.interrupted;
  run.stopped_by = out.summary.stopped_by;
  run.summary_json = CrawlSummaryJson(out.summary);
  KR_RETURN_IF_ERROR((*writer)->Commit(run));
  return out;
}

}  // namespace kr::app
