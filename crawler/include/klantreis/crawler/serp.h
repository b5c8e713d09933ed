// SERP snapshots: a saved or fetched search-engine result page parsed into
// a record (organic results, ads, People Also Ask, related searches, ...),
// the record as JSON, and the page's features as classifier evidence.
//
// The parser (Gumbo) prefers structure and visible labels over class names,
// so it degrades gracefully across Google's 2017–2023 desktop, mobile and
// no-JS layouts, Bing and DuckDuckGo:
//   - a result title is a link holding a heading (h3, or role=heading
//     aria-level=3), or a link directly inside h2/h3;
//   - ads sit in the ad regions (#tads, #tadsb, #bottomads), carry
//     data-text-ad / ads-ad, or show an ad label ("Gesponsord", "Ad",
//     "Annonce", "Anzeige", "Anuncio", ...);
//   - blocks are found by their localized headings ("Mensen vragen ook",
//     "People also ask", "Recherches associées", ...) and stable attributes
//     (data-q, #brs, ludocid links);
//   - no-JS redirect links (/url?q=...) are resolved to their target.
// The tree is walked with explicit stacks (no recursion), so thousands of
// unclosed tags cannot overflow the stack; malformed or truncated HTML
// yields whatever can be recognised (kind "unknown" at worst), never a crash.
//
// Thread-safety: free functions over value types; safe to call from
// several threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/core/keyword.h"
#include "klantreis/core/status.h"

namespace kr::crawler {

// What the page is. DO NOT CHANGE THE IDS: stored in parsed records.
enum class SerpKind : uint8_t { kResults, kNoResults, kCaptcha, kUnknown };
std::string_view SerpKindId(SerpKind k);  // "results", "no_results", "captcha", "unknown"
std::optional<SerpKind> SerpKindFromId(std::string_view id);

struct OrganicResult {
  int position = 0;           // 1-based among organic results
  std::string title;
  std::string url;            // target URL (no-JS /url?q= links resolved)
  std::string displayed_url;  // as shown ("https://www.example.com › pad"), may be empty
  std::string snippet;
};

struct AdResult {
  int position = 0;           // 1-based among ads, in page order
  std::string placement;      // "top" | "bottom"
  std::string title;
  std::string url;            // landing page when the page shows it, else the click URL
  std::string displayed_url;
};

struct ShoppingItem {
  std::string title;
  std::string url;
  std::string price;                  // as shown: "$1,034.98", "29,99 €"
  std::optional<double> price_value;  // 1034.98
  std::string currency;               // "$", "€", "EUR", ...
  std::string merchant;
};

struct FeaturedSnippet {
  std::string text;
  std::string title;  // source page
  std::string url;
};

struct LocalResult {
  std::string name;
  std::string url;      // the place link as on the page (maps / ludocid search)
  std::string details;  // rating, category, address as shown
};

struct VideoResult {
  std::string title;
  std::string url;
};

struct KnowledgePanel {
  std::string title;
  std::string subtitle;
  std::string description;
};

struct SerpPage {
  SerpKind kind = SerpKind::kUnknown;
  std::string engine;    // "google", "bing", "duckduckgo"; "" when not recognised
  std::string query;     // from the search box, else the <title>
  std::string ui_lang;   // <html lang>, e.g. "nl", "en", "fr"
  std::optional<int64_t> total_results;  // "About 25,150,000,000 results"
  std::vector<OrganicResult> organic;
  std::vector<AdResult> ads;
  std::vector<ShoppingItem> shopping;
  std::optional<FeaturedSnippet> featured_snippet;
  std::vector<std::string> paa;      // People Also Ask questions, page order, unique
  std::vector<std::string> related;  // related searches, page order, unique
  std::vector<LocalResult> local_pack;
  std::vector<VideoResult> videos;
  std::optional<KnowledgePanel> knowledge_panel;
};

struct SerpParseOptions {
  size_t max_bytes = 32u << 20;  // larger input is refused (InvalidArgument)
  // Pages nesting elements deeper than this are refused (ParseError) before
  // parsing: Gumbo's tree building is quadratic in the depth of open block
  // elements (100,000 nested <div>s take minutes). Real result pages stay
  // below a few hundred; 11,800 unclosed <font> tags (a known crawler test
  // page) are below the limit and parse in well under a second.
  int max_nesting = 20000;
  // Pages with a start tag of more attributes than this are refused
  // (ParseError) before parsing: Gumbo's duplicate-attribute check is
  // quadratic in the attributes of one element (64k took 8 s). Real result
  // pages have a few dozen at most.
  size_t max_attributes = 1000;
};

// Parses one result page. Returns the record (kind kUnknown when nothing is
// recognised); InvalidArgument when the input exceeds max_bytes, ParseError
// when it nests deeper than max_nesting or a tag has more than
// max_attributes attributes. Invalid UTF-8 is replaced, never an
// error.
Result<SerpPage> ParseSerp(std::string_view html, const SerpParseOptions& options = {});

// The record as JSON (the layout `klantreis serp parse` prints and the store
// keeps). Stable field names: kind, engine, query, ui_lang, total_results,
// organic, ads, shopping, featured_snippet, paa, related, local_pack, videos,
// knowledge_panel.
std::string SerpPageToJson(const SerpPage& page, int indent = 2);
// Reads a record written by SerpPageToJson. ParseError naming `source` when
// it is not such a record.
Result<SerpPage> SerpPageFromJson(std::string_view json, const std::string& source);

// The page's features as classifier evidence (rule ids "serp:<feature>"),
// strongest first; empty for captcha / unknown pages:
//   shopping results          -> purchase
//   2 or more ads             -> decision
//   a local pack              -> decision
//   People Also Ask           -> orientation
//   a featured snippet        -> orientation
//   how-to videos             -> use
// RuleHit.tokens holds what was seen ("3 ads", "4 questions").
std::vector<RuleHit> SerpEvidence(const SerpPage& page);

// Expands a fetch URL template: {query} (percent-encoded, UTF-8), {lang}
// and {engine}. InvalidArgument when the template lacks {query} or is not
// an http(s) URL.
Result<std::string> ExpandSerpUrl(std::string_view url_template, std::string_view query, std::string_view lang,
                                  std::string_view engine);

// The host of an http(s) URL ("serp-api.example"), "" when there is none.
std::string UrlHost(std::string_view url);

}  // namespace kr::crawler
