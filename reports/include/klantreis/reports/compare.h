// "Change since last time": the figures of two periods side by side (a
// Search Console compare export's two periods, or two import runs of the
// same source at different dates), summed per stage and per topic, with
// the keywords that moved most. CompareBuilder takes one keyword at a time
// (the report's pass over the store) and assembles a Comparison once the
// topics are known; the report sinks render it (compare.csv,
// compare_topics.csv, compare_keywords.csv and a "Change since last time"
// section in report.md, report.json, report.html and report.xlsx).
// Thread-safety: a Comparison is immutable once built; CompareBuilder is
// used by one thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "klantreis/core/stage.h"
#include "klantreis/plan/topics.h"

namespace kr::reports {

// One period of a comparison, as the sources name it.
struct ComparePeriod {
  std::string label;   // "Last 28 days" (the export's header), or "r000003 (2026-12-02)"
  std::string run_id;  // the import run the figures come from
  std::string file;    // that run's file name (no directories)
  std::string imported_at;  // the run's import time, "2026-12-02 20:31 UTC"
};

// One keyword's figures in one period. `present`: the keyword was in that
// period (a Search Console compare row with clicks or impressions there, or
// a row of that import run).
struct PeriodFigures {
  bool present = false;
  int64_t clicks = 0;
  int64_t impressions = 0;
  int64_t volume = 0;                 // the period's volume figure (Search Console: its impressions)
  std::optional<double> position;     // Search Console average position
};

struct CompareKeyword {
  std::string keyword;
  Stage stage = Stage::kConcreteNeed;
  uint32_t topic = 0;      // plan::Topics id, 0 = none
  PeriodFigures before, after;
  uint32_t report_index = 0;  // the keyword's place in the report stream (plan::Topics' keyword index)

  int64_t clicks_change() const { return after.clicks - before.clicks; }
  int64_t impressions_change() const { return after.impressions - before.impressions; }
  int64_t volume_change() const { return after.volume - before.volume; }
  bool is_new() const { return after.present && !before.present; }
  bool is_lost() const { return before.present && !after.present; }
  // "new", "lost" or "both".
  const char* status() const { return is_new() ? "new" : is_lost() ? "lost" : "both"; }
};

// Sums over a group of keywords (a stage, a topic, everything).
struct CompareTotals {
  uint64_t keywords = 0;       // in either period
  uint64_t new_keywords = 0;   // only in the later period
  uint64_t lost_keywords = 0;  // only in the earlier period
  int64_t clicks_before = 0, clicks_after = 0;
  int64_t impressions_before = 0, impressions_after = 0;
  int64_t volume_before = 0, volume_after = 0;
  void Add(const CompareKeyword& k);
};

struct CompareTopic {
  uint32_t id = 0;        // plan::Topics id
  std::string label;      // the topic's head keyword
  Stage stage = Stage::kConcreteNeed;
  CompareTotals totals;
};

struct Comparison {
  // "export": a Search Console compare export's two periods (one run);
  // "runs": two import runs.
  std::string mode;
  ComparePeriod before, after;
  std::string volume_kind;  // what `volume` is: "gsc_impressions", "planner", ... (core VolumeKindId)
  std::array<CompareTotals, kNumStages> stages{};  // model order
  CompareTotals total;
  std::vector<CompareTopic> topics;      // topics with a keyword in either period, biggest movement first
  std::vector<CompareKeyword> keywords;  // every compared keyword, by keyword
  std::vector<uint32_t> up, down;        // indices into keywords: the biggest risers and fallers
  std::vector<std::string> notes;        // what the reader should know ("the two runs are of different formats")
};

// How many risers/fallers (and topics in report.md/html/xlsx) are shown.
inline constexpr size_t kCompareMovers = 10;
inline constexpr size_t kCompareTopicsShown = 15;

// Orders movement: clicks change, then impressions change, then volume change.
// >0 when a moved up more than b.
int CompareMovement(const CompareKeyword& a, const CompareKeyword& b);

class CompareBuilder {
 public:
  void Add(CompareKeyword k) { keywords_.push_back(std::move(k)); }
  size_t size() const { return keywords_.size(); }
  // Sums per stage and topic, ranks the movers. `topics` (may be null) are
  // the report's topics: keyword report_index i belongs to topic_of(i) when
  // its text matches. Callable once.
  Comparison Finish(std::string mode, ComparePeriod before, ComparePeriod after, std::string volume_kind,
                    const plan::Topics* topics);

 private:
  std::vector<CompareKeyword> keywords_;
};

}  // namespace kr::reports
