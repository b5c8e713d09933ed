// `klantreis eval`: metrics arithmetic, file reading and its errors.
#include "klantreis/app/eval.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "klantreis/testutil.h"

namespace kr::app {
namespace {

TEST(EvalTest, ComputesAccuracyMacroF1AndConfusion) {
  // Labels a, b, c. gold: a a a b b c ; predicted: a a b b c c
  std::vector<std::string> labels = {"a", "b", "c"};
  Metrics m = ComputeMetrics(labels, {0, 0, 0, 1, 1, 2}, {0, 0, 1, 1, 2, 2});
  EXPECT_EQ(m.total, 6);
  EXPECT_EQ(m.correct, 4);
  EXPECT_NEAR(m.accuracy, 4.0 / 6, 1e-9);
  // a: P=2/2 R=2/3 F1=0.8 ; b: P=1/2 R=1/2 F1=0.5 ; c: P=1/2 R=1 F1=2/3
  EXPECT_NEAR(m.per_class[0].f1, 0.8, 1e-9);
  EXPECT_NEAR(m.per_class[1].f1, 0.5, 1e-9);
  EXPECT_NEAR(m.per_class[2].f1, 2.0 / 3, 1e-9);
  EXPECT_NEAR(m.macro_f1, (0.8 + 0.5 + 2.0 / 3) / 3, 1e-9);
  EXPECT_EQ(m.confusion[0][1], 1);
  EXPECT_EQ(m.confusion[1][2], 1);
  EXPECT_EQ(m.per_class[2].support, 1);
  EXPECT_EQ(m.per_class[2].predicted, 2);
}

TEST(EvalTest, LabelsWithoutSupportOrPredictionsDoNotCountInMacroF1) {
  Metrics m = ComputeMetrics({"a", "b", "c"}, {0, 0}, {0, 0});
  EXPECT_DOUBLE_EQ(m.macro_f1, 1.0);
}

TEST(EvalTest, ReadsStageFilesWithColumnsInAnyOrder) {
  testutil::TempDir dir;
  dir.Write("s.tsv", "stage\tquery\tlang\r\nuse\tkoffiemachine ontkalken\tnl\r\n\r\nloyalty\tcancel plan\ten\n");
  auto rows = ReadStageFile(dir.File("s.tsv"));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].query, "koffiemachine ontkalken");
  EXPECT_EQ((*rows)[0].stage, Stage::kUse);
  EXPECT_EQ((*rows)[0].lang, Language::kNl);
  EXPECT_EQ((*rows)[1].line, 4u);
}

TEST(EvalTest, CommentLinesAboveTheHeaderAreSkipped) {
  testutil::TempDir dir;
  dir.Write("s.tsv", "# first blind run: macro-F1 0.74\n#\nquery\tlang\tstage\n#hashtag query\tnl\tconcrete_need\n");
  auto rows = ReadStageFile(dir.File("s.tsv"));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u) << "a '#' below the header is a query";
  EXPECT_EQ((*rows)[0].query, "#hashtag query");
  EXPECT_EQ((*rows)[0].line, 4u);
}

TEST(EvalTest, BadStageFilesNameFileAndLine) {
  testutil::TempDir dir;
  struct Bad {
    const char* content;
    const char* expect;
  } cases[] = {
      {"q\tlang\tstage\nx\tnl\tuse\n", "b.tsv:1: header must name the columns query, lang, stage"},
      {"query\tlang\tstage\nx\tnl\tuse\ny\tnl\tusage\n", "b.tsv:3: unknown stage \"usage\""},
      {"query\tlang\tstage\nx\tfr\tuse\n", "b.tsv:2: unknown lang \"fr\""},
      {"query\tlang\tstage\nx\tnl\n", "b.tsv:2: expected 3 tab-separated columns, got 2"},
      {"query\tlang\tstage\n", "b.tsv: no labelled queries"},
      {"", "b.tsv: empty file"},
  };
  for (const Bad& c : cases) {
    dir.Write("b.tsv", c.content);
    auto rows = ReadStageFile(dir.File("b.tsv"));
    ASSERT_FALSE(rows.ok()) << c.content;
    EXPECT_TRUE(rows.status().IsInvalidArgument());
    EXPECT_NE(rows.status().message().find(c.expect), std::string::npos) << rows.status().message();
  }
  auto missing = ReadStageFile(dir.File("nope.tsv"));
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.status().IsInvalidArgument());
  EXPECT_NE(missing.status().message().find("nope.tsv: file not found"), std::string::npos);
}

TEST(EvalTest, ScoresStagesAndRendersTextAndJson) {
  testutil::TempDir dir;
  dir.Write("s.tsv", "query\tlang\tstage\nkoffiemachine ontkalken\tnl\tuse\nbeste koffiemachine\tnl\tconsideration\n"
                     "koffiemachine\tnl\tpurchase\n");
  auto rows = ReadStageFile(dir.File("s.tsv"));
  ASSERT_TRUE(rows.ok());
  auto cfg = classify::LoadClassifierConfig("");
  ASSERT_TRUE(cfg.ok());
  auto report = EvaluateStages(*cfg, dir.File("s.tsv"), *rows);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->metrics.total, 3);
  EXPECT_EQ(report->metrics.correct, 2);
  ASSERT_EQ(report->misses.size(), 1u);
  EXPECT_EQ(report->misses[0].line, 4u);
  EXPECT_EQ(report->misses[0].predicted, "concrete_need");
  std::string text = RenderEvalText(*report, 10);
  EXPECT_NE(text.find("accuracy: 0.667"), std::string::npos) << text;
  EXPECT_NE(text.find("confusion matrix"), std::string::npos);
  auto j = nlohmann::json::parse(RenderEvalJson(*report, 10));
  EXPECT_EQ(j["total"], 3);
  EXPECT_EQ(j["labels"].size(), 10u);
  EXPECT_EQ(j["confusion"].size(), 10u);
  EXPECT_EQ(j["misses"][0]["query"], "koffiemachine");
}

TEST(EvalTest, ReportsCalibrationPerBinAndPerEvidenceClass) {
  testutil::TempDir dir;
  dir.Write("s.tsv", "query\tlang\tstage\nkoffiemachine ontkalken\tnl\tuse\nbeste koffiemachine\tnl\tconsideration\n"
                     "zwembadoverkapping\tnl\tpurchase\n");
  auto rows = ReadStageFile(dir.File("s.tsv"));
  ASSERT_TRUE(rows.ok());
  auto cfg = classify::LoadClassifierConfig("");
  ASSERT_TRUE(cfg.ok());
  auto report = EvaluateStages(*cfg, dir.File("s.tsv"), *rows);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const Calibration& cal = report->calibration;
  EXPECT_EQ(cal.total, 3);
  EXPECT_EQ(cal.uncertain, 1) << "the bare word matches nothing";
  EXPECT_EQ(cal.per_evidence[static_cast<int>(EvidenceClass::kCues)].count, 2);
  EXPECT_EQ(cal.per_evidence[static_cast<int>(EvidenceClass::kCues)].correct, 2);
  EXPECT_EQ(cal.per_evidence[static_cast<int>(EvidenceClass::kNone)].correct, 0);
  // ECE by hand from the three verdicts.
  double ece = 0;
  std::vector<double> conf(10, 0), right(10, 0), n(10, 0);
  auto classifier = classify::Classifier::Create(*cfg);
  ASSERT_TRUE(classifier.ok());
  for (const auto& q : *rows) {
    Classification c = (*classifier)->Classify(q.query);
    int b = std::min(9, static_cast<int>(c.confidence * 10));
    conf[b] += c.confidence;
    right[b] += c.stage == q.stage;
    n[b] += 1;
  }
  for (int b = 0; b < 10; ++b)
    if (n[b] > 0) ece += n[b] / 3 * std::abs(right[b] / n[b] - conf[b] / n[b]);
  EXPECT_NEAR(cal.ece, ece, 1e-9);
  EXPECT_GT(cal.ece, 0);
  std::string text = RenderEvalText(*report, 0);
  EXPECT_NE(text.find("calibration: ECE "), std::string::npos) << text;
  EXPECT_NE(text.find("confidence  count  mean conf  accuracy"), std::string::npos) << text;
  EXPECT_NE(text.find("uncertain verdicts (rule-7 default, no cue or category): 1/3"), std::string::npos) << text;
  EXPECT_NE(text.find("recall"), std::string::npos) << "per-stage recall";
  auto j = nlohmann::json::parse(RenderEvalJson(*report, 0));
  EXPECT_NEAR(j["calibration"]["ece"].get<double>(), ece, 1e-9);
  EXPECT_EQ(j["calibration"]["bins"].size(), 10u);
  EXPECT_EQ(j["calibration"]["uncertain"], 1);
  int64_t in_bins = 0;
  for (const auto& b : j["calibration"]["bins"]) in_bins += b["count"].get<int64_t>();
  EXPECT_EQ(in_bins, 3);
  EXPECT_EQ(j["calibration"]["per_evidence"][0]["evidence"], "cues");
  EXPECT_EQ(j["per_class"][7]["label"], "use");
  EXPECT_DOUBLE_EQ(j["per_class"][7]["recall"].get<double>(), 1.0);
}

TEST(EvalTest, IntentFilesMapOrcasSubclassesAndCommercial) {
  testutil::TempDir dir;
  dir.Write("i.tsv", "qid\tquery\tlabel_manual\n1\twhat is a heat pump\tFactual\n2\tbol.com\tNavigational\n"
                     "3\tbuy heat pump\tTransactional\n4\theat pump\tAbstain\n");
  auto cfg = classify::LoadClassifierConfig("");
  ASSERT_TRUE(cfg.ok());
  auto report = EvaluateIntents(*cfg, dir.File("i.tsv"));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // No gold "commercial": three classes, and a commercial prediction
  // ("heat pump", a bare category) counts as informational.
  ASSERT_EQ(report->metrics.per_class.size(), 3u);
  EXPECT_EQ(report->metrics.correct, 4);
  dir.Write("bad.tsv", "query\tlabel\nx\tcurious\n");
  auto bad = EvaluateIntents(*cfg, dir.File("bad.tsv"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.tsv:2: unknown intent label \"curious\""), std::string::npos)
      << bad.status().message();
  IntentEvalOptions opts;
  opts.label_column = "gold";
  auto nocol = EvaluateIntents(*cfg, dir.File("i.tsv"), opts);
  ASSERT_FALSE(nocol.ok());
  EXPECT_NE(nocol.status().message().find("i.tsv:1: no column named \"gold\""), std::string::npos);
}

TEST(EvalTest, ScoresTheSharedDevSet) {
  KR_REQUIRE_SHARED(path, "eval/dev.tsv");
  auto rows = ReadStageFile(path);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_GT(rows->size(), 100u);
}

}  // namespace
}  // namespace kr::app
