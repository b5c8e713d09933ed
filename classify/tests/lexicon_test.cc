// The lexicon TSV format (docs/configuration.md) and the shipped lexicons.
#include <gtest/gtest.h>

#include <map>

#include <set>
#include <string>
#include <vector>

#include "klantreis/classify/classifier.h"
#include "klantreis/embedded_config.h"

namespace kr::classify {
namespace {

TEST(LexiconTest, ParsesRowsHeaderCommentsAndKinds) {
  std::string tsv =
      "\xEF\xBB\xBF# a comment\n"
      "phrase\tstage\tweight\tkind\n"
      "\n"
      "kortingscode\tdecision\t1.2\tprice\r\n"
      "track en trace\tdelivery\t1.5\tpost_purchase,service\n"
      "of\tconsideration\t0.9\tcomparison, between, strict\n"
      "website\t-\t0.7\tnav\n"
      "Oriëntatie\torientation\t1\n";
  std::vector<Cue> cues;
  Status st = ParseLexiconTsv(tsv, Language::kNl, "nl.tsv", &cues);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(cues.size(), 5u);
  EXPECT_EQ(cues[0].phrase, "kortingscode");
  EXPECT_EQ(cues[0].stage, Stage::kDecision);
  EXPECT_DOUBLE_EQ(cues[0].weight, 1.2);
  EXPECT_EQ(cues[0].kind, "price");
  EXPECT_EQ(cues[0].lang, Language::kNl);
  EXPECT_EQ(cues[1].phrase, "track en trace");
  EXPECT_EQ(cues[2].kind, "comparison, between, strict");
  EXPECT_DOUBLE_EQ(cues[3].weight, 0.0) << "stage - carries no stage evidence";
  EXPECT_EQ(cues[4].kind, "");
}

struct BadRow {
  const char* tsv;
  const char* expect;
};

TEST(LexiconTest, BadRowsNameFileAndLine) {
  const BadRow cases[] = {
      {"kopen\tpurchase\n", "x.tsv:1: expected phrase<TAB>stage<TAB>weight"},
      {"# c\nkopen\tbuying\t1\n", "x.tsv:2: unknown stage \"buying\""},
      {"kopen\tpurchase\tveel\n", "x.tsv:1: weight \"veel\" is not a number from 0 to 3"},
      {"kopen\tpurchase\t5\n", "x.tsv:1: weight \"5\""},
      {"kopen\tpurchase\t-1\n", "x.tsv:1: weight"},
      {"kopen\tpurchase\t1\tstirct\n", "x.tsv:1: unknown kind \"stirct\""},
      {"\tpurchase\t1\n", "x.tsv:1: empty phrase"},
      {"ko*\tpurchase\t1\n", "x.tsv:1: prefix \"ko*\" is shorter than three letters"},
      {"... kopen\tpurchase\t1\n", "x.tsv:1: phrase \"... kopen\" starts or ends with \"...\""},
      {"* *\tpurchase\t1\n", "x.tsv:1: phrase \"* *\" has no literal word"},
      {"website\t-\t0\n", "x.tsv:1: a cue with stage - needs a kind"},
      {"ok\tuse\t1\nbad\xFF\tuse\t1\n", "x.tsv:2: invalid UTF-8"},
  };
  for (const BadRow& c : cases) {
    std::vector<Cue> cues;
    Status st = ParseLexiconTsv(c.tsv, Language::kNl, "x.tsv", &cues);
    ASSERT_FALSE(st.ok()) << c.tsv;
    EXPECT_TRUE(st.IsInvalidArgument());
    EXPECT_NE(st.message().find(c.expect), std::string::npos) << "got: " << st.message() << "\nwant: " << c.expect;
  }
}

TEST(LexiconTest, AcceptsPositionAndSubjectKinds) {
  std::vector<Cue> cues;
  Status st = ParseLexiconTsv(
      "online\tpurchase\t0.7\tpurchase,end\nlekt\tuse\t0.9\tpost_purchase,symptom\ndak\t-\t0\tsubject,strict\n",
      Language::kNl, "nl.tsv", &cues);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(cues.size(), 3u);
  EXPECT_EQ(cues[0].kind, "purchase,end");
  EXPECT_EQ(cues[1].kind, "post_purchase,symptom");
  EXPECT_DOUBLE_EQ(cues[2].weight, 0.0);
}

TEST(LexiconTest, AcceptsWildcardsPrefixesAndGaps) {
  std::vector<Cue> cues;
  Status st = ParseLexiconTsv("te *\tlatent_need\t0.8\ngoedkop*\tdecision\t1\nshare ... experience\tadvocacy\t1.5\n",
                              Language::kEn, "en.tsv", &cues);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(cues.size(), 3u);
}

TEST(LexiconTest, ShippedLexiconsParseAndCoverEveryStage) {
  for (const char* file : {"lexicons/nl.tsv", "lexicons/en.tsv"}) {
    auto data = embedded::Get(file);
    ASSERT_TRUE(data.has_value()) << file << " is not shipped";
    std::vector<Cue> cues;
    Status st = ParseLexiconTsv(*data, Language::kNl, file, &cues);
    ASSERT_TRUE(st.ok()) << st.ToString();
    std::set<Stage> stages;
    std::set<std::string> seen;  // phrase, stage, kind
    for (const Cue& c : cues) {
      if (c.weight > 0) stages.insert(c.stage);
      std::string key = c.phrase + "\t" + std::string(StageId(c.stage)) + "\t" + c.kind;
      EXPECT_TRUE(seen.insert(key).second) << file << ": duplicate row " << key;
    }
    for (Stage s : kAllStages) {
      if (s == Stage::kConcreteNeed) continue;  // the default: attributes only
      EXPECT_TRUE(stages.count(s)) << file << " has no cue for " << StageId(s);
    }
  }
}

TEST(LexiconTest, ShippedConfigurationLoadsWithBrandsAndThresholds) {
  auto cfg = LoadClassifierConfig("");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_GT(cfg->cues.size(), 500u);
  EXPECT_GT(cfg->brands.size(), 100u);
  EXPECT_EQ(cfg->brands.size(), cfg->brand_types.size());
  EXPECT_EQ(cfg->model_name, "klantreis-rules");
  EXPECT_DOUBLE_EQ(cfg->thresholds.active, 0.75);
  EXPECT_EQ(cfg->config_hash.size(), 16u);
  // Loading twice gives the same fingerprint.
  auto again = LoadClassifierConfig("");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(cfg->Version(), again->Version());
}

TEST(LexiconTest, WordClassTablesParseAndNameTheLineOfABadRow) {
  std::vector<std::pair<std::string, std::string>> out;
  ASSERT_TRUE(ParseWordClassTsv("# derived\nword\tclass\nMigraine\tcondition\ntennis elbow\tcondition\ndesk\tproduct\r\n",
                                "x.tsv", &out)
                  .ok());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].first, "migraine");  // folded
  EXPECT_EQ(out[1].first, "tennis elbow");
  EXPECT_EQ(out[2].second, "product");
  for (const char* bad : {"ok\tproduct\nlaptop\tgadget\n", "ok\tproduct\nlaptop\n", "ok\tproduct\n\tperson\n"}) {
    std::vector<std::pair<std::string, std::string>> rows;
    Status st = ParseWordClassTsv(bad, "x.tsv", &rows);
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_TRUE(st.IsInvalidArgument());
    EXPECT_NE(st.message().find("x.tsv:2:"), std::string::npos) << st.message();
  }
}

TEST(LexiconTest, ShippedWordClassesAreLoaded) {
  auto cfg = LoadClassifierConfig("");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  std::map<std::string, std::string> classes(cfg->word_classes.begin(), cfg->word_classes.end());
  EXPECT_EQ(classes["migraine"], "condition");
  EXPECT_EQ(classes["laptop"], "product");
  EXPECT_EQ(classes["daughter"], "person");
  EXPECT_EQ(classes["knee"], "body");
  EXPECT_EQ(classes.count("free"), 0u);     // more often an adjective
  EXPECT_EQ(classes.count("editing"), 0u);  // a verb's -ing form
}

}  // namespace
}  // namespace kr::classify
