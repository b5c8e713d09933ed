// One project of a batch, in this process: init, import, report.
#include <glob.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <set>
#include <system_error>

#include "klantreis/app/batch.h"
#include "klantreis/app/compare.h"
#include "klantreis/app/report_builder.h"
#include "klantreis/app/site_crawl.h"
#include "klantreis/plan/article_plan.h"
#include "klantreis/app/pipeline.h"
#include "klantreis/app/project.h"
#include "klantreis/app/report_builder.h"
#include "klantreis/app/serp.h"
#include "klantreis/core/text.h"

namespace fs = std::filesystem;

namespace kr::app {
namespace {

struct Input {
  std::string path;
  bool serp_folder = false;
  std::vector<std::string> pages;  // for a SERP folder: its .html/.htm files, sorted
};

bool HasGlob(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

Status AddPath(const std::string& path, std::vector<Input>* out) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) return Status::NotFound(path + ": input not found");
  Input in;
  in.path = path;
  if (fs::is_directory(st)) {
    in.serp_folder = true;
    for (const auto& e : fs::directory_iterator(path, ec)) {
      std::string ext = e.path().extension().string();
      if (e.is_regular_file(ec) && (ext == ".html" || ext == ".htm")) in.pages.push_back(e.path().string());
    }
    if (ec) return Status::IoError(path + ": " + ec.message());
    std::sort(in.pages.begin(), in.pages.end());
    if (in.pages.empty()) return Status::InvalidArgument(path + ": a folder input holds no .html SERP pages");
  } else if (!fs::is_regular_file(st)) {
    return Status::InvalidArgument(path + ": input is not a regular file");
  }
  out->push_back(std::move(in));
  return Status::Ok();
}

// Every input, globs expanded (sorted), each path once; NotFound naming the
// first input that does not exist or a pattern that matches nothing.
Result<std::vector<Input>> ExpandInputs(const std::vector<std::string>& patterns) {
  std::vector<Input> out;
  std::set<std::string> seen;
  for (const std::string& pattern : patterns) {
    std::vector<std::string> paths;
    if (HasGlob(pattern)) {
      glob_t g{};
      int rc = glob(pattern.c_str(), GLOB_ERR, nullptr, &g);
      if (rc == 0) {
        for (size_t i = 0; i < g.gl_pathc; ++i) paths.push_back(g.gl_pathv[i]);
      }
      globfree(&g);
      if (rc == GLOB_NOMATCH || (rc == 0 && paths.empty())) {
        return Status::NotFound(pattern + ": input pattern matches no file");
      }
      if (rc != 0) return Status::IoError(pattern + ": cannot expand the input pattern");
    } else {
      paths.push_back(pattern);
    }
    for (const auto& p : paths) {
      if (!seen.insert(p).second) continue;
      KR_RETURN_IF_ERROR(AddPath(p, &out));
    }
  }
  return out;
}

std::string ReportFile(const std::vector<std::string>& formats) {
  for (const char* f : {"html", "md", "xlsx", "json", "csv"}) {
    if (std::find(formats.begin(), formats.end(), f) != formats.end()) {
      return std::string(f) == "html" ? "report.html"
             : std::string(f) == "md" ? "report.md"
             : std::string(f) == "xlsx" ? "report.xlsx"
             : std::string(f) == "json" ? "report.json"
                                        : "stages.csv";
    }
  }
  return "";
}

// The project's site, crawled once: when the project holds no committed
// crawl of the site of `crawl` yet (a rerun reuses it; `klantreis crawl`
// refreshes it). A crawl that cannot run fails the project.
Status CrawlOnce(const BatchProject& bp, Project& project, reports::PortfolioProject* r) {
  auto site = CrawlSiteOf({bp.crawl});
  if (!site.ok()) return Status::InvalidArgument(bp.line + ": crawl: " + site.status().message());
  auto crawls = project.store->ListCrawls();
  if (!crawls.ok()) return crawls.status();
  for (const auto& c : *crawls) {
    if (c.site == *site) {
      r->notes.push_back("crawl: " + c.id + " of " + c.site + " (" + std::to_string(c.pages) +
                         " pages) reused; klantreis crawl refreshes it");
      return Status::Ok();
    }
  }
  crawler::SiteCrawlOptions options;
  options.start_urls = {bp.crawl};
  options.max_pages = static_cast<size_t>(bp.crawl_max_pages);
  options.delay_seconds = bp.crawl_delay;
  auto out = RunSiteCrawl(project, options, nullptr, nullptr, {});
  if (!out.ok()) return out.status().WithContext("crawl " + bp.crawl);
  r->notes.push_back("crawl: " + out->crawl_id + " of " + out->site + ": " + std::to_string(out->stored) +
                     " pages stored" +
                     (out->summary.stopped_by.empty() ? "" : " (stopped by " + out->summary.stopped_by + ")"));
  return Status::Ok();
}

Status Run(const BatchProject& bp, const std::string& out_dir, reports::PortfolioProject* r) {
  std::error_code ec;
  // Inputs first: a missing one fails the project before anything is written.
  auto inputs = ExpandInputs(bp.inputs);
  if (!inputs.ok()) return inputs.status();
  if (!fs::exists(fs::path(bp.dir) / "klantreis.toml", ec)) {
    KR_RETURN_IF_ERROR(InitProject(bp.dir, bp.name, bp.market));
  }
  auto project = OpenProject(bp.dir, store::OpenMode::kReadWrite, bp.configs);
  if (!project.ok()) return project.status();
  if (!bp.branding.empty()) {  // the batch's branding over the project's own, per key
    auto b = MakeBranding(bp.branding, bp.line + ": branding");
    if (!b.ok()) return b.status();
    reports::Branding& pb = project->branding;
    if (!b->agency.empty()) pb.agency = b->agency;
    if (!b->logo.empty()) {
      pb.logo = b->logo;
      pb.logo_mime = b->logo_mime;
    }
    if (!b->primary_colour.empty()) pb.primary_colour = b->primary_colour;
    if (!b->accent_colour.empty()) pb.accent_colour = b->accent_colour;
  }

  ingest::ImportOptions options;
  for (const Input& in : *inputs) {
    if (in.serp_folder) {
      auto s = ImportSerpFiles(*project, in.pages, "");
      if (!s.ok()) return s.status();
      bool fresh = std::any_of(s->pages.begin(), s->pages.end(), [](const auto& p) { return !p.already_stored; });
      ++(fresh ? r->inputs_imported : r->inputs_unchanged);
      continue;
    }
    // Unchanged content: skipped before any write (no pending run, no run number used).
    auto prior = FindImportedRun(*project, in.path, options);
    if (!prior.ok()) return prior.status();
    if (prior->has_value()) {
      ++r->inputs_unchanged;
      continue;
    }
    auto imported = ImportFile(*project, in.path, options, false);
    if (!imported.ok()) return imported.status();
    if (imported->already_imported) {
      ++r->inputs_unchanged;
    } else {
      ++r->inputs_imported;
      r->rows_rejected += imported->run.rows_rejected;
    }
  }
  if (r->rows_rejected > 0) {
    r->notes.push_back(std::to_string(r->rows_rejected) + " rows rejected (see `klantreis imports -v -p DIR`)");
  }

  if (!bp.crawl.empty()) KR_RETURN_IF_ERROR(CrawlOnce(bp, *project, r));

  std::vector<std::string> written;
  CompareSpec compare;
  if (!bp.compare.empty()) {
    auto spec = ParseCompareSpec(bp.compare);
    if (!spec.ok()) return spec.status();
    compare = *spec;
    compare.optional = compare.mode == CompareSpec::Mode::kAuto;
  }
  auto data = WriteProjectReport(*project, out_dir, bp.formats, &written, nullptr, {}, compare);
  if (!data.ok()) return data.status();
  r->keywords = data->keyword_count;
  r->only_impressions = data->keyword_count > 0 && data->impression_keywords == data->keyword_count;
  for (const auto& line : data->stages) {
    auto& s = r->stages[static_cast<size_t>(line.stage)];
    s.keywords = line.keywords;
    s.monthly_volume = line.monthly_volume;
    s.volume_share = line.volume_share;
  }
  if (const auto& c = data->comparison) {
    const reports::CompareTotals& t = c->total;
    r->change = c->before.label + " \u2192 " + c->after.label + ": ";
    if (t.clicks_before || t.clicks_after || t.impressions_before || t.impressions_after) {
      r->change += "clicks " + std::to_string(t.clicks_before) + " \u2192 " + std::to_string(t.clicks_after) +
                   ", impressions " + std::to_string(t.impressions_before) + " \u2192 " +
                   std::to_string(t.impressions_after);
    } else {
      r->change += "volume " + std::to_string(t.volume_before) + " \u2192 " + std::to_string(t.volume_after);
    }
    r->change += "; " + std::to_string(t.new_keywords) + " new, " + std::to_string(t.lost_keywords) + " lost";
  } else if (!bp.compare.empty()) {
    r->notes.push_back("compare: nothing to compare yet");
  }
  if (const auto& cov = data->coverage) {
    r->crawled = true;
    r->gap_volume = cov->gap_volume();
    r->covered_volume = cov->covered_volume();
    r->gap_keywords = cov->gap_keywords();
    for (size_t i = 0; i < cov->top_gaps.size() && i < reports::kPortfolioGaps; ++i) {
      r->gaps.push_back({cov->top_gaps[i].keyword, cov->top_gaps[i].stage, cov->top_gaps[i].monthly_volume});
    }
  }
  if (data->topics) {
    for (const auto& m : plan::LikeabilityMoments(*data->topics, reports::kPortfolioMoments)) {
      r->moments.push_back({m.label, m.stage, m.monthly_volume, m.why});
    }
  }
  std::string main = ReportFile(bp.formats);
  if (!main.empty()) r->report = bp.name + "/" + main;
  return Status::Ok();
}

}  // namespace

reports::PortfolioProject RunBatchProject(const BatchProject& project, const std::string& out_dir) {
  reports::PortfolioProject r;
  r.name = project.name;
  Status st;
  try {
    st = Run(project, out_dir, &r);
  } catch (const std::exception& e) {
    st = Status::Aborted(std::string("internal error: ") + e.what());
  }
  r.ok = st.ok();
  if (!st.ok()) r.error = st.message();
  return r;
}

}  // namespace kr::app
