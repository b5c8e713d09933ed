// Shared vocabulary for keywords, their sources and their classification.
// Plain value types, no behaviour; every module speaks these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "klantreis/core/stage.h"

namespace kr {

// How a volume figure was obtained. DO NOT CHANGE THESE VALUES (stored).
// Lower value = better figure when a keyword has several sources.
enum class VolumeKind : uint8_t {
  kPlannerAverage = 0,  // Keyword Planner "Avg. monthly searches"
  kToolVolume = 1,      // Semrush / Ahrefs volume
  kPlannerRange = 2,    // Keyword Planner range bucket ("1K – 10K"): lower bound kept as volume
  kListVolume = 3,      // a plain CSV with a volume column
  kImpressions = 4,     // Search Console impressions (not searches: marked in reports)
  kNone = 255,
};
std::string_view VolumeKindId(VolumeKind k);  // "planner", "tool", "planner_range", "list", "gsc_impressions", "none"
std::optional<VolumeKind> VolumeKindFromId(std::string_view id);

struct MonthlyVolume {
  std::string month;  // "YYYY-MM"
  int64_t searches = 0;
  bool operator==(const MonthlyVolume&) const = default;
};

// One keyword row as read from an input file, before normalisation.
struct SourceRow {
  std::string keyword;  // UTF-8, NFC, as written in the file
  uint64_t line = 0;    // 1-based line where the row starts in the file
  std::optional<int64_t> volume;
  VolumeKind volume_kind = VolumeKind::kNone;
  std::optional<std::pair<int64_t, int64_t>> volume_range;  // when the source gave a range
  std::vector<MonthlyVolume> monthly;
  // Source attributes kept verbatim-ish: "kd", "cpc", "competition", "intent",
  // "clicks", "impressions", "ctr", "position", "serp_features", "trend", ...
  std::vector<std::pair<std::string, std::string>> attrs;
};

// A row that could not be read: where and why.
struct RowError {
  uint64_t line = 0;
  std::string message;
};

// One cue/rule that fired for a verdict, with the tokens it matched.
struct RuleHit {
  std::string rule;                 // e.g. "cue:nl:kortingscode", "pattern:comparison_vs", "default:rule7"
  Stage stage = Stage::kConcreteNeed;
  double weight = 0;
  std::vector<std::string> tokens;  // the query tokens (as written) that matched
};

// The classifier's verdict on one query.
struct Classification {
  Stage stage = Stage::kConcreteNeed;
  double confidence = 0;            // 0..1
  std::optional<Stage> runner_up;   // set when a second stage came close
  bool navigational = false;
  Language lang = Language::kUnd;
  std::vector<RuleHit> rules;       // evidence, strongest first
  std::string model_version;        // model name + config hash that produced it
  // The winning stage's evidence score minus the strongest other stage's:
  // the key of the confidence calibration (0 for the rule-7 default). Set by
  // the classifier; not stored.
  double margin = 0;
  // Content words of the query (stop words left out): the other calibration
  // key (a bare term is a product name more often than a long sentence is).
  int words = 0;
  Intent intent() const { return IntentOf(stage, navigational); }
  Stage5 stage5() const { return Stage5Of(stage); }
};

}  // namespace kr
