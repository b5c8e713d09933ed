#include "klantreis/crawler/suggest.h"

#include <nlohmann/json.hpp>

#include <unordered_set>

#include "klantreis/core/text.h"

namespace kr::crawler {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// Key for deduplication: trimmed, ASCII lower case, white space runs as one space.
std::string DedupeKey(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return out;
}

std::string Latin1ToUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (unsigned char c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string StripBold(std::string s) {
  for (std::string_view tag : {"<b>", "</b>"}) {
    size_t p;
    while ((p = s.find(tag)) != std::string::npos) s.erase(p, tag.size());
  }
  return s;
}

std::string Replace(std::string s, std::string_view from, std::string_view to) {
  size_t p = 0;
  while ((p = s.find(from, p)) != std::string::npos) {
    s.replace(p, from.size(), to);
    p += to.size();
  }
  return s;
}

}  // namespace

const std::vector<std::string>& QuestionWords(std::string_view lang) {
  static const std::vector<std::string> kNl = {"wat", "hoe", "waarom", "welke", "wanneer", "waar"};
  static const std::vector<std::string> kEn = {"what", "how", "why", "which", "when", "where"};
  static const std::vector<std::string> kNone;
  if (lang == "nl") return kNl;
  if (lang == "en") return kEn;
  return kNone;
}

std::vector<SuggestQuery> ExpandSeeds(const std::vector<std::string>& seeds, const SuggestOptions& options) {
  std::vector<SuggestQuery> out;
  std::unordered_set<std::string> seen;
  for (const auto& raw : seeds) {
    std::string seed = Trim(raw);
    if (seed.empty() || !seen.insert(DedupeKey(seed)).second) continue;
    out.push_back({seed, seed, "seed"});
    if (options.expand_letters) {
      for (char c = 'a'; c <= 'z'; ++c) out.push_back({seed, seed + " " + c, std::string("letter:") + c});
    }
    if (options.expand_questions) {
      for (const auto& q : QuestionWords(options.lang)) out.push_back({seed, q + " " + seed, "question:" + q});
    }
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

Status CheckSuggestTemplate(std::string_view t) {
  if (t.empty()) return Status::InvalidArgument("suggest url is empty");
  std::string lower = DedupeKey(t.substr(0, 8));
  if (lower.rfind("http://", 0) != 0 && lower.rfind("https://", 0) != 0) {
    return Status::InvalidArgument("suggest url '" + std::string(t) + "' is not an http:// or https:// URL");
  }
  if (t.find("{query}") == std::string_view::npos) {
    return Status::InvalidArgument("suggest url '" + std::string(t) + "' has no {query} placeholder");
  }
  return Status::Ok();
}

Result<std::string> BuildSuggestUrl(std::string_view url_template, std::string_view query, std::string_view lang) {
  KR_RETURN_IF_ERROR(CheckSuggestTemplate(url_template));
  std::string url = Replace(std::string(url_template), "{query}", PercentEncode(query));
  return Replace(std::move(url), "{lang}", PercentEncode(lang));
}

Result<std::vector<std::string>> ParseSuggestJson(std::string_view body, const std::string& url) {
  std::string text(body);
  if (FindInvalidUtf8(text) != std::string::npos) text = Latin1ToUtf8(text);
  // Anti-XSSI prefix some endpoints put before the JSON.
  if (text.rfind(")]}'", 0) == 0) {
    size_t nl = text.find('\n');
    text.erase(0, nl == std::string::npos ? text.size() : nl + 1);
  }
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    std::string start = Trim(std::string_view(text).substr(0, 60));
    return Status::ParseError(url + ": suggest answer is not JSON (starts with '" + start + "')");
  }
  const nlohmann::json* items = nullptr;
  if (j.is_array() && j.size() >= 2 && j[1].is_array()) {
    items = &j[1];
  } else if (j.is_array() && !j.empty() && j[0].is_array()) {
    items = &j[0];
  }
  if (!items) {
    return Status::ParseError(url + ": suggest answer is not [\"query\", [\"suggestion\", ...]]");
  }
  std::vector<std::string> out;
  for (const auto& it : *items) {
    const nlohmann::json* s = nullptr;
    if (it.is_string()) {
      s = &it;
    } else if (it.is_array() && !it.empty() && it[0].is_string()) {
      s = &it[0];
    } else {
      return Status::ParseError(url + ": suggest answer has an item that is not text: " + it.dump().substr(0, 60));
    }
    std::string v = Trim(StripBold(s->get<std::string>()));
    if (!v.empty()) out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<Suggestion>> FetchSuggestions(Fetcher& fetcher, const std::vector<std::string>& seeds,
                                                 const SuggestOptions& options) {
  KR_RETURN_IF_ERROR(CheckSuggestTemplate(options.url_template));
  std::vector<SuggestQuery> queries = ExpandSeeds(seeds, options);
  if (queries.empty()) return Status::InvalidArgument("suggest: no seed keywords given");
  if (queries.size() > options.max_queries) {
    return Status::InvalidArgument("suggest: " + std::to_string(queries.size()) + " queries for " +
                                   std::to_string(seeds.size()) + " seed(s) is more than max_queries = " +
                                   std::to_string(options.max_queries) + "; use fewer seeds or expansions");
  }
  std::vector<Suggestion> out;
  std::unordered_set<std::string> seen;
  for (const auto& q : queries) {
    auto url = BuildSuggestUrl(options.url_template, q.query, options.lang);
    if (!url.ok()) return url.status();
    FetchRequest req = options.request;
    req.url = *url;
    auto resp = fetcher.Fetch(req);
    if (!resp.ok()) return resp.status().WithContext("query '" + q.query + "'");
    if (resp->status < 200 || resp->status > 299) {
      return Status::Unavailable("query '" + q.query + "': " + *url + ": HTTP " + std::to_string(resp->status));
    }
    auto items = ParseSuggestJson(resp->body, *url);
    if (!items.ok()) return items.status().WithContext("query '" + q.query + "'");
    size_t rank = 0;
    for (auto& s : *items) {
      ++rank;
      if (!seen.insert(DedupeKey(s)).second) continue;
      out.push_back(Suggestion{std::move(s), q.seed, q.query, rank});
    }
  }
  return out;
}

std::vector<SourceRow> SuggestionsToRows(const std::vector<Suggestion>& suggestions, std::string_view lang) {
  std::vector<SourceRow> rows;
  rows.reserve(suggestions.size());
  for (size_t i = 0; i < suggestions.size(); ++i) {
    const Suggestion& s = suggestions[i];
    SourceRow r;
    r.keyword = s.keyword;
    r.line = i + 1;
    r.attrs = {{"seed", s.seed}, {"query", s.query}, {"rank", std::to_string(s.rank)}, {"lang", std::string(lang)}};
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace kr::crawler
