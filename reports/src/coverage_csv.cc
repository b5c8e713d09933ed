// coverage.csv and the coverage summary (coverage.h).
#include <algorithm>
#include <cstdio>

#include "klantreis/core/text.h"
#include "klantreis/reports/coverage.h"
#include "csv_line.h"
#include "stream_file.h"

namespace kr::reports {
namespace {

constexpr char kHeader[] =
    "keyword,stage,monthly_volume,url,score,source,matched,cannibalisation,second_url,second_score,best_url\n";

std::string Score(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

bool BiggerGap(const CoverageGap& a, const CoverageGap& b) {
  if (a.monthly_volume != b.monthly_volume) return a.monthly_volume > b.monthly_volume;
  return a.keyword < b.keyword;
}

// Keeps the biggest kTopGaps of `gaps`, sorted; amortised (trims at 4x).
void Trim(std::vector<CoverageGap>* gaps, bool final) {
  if (!final && gaps->size() < 4 * kTopGaps) return;
  size_t n = std::min(kTopGaps, gaps->size());
  std::partial_sort(gaps->begin(), gaps->begin() + static_cast<long>(n), gaps->end(), BiggerGap);
  gaps->resize(n);
}

class Writer final : public CoverageCsvWriter {
 public:
  Status Open(const std::string& dir, const internal::Dialect& d) {
    dialect_ = d;
    path_ = dir + "/coverage.csv";
    KR_RETURN_IF_ERROR(file_.Open(path_));
    std::string header = kHeader;
    std::replace(header.begin(), header.end(), ',', d.separator);
    if (d.bom) file_.Append(internal::kCsvBom);
    file_.Append(header);
    return Status::Ok();
  }

  void Add(const CoverageRow& r) override {
    line_.clear();
    {
      internal::Line l(&line_, dialect_);
      l.Cell(r.keyword).Cell(StageId(r.stage)).Num(r.monthly_volume).Cell(r.url).Dec(Score(r.score));
      l.Cell(r.source).Cell(r.matched).Cell(r.cannibalisation ? "yes" : "no").Cell(r.second_url);
      if (r.second_url.empty()) l.Cell("");
      else l.Dec(Score(r.second_score));
      l.Cell(r.best_url);
    }
    file_.Append(line_);
  }

  Result<std::string> Commit() override {
    KR_RETURN_IF_ERROR(file_.Commit());
    return path_;
  }

 private:
  internal::StreamFile file_;
  internal::Dialect dialect_;
  std::string path_;
  std::string line_;
};

}  // namespace

void CoverageSummary::Add(const CoverageRow& r) {
  CoverageStage& s = stages[StageIndex(r.stage)];
  if (r.cannibalisation) {
    ++s.cannibalised_keywords;
    ++cannibalised_keywords;
  }
  if (!r.url.empty()) {
    ++s.covered_keywords;
    s.covered_volume += r.monthly_volume;
    return;
  }
  ++s.gap_keywords;
  s.gap_volume += r.monthly_volume;
  CoverageGap g{std::string(r.keyword), r.stage, r.monthly_volume, std::string(r.best_url), r.score};
  s.top_gaps.push_back(g);
  Trim(&s.top_gaps, false);
  top_gaps.push_back(std::move(g));
  Trim(&top_gaps, false);
}

void CoverageSummary::Finish() {
  for (CoverageStage& s : stages) Trim(&s.top_gaps, true);
  Trim(&top_gaps, true);
}

template <typename T>
T SumStages(const std::array<CoverageStage, kNumStages>& stages, T CoverageStage::*field) {
  T n = 0;
  for (const auto& s : stages) n += s.*field;
  return n;
}

uint64_t CoverageSummary::covered_keywords() const { return SumStages(stages, &CoverageStage::covered_keywords); }
uint64_t CoverageSummary::gap_keywords() const { return SumStages(stages, &CoverageStage::gap_keywords); }
int64_t CoverageSummary::covered_volume() const { return SumStages(stages, &CoverageStage::covered_volume); }
int64_t CoverageSummary::gap_volume() const { return SumStages(stages, &CoverageStage::gap_volume); }

Result<std::unique_ptr<CoverageCsvWriter>> CoverageCsvWriter::Open(const std::string& out_dir, bool excel,
                                                                   std::string_view market) {
  auto w = std::make_unique<Writer>();
  KR_RETURN_IF_ERROR(w->Open(out_dir, excel ? internal::ExcelDialect(market) : internal::Dialect{}));
  return std::unique_ptr<CoverageCsvWriter>(std::move(w));
}

}  // namespace kr::reports
