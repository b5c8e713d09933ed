// End-to-end tests of the article plan files of `klantreis report`:
// clusters.csv (every keyword in exactly one topic) and the [plan] settings.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "klantreis/testutil.h"

namespace {

using kr::testutil::ReadAll;
using kr::testutil::TempDir;

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

struct CmdResult {
  int code = -1;
  std::string err;
};

CmdResult Klantreis(const TempDir& tmp, const std::string& args) {
  std::string cmd = std::string(KLANTREIS_BIN) + " " + args + " </dev/null >" + Quote(tmp.File(".stdout")) + " 2>" +
                    Quote(tmp.File(".stderr"));
  int rc = std::system(cmd.c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, ReadAll(tmp.File(".stderr"))};
}

// RFC 4180 rows.
std::vector<std::vector<std::string>> Csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(cell), cell.clear();
    } else if (c == '\n') {
      rows.back().push_back(cell), cell.clear();
      rows.emplace_back();
    } else {
      cell += c;
    }
    any = true;
  }
  if (rows.back().empty()) rows.pop_back();
  (void)any;
  return rows;
}

// Imports `files` into a fresh project and writes the CSV report into tmp/rep.
void Report(const TempDir& tmp, const std::vector<std::string>& files, const std::string& market,
            const std::string& toml_extra = "") {
  const std::string proj = tmp.File("proj");
  ASSERT_EQ(Klantreis(tmp, "init " + Quote(proj) + " --name T --market " + market).code, 0);
  if (!toml_extra.empty()) tmp.Write("proj/klantreis.toml", ReadAll(proj + "/klantreis.toml") + toml_extra);
  for (const auto& f : files) {
    CmdResult r = Klantreis(tmp, "import " + Quote(f) + " -p " + Quote(proj));
    ASSERT_EQ(r.code, 0) << r.err;
  }
  CmdResult r = Klantreis(tmp, "report -p " + Quote(proj) + " --out " + Quote(tmp.File("rep")) + " --format csv");
  ASSERT_EQ(r.code, 0) << r.err;
}

// Every keyword of keywords.csv is in exactly one cluster of clusters.csv,
// with its stage and volume; a cluster's label is its highest-volume keyword.
void CheckClusters(const TempDir& tmp) {
  auto kws = Csv(ReadAll(tmp.File("rep/keywords.csv")));
  auto cl = Csv(ReadAll(tmp.File("rep/clusters.csv")));
  ASSERT_GE(cl.size(), 2u);
  const std::string header = ReadAll(tmp.File("rep/clusters.csv")).substr(0, 80);
  EXPECT_EQ(header.rfind("cluster,label,keyword,stage,monthly_volume", 0), 0u) << header;
  std::map<std::string, std::pair<std::string, std::string>> expected;  // keyword -> stage, volume
  for (size_t i = 1; i < kws.size(); ++i) expected[kws[i][0]] = {kws[i][2], kws[i][4]};
  std::map<std::string, int> seen;
  std::map<std::string, std::string> label_of;
  std::map<std::string, std::pair<long long, std::string>> biggest;  // cluster -> volume, keyword
  for (size_t i = 1; i < cl.size(); ++i) {
    ASSERT_GE(cl[i].size(), 6u);
    const auto& r = cl[i];
    ++seen[r[2]];
    ASSERT_TRUE(expected.count(r[2])) << r[2];
    EXPECT_EQ(expected[r[2]].first, r[3]) << r[2];
    EXPECT_EQ(expected[r[2]].second, r[4]) << r[2];
    if (label_of.count(r[0])) EXPECT_EQ(label_of[r[0]], r[1]) << "one label per cluster " << r[0];
    label_of[r[0]] = r[1];
    long long v = std::stoll(r[4]);
    if (!biggest.count(r[0]) || v > biggest[r[0]].first) biggest[r[0]] = {v, r[2]};
  }
  EXPECT_EQ(seen.size(), expected.size());
  for (const auto& [k, n] : seen) EXPECT_EQ(n, 1) << k;
  for (const auto& [c, b] : biggest) {
    // The label holds the most volume (ties: any of the biggest).
    bool label_is_biggest = false;
    for (size_t i = 1; i < cl.size(); ++i) {
      if (cl[i][0] == c && cl[i][2] == label_of[c]) label_is_biggest = std::stoll(cl[i][4]) == b.first;
    }
    EXPECT_TRUE(label_is_biggest) << "cluster " << c;
  }
}

TEST(PlanReport, SampleProjectClustersEveryKeywordOnce) {
  TempDir tmp;
  Report(tmp, {"config/sample/keywords.csv"}, "nl-NL");
  CheckClusters(tmp);
  auto cl = Csv(ReadAll(tmp.File("rep/clusters.csv")));
  std::map<std::string, std::string> cluster;
  for (size_t i = 1; i < cl.size(); ++i) cluster[cl[i][2]] = cl[i][0];
  EXPECT_EQ(cluster["kamerplanten"], cluster["kamerplanten online kopen"]);
  EXPECT_EQ(cluster["monstera"], cluster["monstera prijs"]);
  EXPECT_NE(cluster["monstera"], cluster["monstera verpotten"]);
}

TEST(PlanReport, FlemishSearchConsoleAndAhrefsExportsClusterEveryKeywordOnce) {
  KR_REQUIRE_SHARED(gsc, "data/keyword_exports/gsc_queries_nl_be_zoekopdrachten.csv");
  KR_REQUIRE_SHARED(ahrefs, "data/keyword_exports/ahrefs_matching_terms_en_us_ai-tools.csv");
  {
    TempDir tmp;
    Report(tmp, {gsc}, "nl-BE");
    CheckClusters(tmp);
  }
  {
    TempDir tmp;
    Report(tmp, {ahrefs}, "en-US");
    CheckClusters(tmp);
  }
}

TEST(PlanReport, ProjectSynonymsJoinTopicsAndBadPlanKeysNameTheFile) {
  TempDir tmp;
  const std::string csv = tmp.File("kw.csv");
  tmp.Write("kw.csv", "keyword,volume\nrugzak kopen,100\nbackpack kopen,50\n");
  Report(tmp, {csv}, "nl-NL", "\n[plan]\nsynonyms = [[\"rugzak\", \"backpack\"]]\n");
  auto cl = Csv(ReadAll(tmp.File("rep/clusters.csv")));
  ASSERT_EQ(cl.size(), 3u);
  EXPECT_EQ(cl[1][0], cl[2][0]);
  EXPECT_EQ(cl[1][1], "rugzak kopen");

  TempDir bad;
  const std::string proj = bad.File("proj");
  ASSERT_EQ(Klantreis(bad, "init " + Quote(proj)).code, 0);
  bad.Write("proj/klantreis.toml", ReadAll(proj + "/klantreis.toml") + "\n[plan]\nsynonym = []\n");
  CmdResult r = Klantreis(bad, "report -p " + Quote(proj) + " --out " + Quote(bad.File("rep")));
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("klantreis.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("synonym"), std::string::npos) << r.err;
}

}  // namespace
