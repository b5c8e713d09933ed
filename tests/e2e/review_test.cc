// End-to-end tests of `klantreis review`: the queue of uncertain verdicts
// on a real Flemish Search Console export, reviewed verdicts stored in
// reviews.tsv and used by report and classify, bad input, and the cue
// suggestions that generalise the fixes.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_run.h"

namespace kr::e2e {
namespace {

constexpr const char* kFlemish = "data/keyword_exports/gsc_queries_nl_be_zoekopdrachten.csv";

// The row of `keyword` in keywords.csv (empty when absent).
std::vector<std::string> KeywordRow(const std::string& csv, const std::string& keyword) {
  for (auto& row : CsvRows(csv)) {
    if (!row.empty() && row[0] == keyword) return row;
  }
  return {};
}

size_t Column(const std::string& csv, const std::string& name) {
  auto rows = CsvRows(csv);
  for (size_t i = 0; !rows.empty() && i < rows[0].size(); ++i) {
    if (rows[0][i] == name) return i;
  }
  return static_cast<size_t>(-1);
}

class ReviewCommand : public CliTest {
 protected:
  void ImportFlemish() {
    std::string file = testutil::SharedFile(kFlemish);
    if (file.empty()) GTEST_SKIP() << "shared data absent: " << kFlemish;
    CmdResult r = InProject("import " + Quote(file) + " -q");
    ASSERT_EQ(r.code, 0) << r.err;
  }
};

TEST_F(ReviewCommand, ListsTheUncertainVerdictsWithTheMostVolumeFirst) {
  ImportFlemish();
  if (IsSkipped()) return;
  CmdResult r = InProject("review --top 10 --format json -q");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["items"].size(), 10u);
  EXPECT_EQ(j["keywords"].get<int>(), 949);
  EXPECT_GT(j["candidates"].get<int>(), 100);  // most of this export names no cue (rule 7)
  int64_t last = INT64_MAX;
  for (const auto& it : j["items"]) {
    EXPECT_TRUE(it["uncertain"].get<bool>()) << it.dump();
    EXPECT_LE(it["monthly_volume"].get<int64_t>(), last) << "most volume first";
    last = it["monthly_volume"].get<int64_t>();
  }
  // The text form says what the volume is: Search Console impressions.
  CmdResult text = InProject("review --top 3 -q");
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("impressions"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("searches a month"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(j["items"][0]["query"].get<std::string>()), std::string::npos);
}

TEST_F(ReviewCommand, AReviewedVerdictIsStoredWithAuthorAndDateAndUsedByTheNextReport) {
  ImportFlemish();
  if (IsSkipped()) return;
  CmdResult before = InProject("report --out " + Quote(tmp_.File("r1")) + " --format csv -q");
  ASSERT_EQ(before.code, 0) << before.err;
  const std::string csv1 = ReadAll(tmp_.File("r1/keywords.csv"));
  ASSERT_FALSE(KeywordRow(csv1, "dimona aangifte doen").empty());
  const size_t stage_col = Column(csv1, "stage");
  ASSERT_NE(KeywordRow(csv1, "dimona aangifte doen")[stage_col], "use");

  CmdResult set = InProject(
      "review --set 'dimona aangifte doen=use' --set 'Tankkaart = concrete behoefte' --author ann --date 2026-12-01 "
      "--no-suggest");
  ASSERT_EQ(set.code, 0) << set.err;
  // The classifier's own verdict: a Dutch task without a cue (shape:task, docs/classifier.md).
  EXPECT_NE(set.out.find("reviewed \"dimona aangifte doen\": use (was latent_need"), std::string::npos) << set.out;
  EXPECT_NE(set.out.find("confirmed"), std::string::npos) << set.out;  // tankkaart stays concrete_need
  const std::string tsv = ReadAll(proj_ + "/reviews.tsv");
  EXPECT_NE(tsv.find("query\tstage\tauthor\tdate\tprevious\n"), std::string::npos) << tsv;
  EXPECT_NE(tsv.find("dimona aangifte doen\tuse\tann\t2026-12-01\tlatent_need\n"), std::string::npos) << tsv;
  EXPECT_NE(tsv.find("Tankkaart\tconcrete_need\tann\t2026-12-01\tconcrete_need\n"), std::string::npos) << tsv;

  CmdResult after = InProject("report --out " + Quote(tmp_.File("r2")) + " --format csv,json -q");
  ASSERT_EQ(after.code, 0) << after.err;
  const std::string csv2 = ReadAll(tmp_.File("r2/keywords.csv"));
  auto row = KeywordRow(csv2, "dimona aangifte doen");
  ASSERT_FALSE(row.empty());
  EXPECT_EQ(row[stage_col], "use");
  EXPECT_EQ(row[Column(csv2, "evidence_class")], "override");
  EXPECT_NE(row[Column(csv2, "evidence")].find("reviewed by ann on 2026-12-01"), std::string::npos);
  EXPECT_EQ(KeywordRow(csv2, "tankkaart")[Column(csv2, "uncertain")], "false");
  // The report names the configuration that produced it, reviews included.
  auto j = nlohmann::json::parse(ReadAll(tmp_.File("r2/report.json")));
  EXPECT_NE(j.dump().find("reviews.tsv (2 reviewed)"), std::string::npos);

  // classify -p uses the reviews too, and --unset takes one back.
  CmdResult cls = InProject("classify --format tsv", "Dimona  AANGIFTE doen\n");
  ASSERT_EQ(cls.code, 0) << cls.err;
  EXPECT_NE(cls.out.find("\tuse\t"), std::string::npos) << cls.out;
  ASSERT_EQ(InProject("review --unset 'dimona aangifte doen' --no-suggest").code, 0);
  CmdResult cls2 = InProject("classify --format tsv", "dimona aangifte doen\n");
  EXPECT_EQ(cls2.out.find("\tuse\t"), std::string::npos) << cls2.out;
  CmdResult list = InProject("review --list --format tsv");
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_EQ(Lines(list.out).size(), 2u) << list.out;  // header + tankkaart
}

TEST_F(ReviewCommand, TheQueueCountsReviewedKeywordsNotConfigurationOverrides) {
  tmp_.Write("kw.txt", "monstera\nfiets kopen\ntankkaart\nzomerbanden\n");
  ASSERT_EQ(InProject("import " + Quote(tmp_.File("kw.txt")) + " -q").code, 0);
  tmp_.Write("proj/klantreis.toml", ReadAll(proj_ + "/klantreis.toml") +
                                        "\n[classifier.overrides]\n\"tankkaart\" = \"use\"\n\"monstera\" = \"use\"\n");
  ASSERT_EQ(InProject("review --set 'Monstera=loyalty' --set 'zomerbanden=decision' --set 'niet in project=use' "
                      "--author ann --no-suggest")
                .code,
            0);
  CmdResult r = InProject("review --format json -q");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  // monstera (a review over a configuration override) and zomerbanden; tankkaart is configuration only.
  EXPECT_EQ(j["reviewed"].get<int>(), 2) << r.out;
  EXPECT_EQ(j["keywords"].get<int>(), 4);
}

TEST_F(ReviewCommand, ABadStageOrFixesFileIsAClearErrorAndNothingIsStored) {
  CmdResult bad = InProject("review --set 'fiets=usage'");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("unknown stage \"usage\""), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("latent_need, concrete_need"), std::string::npos) << bad.err;
  CmdResult no_eq = InProject("review --set 'fiets'");
  EXPECT_EQ(no_eq.code, 2) << no_eq.err;
  tmp_.Write("fixes.tsv", "query\tstage\nfiets kopen\tpurchase\nfiets\tnope\n");
  CmdResult file = InProject("review --file " + Quote(tmp_.File("fixes.tsv")));
  EXPECT_NE(file.code, 0);
  EXPECT_NE(file.err.find("fixes.tsv:3: unknown stage \"nope\""), std::string::npos) << file.err;
  CmdResult date = InProject("review --set 'fiets=use' --date 2026-13-01");
  EXPECT_EQ(date.code, 2) << date.err;
  EXPECT_FALSE(std::ifstream(proj_ + "/reviews.tsv").good()) << "nothing stored after an error";
  CmdResult unset = InProject("review --unset 'zzz'");
  EXPECT_EQ(unset.code, 1);
  EXPECT_NE(unset.err.find("no reviewed verdict"), std::string::npos) << unset.err;
  // A damaged reviews.tsv names its line.
  tmp_.Write("proj/reviews.tsv", "query\tstage\tauthor\tdate\tprevious\nfiets\tbikes\tann\t2026-12-01\t\n");
  CmdResult broken = InProject("review --list");
  EXPECT_NE(broken.code, 0);
  EXPECT_NE(broken.err.find("reviews.tsv:2: unknown stage \"bikes\""), std::string::npos) << broken.err;
}

TEST_F(ReviewCommand, FixesFromAFileSuggestACueThatMovesTheirSiblings) {
  ImportFlemish();
  if (IsSkipped()) return;
  // Outsourcing a task weighs doing it yourself against hiring it out (consideration).
  tmp_.Write("fixes.tsv",
             "# two fixes of the same kind\n"
             "administratie uitbesteden\tconsideration\n"
             "boekhouding uitbesteden\tconsideration\n");
  CmdResult r = InProject("review --file " + Quote(tmp_.File("fixes.tsv")) + " --author ann");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("phrase = \"uitbesteden\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stage  = \"consideration\""), std::string::npos) << r.out;
  CmdResult j = InProject("review --suggest --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  auto a = nlohmann::json::parse(j.out);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a[0]["phrase"], "uitbesteden");
  for (const auto& sug : a) {  // one cue per fix: the topic words beside the act are no second cue
    EXPECT_NE(sug["phrase"], "boekhouding") << sug.dump();
    EXPECT_NE(sug["phrase"], "administratie") << sug.dump();
    EXPECT_NE(sug["phrase"], "houding") << sug.dump();
  }
  EXPECT_GE(a[0]["keywords"].get<int>(), 5) << "it generalises to other outsourcing queries of the export";
  for (const auto& ex : a[0]["examples"]) {
    EXPECT_NE(ex.get<std::string>().find("uitbested"), std::string::npos) << ex;
  }
  // The suggestion, added to the project file, moves those keywords: what it promised.
  std::string toml = ReadAll(proj_ + "/klantreis.toml") + "\n" + a[0]["toml"].get<std::string>();
  tmp_.Write("proj/klantreis.toml", toml);
  CmdResult q = InProject("classify --format tsv", a[0]["examples"][0].get<std::string>() + "\n");
  ASSERT_EQ(q.code, 0) << q.err;
  EXPECT_NE(q.out.find("\tconsideration\t"), std::string::npos) << q.out;
}

}  // namespace
}  // namespace kr::e2e
