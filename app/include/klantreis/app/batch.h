// The agency workflow: one batch file lists many client projects; each is
// initialised when missing, gets its inputs imported (idempotently) and its
// report written into OUT/<name>/, and the portfolio (OUT/summary.csv,
// OUT/index.html) sums them up. See docs/batch.md.
//
// Every project runs in its own child process (the klantreis binary again,
// `klantreis batch-project`), so a crash, an exception or a held store lock
// in one project cannot stop, slow down or corrupt the others; the parent
// only schedules, collects results and writes the portfolio.
// Thread-safety: functions without shared state; RunBatch is used by one thread.
#pragma once

#include <string>
#include <vector>

#include "klantreis/core/status.h"
#include "klantreis/reports/portfolio.h"
#include "klantreis/reports/report.h"

namespace kr::app {

// A branding table of a batch file, paths resolved ("" = not set).
struct BrandingSpec {
  std::string agency, logo, primary_colour, accent_colour;
  bool empty() const { return agency.empty() && logo.empty() && primary_colour.empty() && accent_colour.empty(); }
};

// Reads the logo and checks the colours (reports::MakeBranding).
Result<reports::Branding> MakeBranding(const BrandingSpec& spec, const std::string& where);

// One [[project]] table after [defaults] were applied; paths are resolved
// against the batch file's folder.
struct BatchProject {
  std::string name;                  // folder name under --out
  std::string dir;                   // project directory (created with init when missing)
  std::string market = "nl-NL";      // used by init
  std::vector<std::string> inputs;   // files, globs or SERP snapshot folders
  std::vector<std::string> configs;  // layered after the project's klantreis.toml, in order
  std::vector<std::string> formats;  // report formats
  std::string crawl;                 // start URL ("" = none): crawled once, when the project has no crawl of its site
  int64_t crawl_max_pages = 500;     // crawl_max_pages
  double crawl_delay = 1.0;          // crawl_delay: seconds between requests (robots.txt Crawl-delay wins when larger)
  std::string compare;               // report --compare value: "auto", "export" ("" = no comparison)
  BrandingSpec branding;             // [defaults.branding] with the project's branding over it, per key
  std::string line;                  // "batch.toml:12" where the table starts (for messages)
};

struct BatchFile {
  std::string path;
  BrandingSpec branding;  // [defaults.branding]: the portfolio's
  std::vector<BatchProject> projects;
};

// Reads and checks a batch file: InvalidArgument naming the file, the line
// and the key for bad TOML, unknown keys, wrong types, a missing name, a
// name that is no safe folder name, two projects with the same name or
// directory, an unknown format, no inputs. Inputs are not looked at here
// (a missing input fails its project only).
Result<BatchFile> LoadBatchFile(const std::string& path);

// Runs one project in this process: init when missing, import every input
// (a file whose content was imported before is skipped without a write),
// report into out_dir. Never throws; a failure is in result.error.
reports::PortfolioProject RunBatchProject(const BatchProject& project, const std::string& out_dir);

// The child-process protocol: a project and its report folder as JSON (what
// the parent hands to `klantreis batch-project SPEC RESULT`), and a result as JSON.
std::string BatchProjectToJson(const BatchProject& p, const std::string& out_dir);
Result<BatchProject> BatchProjectFromJson(const std::string& json, std::string* out_dir);
std::string PortfolioProjectToJson(const reports::PortfolioProject& r);
Result<reports::PortfolioProject> PortfolioProjectFromJson(const std::string& json);

struct BatchOptions {
  std::string out_dir;
  int jobs = 0;                             // 0 = number of cores
  std::string self_exe = "/proc/self/exe";  // the klantreis binary the children run
};

// Runs every project (at most `jobs` child processes at a time) and writes
// OUT/summary.csv and OUT/index.html. Returns the results in batch-file
// order (seconds measured per project). Status only for what stops the
// whole batch (OUT cannot be created, the portfolio cannot be written).
Result<std::vector<reports::PortfolioProject>> RunBatch(const BatchFile& batch, const BatchOptions& options);

}  // namespace kr::app
