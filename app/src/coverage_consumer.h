// Internal: the report stream's keywords through SiteCoverage, into
// coverage.csv (when writing CSV) and the per-stage coverage summary.
// Memory: the site's page index; nothing per keyword.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "klantreis/app/coverage.h"
#include "klantreis/app/report_builder.h"
#include "klantreis/reports/coverage.h"
#include "klantreis/reports/site_pages.h"

namespace kr::app::internal {

class CoverageConsumer final : public ReportKeywordConsumer {
 public:
  // nullptr (no error) when the project has no crawl. csv_dir: where
  // coverage.csv goes ("" = no file, the summary only); excel: in the
  // market's Excel dialect (report --csv-dialect excel).
  static Result<std::unique_ptr<CoverageConsumer>> Create(Project& project, const std::string& csv_dir,
                                                          bool excel = false) {
    auto crawls = project.store->ListCrawls();
    if (!crawls.ok()) return crawls.status();
    if (crawls->empty()) return std::unique_ptr<CoverageConsumer>();
    auto cov = SiteCoverage::Build(project);
    if (!cov.ok()) return cov.status();
    std::unique_ptr<CoverageConsumer> c(new CoverageConsumer());
    c->coverage_ = std::move(cov).value();
    c->summary_.pages = c->coverage_->pages();
    c->summary_.crawled_pages = c->coverage_->crawled_pages();
    if (!csv_dir.empty()) {
      auto w = reports::CoverageCsvWriter::Open(csv_dir, excel, project.market);
      if (!w.ok()) return w.status();
      c->csv_ = std::move(w).value();
    }
    return c;
  }

  Status Consume(const reports::KeywordLine& k) override {
    KeywordCoverage kc = coverage_->Cover(k.keyword, k.page_url);
    reports::CoverageRow row;
    row.keyword = k.keyword;
    row.stage = k.stage;
    row.monthly_volume = k.monthly_volume;
    row.url = kc.url;
    row.score = kc.score;
    row.source = kc.source;
    for (const std::string& m : kc.matched) {
      if (!row.matched.empty()) row.matched += ' ';
      row.matched += m;
    }
    row.cannibalisation = kc.cannibalisation();
    row.second_url = kc.second_url;
    row.second_score = kc.second_score;
    row.best_url = kc.best_url;
    summary_.Add(row);
    if (!kc.url.empty()) targets_[kc.url].Add(k.keyword, k.monthly_volume);
    if (csv_) csv_->Add(row);
    return Status::Ok();
  }

  // Per covering page (its URL as fetched) the keywords it covers, for pages.csv.
  const std::unordered_map<std::string, reports::PageTargets>& targets() const { return targets_; }

  // The covering page of one keyword ("" = gap): for the article plan.
  std::string CoveringUrl(std::string_view keyword) { return coverage_->Cover(keyword).url; }

  // Commits coverage.csv (appending its path) and returns the summary.
  Result<reports::CoverageSummary> Finish(std::vector<std::string>* written) {
    if (csv_) {
      auto path = csv_->Commit();
      if (!path.ok()) return path.status();
      if (written != nullptr) written->push_back(*path);
    }
    summary_.Finish();
    return summary_;
  }

 private:
  CoverageConsumer() = default;
  std::unique_ptr<SiteCoverage> coverage_;
  std::unique_ptr<reports::CoverageCsvWriter> csv_;
  reports::CoverageSummary summary_;
  std::unordered_map<std::string, reports::PageTargets> targets_;  // bounded by the pages: kTop keywords each
};

}  // namespace kr::app::internal
