// The calibration table: parsing, lookup by evidence class, words and
// margin, the shipped table, and confidences that are probabilities.
#include <gtest/gtest.h>

#include "klantreis/classify/classifier.h"

namespace kr::classify {
namespace {

constexpr const char* kTable = R"(
[calibration]
fitted = "by hand for the test"
rows = [
  { evidence = "cues", margin_from = -1e9, p = 0.6, n = 10 },
  { evidence = "cues", margin_from = 0.5, p = 0.9, n = 20 },
  { evidence = "cues", margin_from = 1, p = 0.98, n = 30 },
  { evidence = "none", words_from = 0, margin_from = -1e9, p = 0.8, n = 12 },
  { evidence = "none", words_from = 3, margin_from = -1e9, p = 0.4, n = 40 },
]
)";

TEST(Calibration, RowsAreFoundByClassWordsAndMargin) {
  CalibrationTable t;
  ASSERT_TRUE(ParseCalibrationToml(kTable, "t.toml", &t).ok());
  EXPECT_EQ(t.fitted, "by hand for the test");
  ASSERT_EQ(t.rows.size(), 5u);
  EXPECT_DOUBLE_EQ(t.Apply(EvidenceClass::kCues, 3, -0.5, 0.1), 0.6);
  EXPECT_DOUBLE_EQ(t.Apply(EvidenceClass::kCues, 3, 0.5, 0.1), 0.9);
  EXPECT_DOUBLE_EQ(t.Apply(EvidenceClass::kCues, 3, 0.99, 0.1), 0.9);
  EXPECT_DOUBLE_EQ(t.Apply(EvidenceClass::kCues, 3, 4.0, 0.1), 0.98);
  EXPECT_DOUBLE_EQ(t.Apply(EvidenceClass::kNone, 1, 0, 0.1), 0.8);
  EXPECT_DOUBLE_EQ(t.Apply(EvidenceClass::kNone, 2, 0, 0.1), 0.8);
  EXPECT_DOUBLE_EQ(t.Apply(EvidenceClass::kNone, 3, 0, 0.1), 0.4);
  EXPECT_DOUBLE_EQ(t.Apply(EvidenceClass::kNone, 9, 0, 0.1), 0.4);
  EXPECT_DOUBLE_EQ(t.Apply(EvidenceClass::kHint, 2, 0.2, 0.45), 0.45) << "no row: the raw confidence";
  EXPECT_DOUBLE_EQ(t.Apply(EvidenceClass::kOverride, 2, 0, 1.0), 1.0);
}

TEST(Calibration, BadTablesNameTheRow) {
  struct Case {
    const char* toml;
    const char* error;
  } cases[] = {
      {"x = 1\n", "t.toml: missing [calibration] table"},
      {"[calibration]\nrows = [ { evidence = \"sure\", margin_from = 0, p = 0.5 } ]\n",
       "t.toml: calibration.rows[0].evidence: unknown evidence class \"sure\""},
      {"[calibration]\nrows = [ { evidence = \"cues\", margin_from = 0, p = 1.5 } ]\n",
       "t.toml: calibration.rows[0].p: expected a probability from 0 to 1"},
      {"[calibration]\nrows = [ { evidence = \"cues\", margin_from = 0, p = 0.5, q = 1 } ]\n",
       "t.toml: calibration.rows[0].q: unknown key"},
      {"[calibration]\nrows = [ { evidence = \"none\", margin_from = 0, p = 0.5 },\n"
       "  { evidence = \"cues\", margin_from = 0, p = 0.5 } ]\n",
       "t.toml: calibration.rows[1]: rows must be sorted"},
      {"[calibration]\nrows = [ { evidence = \"cues\", p = 0.5 } ]\n",
       "t.toml: calibration.rows[0].margin_from: missing"},
  };
  for (const Case& c : cases) {
    CalibrationTable t;
    Status st = ParseCalibrationToml(c.toml, "t.toml", &t);
    EXPECT_TRUE(st.IsInvalidArgument()) << c.toml;
    EXPECT_NE(st.message().find(c.error), std::string::npos) << st.message();
  }
}

TEST(Calibration, TheShippedTableIsLoadedAndCanBeSwitchedOff) {
  auto cfg = LoadClassifierConfig("");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  ASSERT_FALSE(cfg->calibration.rows.empty());
  EXPECT_NE(cfg->calibration.fitted.find("fit_calibration.py"), std::string::npos);
  auto calibrated = Classifier::Create(*cfg);
  ASSERT_TRUE(calibrated.ok());
  // A long situation with no cue is wrong more often than a bare product term.
  Classification bare = (*calibrated)->Classify("zwembadoverkapping");
  Classification sentence = (*calibrated)->Classify("het is altijd zo donker op de overloop boven");
  ClassifierConfig plain = *cfg;
  DisableCalibration(&plain);
  EXPECT_TRUE(plain.calibration.rows.empty());
  EXPECT_NE(plain.Version(), cfg->Version()) << "the model version says the confidences differ";
  auto uncalibrated = Classifier::Create(plain);
  ASSERT_TRUE(uncalibrated.ok());
  Classification raw = (*uncalibrated)->Classify("zwembadoverkapping");
  EXPECT_EQ(raw.stage, bare.stage) << "calibration never changes a stage";
  EXPECT_DOUBLE_EQ(raw.confidence, 0.3) << "the uncalibrated rule-7 confidence";
  EXPECT_DOUBLE_EQ(bare.confidence, cfg->calibration.Apply(EvidenceOf(bare), bare.words, 0, -1));
  if (EvidenceOf(sentence) == EvidenceClass::kNone) {
    EXPECT_GE(sentence.words, 3);
    EXPECT_LT(sentence.confidence, bare.confidence);
  }
  for (const CalibrationRow& r : cfg->calibration.rows) {
    EXPECT_GT(r.p, 0);
    EXPECT_LE(r.p, 1);
  }
}

}  // namespace
}  // namespace kr::classify
