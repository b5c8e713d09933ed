// Internal: collects the two periods' figures of every keyword during the
// report's pass over the store (the sources of the compared runs, with
// their Search Console attributes) and builds the Comparison once the
// topics exist. Memory: one small record per compared keyword.
// Not thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "klantreis/app/compare.h"
#include "klantreis/app/project.h"
#include "klantreis/app/report_builder.h"
#include "klantreis/reports/compare.h"

namespace kr::app::internal {

class CompareConsumer final : public ReportKeywordConsumer {
 public:
  // Checks the runs (kRuns: both committed and different; NotFound naming a
  // missing one) and picks the fallback pair of kAuto.
  static Result<std::unique_ptr<CompareConsumer>> Create(Project& project, const CompareSpec& spec);

  Status Consume(const reports::KeywordLine& k) override;
  Status ConsumeRecord(const reports::KeywordLine& k, const store::KeywordRecord& rec) override;

  // The comparison; InvalidArgument saying what to do when there is nothing
  // to compare (no compare export, no two imports of one format).
  Result<std::shared_ptr<const reports::Comparison>> Build(const plan::Topics* topics);

 private:
  CompareConsumer() = default;
  void TakeExport(const reports::KeywordLine& k, const store::KeywordRecord& rec);
  void TakeRuns(const reports::KeywordLine& k, const store::KeywordRecord& rec);

  CompareSpec spec_;
  std::map<std::string, store::ImportRun> runs_;  // committed runs by id
  std::string before_run_, after_run_;            // the pair of kRuns, or kAuto's fallback pair
  uint32_t index_ = 0;                            // the keyword's place in the report stream

  // The newest Search Console compare export seen so far, and its keywords.
  std::string export_run_;
  std::string export_label_, export_label_previous_;
  reports::CompareBuilder export_;
  reports::CompareBuilder pair_;
  std::optional<VolumeKind> pair_kind_;
};

}  // namespace kr::app::internal
