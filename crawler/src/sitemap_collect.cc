// A site's sitemaps: roots, then index children breadth first, with caps.
#include <deque>
#include <unordered_set>
#include <utility>

#include "klantreis/crawler/sitemap.h"

namespace kr::crawler {

SitemapCollection CollectSitemaps(const std::vector<std::string>& roots, const WebUrl& origin,
                                  const SitemapFetch& fetch, const SitemapCollectOptions& options) {
  SitemapCollection out;
  std::deque<std::pair<std::string, int>> queue;  // normalised sitemap URL, depth
  std::unordered_set<std::string> seen_files, seen_pages;
  auto enqueue = [&](std::string_view base, std::string_view loc, int depth) {
    Result<WebUrl> u = base.empty() ? ParseWebUrl(loc) : ResolveWebUrl(base, loc);
    if (!u.ok()) {
      ++out.invalid_urls;
      return;
    }
    if (!u->SameOrigin(origin)) {
      ++out.outside_origin;
      return;
    }
    if (depth > options.max_depth || !seen_files.insert(u->url).second) {
      ++out.files_skipped;
      return;
    }
    queue.emplace_back(u->url, depth);
  };
  for (const std::string& r : roots) enqueue(origin.url, r, 0);  // relative Sitemap: lines resolve on the site

  while (!queue.empty()) {
    auto [url, depth] = std::move(queue.front());
    queue.pop_front();
    if (out.files.size() >= options.max_files) {
      out.files_skipped += 1 + queue.size();
      break;
    }
    out.files.push_back(url);
    Result<std::string> body = fetch(url);
    if (!body.ok()) {
      out.errors.push_back(url + ": " + body.status().message());
      continue;
    }
    ParsedSitemap parsed = ParseSitemap(*body, options.limits);
    if (!parsed.error.empty()) out.errors.push_back(url + ": " + parsed.error);
    if (parsed.skipped > 0) {
      out.errors.push_back(url + ": " + std::to_string(parsed.skipped) +
                           " entries are no URL (not UTF-8, a line break inside, or too long) and were skipped");
    }
    out.over_caps += parsed.over_url_cap;
    if (parsed.kind == SitemapKind::kIndex) {
      for (const SitemapEntry& e : parsed.entries) enqueue(url, e.loc, depth + 1);
      continue;
    }
    for (SitemapEntry& e : parsed.entries) {
      // Page URLs in a sitemap are absolute (the protocol): a relative one is invalid.
      Result<WebUrl> u = ParseWebUrl(e.loc);
      if (!u.ok()) {
        ++out.invalid_urls;
        continue;
      }
      if (!u->SameOrigin(origin)) {
        ++out.outside_origin;
        continue;
      }
      if (!seen_pages.insert(u->url).second) continue;
      if (out.pages.size() >= options.max_urls) {
        ++out.over_caps;
        continue;
      }
      out.pages.push_back({u->url, std::move(e.lastmod), url});
    }
  }
  return out;
}

}  // namespace kr::crawler
