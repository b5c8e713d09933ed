// One page of the user's own site as the site crawl saw it: the shared
// vocabulary of crawler/ (which fills it), store/ (which keeps it) and the
// reports. Plain value type.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kr {

inline constexpr size_t kMaxPageText = 64 * 1024;  // bytes of main text a crawl reads per page
inline constexpr size_t kMaxPageTerms = 200;       // terms kept per page

struct WebPage {
  std::string url;          // normalised URL as requested (the key)
  std::string final_url;    // after redirects within the origin ("" = url)
  int status = 0;           // HTTP status of the last response; 0 = not fetched (see error)
  std::vector<std::string> redirects;  // each hop's target, in order
  std::string redirect_outside;        // a redirect target outside the origin, recorded and not followed
  std::string content_type;            // as sent (e.g. "text/html; charset=utf-8")
  bool html = false;                   // parsed as HTML
  std::string canonical;               // <link rel=canonical>, resolved and normalised ("" = none)
  std::string meta_robots;             // <meta name=robots|klantreis> contents joined with ", "
  std::string x_robots_tag;            // X-Robots-Tag header values for us, joined with ", "
  bool noindex = false;
  bool nofollow = false;               // links of the page were not followed
  std::string title;
  std::string description;             // <meta name=description>
  std::vector<std::string> h1, h2, h3;
  uint64_t words = 0;                  // words of the main text (<main>, else <body>), without script/style/nav
  std::string text;                    // that main text, whitespace-collapsed, at most kMaxPageText bytes:
                                       // read by the crawl, never stored (the app keeps `terms` from it)
  std::vector<std::string> terms;      // the main text's most frequent meaningful words (normalised), at
                                       // most kMaxPageTerms, most frequent first: what coverage reads of the text
  std::string lang;                    // <html lang>, else Content-Language, lower-case
  uint64_t internal_links = 0;         // distinct links to the same origin
  uint64_t external_links = 0;         // distinct http(s) links to other origins
  uint64_t bytes = 0;                  // body bytes downloaded
  bool truncated = false;              // body over the per-page cap: the rest was not downloaded
  int depth = 0;                       // link hops from a start URL (sitemap URLs: 1)
  bool in_sitemap = false;
  bool robots_blocked = false;         // disallowed by robots.txt: not fetched
  std::string error;                   // why it was not fetched or failed ("" = none)
  int64_t fetched_at = 0;              // unix seconds
  uint32_t fetch_ms = 0;               // time of the request(s)
  bool indexable = false;              // 200, HTML, not noindex, canonical is itself (or absent)

  const std::string& Final() const { return final_url.empty() ? url : final_url; }
};

}  // namespace kr
