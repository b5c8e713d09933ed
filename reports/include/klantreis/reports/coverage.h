// Site coverage in the reports: coverage.csv (one row per keyword: the page
// of the user's site that covers it, or a gap) and the per-stage summary
// every format shows (keywords and volume covered vs gap, the biggest gaps,
// cannibalisation). The mapping itself is app/coverage.h.
//
// coverage.csv column order is a contract (new columns only at the end):
//   keyword,stage,monthly_volume,url,score,source,matched,cannibalisation,
//   second_url,second_score,best_url
// url is empty for a gap; every cell goes through kr::CsvField.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "klantreis/core/stage.h"
#include "klantreis/core/status.h"

namespace kr::reports {

// One keyword's row of coverage.csv.
struct CoverageRow {
  std::string_view keyword;
  Stage stage = Stage::kConcreteNeed;
  int64_t monthly_volume = 0;
  std::string_view url;         // "" = gap
  double score = 0;
  std::string_view source;      // "export", "content", ""
  std::string matched;          // "term@field term@field"
  bool cannibalisation = false;
  std::string_view second_url;
  double second_score = 0;
  std::string_view best_url;    // the best page, also below the threshold
};

struct CoverageGap {
  std::string keyword;
  Stage stage = Stage::kConcreteNeed;
  int64_t monthly_volume = 0;
  std::string nearest_url;  // the best page below the threshold ("" = none holds a term)
  double score = 0;
};

inline constexpr size_t kTopGaps = 10;  // biggest gaps kept per stage and overall

struct CoverageStage {
  uint64_t covered_keywords = 0, gap_keywords = 0;
  int64_t covered_volume = 0, gap_volume = 0;
  uint64_t cannibalised_keywords = 0;
  std::vector<CoverageGap> top_gaps;  // volume desc, then keyword; at most kTopGaps
};

// The summary, built in bounded memory from the stream (Add per keyword).
struct CoverageSummary {
  uint64_t pages = 0;             // indexable pages that may cover
  uint64_t crawled_pages = 0;     // all stored pages
  std::array<CoverageStage, kNumStages> stages{};
  std::vector<CoverageGap> top_gaps;  // over all stages, at most kTopGaps
  uint64_t cannibalised_keywords = 0;

  void Add(const CoverageRow& row);
  void Finish();  // sorts and trims the gap lists; call once after the last Add
  uint64_t covered_keywords() const;
  uint64_t gap_keywords() const;
  int64_t covered_volume() const;
  int64_t gap_volume() const;
};

class CoverageCsvWriter {
 public:
  // Opens out_dir/coverage.csv (written under a temporary name until Commit).
  // excel: --csv-dialect excel for `market` (a BOM; ';' and a decimal comma
  // where Excel expects them), as stages.csv.
  static Result<std::unique_ptr<CoverageCsvWriter>> Open(const std::string& out_dir, bool excel = false,
                                                         std::string_view market = "");
  virtual ~CoverageCsvWriter() = default;
  virtual void Add(const CoverageRow& row) = 0;
  virtual Result<std::string> Commit() = 0;  // renames onto coverage.csv; returns its path
};

}  // namespace kr::reports
