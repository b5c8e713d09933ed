// Autocomplete suggestions: expand seed keywords (a-z, question words),
// ask a suggest endpoint for each expanded query, read the common JSON
// suggest format, and hand back deduplicated suggestions as SourceRows
// (format "suggest"). The endpoint is a URL template from klantreis.toml,
// e.g. "http://host/complete?q={query}&hl={lang}".
//
// Pure logic over the Fetcher interface: rate limits and retries come from
// the Fetcher the caller passes (MakePoliteFetcher around MakeCurlFetcher);
// tests pass a fake or a local HTTP server.
// Thread-safety: free functions; a Fetcher is used by one thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/core/keyword.h"
#include "klantreis/core/status.h"
#include "klantreis/crawler/fetcher.h"

namespace kr::crawler {

struct SuggestOptions {
  // Endpoint template; {query} and {lang} are replaced by their
  // percent-encoded values. Must be http(s) and contain {query}.
  std::string url_template;
  std::string lang = "nl";        // "nl" or "en": question words and {lang}
  bool expand_letters = false;    // also "seed a" .. "seed z"
  bool expand_questions = false;  // also "hoe seed", "wat seed", ... (en: "how seed", ...)
  size_t max_queries = 500;       // refuse runs that would send more requests than this
  FetchRequest request;           // timeouts, body cap, user agent (url is set per query)
};

// One query to send, and why.
struct SuggestQuery {
  std::string seed;   // the seed it came from (trimmed)
  std::string query;  // what is sent as {query}
  std::string how;    // "seed", "letter:a", "question:hoe"
};

// One suggestion with where it came from.
struct Suggestion {
  std::string keyword;  // as the endpoint wrote it (trimmed)
  std::string seed;
  std::string query;
  size_t rank = 0;      // 1-based position in that query's answer
};

// Question words per language: nl wat, hoe, waarom, welke, wanneer, waar;
// en what, how, why, which, when, where. Empty for other languages.
const std::vector<std::string>& QuestionWords(std::string_view lang);

// The queries for `seeds`: each (trimmed, non-empty, first occurrence of
// each) seed itself, then with a..z appended, then with each question word
// in front, as the options ask.
std::vector<SuggestQuery> ExpandSeeds(const std::vector<std::string>& seeds, const SuggestOptions& options);

// RFC 3986 percent-encoding of UTF-8 text for a query-string value: only
// A-Z a-z 0-9 - . _ ~ stay as they are; a space becomes %20.
std::string PercentEncode(std::string_view text);

// Checks a URL template: InvalidArgument naming the problem when it is not
// http(s) or has no {query}.
Status CheckSuggestTemplate(std::string_view url_template);

// The template with {query} and {lang} replaced (percent-encoded).
// InvalidArgument when the template is not valid (see CheckSuggestTemplate).
Result<std::string> BuildSuggestUrl(std::string_view url_template, std::string_view query, std::string_view lang);

// Reads the common suggest format ["query", ["s1", "s2", ...], ...]; items
// may also be arrays whose first element is the text (["s1", 0, ...]), a
// leading ")]}'" line is skipped, <b>…</b> markup is removed, a body that
// is not UTF-8 is read as Latin-1. Returns the suggestions in order (empty
// strings dropped), or ParseError naming `url` when the body has another shape.
Result<std::vector<std::string>> ParseSuggestJson(std::string_view body, const std::string& url);

// Sends every expanded query through `fetcher` and collects the answers,
// deduplicated (case and spacing ignored; the first occurrence is kept).
// All or nothing: any failure -- unreachable endpoint, a non-2xx answer
// (after the fetcher's retries), an unreadable body -- returns an error
// naming the URL (Unavailable or ParseError) and no suggestions, so the
// caller stores nothing of a failed run. InvalidArgument for a bad
// template or more than max_queries queries.
Result<std::vector<Suggestion>> FetchSuggestions(Fetcher& fetcher, const std::vector<std::string>& seeds,
                                                 const SuggestOptions& options);

// SourceRows for storing suggestions (format "suggest"): keyword, line =
// 1-based position in `suggestions`, no volume, attrs seed, query, rank, lang.
std::vector<SourceRow> SuggestionsToRows(const std::vector<Suggestion>& suggestions, std::string_view lang);

}  // namespace kr::crawler
