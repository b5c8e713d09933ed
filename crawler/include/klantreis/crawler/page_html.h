// What the site crawl reads from one HTML page (Gumbo): title, meta
// description, meta robots, canonical, headings, language, main-text word
// count and the links, resolved against <base href> and the page URL.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "klantreis/core/page.h"

namespace kr::crawler {

struct PageLink {
  std::string url;     // resolved and normalised (http/https only)
  bool nofollow = false;  // rel="nofollow" (or ugc/sponsored)
};

struct HtmlFacts {
  std::string title, description, canonical, lang;
  std::vector<std::string> meta_robots;  // contents of <meta name=robots> and <meta name=AGENT>
  std::vector<std::string> h1, h2, h3;
  uint64_t words = 0;
  std::string text;  // the main text, whitespace-collapsed, at most kMaxPageText bytes (cut at a space)
  std::vector<PageLink> links;  // distinct, in document order; mailto:, javascript:, tel: etc. dropped
  size_t dropped_links = 0;     // hrefs that are no http(s) URL (mailto, javascript, malformed)
  bool refused = false;         // nesting too deep or a tag with too many attributes: nothing read
  std::string refused_why;      // why, with the figure and the limit
};

// `agent`: the product token whose <meta name=...> is read beside "robots".
// Never fails; invalid UTF-8 is replaced.
HtmlFacts ReadHtml(std::string_view html, const std::string& page_url, std::string_view agent);

// Whether a robots directive list ("noindex, nofollow", "none") says noindex / nofollow.
bool RobotsDirective(std::string_view directives, std::string_view which);

// The X-Robots-Tag header values that apply to `agent`: values without an
// agent prefix, and those prefixed "agent:" (case-insensitive).
std::vector<std::string> XRobotsFor(const std::vector<std::string>& header_values, std::string_view agent);

}  // namespace kr::crawler
