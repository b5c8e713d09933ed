// Settings of topic clustering and the article plan: the `[plan]` table of
// klantreis.toml on top of the shipped defaults (docs/plan.md). Plain data.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/core/stage.h"
#include "klantreis/core/status.h"

namespace kr::plan {

struct PlanConfig {
  // Sets of words or phrases that mean the same ("e-bike", "ebike",
  // "elektrische fiets"): every variant becomes one term, shown as the first.
  std::vector<std::vector<std::string>> synonyms;
  // Generic intent words that never bind keywords on their own ("kopen",
  // "beste", "prijs", "hoe", "what is"): dropped from the terms. The shipped
  // list plus `extra_modifiers`; `keep_words` takes words off the list.
  std::vector<std::string> modifiers;
  std::vector<std::string> extra_modifiers;
  std::vector<std::string> keep_words;
  // Words that make a different topic when only one side has them
  // ("free ai tools" is not "ai tools").
  std::vector<std::string> split_words;
  // Stages that one page may serve together ("concrete_need", "decision",
  // "purchase": the category/landing page). Every other stage is its own group.
  std::vector<std::vector<Stage>> stage_groups;
  // Weighted Jaccard similarity of a keyword's terms with a topic head's
  // terms needed to join the topic (0..1).
  double min_similarity = 0.45;
  // When both sides have a term of their own worth at least this share of
  // the union weight, they are different topics ("accu opladen" vs "accu kapot").
  double conflict_share = 0.2;
  // At most this many topic heads are compared per posting list (blocking).
  size_t max_candidates = 2000;
  // SERP overlap: two keywords with stored SERPs share a topic when their
  // top-10 organic results share at least this many URLs.
  int serp_min_shared = 3;
  // Plan: the suggested content type and the priority weight of each stage (model order).
  std::array<std::string, kNumStages> content_types;
  std::array<double, kNumStages> stage_weights{};
};

// The shipped defaults (docs/plan.md).
const PlanConfig& ShippedPlanConfig();

// Applies the `[plan]` table of a TOML document to *cfg. Keys: synonyms
// (array of arrays of strings), modifiers (replaces the list),
// extra_modifiers, keep_words, stage_groups (array of arrays of stage ids),
// min_similarity, conflict_share, max_candidates, serp_min_shared, and the
// tables [plan.content_types] and [plan.stage_weights] keyed by stage id.
// InvalidArgument naming `source` and the key on a bad value or unknown key.
Status ApplyPlanToml(std::string_view toml_text, const std::string& source, PlanConfig* cfg);

// The modifier list with extra_modifiers added and keep_words removed (folded forms).
std::vector<std::string> EffectiveModifiers(const PlanConfig& cfg);

}  // namespace kr::plan
