// SERP snapshots in a project: import saved result pages, fetch pages for
// stored keywords through a configured SERP API or proxy, and read the
// stored evidence back for classification.
//
// Each page is stored twice over: the raw HTML (compressed by the store)
// and the parsed record, per (keyword, engine, date). Its People Also Ask
// questions and related searches become keywords with source `serp`, and
// the page's own query is (re)classified with the page's features as
// evidence (crawler::SerpEvidence), so the trace shows "serp:ads" etc.
// Thread-safety: functions over one Project, used by one thread.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "klantreis/app/project.h"
#include "klantreis/core/progress.h"
#include "klantreis/core/keyword.h"
#include "klantreis/crawler/fetcher.h"
#include "klantreis/crawler/serp.h"
#include "klantreis/store/store.h"

namespace kr::app {

// The [serp] table of klantreis.toml (see docs/serp.md):
//   [serp]
//   url = "https://serp-api.example/search?q={query}&hl={lang}"   # required for fetch
//   engine = "google"                # name the snapshots are stored under (default: as recognised)
//   requests_per_second = 0.5        # default 1
//   allowed_hosts = ["serp-api.example"]  # default: the template's host
//   lang = "nl"                      # {lang}; default: the project market's language
//   timeout_seconds = 20
struct SerpConfig {
  std::string url_template;
  std::string engine;  // "" = the engine recognised in each page
  double requests_per_second = 1.0;
  std::vector<std::string> allowed_hosts;
  std::string lang;
  long timeout_ms = 20000;
};

// Reads [serp] from the project's klantreis.toml. InvalidArgument naming the
// file and key when url is missing or a value has the wrong type/range.
Result<SerpConfig> LoadSerpConfig(const Project& project);

// What happened to one page.
struct SerpPageResult {
  std::string source;      // file path or URL
  std::string key;         // keyword key the snapshot is stored under
  std::string query;
  std::string engine;
  std::string fetched_on;  // YYYY-MM-DD
  crawler::SerpPage page;
  bool already_stored = false;  // the same page was stored before: nothing changed
  std::vector<RuleHit> evidence;
};

struct SerpImportSummary {
  std::vector<SerpPageResult> pages;
  std::optional<store::ImportRun> run;  // the keyword run, when anything new was stored
};

// Imports saved result pages. `query_override` (when non-empty) is the
// query of every page; otherwise each page's own query is used. A file's
// date is its modification date. Nothing is stored (and an error naming
// the file is returned) when a file cannot be read, is a CAPTCHA or
// unrecognised page, or has no query; re-importing a page already stored
// changes nothing (already_stored). Pages read are counted on `progress`.
// REQUIRES: project opened kReadWrite.
Result<SerpImportSummary> ImportSerpFiles(Project& project, const std::vector<std::string>& paths,
                                          const std::string& query_override, Progress* progress = nullptr);

struct SerpFetchOptions {
  size_t top = 20;         // the N keywords with the highest volume
  int max_age_days = 30;   // a snapshot younger than this is not fetched again
  crawler::Fetcher* fetcher = nullptr;  // nullptr: libcurl; tests pass their own
  std::string today;       // YYYY-MM-DD; "" = the current UTC date
  std::function<void(const std::string&)> progress;  // one line per keyword (optional)
  int max_consecutive_failures = 3;  // stop when the service keeps failing
  int base_backoff_ms = 1000;        // retry backoff (doubled per retry)
};

struct SerpFetchSummary {
  size_t considered = 0;  // keywords looked at
  size_t cached = 0;      // skipped: a recent snapshot exists
  size_t fetched = 0;     // pages stored
  size_t failed = 0;
  std::vector<std::string> errors;  // "keyword: cause", in order
  std::vector<SerpPageResult> pages;
  // Set when the run stopped early (CAPTCHA page, rate limit, repeated
  // failures): a sentence for the user; everything stored before is kept.
  std::string stopped;
  bool captcha = false;
  bool interrupted = false;  // Ctrl-C / SIGTERM (kr::StopRequested): stopped = "interrupted"
};

// Fetches result pages for the top keywords through [serp] url with a rate
// limit, retries with backoff and the cache above, storing each page and its
// keywords as ImportSerpFiles does. Returns InvalidArgument for a missing or
// bad [serp] configuration; network trouble and CAPTCHA pages are reported
// in the summary (stopped / errors), not as an error.
// REQUIRES: project opened kReadWrite.
Result<SerpFetchSummary> FetchSerps(Project& project, const SerpFetchOptions& options);

// Evidence for classifying `key`: SerpEvidence of its newest stored
// snapshot; empty when there is none. Corruption when the stored record
// cannot be read.
Result<std::vector<RuleHit>> StoredSerpEvidence(store::Store& store, const std::string& key);

// "YYYY-MM-DD" of a unix time (UTC).
std::string UtcDate(int64_t unix_seconds);

}  // namespace kr::app
