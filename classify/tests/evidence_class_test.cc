// The evidence class and the uncertain flag of real verdicts (issue 9,
// error class 10): the rule-7 default is uncertain unless the query names a
// product or service category.
#include <gtest/gtest.h>

#include "klantreis/classify/classifier.h"
#include "klantreis/core/evidence.h"

namespace kr::classify {
namespace {

class EvidenceClassTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto cfg = LoadClassifierConfig("");
    ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
    config_ = new ClassifierConfig(std::move(cfg).value());
  }
  static void TearDownTestSuite() {
    delete config_;
    config_ = nullptr;
  }
  EvidenceClass Of(const std::string& q) {
    auto c = Classifier::Create(*config_);
    EXPECT_TRUE(c.ok());
    Classification v = (*c)->Classify(q);
    return EvidenceOf(v);
  }
  static ClassifierConfig* config_;
};
ClassifierConfig* EvidenceClassTest::config_ = nullptr;

TEST_F(EvidenceClassTest, CuesDecideMostVerdicts) {
  EXPECT_EQ(Of("kortingscode hardloopschoenen"), EvidenceClass::kCues);
  EXPECT_EQ(Of("how to descale a kettle"), EvidenceClass::kCues);
}

TEST_F(EvidenceClassTest, ABareUnknownTermIsUncertain) {
  EXPECT_EQ(Of("zwembadoverkapping"), EvidenceClass::kNone);
  EXPECT_EQ(Of("quarterly okr template"), EvidenceClass::kNone);
}

TEST_F(EvidenceClassTest, ANamedCategoryOrBrandIsRuleSevenWithEvidence) {
  EXPECT_EQ(Of("hardloopschoenen dames"), EvidenceClass::kCategory) << "an attribute cue: a product is named";
  EXPECT_EQ(Of("waterproof hiking boots"), EvidenceClass::kCategory);
  EXPECT_EQ(Of("coolblue"), EvidenceClass::kCategory) << "a site name";
}

TEST_F(EvidenceClassTest, ADutchProductOrServiceNounNamesACategoryAlsoAsACompoundHead) {
  EXPECT_EQ(Of("tankkaart"), EvidenceClass::kCategory) << "kaart as the head";
  EXPECT_EQ(Of("schoonmaakbedrijf gent"), EvidenceClass::kCategory);
  EXPECT_EQ(Of("boekhouder"), EvidenceClass::kCategory);
  EXPECT_EQ(Of("dinsdagavond"), EvidenceClass::kNone) << "a bare term that names nothing stays uncertain";
}

TEST_F(EvidenceClassTest, ProjectOverridesAndRemapsAreTheirOwnClass) {
  auto cfg = LoadClassifierConfigFromString(
      "[classifier.overrides]\n\"zwembadoverkapping\" = \"purchase\"\n", "p.toml", ".");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  auto c = Classifier::Create(*cfg);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(EvidenceOf((*c)->Classify("Zwembadoverkapping")), EvidenceClass::kOverride);
}

}  // namespace
}  // namespace kr::classify
