// The evidence class of a verdict: what kind of evidence decided its stage,
// read from its trace (Classification::rules), so that stored verdicts of any
// version have one too. A verdict that reached the rule-7 default without
// positive evidence that the query names a product or service category is
// *uncertain*: its stage is a guess, not a finding (issue 9, error class 10).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

#include "klantreis/core/keyword.h"

namespace kr {

// DO NOT REORDER: the calibration table (config/calibration.toml) names
// these by id, and their order is the table's row order.
enum class EvidenceClass : uint8_t {
  kCues = 0,      // decide:priority / decide:strength: a stage had active evidence
  kHint = 1,      // decide:hint: only weak evidence for the winning stage
  kCategory = 2,  // default:rule7 with positive evidence of a product/service category
                  // (a concrete_need attribute cue, a product term, a brand, a site)
  kNone = 3,      // default:rule7 with nothing: uncertain
  kRemap = 4,     // project:remap (the project's business context)
  kOverride = 5,  // an exact override (klantreis.toml or a reviewed verdict)
};
inline constexpr int kNumEvidenceClasses = 6;

std::string_view EvidenceClassId(EvidenceClass e);  // "cues", "hint", "category", "none", "remap", "override"
std::optional<EvidenceClass> EvidenceClassFromId(std::string_view id);

// From the decision rule (rules[0]) and, for the rule-7 default, the
// remaining rules. A verdict without rules counts as kNone.
EvidenceClass EvidenceOf(const Classification& c);

// EvidenceOf(c) == kNone.
inline bool IsUncertain(const Classification& c) { return EvidenceOf(c) == EvidenceClass::kNone; }

// One sentence for people: why the verdict is (un)certain, e.g. "no cue,
// product or service category matched: concrete_need is the rule-7 default".
std::string_view EvidenceExplanation(EvidenceClass e);

}  // namespace kr
