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

#include "cli_run.h"
#include "klantreis/testutil.h"

namespace {

using kr::testutil::ReadAll;
using kr::testutil::TempDir;
using kr::e2e::CsvRows;

using kr::e2e::CmdResult;
using kr::e2e::Klantreis;
using kr::e2e::Quote;

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
void CheckClustersIn(const TempDir& tmp, const std::string& dir) {
  auto kws = CsvRows(ReadAll(tmp.File(dir + "/keywords.csv")));
  auto cl = CsvRows(ReadAll(tmp.File(dir + "/clusters.csv")));
  ASSERT_GE(cl.size(), 2u);
  const std::string header = ReadAll(tmp.File(dir + "/clusters.csv")).substr(0, 80);
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

void CheckClusters(const TempDir& tmp) { CheckClustersIn(tmp, "rep"); }

TEST(PlanReport, SampleProjectClustersEveryKeywordOnce) {
  TempDir tmp;
  Report(tmp, {"config/sample/keywords.csv"}, "nl-NL");
  CheckClusters(tmp);
  auto cl = CsvRows(ReadAll(tmp.File("rep/clusters.csv")));
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
  auto cl = CsvRows(ReadAll(tmp.File("rep/clusters.csv")));
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

namespace {

TEST(PlanReport, PlanCsvHasOneRowPerClusterAndTopicVolumesAddUpToTheProjectTotal) {
  TempDir tmp;
  const std::string csv = tmp.File("kw.csv");
  tmp.Write("kw.csv",
            "keyword,volume\n\"<script>alert(1)</script> kopen\",70\nhoe lang duurt e-bike accu opladen,300\n"
            "e-bike accu opladen,900\ne-bike accu kapot,400\ne-bike accu kopen,800\ne-bike accu,2000\n"
            "=cmd| e-bike,5\nwat is een e-bike,1000\nbeste e-bike,700\n");
  Report(tmp, {csv}, "nl-NL");
  // report --format csv only: write md, html too.
  const std::string proj = tmp.File("proj");
  CmdResult r = Klantreis(tmp, "report -p " + Quote(proj) + " --out " + Quote(tmp.File("rep")) +
                                   " --format csv,md,html,xlsx");
  ASSERT_EQ(r.code, 0) << r.err;
  CheckClusters(tmp);
  const std::string plan_text = ReadAll(tmp.File("rep/plan.csv"));
  EXPECT_EQ(plan_text.rfind("cluster,label,stage,monthly_volume,keywords,questions,content_type,url,priority", 0), 0u);
  auto plan = CsvRows(plan_text);
  auto cl = CsvRows(ReadAll(tmp.File("rep/clusters.csv")));
  auto stages = CsvRows(ReadAll(tmp.File("rep/stages.csv")));
  std::set<std::string> cluster_ids, plan_ids;
  for (size_t i = 1; i < cl.size(); ++i) cluster_ids.insert(cl[i][0]);
  long long plan_total = 0, project_total = 0;
  std::map<std::string, std::vector<std::string>> plan_row;
  for (size_t i = 1; i < plan.size(); ++i) {
    ASSERT_GE(plan[i].size(), 9u);
    EXPECT_TRUE(plan_ids.insert(plan[i][0]).second) << "one row per cluster";
    plan_total += std::stoll(plan[i][3]);
    plan_row[plan[i][1]] = plan[i];
  }
  for (size_t i = 1; i < stages.size(); ++i) project_total += std::stoll(stages[i][3]);
  EXPECT_EQ(cluster_ids, plan_ids);
  EXPECT_EQ(plan_total, project_total);
  EXPECT_EQ(project_total, 70 + 300 + 900 + 400 + 800 + 2000 + 5 + 1000 + 700);
  ASSERT_TRUE(plan_row.count("e-bike accu opladen"));
  const auto& opladen = plan_row["e-bike accu opladen"];
  EXPECT_EQ(opladen[2], "use");
  EXPECT_EQ(opladen[4], "e-bike accu opladen | hoe lang duurt e-bike accu opladen");
  EXPECT_EQ(opladen[5], "hoe lang duurt e-bike accu opladen");
  EXPECT_EQ(opladen[6], "how-to / manual");
  EXPECT_EQ(opladen[7], "");
  EXPECT_GT(std::stod(opladen[8]), 0);
  EXPECT_EQ(plan_row["e-bike accu"][6], "category page");
  EXPECT_NE(plan_text.find("'=cmd"), std::string::npos) << "formula neutralised";

  for (const char* f : {"rep/report.md", "rep/report.html"}) {
    const std::string text = ReadAll(tmp.File(f));
    const size_t at = text.find("Likeability moments");
    ASSERT_NE(at, std::string::npos) << f;
    EXPECT_NE(text.find("Article plan: topics per stage"), std::string::npos) << f;
    const std::string rest = text.substr(at);
    size_t items = 0;
    for (size_t p = 0; (p = rest.find(std::string(f).find("html") != std::string::npos ? "<li>" : "searches a month", p)) !=
                       std::string::npos;
         ++p) {
      ++items;
    }
    EXPECT_GE(items, 5u) << f;
  }
  const std::string html = ReadAll(tmp.File("rep/report.html"));
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos) << "keywords are escaped";
  EXPECT_NE(html.find("&lt;script&gt;alert(1)"), std::string::npos);
}

}  // namespace

namespace {

// keyword -> its clusters.csv row.
std::map<std::string, std::vector<std::string>> ClusterRows(const TempDir& tmp, const std::string& dir) {
  std::map<std::string, std::vector<std::string>> out;
  auto cl = CsvRows(ReadAll(tmp.File(dir + "/clusters.csv")));
  EXPECT_GE(cl.size(), 1u);
  if (!cl.empty()) EXPECT_EQ(cl[0].size(), 7u);
  if (!cl.empty()) EXPECT_EQ(cl[0][6], "serp_urls");
  for (size_t i = 1; i < cl.size(); ++i) out[cl[i][2]] = cl[i];
  return out;
}

// cluster id -> plan.csv questions.
std::map<std::string, std::string> PlanQuestions(const TempDir& tmp, const std::string& dir) {
  std::map<std::string, std::string> out;
  auto p = CsvRows(ReadAll(tmp.File(dir + "/plan.csv")));
  for (size_t i = 1; i < p.size(); ++i) out[p[i][0]] = p[i][5];
  return out;
}

// Self-made result pages (tests/e2e/data/serp_overlap): SERP overlap joins
// what the text keeps apart, keeps apart what the text joins, names the
// binding URLs and brings the pages' People-also-ask questions into the plan.
TEST(PlanReport, SerpOverlapOverridesTextClustersAndNamesTheSharedUrls) {
  TempDir tmp;
  const std::string data = "tests/e2e/data/serp_overlap/";
  Report(tmp, {data + "keywords.csv"}, "nl-NL");
  auto text = ClusterRows(tmp, "rep");
  ASSERT_EQ(text.size(), 6u);
  // The text alone: the synonym joins "ebike batterij", "laden" is not "opladen".
  EXPECT_EQ(text["ebike batterij"][0], text["e-bike accu"][0]);
  EXPECT_NE(text["e-bike accu laden"][0], text["e-bike accu opladen"][0]);
  EXPECT_EQ(text["e-bike accu"][6], "");

  const std::string proj = tmp.File("proj");
  std::string pages;
  for (const char* f : {"e-bike-accu", "e-bike-accu-kopen", "ebike-batterij", "e-bike-accu-opladen", "e-bike-accu-laden"})
    pages += " " + Quote(data + f + ".html");
  CmdResult r = Klantreis(tmp, "serp import" + pages + " -p " + Quote(proj));
  ASSERT_EQ(r.code, 0) << r.err;
  r = Klantreis(tmp, "report -q -p " + Quote(proj) + " --out " + Quote(tmp.File("rep2")) + " --format csv");
  ASSERT_EQ(r.code, 0) << r.err;
  CheckClustersIn(tmp, "rep2");
  auto serp = ClusterRows(tmp, "rep2");
  // 6 shared result URLs: one topic; 2 shared: apart although the text is the same; 3 shared: one topic
  // although the words (and stages) differ.
  EXPECT_EQ(serp["e-bike accu kopen"][0], serp["e-bike accu"][0]);
  EXPECT_NE(serp["ebike batterij"][0], serp["e-bike accu"][0]);
  EXPECT_EQ(serp["e-bike accu laden"][0], serp["e-bike accu opladen"][0]);
  EXPECT_NE(serp["e-bike accu opladen"][0], serp["e-bike accu"][0]);
  // Without a SERP of its own the text decides.
  EXPECT_EQ(serp["accu elektrische fiets"][0], serp["e-bike accu"][0]);
  EXPECT_EQ(serp["e-bike accu laden"][6], "anwb.example/e-bike-accu-opladen fietsbond.example/accu-opladen bosch.example/laden");
  EXPECT_NE(serp["e-bike accu kopen"][6].find("accushop.example/ebike"), std::string::npos);
  EXPECT_EQ(serp["ebike batterij"][6], "");
  EXPECT_EQ(serp["accu elektrische fiets"][6], "");
  // Questions: People-also-ask of the topic's SERPs, once each.
  auto questions = PlanQuestions(tmp, "rep2");
  const std::string q = questions[serp["e-bike accu"][0]];
  EXPECT_NE(q.find("Hoe lang gaat een e-bike accu mee?"), std::string::npos) << q;
  EXPECT_NE(q.find("Waar koop ik een e-bike accu?"), std::string::npos) << q;
  EXPECT_EQ(q.find("Hoe lang gaat een e-bike accu mee?"), q.rfind("Hoe lang gaat een e-bike accu mee?")) << q;
  EXPECT_NE(questions[serp["e-bike accu opladen"][0]].find("Hoe vaak moet je een e-bike accu opladen?"),
            std::string::npos);
}

// Real saved result pages: two layouts of the same query under two keywords
// share most top-10 URLs and make one topic; its questions carry the
// page's People-also-ask.
TEST(PlanReport, SavedGoogleResultPagesSharingUrlsMakeOneTopicWithTheirQuestions) {
  KR_REQUIRE_SHARED(desktop, "data/serp_html/zlurad_serp-parser/google_desktop_domain.html");
  KR_REQUIRE_SHARED(nojs, "data/serp_html/zlurad_serp-parser/google_nojs_domain-nojs.html");
  KR_REQUIRE_SHARED(coffee, "data/serp_html/zlurad_serp-parser/google_nojs_coffee-nojs.html");
  TempDir tmp;
  const std::string proj = tmp.File("proj");
  ASSERT_EQ(Klantreis(tmp, "init " + Quote(proj) + " --name T --market en-US").code, 0);
  CmdResult r = Klantreis(tmp, "serp import " + Quote(desktop) + " " + Quote(coffee) + " -p " + Quote(proj));
  ASSERT_EQ(r.code, 0) << r.err;
  r = Klantreis(tmp, "serp import " + Quote(nojs) + " --query 'domain registration' -p " + Quote(proj));
  ASSERT_EQ(r.code, 0) << r.err;
  r = Klantreis(tmp, "report -q -p " + Quote(proj) + " --out " + Quote(tmp.File("rep")) + " --format csv");
  ASSERT_EQ(r.code, 0) << r.err;
  CheckClustersIn(tmp, "rep");
  auto rows = ClusterRows(tmp, "rep");
  ASSERT_TRUE(rows.count("domain") && rows.count("domain registration") && rows.count("coffee"));
  EXPECT_EQ(rows["domain"][0], rows["domain registration"][0]);
  EXPECT_NE(rows["coffee"][0], rows["domain"][0]);
  // domain.com, domains.google, godaddy, namecheap, merriam-webster, simon.com are on both pages.
  for (const char* u : {"domain.com", "domains.google", "godaddy.com", "namecheap.com"})
    EXPECT_NE(rows["domain registration"][6].find(u), std::string::npos) << u << ": " << rows["domain registration"][6];
  auto questions = PlanQuestions(tmp, "rep");
  EXPECT_NE(questions[rows["domain"][0]].find("What is domain explain?"), std::string::npos)
      << questions[rows["domain"][0]];
  EXPECT_NE(questions[rows["coffee"][0]].find("Is coffee actually healthy for you?"), std::string::npos)
      << questions[rows["coffee"][0]];
}

}  // namespace
