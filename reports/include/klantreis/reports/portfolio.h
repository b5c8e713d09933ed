// The portfolio of a batch: one summary over many client projects.
//   summary.csv  project,stage,keywords,monthly_volume,volume_share,funnel
//                (ten rows per successful project, stages in funnel order)
//   index.html   every client: status, totals, a small stage chart, its gaps,
//                its likeability moments, a link to its report; self-contained,
//                HTML-escaped.
// Pure functions (plus the two file writes).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "klantreis/core/stage.h"
#include "klantreis/core/status.h"
#include "klantreis/reports/report.h"

namespace kr::reports {

struct PortfolioStage {
  uint64_t keywords = 0;
  int64_t monthly_volume = 0;
  double volume_share = 0;
};

// One likeability moment of a client (plan::LikeabilityMoments): a topic x
// stage slice where the brand can add most value.
struct PortfolioMoment {
  std::string label;  // the topic's head keyword
  Stage stage = Stage::kConcreteNeed;
  int64_t monthly_volume = 0;  // of that stage within the topic
  std::string why;             // one line
};
inline constexpr size_t kPortfolioMoments = 3;

// One of a client's biggest gaps: a keyword no page of its crawled site covers
// (app/coverage.h), by volume.
struct PortfolioGap {
  std::string keyword;
  Stage stage = Stage::kConcreteNeed;
  int64_t monthly_volume = 0;
};
inline constexpr size_t kPortfolioGaps = 3;

// What one project of a batch came to.
struct PortfolioProject {
  std::string name;
  bool ok = false;
  std::string error;                 // why it failed (ok == false)
  double seconds = 0;                // wall time of the project
  uint64_t keywords = 0;
  bool only_impressions = false;     // every volume is Search Console impressions
  std::array<PortfolioStage, kNumStages> stages{};  // model (funnel) order
  uint64_t inputs_imported = 0;      // files imported in this run
  uint64_t inputs_unchanged = 0;     // files seen before (skipped)
  uint64_t rows_rejected = 0;        // over the files imported in this run
  std::vector<std::string> notes;    // e.g. "crawl: not supported yet"
  std::string report;                // the report's main file, relative to OUT ("acme/report.html")
  std::vector<PortfolioMoment> moments;  // its top likeability moments, at most kPortfolioMoments
  // The change since last time in one line (batch `compare`), "" = not compared.
  std::string change;
  // Site coverage, when the project's site was crawled: the volume no page
  // covers and its biggest keywords.
  bool crawled = false;
  int64_t gap_volume = 0, covered_volume = 0;
  uint64_t gap_keywords = 0;
  std::vector<PortfolioGap> gaps;  // at most kPortfolioGaps, volume desc
};

int64_t TotalVolume(const PortfolioProject& p);

// summary.csv text (header + ten rows per ok project, in the given order).
std::string PortfolioCsv(const std::vector<PortfolioProject>& projects);
// index.html text; `generated_at` is shown in the footer.
std::string PortfolioHtml(const std::vector<PortfolioProject>& projects, const std::string& generated_at,
                          const Branding& branding = {});

// Writes both into out_dir (atomically, each file renamed when complete).
Status WritePortfolio(const std::string& out_dir, const std::vector<PortfolioProject>& projects,
                      const std::string& generated_at, const Branding& branding = {});

}  // namespace kr::reports
