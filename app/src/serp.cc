// SERP snapshots in a project: import, fetch, evidence. See serp.h.
#include "klantreis/app/serp.h"

#include <sys/stat.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <set>

#include "klantreis/app/pipeline.h"
#include "klantreis/classify/analyzer.h"
#include "klantreis/core/interrupt.h"
#include "klantreis/core/text.h"

namespace kr::app {
namespace {

constexpr size_t kMaxPageBytes = 16u << 20;

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int64_t> DayNumber(const std::string& ymd) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (ymd.size() != 10 || std::sscanf(ymd.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
      d > 31) {
    return std::nullopt;
  }
  return DaysFromCivil(y, m, d);
}

std::string FeatureSummary(const crawler::SerpPage& p) {
  std::string s = "organic:" + std::to_string(p.organic.size()) + " ads:" + std::to_string(p.ads.size()) +
                  " shopping:" + std::to_string(p.shopping.size()) + " paa:" + std::to_string(p.paa.size()) +
                  " related:" + std::to_string(p.related.size()) + " local:" + std::to_string(p.local_pack.size()) +
                  " videos:" + std::to_string(p.videos.size());
  if (p.featured_snippet) s += " featured_snippet";
  if (p.knowledge_panel) s += " knowledge_panel";
  return s;
}

// The keyword rows one page contributes: its query (with the page's
// evidence), its People Also Ask questions and related searches.
void AddRows(const SerpPageResult& r, std::vector<SourceRow>* rows, std::vector<std::vector<RuleHit>>* evidence) {
  auto add = [&](const std::string& keyword, std::vector<std::pair<std::string, std::string>> attrs,
                 std::vector<RuleHit> ev) {
    SourceRow row;
    row.keyword = keyword;
    row.line = rows->size() + 1;
    row.attrs = std::move(attrs);
    rows->push_back(std::move(row));
    evidence->push_back(std::move(ev));
  };
  add(r.query,
      {{"serp_engine", r.engine}, {"serp_date", r.fetched_on}, {"serp_features", FeatureSummary(r.page)},
       {"serp_source", r.source}},
      r.evidence);
  for (const std::string& q : r.page.paa) add(q, {{"serp_block", "paa"}, {"serp_query", r.query}}, {});
  for (const std::string& q : r.page.related) add(q, {{"serp_block", "related"}, {"serp_query", r.query}}, {});
}

// Stores the keywords of `pages` as one run, then each snapshot.
Status StorePages(Project& project, const std::string& origin, const std::vector<SerpPageResult>& pages,
                  const std::vector<std::string>& htmls, std::optional<store::ImportRun>* run) {
  std::vector<SourceRow> rows;
  std::vector<std::vector<RuleHit>> evidence;
  for (const SerpPageResult& r : pages) AddRows(r, &rows, &evidence);
  if (!rows.empty()) {
    auto stored = ImportRows(project, "serp", origin, rows, &evidence);
    if (!stored.ok()) return stored.status();
    *run = std::move(stored).value();
  }
  for (size_t i = 0; i < pages.size(); ++i) {
    store::SerpSnapshot snap;
    snap.key = pages[i].key;
    snap.engine = pages[i].engine;
    snap.fetched_on = pages[i].fetched_on;
    snap.html = htmls[i];
    snap.parsed_json = crawler::SerpPageToJson(pages[i].page, -1);
    snap.source = pages[i].source;
    KR_RETURN_IF_ERROR(project.store->PutSerp(snap));
  }
  return Status::Ok();
}

// Whether an identical page is already stored for key/engine.
Result<bool> AlreadyStored(store::Store& st, const std::string& key, const std::string& engine,
                           const std::string& html) {
  auto snaps = st.GetSerps(key);
  if (!snaps.ok()) return snaps.status();
  for (const store::SerpSnapshot& s : *snaps) {
    if (s.engine == engine && s.html == html) return true;
  }
  return false;
}

std::string MarketLang(const std::string& market) {
  std::string lang = market.substr(0, market.find_first_of("-_"));
  for (char& c : lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lang.empty() ? "nl" : lang;
}

}  // namespace

std::string UtcDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

Result<SerpConfig> LoadSerpConfig(const Project& project) {
  const std::string& file = project.toml_path;
  toml::table tbl;
  try {
    tbl = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(file + ":" + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  const toml::table* serp = tbl["serp"].as_table();
  const std::string example = "add e.g.\n  [serp]\n  url = \"https://serp-api.example/search?q={query}&hl={lang}\"\n"
                              "(a SERP API or proxy you have the right to use; see docs/serp.md)";
  if (serp == nullptr) return Status::InvalidArgument(file + ": no [serp] table; " + example);
  auto where = [&](const std::string& key, const toml::node& n) {
    return file + ":" + std::to_string(n.source().begin.line) + ": [serp] " + key;
  };
  SerpConfig c;
  bool has_url = false;
  for (const auto& [k, v] : *serp) {
    const std::string key(k.str());
    if (key == "url") {
      if (!v.is_string()) return Status::InvalidArgument(where(key, v) + ": must be a string");
      c.url_template = *v.value<std::string>();
      has_url = true;
    } else if (key == "engine") {
      if (!v.is_string()) return Status::InvalidArgument(where(key, v) + ": must be a string");
      c.engine = *v.value<std::string>();
    } else if (key == "lang") {
      if (!v.is_string()) return Status::InvalidArgument(where(key, v) + ": must be a string");
      c.lang = *v.value<std::string>();
    } else if (key == "requests_per_second") {
      auto d = v.value<double>();
      if (!d || !(*d > 0) || *d > 50) {
        return Status::InvalidArgument(where(key, v) + ": must be a number above 0 and at most 50");
      }
      c.requests_per_second = *d;
    } else if (key == "timeout_seconds") {
      auto d = v.value<double>();
      if (!d || !(*d > 0) || *d > 600) return Status::InvalidArgument(where(key, v) + ": must be 0 < seconds <= 600");
      c.timeout_ms = static_cast<long>(*d * 1000);
    } else if (key == "allowed_hosts") {
      const toml::array* arr = v.as_array();
      if (arr == nullptr) return Status::InvalidArgument(where(key, v) + ": must be an array of host names");
      for (const toml::node& h : *arr) {
        if (!h.is_string()) return Status::InvalidArgument(where(key, v) + ": must hold strings only");
        c.allowed_hosts.push_back(*h.value<std::string>());
      }
    } else {
      return Status::InvalidArgument(where(key, v) +
                                     ": unknown key (known: url, engine, requests_per_second, allowed_hosts, lang, "
                                     "timeout_seconds)");
    }
  }
  if (!has_url || c.url_template.empty()) return Status::InvalidArgument(file + ": [serp] url is not set; " + example);
  if (c.lang.empty()) c.lang = MarketLang(project.market);
  auto probe = crawler::ExpandSerpUrl(c.url_template, "test", c.lang, c.engine);
  if (!probe.ok()) return probe.status().WithContext(file);
  if (c.allowed_hosts.empty()) c.allowed_hosts.push_back(crawler::UrlHost(*probe));
  return c;
}

Result<SerpImportSummary> ImportSerpFiles(Project& project, const std::vector<std::string>& paths,
                                          const std::string& query_override, Progress* progress) {
  SerpImportSummary summary;
  std::vector<SerpPageResult> fresh;
  std::vector<std::string> htmls;
  std::set<std::tuple<std::string, std::string, std::string>> batch;  // duplicates inside one call
  for (const std::string& path : paths) {
    auto html = ReadFile(path);
    if (!html.ok()) return html.status();
    if (html->size() > kMaxPageBytes) {
      return Status::InvalidArgument(path + ": " + std::to_string(html->size()) + " bytes, larger than a result page (" +
                                     std::to_string(kMaxPageBytes) + " bytes); nothing imported");
    }
    auto parsed = crawler::ParseSerp(*html);
    if (!parsed.ok()) return parsed.status().WithContext(path);
    SerpPageResult r;
    r.source = path;
    r.page = std::move(parsed).value();
    if (r.page.kind == crawler::SerpKind::kCaptcha) {
      return Status::ParseError(path + ": a CAPTCHA / unusual-traffic page, not results; nothing imported");
    }
    if (r.page.kind == crawler::SerpKind::kUnknown) {
      return Status::ParseError(path + ": not a recognised search result page (Google, Bing, DuckDuckGo); nothing imported");
    }
    r.query = query_override.empty() ? r.page.query : query_override;
    r.key = classify::NormalizeKeyword(r.query);
    if (r.key.empty()) {
      return Status::ParseError(path + ": the page shows no query; pass --query; nothing imported");
    }
    r.engine = r.page.engine.empty() ? "web" : r.page.engine;
    struct stat sb {};
    r.fetched_on = ::stat(path.c_str(), &sb) == 0 ? UtcDate(sb.st_mtime) : UtcDate(std::time(nullptr));
    r.evidence = crawler::SerpEvidence(r.page);
    auto seen = AlreadyStored(*project.store, r.key, r.engine, *html);
    if (!seen.ok()) return seen.status();
    r.already_stored = *seen || !batch.insert({r.key, r.engine, *html}).second;
    if (!r.already_stored) {
      fresh.push_back(r);
      htmls.push_back(std::move(html).value());
    }
    summary.pages.push_back(std::move(r));
    if (progress != nullptr) progress->Add(1);
  }
  if (!fresh.empty()) {
    std::string origin = fresh.size() == 1 ? fresh[0].source
                                           : fresh[0].source + " (+" + std::to_string(fresh.size() - 1) + " more)";
    KR_RETURN_IF_ERROR(StorePages(project, origin, fresh, htmls, &summary.run));
  }
  return summary;
}

Result<SerpFetchSummary> FetchSerps(Project& project, const SerpFetchOptions& options) {
  auto cfg = LoadSerpConfig(project);
  if (!cfg.ok()) return cfg.status();
  const std::string today = options.today.empty() ? UtcDate(std::time(nullptr)) : options.today;
  auto today_n = DayNumber(today);
  if (!today_n) return Status::InvalidArgument("serp fetch: date '" + today + "' is not YYYY-MM-DD");
  if (options.max_age_days < 0) return Status::InvalidArgument("serp fetch: --max-age must be 0 or more days");

  struct Candidate {
    int64_t volume;
    std::string key;
    std::string display;
  };
  std::vector<Candidate> candidates;
  KR_RETURN_IF_ERROR(project.store->ForEachKeyword([&](const store::KeywordRecord& k) {
    candidates.push_back({k.MonthlyVolume(), k.key, k.display.empty() ? k.key : k.display});
    return true;
  }));
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.volume != b.volume) return a.volume > b.volume;
    return a.key < b.key;
  });
  if (candidates.size() > options.top) candidates.resize(options.top);

  std::unique_ptr<crawler::Fetcher> curl;
  crawler::Fetcher* inner = options.fetcher;
  if (inner == nullptr) {
    curl = crawler::MakeCurlFetcher();
    inner = curl.get();
  }
  crawler::PolitePolicy policy;
  policy.requests_per_second = cfg->requests_per_second;
  policy.max_attempts = 3;
  policy.base_backoff = std::chrono::milliseconds(options.base_backoff_ms);
  auto fetcher = crawler::MakePoliteFetcher(inner, policy);

  SerpFetchSummary s;
  auto say = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };
  auto fail = [&](const std::string& what) {
    ++s.failed;
    s.errors.push_back(what);
    say("failed: " + what);
  };
  int consecutive_failures = 0;
  auto interrupted = [&] {
    s.interrupted = true;
    s.stopped = "interrupted";
  };
  for (const Candidate& c : candidates) {
    if (StopRequested()) {  // Ctrl-C: what was stored stays
      interrupted();
      break;
    }
    ++s.considered;
    auto snaps = project.store->GetSerps(c.key);
    if (!snaps.ok()) return snaps.status();
    bool fresh = false;
    for (const store::SerpSnapshot& snap : *snaps) {
      auto d = DayNumber(snap.fetched_on);
      if (d && *today_n - *d < options.max_age_days) fresh = true;
    }
    if (fresh) {
      ++s.cached;
      say("cached: " + c.display + " (" + snaps->front().fetched_on + ")");
      continue;
    }
    auto url = crawler::ExpandSerpUrl(cfg->url_template, c.display, cfg->lang, cfg->engine);
    if (!url.ok()) return url.status().WithContext(project.toml_path);
    crawler::FetchRequest req;
    req.url = *url;
    req.timeout_ms = cfg->timeout_ms;
    req.allowed_hosts = cfg->allowed_hosts;
    req.max_bytes = kMaxPageBytes;
    req.cancel = &StopFlag();  // Ctrl-C abandons the transfer (and the polite waits) within a second
    auto resp = fetcher->Fetch(req);
    if (!resp.ok() && StopRequested()) {
      --s.considered;  // not fetched
      interrupted();
      break;
    }
    if (!resp.ok()) {
      fail(c.display + ": " + resp.status().message());
      if (++consecutive_failures >= options.max_consecutive_failures) {
        s.stopped = "stopped after " + std::to_string(consecutive_failures) +
                    " failed fetches in a row (last: " + resp.status().message() + ")";
        break;
      }
      continue;
    }
    // A block page can come with any status (Google answers 429 with one).
    auto parsed = crawler::ParseSerp(resp->body);
    if (parsed.ok() && parsed->kind == crawler::SerpKind::kCaptcha) {
      s.captcha = true;
      s.stopped = *url + ": the search engine answered with a CAPTCHA / unusual-traffic page (HTTP " +
                  std::to_string(resp->status) + "); stopped";
      break;
    }
    if (resp->status == 429) {
      s.stopped = *url + ": rate limited (HTTP 429) after retries; stopped";
      break;
    }
    if (resp->status != 200) {
      fail(c.display + ": " + *url + ": HTTP " + std::to_string(resp->status));
      if (++consecutive_failures >= options.max_consecutive_failures) {
        s.stopped = "stopped after " + std::to_string(consecutive_failures) + " failed fetches in a row";
        break;
      }
      continue;
    }
    if (!parsed.ok()) {
      fail(c.display + ": " + *url + ": " + parsed.status().message());
      continue;
    }
    if (parsed->kind == crawler::SerpKind::kUnknown) {
      fail(c.display + ": " + *url + ": not a recognised search result page");
      continue;
    }
    consecutive_failures = 0;
    SerpPageResult r;
    r.source = *url;
    r.key = c.key;
    r.query = c.display;
    r.page = std::move(parsed).value();
    r.engine = !cfg->engine.empty() ? cfg->engine : (r.page.engine.empty() ? "web" : r.page.engine);
    r.fetched_on = today;
    r.evidence = crawler::SerpEvidence(r.page);
    std::optional<store::ImportRun> run;
    KR_RETURN_IF_ERROR(StorePages(project, "serp fetch " + *url, {r}, {resp->body}, &run));
    ++s.fetched;
    say("stored: " + c.display + " (" + std::string(crawler::SerpKindId(r.page.kind)) + ", " +
        std::to_string(r.page.organic.size()) + " results, " + std::to_string(r.page.paa.size()) + " questions, " +
        std::to_string(r.page.related.size()) + " related searches)");
    s.pages.push_back(std::move(r));
  }
  return s;
}

Result<std::vector<RuleHit>> StoredSerpEvidence(store::Store& st, const std::string& key) {
  auto snaps = st.GetSerps(key);
  if (!snaps.ok()) return snaps.status();
  if (snaps->empty()) return std::vector<RuleHit>{};
  const store::SerpSnapshot& newest = snaps->front();
  auto page = crawler::SerpPageFromJson(newest.parsed_json,
                                        "store: serp '" + key + "' " + newest.engine + " " + newest.fetched_on);
  if (!page.ok()) return Status::Corruption(page.status().message());
  return crawler::SerpEvidence(*page);
}

}  // namespace kr::app
