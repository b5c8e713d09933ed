// Data tests: the classifier against labelled query files. Floors are
// raised as quality rises; a drop below a floor fails the build.
//   ../shared/eval/dev.tsv                     stage macro-F1 (team dev set)
//   classify/tests/data/other_domains.tsv      stage macro-F1 (other product domains)
//   classify/tests/data/holdout.tsv            stage macro-F1 (written blind, other domains)
//   classify/tests/data/holdout2.tsv           stage macro-F1 (written blind, other domains)
//   classify/tests/data/holdout3.tsv           stage macro-F1 (written blind, eight more domains)
//   classify/tests/data/holdout5.tsv           stage macro-F1 (written blind, twelve more domains)
//   classify/tests/data/holdout6.tsv           stage macro-F1 (written blind, latent needs and use)
//   classify/tests/data/holdout7.tsv           stage macro-F1 (written blind, thirteen more domains)
//   ../shared/data/intent_datasets/orcas_i_gold_test.tsv   intent macro-F1 (3 classes)
// Shared files are skipped cleanly when ../shared is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "klantreis/classify/classifier.h"
#include "klantreis/testutil.h"

namespace kr::classify {
namespace {

std::vector<std::vector<std::string>> ReadTsv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    rows.push_back(std::move(cols));
  }
  return rows;
}

// Macro-F1 over the labels that occur as gold or prediction.
double MacroF1(const std::vector<int>& gold, const std::vector<int>& pred, int labels) {
  double sum = 0;
  int n = 0;
  for (int c = 0; c < labels; ++c) {
    int tp = 0, g = 0, p = 0;
    for (size_t i = 0; i < gold.size(); ++i) {
      g += gold[i] == c;
      p += pred[i] == c;
      tp += gold[i] == c && pred[i] == c;
    }
    if (g == 0 && p == 0) continue;
    double prec = p ? double(tp) / p : 0, rec = g ? double(tp) / g : 0;
    sum += prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
    ++n;
  }
  return n ? sum / n : 0;
}

std::unique_ptr<Classifier> Make() {
  auto cfg = LoadClassifierConfig("");
  EXPECT_TRUE(cfg.ok()) << cfg.status().ToString();
  auto c = Classifier::Create(*cfg);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return std::move(c).value();
}

// Scores a query<TAB>lang<TAB>stage file; returns macro-F1 and prints misses.
double StageMacroF1(const std::string& path) {
  auto rows = ReadTsv(path);
  EXPECT_GT(rows.size(), 1u) << path;
  EXPECT_EQ(rows[0].size(), 3u);
  auto c = Make();
  std::vector<int> gold, pred;
  for (size_t i = 1; i < rows.size(); ++i) {
    auto stage = StageFromId(rows[i].at(2));
    EXPECT_TRUE(stage.has_value()) << path << ":" << i + 1;
    if (!stage) continue;
    Classification r = c->Classify(rows[i][0]);
    gold.push_back(StageIndex(*stage));
    pred.push_back(StageIndex(r.stage));
    if (r.stage != *stage) {
      std::printf("  miss: %s -> %s  %s\n", rows[i][2].c_str(), std::string(StageId(r.stage)).c_str(),
                  rows[i][0].c_str());
    }
  }
  double f1 = MacroF1(gold, pred, kNumStages);
  std::printf("%s: %zu queries, macro-F1 %.3f\n", path.c_str(), gold.size(), f1);
  return f1;
}

std::string Local(const std::string& name) {
  return (std::filesystem::path(KR_MODULE_TEST_DIR) / "data" / name).string();
}

TEST(DevEvalTest, SharedDevSetMacroF1AboveFloor) {
  KR_REQUIRE_SHARED(path, "eval/dev.tsv");
  EXPECT_GE(StageMacroF1(path), 0.97);
}

TEST(DevEvalTest, OtherDomainsMacroF1AboveFloor) {
  EXPECT_GE(StageMacroF1(Local("other_domains.tsv")), 0.95);
}

TEST(DevEvalTest, HoldoutMacroF1AboveFloor) {
  EXPECT_GE(StageMacroF1(Local("holdout.tsv")), 0.93);
}

TEST(DevEvalTest, Holdout2MacroF1AboveFloor) {
  EXPECT_GE(StageMacroF1(Local("holdout2.tsv")), 0.93);
}

TEST(DevEvalTest, Holdout3MacroF1AboveFloor) {
  // 155 queries (houseplants, dental care, renovation, SaaS, banking,
  // driving lessons, instruments, hearing aids): 0.741 when first run.
  EXPECT_GE(StageMacroF1(Local("holdout3.tsv")), 0.93);
}

TEST(DevEvalTest, Holdout5MacroF1AboveFloor) {
  // 168 queries (e-readers, drones, camping, car rental, printers, window
  // blinds, board games, skincare, tax filing, aquariums, wine clubs,
  // barbecues): 0.857 when first run.
  EXPECT_GE(StageMacroF1(Local("holdout5.tsv")), 0.94);
}

TEST(DevEvalTest, Holdout6MacroF1AboveFloor) {
  // 110 queries, mostly latent needs and use-stage faults without cue
  // words, from fourteen everyday domains: 0.816 when first run, 0.958
  // after the Dutch verb shape.
  EXPECT_GE(StageMacroF1(Local("holdout6.tsv")), 0.95);
}

TEST(DevEvalTest, Holdout7MacroF1AboveFloor) {
  // 171 queries, thirteen domains no other file covers (accounting, lease
  // cars, solar panels, dogs, baby gear, eyewear, moving, mortgages, robot
  // mowers, air fryers, phones, cleaning services, conditions): 0.875 when
  // first run, 0.930 after.
  EXPECT_GE(StageMacroF1(Local("holdout7.tsv")), 0.92);
}

TEST(DevEvalTest, OrcasIntentMacroF1AboveFloor) {
  KR_REQUIRE_SHARED(path, "data/intent_datasets/orcas_i_gold_test.tsv");
  auto rows = ReadTsv(path);
  ASSERT_GT(rows.size(), 1u);
  ASSERT_EQ(rows[0].at(1), "query");
  ASSERT_EQ(rows[0].at(4), "label_manual");
  auto c = Make();
  // informational = Factual, Abstain, Instrumental (and our commercial,
  // which that set lacks); navigational; transactional.
  std::vector<int> gold, pred;
  for (size_t i = 1; i < rows.size(); ++i) {
    const std::string& label = rows[i].at(4);
    int g = label == "Navigational" ? 1 : label == "Transactional" ? 2 : 0;
    Intent in = c->Classify(rows[i].at(1)).intent();
    int p = in == Intent::kNavigational ? 1 : in == Intent::kTransactional ? 2 : 0;
    gold.push_back(g);
    pred.push_back(p);
  }
  double f1 = MacroF1(gold, pred, 3);
  // The cues were tuned looking at the errors of the first half only (file
  // lines 2-501); the second half shows how far that carries.
  size_t half = gold.size() / 2;
  std::vector<int> g1(gold.begin(), gold.begin() + half), p1(pred.begin(), pred.begin() + half);
  std::vector<int> g2(gold.begin() + half, gold.end()), p2(pred.begin() + half, pred.end());
  std::printf("ORCAS-I gold: %zu queries, intent macro-F1 %.3f (first half %.3f, second half %.3f)\n", gold.size(),
              f1, MacroF1(g1, p1, 3), MacroF1(g2, p2, 3));
  EXPECT_GE(f1, 0.69);
}

}  // namespace
}  // namespace kr::classify
