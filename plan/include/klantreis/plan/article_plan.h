// The article plan: per topic its stage, volume, keywords, the questions the
// page must answer, the suggested content type of its stage, the page that
// covers it (site coverage: empty for now) and a priority; and the
// "likeability moments", the topic x stage slices where a brand can add most
// value. Built from Topics on demand, one topic at a time, so a million
// topics never sit in memory as rows. docs/plan.md documents the priority.
// Thread-safe for concurrent readers of one const Topics.
#pragma once

#include <string>
#include <vector>

#include "klantreis/plan/seasonality.h"
#include "klantreis/plan/topics.h"

namespace kr::plan {

struct PlanRow {
  uint32_t cluster = 0;
  std::string label;
  Stage stage = Stage::kConcreteNeed;
  int64_t monthly_volume = 0;
  std::vector<std::string> keywords;   // the topic's keywords, highest volume first (label first)
  std::vector<std::string> questions;  // question-form keywords, then People-also-ask questions of its stored SERPs
  std::string content_type;            // of the topic's stage ([plan.content_types])
  // The existing page that covers the topic. Hook for site coverage (the
  // crawler's pages, issue 12): empty = no page yet ("new").
  std::string url;
  double priority = 0;
  std::optional<double> cpc, difficulty;
  // The month its keywords are searched most (imports with monthly figures only).
  std::optional<MonthPeak> peak;
};

// Priority of `volume` searches in `stage` (docs/plan.md):
//   log10(1 + volume) * stage_weight * gap * value
// gap = 1 without a covering page, 0.25 with one; value = (1 + min(cpc, 10) / 10)
// when the CPC is known, times (1 - difficulty / 200) when the difficulty is.
double Priority(int64_t volume, Stage stage, bool covered, std::optional<double> cpc, std::optional<double> difficulty,
                const PlanConfig& cfg);

PlanRow MakePlanRow(const Topics& topics, const Topics::Topic& t);

// The `n` topic ids of a stage with the highest priority (then id).
std::vector<uint32_t> TopTopics(const Topics& topics, Stage stage, size_t n);

struct Moment {
  uint32_t cluster = 0;
  std::string label;
  Stage stage = Stage::kConcreteNeed;
  int64_t monthly_volume = 0;  // of this stage within the topic
  double priority = 0;
  std::string why;             // one line ("peaks in July: publish by June" when the topic's peak is informative)
};

// The top `n` topic x stage moments by priority (slices with volume only):
// first at most one per topic and two per stage, so the five reach across
// topics and the journey; then the best remaining slices fill up.
std::vector<Moment> LikeabilityMoments(const Topics& topics, size_t n = 5);

}  // namespace kr::plan
