// Sitemap parsing (crawler::ParseSitemap: XML urlset and index via expat,
// plain text, gzip) on arbitrary bytes, with small caps so the caps are
// exercised. Invariants: never more entries than the cap, every loc
// non-empty and valid UTF-8 without line breaks, kind and error consistent.
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "klantreis/crawler/sitemap.h"

using kr::fuzz::Require;
using kr::fuzz::RequireUtf8;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  kr::crawler::SitemapLimits limits;
  limits.max_bytes = 256 * 1024;
  limits.max_urls = 64;
  kr::crawler::ParsedSitemap s = kr::crawler::ParseSitemap(body, limits);
  Require(s.entries.size() <= limits.max_urls, "more entries than the cap");
  for (const auto& e : s.entries) {
    Require(!e.loc.empty(), "an entry without a loc");
    RequireUtf8(e.loc, "a loc is not valid UTF-8");
    RequireUtf8(e.lastmod, "a lastmod is not valid UTF-8");
    Require(e.loc.find_first_of("\r\n") == std::string::npos, "a loc holds a line break");
  }
  if (s.over_url_cap > 0) Require(s.entries.size() == limits.max_urls, "over the cap with room left");
  return 0;
}
