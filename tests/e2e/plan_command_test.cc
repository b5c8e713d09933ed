// End-to-end tests of `klantreis plan`: the article plan in the terminal
// (text, tsv, json) agrees with plan.csv of `klantreis report`.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_run.h"

namespace kr::e2e {
namespace {

std::vector<std::string> Split(const std::string& line, char sep) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == sep) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

// Cluster id -> (volume, priority) from plan.csv (RFC 4180; labels are simple in the sample).
std::map<std::string, std::pair<std::string, std::string>> PlanCsv(const std::string& text) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  auto lines = Lines(text);
  for (size_t i = 1; i < lines.size(); ++i) {
    // cluster,label,stage,monthly_volume,keywords,questions,content_type,url,priority,...: the quoted
    // fields may hold commas, so read cluster first and volume / priority by position after unquoting.
    std::vector<std::string> f(1);
    bool q = false;
    for (size_t k = 0; k < lines[i].size(); ++k) {
      char c = lines[i][k];
      if (q) {
        if (c == '"' && k + 1 < lines[i].size() && lines[i][k + 1] == '"') f.back() += '"', ++k;
        else if (c == '"') q = false;
        else f.back() += c;
      } else if (c == '"') {
        q = true;
      } else if (c == ',') {
        f.emplace_back();
      } else {
        f.back() += c;
      }
    }
    if (f.size() >= 9) out[f[0]] = {f[3], f[8]};
  }
  return out;
}

class PlanCommand : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    CmdResult r = InProject("import config/sample/keywords.csv -q");
    ASSERT_EQ(r.code, 0) << r.err;
  }
};

TEST_F(PlanCommand, TextListsStagesInFunnelOrderAndFiveMoments) {
  CmdResult r = InProject("plan --top 2");
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<std::string> stages = {"latent_need", "concrete_need", "orientation", "consideration", "decision",
                                           "purchase",    "delivery",      "use",         "loyalty",       "advocacy"};
  size_t last = 0;
  for (size_t i = 0; i < stages.size(); ++i) {
    const std::string heading = "\n" + std::to_string(i + 1) + " " + stages[i] + " (";
    size_t at = r.out.find(heading);
    ASSERT_NE(at, std::string::npos) << heading << "\n" << r.out;  // the sample touches all ten stages
    EXPECT_GT(at, last) << stages[i];
    last = at;
  }
  size_t moments = r.out.find("\nLikeability moments\n");
  ASSERT_NE(moments, std::string::npos);
  EXPECT_GT(moments, last);
  auto tail = Lines(r.out.substr(moments + 1));
  ASSERT_GE(tail.size(), 6u);
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(tail[i].rfind("  " + std::to_string(i) + ". ", 0), 0u) << tail[i];
  EXPECT_NE(r.out.find("kamerplanten (#1)"), std::string::npos) << r.out;  // the biggest topic, head of concrete need
  EXPECT_NE(r.out.find("? hoe vaak water geven kamerplant"), std::string::npos) << r.out;  // a question listed
}

TEST_F(PlanCommand, TsvAgreesWithPlanCsvAndHonoursTop) {
  CmdResult r = InProject("plan --top 3 --format tsv");
  ASSERT_EQ(r.code, 0) << r.err;
  CmdResult rep = InProject("report -q --format csv --out " + Quote(tmp_.File("rep")));
  ASSERT_EQ(rep.code, 0) << rep.err;
  auto plan = PlanCsv(ReadAll(tmp_.File("rep/plan.csv")));
  ASSERT_FALSE(plan.empty());
  auto lines = Lines(r.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0].rfind("section\tstage\trank\tcluster\tlabel\tmonthly_volume\tkeyword_count\tcontent_type\turl\t"
                           "priority\tquestions",
                           0),
            0u);
  std::map<std::string, int> per_stage;
  int moments = 0;
  double previous = 1e9;
  std::string previous_stage;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto f = Split(lines[i], '\t');
    ASSERT_EQ(f.size(), 14u) << lines[i];
    if (f[0] == "moment") {
      ++moments;
      continue;
    }
    ASSERT_EQ(f[0], "topic");
    ++per_stage[f[1]];
    ASSERT_TRUE(plan.count(f[3])) << f[3];
    EXPECT_EQ(plan[f[3]].first, f[5]) << lines[i];   // volume
    EXPECT_EQ(plan[f[3]].second, f[9]) << lines[i];  // priority
    const double p = std::stod(f[9]);
    if (f[1] == previous_stage) EXPECT_LE(p, previous) << "priority order within " << f[1];
    previous = p, previous_stage = f[1];
  }
  EXPECT_EQ(per_stage.size(), 10u);
  for (const auto& [stage, n] : per_stage) EXPECT_LE(n, 3) << stage;
  EXPECT_EQ(per_stage["concrete_need"], 3);
  EXPECT_EQ(moments, 5);
}

TEST_F(PlanCommand, JsonHasEveryStageAndTheMoments) {
  CmdResult r = InProject("plan --top 1 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["stages"].size(), 10u);
  EXPECT_EQ(j["stages"][0]["stage"], "latent_need");
  EXPECT_EQ(j["stages"][9]["stage"], "advocacy");
  for (const auto& s : j["stages"]) EXPECT_LE(s["topics"].size(), 1u);
  EXPECT_EQ(j["likeability_moments"].size(), 5u);
  EXPECT_EQ(j["keywords"], 50);
}

TEST_F(PlanCommand, BadTopIsAUsageError) {
  CmdResult r = InProject("plan --top 0");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--top"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kr::e2e
