// EvidenceOf: the evidence class of a verdict from its trace.
#include "klantreis/core/evidence.h"

#include <gtest/gtest.h>

namespace kr {
namespace {

Classification Verdict(std::vector<RuleHit> rules) {
  Classification c;
  c.rules = std::move(rules);
  return c;
}

TEST(Evidence, TheDecisionRuleNamesTheClass) {
  EXPECT_EQ(EvidenceOf(Verdict({{"decide:priority", Stage::kPurchase, 1.0, {}}})), EvidenceClass::kCues);
  EXPECT_EQ(EvidenceOf(Verdict({{"decide:strength", Stage::kUse, 2.0, {}}})), EvidenceClass::kCues);
  EXPECT_EQ(EvidenceOf(Verdict({{"decide:hint", Stage::kUse, 0.6, {}}})), EvidenceClass::kHint);
  EXPECT_EQ(EvidenceOf(Verdict({{"project:remap", Stage::kUse, 1.0, {}}})), EvidenceClass::kRemap);
  EXPECT_EQ(EvidenceOf(Verdict({{"override", Stage::kUse, 1.0, {}}})), EvidenceClass::kOverride);
  EXPECT_EQ(EvidenceOf(Verdict({{"override by anna on 2026-12-02", Stage::kUse, 1.0, {}}})),
            EvidenceClass::kOverride);
}

TEST(Evidence, RuleSevenWithNothingIsUncertain) {
  Classification c = Verdict({{"default:rule7", Stage::kConcreteNeed, 0, {}}});
  EXPECT_EQ(EvidenceOf(c), EvidenceClass::kNone);
  EXPECT_TRUE(IsUncertain(c));
  EXPECT_TRUE(IsUncertain(Classification{})) << "no trace at all";
  // A signal (weight 0, no stage meaning) and weak evidence for another stage are no category.
  c.rules.push_back({"signal:nl:mijn", Stage::kConcreteNeed, 0, {"mijn"}});
  c.rules.push_back({"cue:nl:altijd", Stage::kLatentNeed, 0.4, {"altijd"}});
  EXPECT_TRUE(IsUncertain(c));
}

TEST(Evidence, RuleSevenWithACategoryIsNotUncertain) {
  for (RuleHit h : {RuleHit{"cue:nl:dames", Stage::kConcreteNeed, 0.4, {"dames"}},
                    RuleHit{"product:fietsen", Stage::kConcreteNeed, 0.3, {"fietsen"}},
                    RuleHit{"brand:brand:gazelle", Stage::kConcreteNeed, 0, {"gazelle"}},
                    RuleHit{"nav:domain", Stage::kConcreteNeed, 0, {"bol.com"}},
                    RuleHit{"navigational:brand", Stage::kConcreteNeed, 0, {}}}) {
    Classification c = Verdict({{"default:rule7", Stage::kConcreteNeed, 0, {}}, h});
    EXPECT_EQ(EvidenceOf(c), EvidenceClass::kCategory) << h.rule;
    EXPECT_FALSE(IsUncertain(c)) << h.rule;
  }
}

TEST(Evidence, IdsRoundTrip) {
  for (int i = 0; i < kNumEvidenceClasses; ++i) {
    auto e = static_cast<EvidenceClass>(i);
    EXPECT_EQ(EvidenceClassFromId(EvidenceClassId(e)), e);
    EXPECT_FALSE(EvidenceExplanation(e).empty());
  }
  EXPECT_EQ(EvidenceClassFromId("uncertain"), std::nullopt);
}

}  // namespace
}  // namespace kr
