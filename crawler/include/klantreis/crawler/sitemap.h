// Sitemaps (sitemaps.org protocol): XML urlsets and sitemap indexes read
// with expat (streaming, namespace-aware, no DTDs or entities), plain-text
// sitemaps (one URL per line), gzip (zlib) detected by its magic bytes.
//
// Reading is lenient the way crawlers are: a `loc` element is found by its
// local name whatever the namespace (the sitemaps.org one, Google's old
// one, a prefix, none); a <sitemap> or <url> holding a bare URL as text is
// taken too; values are trimmed. An XML error stops reading at that point:
// what came before it is kept and the error is reported with its line.
// Caps: 50 MB of uncompressed data per file (the rest is not read) and
// 50,000 URLs per file (the rest counted, not kept), the protocol's limits.
// Nothing here fetches; CollectSitemaps takes the fetch as a function.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/core/status.h"
#include "klantreis/crawler/web_url.h"

namespace kr::crawler {

struct SitemapLimits {
  size_t max_bytes = 50'000'000;  // uncompressed, per file
  size_t max_urls = 50'000;       // entries kept per file
};

struct SitemapEntry {
  std::string loc;      // as written (trimmed, entities decoded)
  std::string lastmod;  // as written ("" when absent)
};

enum class SitemapKind { kUrlset, kIndex, kText, kUnknown };
const char* SitemapKindName(SitemapKind k);  // "urlset", "index", "text", "unknown"

struct ParsedSitemap {
  SitemapKind kind = SitemapKind::kUnknown;
  std::vector<SitemapEntry> entries;  // page URLs (urlset, text) or child sitemaps (index)
  size_t over_url_cap = 0;            // entries beyond max_urls, not kept
  bool over_byte_cap = false;         // input (after gunzip) longer than max_bytes; the rest not read
  bool gzipped = false;
  size_t skipped = 0;                 // entries that are no URL (not UTF-8, a control character, too long)
  std::string error;                  // "" or why reading stopped ("line 7: mismatched tag", "gzip: ...")
};

// Parses one sitemap file's bytes (gzip or not, XML or text). Never fails:
// a file it cannot read is kUnknown with `error` set; random bytes,
// huge lines and deep nesting are safe.
ParsedSitemap ParseSitemap(std::string_view body, const SitemapLimits& limits = {});

// Decompresses a gzip stream, stopping after max_bytes of output
// (*over_cap set). ParseError naming the zlib error for a corrupt stream
// (what was decompressed before it is lost).
Result<std::string> Gunzip(std::string_view data, size_t max_bytes, bool* over_cap);

// ---- collecting a site's sitemaps ----

struct SitemapCollectOptions {
  SitemapLimits limits;
  int max_depth = 3;        // index nesting: roots are depth 0; deeper children are not fetched
  size_t max_files = 200;   // sitemap files fetched in all
  size_t max_urls = 100'000;  // page URLs kept in all
};

struct SitemapPage {
  std::string url;      // normalised (WebUrl::url)
  std::string lastmod;
  std::string sitemap;  // the file that listed it
};

struct SitemapCollection {
  std::vector<SitemapPage> pages;        // in file order, de-duplicated, within the origin
  std::vector<std::string> files;        // sitemap URLs read, in order
  size_t outside_origin = 0;             // page or child URLs on another origin, ignored
  size_t invalid_urls = 0;               // entries that are no http(s) URL
  size_t over_caps = 0;                  // entries dropped by a per-file or total URL cap
  size_t files_skipped = 0;              // children not fetched: depth, file cap, already read
  std::vector<std::string> errors;       // "URL: why" per file that failed or stopped early
};

// Fetches a sitemap's bytes (the caller applies robots.txt and its own
// limits); a non-OK result is recorded in errors and skipped.
using SitemapFetch = std::function<Result<std::string>(const std::string& url)>;

// Reads the roots (robots.txt Sitemap: lines, or /sitemap.xml) and, breadth
// first, the sitemap indexes' children, keeping the page URLs on `origin`.
SitemapCollection CollectSitemaps(const std::vector<std::string>& roots, const WebUrl& origin,
                                  const SitemapFetch& fetch, const SitemapCollectOptions& options = {});

}  // namespace kr::crawler
