#include "klantreis/core/evidence.h"

namespace kr {
namespace {

constexpr std::string_view kIds[kNumEvidenceClasses] = {"cues", "hint", "category", "none", "remap", "override"};

// Positive evidence that the query names a product or service category:
// weight for concrete_need (attribute cues "size", "waterproof", project
// product terms), a product noun of the English word classes, a category
// signal of a lexicon (Dutch product and service nouns), a brand or site
// name, a list of brands.
bool NamesCategory(const RuleHit& h) {
  if (h.stage == Stage::kConcreteNeed && h.weight > 0) return true;
  std::string_view r = h.rule;
  return r.starts_with("product:") || r.starts_with("wordclass:product") || r.starts_with("category:") ||
         r.starts_with("brand:") ||
         r.starts_with("nav:domain") ||
         r.starts_with("navigational:") || r == "pattern:brand_list";
}

}  // namespace

std::string_view EvidenceClassId(EvidenceClass e) { return kIds[static_cast<int>(e)]; }

std::optional<EvidenceClass> EvidenceClassFromId(std::string_view id) {
  for (int i = 0; i < kNumEvidenceClasses; ++i) {
    if (kIds[i] == id) return static_cast<EvidenceClass>(i);
  }
  return std::nullopt;
}

EvidenceClass EvidenceOf(const Classification& c) {
  if (c.rules.empty()) return EvidenceClass::kNone;
  std::string_view decision = c.rules.front().rule;
  if (decision == "override" || decision.starts_with("override ")) return EvidenceClass::kOverride;
  if (decision.starts_with("project:remap")) return EvidenceClass::kRemap;
  if (decision == "decide:hint") return EvidenceClass::kHint;
  if (decision.starts_with("decide:")) return EvidenceClass::kCues;
  for (size_t i = 1; i < c.rules.size(); ++i) {
    if (NamesCategory(c.rules[i])) return EvidenceClass::kCategory;
  }
  return EvidenceClass::kNone;
}

std::string_view EvidenceExplanation(EvidenceClass e) {
  switch (e) {
    case EvidenceClass::kCues: return "cues for the stage decided it";
    case EvidenceClass::kHint: return "only weak evidence for the stage (a hint)";
    case EvidenceClass::kCategory:
      return "no stage cue; the query names a product or service category, so rule 7 makes it concrete_need";
    case EvidenceClass::kNone:
      return "uncertain: no cue, product or service category matched; concrete_need is only the rule-7 default";
    case EvidenceClass::kRemap: return "the project's remap rule decided it";
    case EvidenceClass::kOverride: return "an exact override decided it";
  }
  return "";
}

}  // namespace kr
