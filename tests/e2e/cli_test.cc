// End-to-end tests of the klantreis binary: init, import, classify, report,
// eval and demo in temporary directories, checking exit codes, messages and
// file contents.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "cli_run.h"

namespace {

using namespace kr::e2e;

TEST_F(CliTest, InitCreatesProjectFileAndStoreAndRefusesASecondInit) {
  EXPECT_FALSE(ReadAll(proj_ + "/klantreis.toml").empty());
  EXPECT_TRUE(std::ifstream(proj_ + "/store/CURRENT").good());
  CmdResult again = Klantreis(tmp_, "init " + Quote(proj_));
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("klantreis: "), std::string::npos);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
}

TEST_F(CliTest, ImportThenReportWritesAllTenStagesWithVolumes) {
  tmp_.Write("kw.csv",
             "keyword,volume\nhardloopschoenen kopen,1000\nwat is een warmtepomp,500\n"
             "kortingscode zalando,250\ncoolblue klantenservice,100\n");
  CmdResult imp = InProject("import " + Quote(tmp_.File("kw.csv")));
  ASSERT_EQ(imp.code, 0) << imp.err;
  EXPECT_NE(imp.out.find("4 stored"), std::string::npos) << imp.out;

  CmdResult rep = InProject("report --out " + Quote(tmp_.File("rep")) + " --format csv,md");
  ASSERT_EQ(rep.code, 0) << rep.err;
  auto stages = Lines(ReadAll(tmp_.File("rep/stages.csv")));
  ASSERT_EQ(stages.size(), 11u);
  EXPECT_EQ(stages[0],
            "stage,funnel,keywords,monthly_volume,volume_share,uncertain_keywords,uncertain_volume,uncertain_share");
  const char* order[] = {"latent_need", "concrete_need", "orientation", "consideration", "decision",
                         "purchase",    "delivery",      "use",         "loyalty",       "advocacy"};
  for (int i = 0; i < 10; ++i) EXPECT_EQ(stages[i + 1].rfind(std::string(order[i]) + ",", 0), 0u) << stages[i + 1];
  EXPECT_NE(ReadAll(tmp_.File("rep/stages.csv")).find("purchase,sales,1,1000,"), std::string::npos);
  auto keywords = Lines(ReadAll(tmp_.File("rep/keywords.csv")));
  ASSERT_EQ(keywords.size(), 5u);
  EXPECT_EQ(keywords[0].rfind("keyword,lang,stage,funnel,monthly_volume,confidence", 0), 0u);
  EXPECT_NE(ReadAll(tmp_.File("rep/keywords.csv")).find("hardloopschoenen kopen,nl,purchase,sales,1000,"),
            std::string::npos);
  std::string md = ReadAll(tmp_.File("rep/report.md"));
  EXPECT_NE(md.find("klantreis-rules@"), std::string::npos) << "report names its model";
}

TEST_F(CliTest, ReportShowsTheShareOfVolumeWhoseStageIsUncertain) {
  tmp_.Write("kw.csv", "keyword,volume\nhardloopschoenen kopen,600\nzwembadoverkapping,400\n");
  ASSERT_EQ(InProject("import " + Quote(tmp_.File("kw.csv"))).code, 0);
  CmdResult rep = InProject("report --out " + Quote(tmp_.File("rep")) + " --format csv,md,json");
  ASSERT_EQ(rep.code, 0) << rep.err;
  std::string stages = ReadAll(tmp_.File("rep/stages.csv"));
  EXPECT_NE(stages.find("concrete_need,sales,1,400,0.4000,1,400,1.0000\n"), std::string::npos) << stages;
  EXPECT_NE(stages.find("purchase,sales,1,600,0.6000,0,0,0.0000\n"), std::string::npos) << stages;
  EXPECT_NE(ReadAll(tmp_.File("rep/keywords.csv")).find("zwembadoverkapping,nl,concrete_need,"), std::string::npos);
  EXPECT_NE(ReadAll(tmp_.File("rep/report.md")).find("Uncertain stage: 40.0% of the volume (1 of 2 keywords)"),
            std::string::npos);
  auto j = nlohmann::json::parse(ReadAll(tmp_.File("rep/report.json")));
  EXPECT_DOUBLE_EQ(j["meta"]["uncertain_share"].get<double>(), 0.4);
}

TEST_F(CliTest, ReimportingTheSameFileChangesNothing) {
  tmp_.Write("list.txt", "fiets kopen\nfiets reparatie\n");
  ASSERT_EQ(InProject("import " + Quote(tmp_.File("list.txt"))).code, 0);
  CmdResult again = InProject("import " + Quote(tmp_.File("list.txt")));
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("already imported"), std::string::npos) << again.out;
  CmdResult runs = InProject("imports");
  EXPECT_EQ(Lines(runs.out).size(), 2u) << runs.out;  // header + one run
}

TEST_F(CliTest, BadRowsAreReportedWithLineAndGoodRowsKept) {
  tmp_.Write("bad.csv", "keyword,volume\ngoed zoekwoord,10\nslecht zoekwoord,veel\nnog een,20\n");
  CmdResult imp = InProject("import " + Quote(tmp_.File("bad.csv")));
  EXPECT_EQ(imp.code, 0) << imp.err;
  EXPECT_NE(imp.err.find("bad.csv:3:"), std::string::npos) << imp.err;
  EXPECT_NE(imp.out.find("2 stored"), std::string::npos) << imp.out;
}

TEST_F(CliTest, StrictImportStoresNothingWhenARowIsBad) {
  tmp_.Write("bad.csv", "keyword,volume\ngoed zoekwoord,10\nslecht zoekwoord,veel\n");
  CmdResult imp = InProject("import --strict " + Quote(tmp_.File("bad.csv")));
  EXPECT_NE(imp.code, 0);
  EXPECT_NE(imp.err.find("bad.csv:3"), std::string::npos) << imp.err;
  CmdResult runs = InProject("imports");
  EXPECT_EQ(Lines(runs.out).size(), 1u) << runs.out;
}

TEST_F(CliTest, BadFilesGiveAClearErrorAndStoreNothing) {
  tmp_.Write("empty.csv", "");
  tmp_.Write("binary.bin", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0", 20) + std::string(200, '\0'));
  tmp_.Write("invalid.txt", "\xff\xfe\xfd\xfc broken \xc3\x28\n\x80\x81\x82\n");
  struct Case {
    std::string file;
    std::string expect;
  } cases[] = {{tmp_.File("empty.csv"), "empty.csv"},
               {tmp_.File("binary.bin"), "binary.bin"},
               {tmp_.File("invalid.txt"), "invalid.txt"},
               {tmp_.File("missing.csv"), "missing.csv"}};
  for (const auto& c : cases) {
    CmdResult r = InProject("import " + Quote(c.file));
    EXPECT_NE(r.code, 0) << c.file;
    EXPECT_NE(r.err.find("klantreis: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
  }
  CmdResult rep = InProject("report --out " + Quote(tmp_.File("rep")));
  ASSERT_EQ(rep.code, 0) << rep.err;
  EXPECT_EQ(Lines(ReadAll(tmp_.File("rep/keywords.csv"))).size(), 1u) << "nothing stored";
}

TEST(Cli, ClassifyArgumentsAsJsonlWithEvidence) {
  TempDir tmp;
  CmdResult r = Klantreis(tmp, "classify --explain 'kortingscode coolblue' 'hardloopschoenen dames'");
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  auto a = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(a["query"], "kortingscode coolblue");
  EXPECT_EQ(a["stage"], "decision");
  EXPECT_EQ(a["funnel"], "sales");
  EXPECT_EQ(a["lang"], "nl");
  EXPECT_GT(a["confidence"].get<double>(), 0.5);
  ASSERT_FALSE(a["rules"].empty());
  auto b = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(b["stage"], "concrete_need");
  EXPECT_LT(b["confidence"].get<double>(), a["confidence"].get<double>()) << "rule-7 default is less sure than cues";
  ASSERT_FALSE(b["rules"].empty());
  EXPECT_NE(b["rules"].dump().find("default"), std::string::npos) << b.dump();
}

TEST(Cli, ClassifySaysWhenAVerdictIsUncertain) {
  TempDir tmp;
  CmdResult r = Klantreis(tmp, "classify --explain zwembadoverkapping 'hardloopschoenen dames' 'fiets kopen'");
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  auto bare = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(bare["stage"], "concrete_need");
  EXPECT_EQ(bare["evidence"], "none");
  EXPECT_EQ(bare["uncertain"], true);
  EXPECT_NE(bare["why"].get<std::string>().find("uncertain"), std::string::npos) << bare.dump();
  auto named = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(named["evidence"], "category");
  EXPECT_EQ(named["uncertain"], false);
  EXPECT_EQ(nlohmann::json::parse(lines[2])["evidence"], "cues");
  // TSV: evidence and uncertain are the last two columns, with and without --explain.
  for (const char* flags : {"", " --explain"}) {
    CmdResult t = Klantreis(tmp, std::string("classify --format tsv") + flags + " zwembadoverkapping 'fiets kopen'");
    ASSERT_EQ(t.code, 0) << t.err;
    auto rows = Lines(t.out);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_TRUE(rows[0].ends_with("\tnone\ttrue")) << rows[0];
    EXPECT_TRUE(rows[1].ends_with("\tcues\tfalse")) << rows[1];
    EXPECT_EQ(rows[0].rfind("zwembadoverkapping\tnl\tconcrete_need\tsales\t", 0), 0u) << "old columns first";
  }
}

TEST(Cli, ClassifyStdinStreamsTsvInInputOrder) {
  TempDir tmp;
  std::string input;
  for (int i = 0; i < 20000; ++i) input += (i % 2 ? "hardloopschoenen kopen\n" : "wat is een e-bike\n");
  CmdResult r = Klantreis(tmp, "classify --format tsv", input);
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 20000u);
  for (int i : {0, 1, 9998, 19999}) {
    std::string expect = i % 2 ? "hardloopschoenen kopen\tnl\tpurchase\tsales\t" : "wat is een e-bike\tnl\torientation\tsales\t";
    EXPECT_EQ(lines[i].rfind(expect, 0), 0u) << i << ": " << lines[i];
  }
}

TEST(Cli, ClassifySurvivesInvalidUtf8AndHugeLines) {
  TempDir tmp;
  std::string input = "abc\xff\xfe def\n" + std::string(200000, 'a') + "\nlaatste regel\n";
  CmdResult r = Klantreis(tmp, "classify", input);
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& l : lines) EXPECT_NO_THROW((void)nlohmann::json::parse(l)) << l.substr(0, 100);
  EXPECT_NE(r.err.find("stdin:2:"), std::string::npos) << r.err;
}

TEST(Cli, UsageErrorsExitWithTwo) {
  TempDir tmp;
  EXPECT_EQ(Klantreis(tmp, "classify --format xml x").code, 2);
  EXPECT_EQ(Klantreis(tmp, "nonsense").code, 2);
  CmdResult r = Klantreis(tmp, "report -p " + Quote(tmp.File("nowhere")));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not a klantreis project"), std::string::npos) << r.err;
}

TEST(Cli, EveryCommandHasHelp) {
  TempDir tmp;
  for (const char* c : {"init", "import", "imports", "classify", "report", "eval", "demo", "analyze", "suggest", "serp"}) {
    CmdResult r = Klantreis(tmp, std::string(c) + " --help");
    EXPECT_EQ(r.code, 0) << c;
    EXPECT_NE(r.out.find("--help"), std::string::npos) << c;
  }
}

TEST(Cli, EvalPrintsMetricsOnTheDevSet) {
  KR_REQUIRE_SHARED(dev, "eval/dev.tsv");
  TempDir tmp;
  CmdResult r = Klantreis(tmp, "eval --format json " + Quote(dev));
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["macro_f1"].get<double>(), 0.8);
}

TEST(Cli, CalibratedConfidencesHaveASmallerCalibrationErrorOnDev2) {
  KR_REQUIRE_SHARED(dev2, "eval/dev2.tsv");
  TempDir tmp;
  CmdResult cal = Klantreis(tmp, "eval --format json --errors 0 " + Quote(dev2));
  CmdResult raw = Klantreis(tmp, "eval --format json --errors 0 --uncalibrated " + Quote(dev2));
  ASSERT_EQ(cal.code, 0) << cal.err;
  ASSERT_EQ(raw.code, 0) << raw.err;
  auto c = nlohmann::json::parse(cal.out), r = nlohmann::json::parse(raw.out);
  EXPECT_EQ(c["confusion"], r["confusion"]) << "calibration never changes a stage";
  EXPECT_NE(r["model_version"].get<std::string>().find("-uncalibrated"), std::string::npos);
  double ece = c["calibration"]["ece"].get<double>(), before = r["calibration"]["ece"].get<double>();
  EXPECT_LT(ece, before);
  EXPECT_LT(ece, 0.08) << "fitted on dev.tsv and 20 of dev2's 30 domains";
}

TEST(Cli, DemoWritesTheSampleReport) {
  TempDir tmp;
  CmdResult r = Klantreis(tmp, "demo --out " + Quote(tmp.File("demo")));
  ASSERT_EQ(r.code, 0) << r.err;
  std::string stages = ReadAll(tmp.File("demo/report/stages.csv"));
  ASSERT_EQ(Lines(stages).size(), 11u) << stages;
  // The sample touches all ten stages.
  auto rows = Lines(stages);
  for (size_t i = 1; i < rows.size(); ++i) {
    // stage,funnel,keywords,...: stage and funnel ids hold no comma.
    size_t a = rows[i].find(','), b = rows[i].find(',', a + 1), c = rows[i].find(',', b + 1);
    ASSERT_NE(c, std::string::npos) << rows[i];
    EXPECT_NE(rows[i].substr(b + 1, c - b - 1), "0") << "stage without keywords in the sample: " << rows[i];
  }
  EXPECT_FALSE(ReadAll(tmp.File("demo/report/report.html")).empty());
  // Re-runnable.
  EXPECT_EQ(Klantreis(tmp, "demo --out " + Quote(tmp.File("demo"))).code, 0);
}

}  // namespace

namespace {

TEST(Cli, AnalyzeShowsTokensPartsAndLanguage) {
  TempDir tmp;
  CmdResult r = Klantreis(tmp, "analyze --format jsonl 'hardloopschoenen bestellen'");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(Lines(r.out).at(0));
  EXPECT_EQ(j["lang"], "nl");
  EXPECT_NE(j.dump().find("hardloop"), std::string::npos) << j.dump();
  CmdResult d = Klantreis(tmp, "analyze --describe");
  ASSERT_EQ(d.code, 0) << d.err;
  EXPECT_NE(d.out.find("snowball"), std::string::npos) << d.out;
}

TEST(Cli, ConfigFileErrorsNameTheFile) {
  TempDir tmp;
  tmp.Write("bad.toml", "[classifier]\nown_brands = [\"x\"\n");
  CmdResult r = Klantreis(tmp, "classify --config " + Quote(tmp.File("bad.toml")) + " 'fiets kopen'");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("bad.toml"), std::string::npos) << r.err;
  CmdResult missing = Klantreis(tmp, "classify --config " + Quote(tmp.File("nope.toml")) + " x");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("nope.toml"), std::string::npos) << missing.err;
}

TEST(Cli, ProjectCuesChangeTheVerdict) {
  TempDir tmp;
  tmp.Write("p.toml",
            "[[classifier.cues]]\nphrase = \"appeltaart recept\"\nstage = \"use\"\nweight = 3.0\nlang = \"nl\"\n");
  CmdResult base = Klantreis(tmp, "classify --explain 'appeltaart recept'");
  CmdResult tuned = Klantreis(tmp, "classify --explain --config " + Quote(tmp.File("p.toml")) + " 'appeltaart recept'");
  ASSERT_EQ(tuned.code, 0) << tuned.err;
  auto t = nlohmann::json::parse(Lines(tuned.out).at(0));
  auto b = nlohmann::json::parse(Lines(base.out).at(0));
  EXPECT_EQ(t["stage"], "use") << tuned.out;
  EXPECT_NE(t["model"], b["model"]) << "the configuration hash is part of the model version";
}

}  // namespace

namespace {

TEST(Cli, OverlongConfigPathIsAUsageErrorNotACrash) {
  TempDir tmp;
  std::string longname(300, 'a');
  for (const char* cmd : {"classify --config ", "analyze --config ", "eval --config "}) {
    std::string args = std::string(cmd) + longname + (std::string(cmd).rfind("eval", 0) == 0 ? " x.tsv" : " fiets");
    CmdResult r = Klantreis(tmp, args);
    EXPECT_EQ(r.code, 2) << cmd << r.err;
    EXPECT_NE(r.err.find("klantreis: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("aaaa"), std::string::npos) << "names the file: " << r.err;
  }
  CmdResult dir = Klantreis(tmp, "classify --config " + Quote(tmp.File("")) + " fiets");
  EXPECT_EQ(dir.code, 2) << dir.err;
  CmdResult project = Klantreis(tmp, "report -p " + longname);
  EXPECT_EQ(project.code, 2) << project.err;
}

TEST_F(CliTest, HugeColumnIndexIsOutOfRangeNotACrash) {
  tmp_.Write("kw.csv", "fiets kopen,10\nfiets huren,20\n");
  CmdResult r = InProject("import " + Quote(tmp_.File("kw.csv")) + " --keyword-col 99999999999999999999");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("out of range"), std::string::npos) << r.err;
  tmp_.Write("hk.csv", "keyword,volume\nfiets kopen,10\n");
  CmdResult h = InProject("import " + Quote(tmp_.File("hk.csv")) + " --volume-col 99999999999999999999");
  EXPECT_EQ(h.code, 2) << h.err;
}

}  // namespace

namespace {

TEST(Cli, RobotsPrintsVerdictUrlAndDecidingRule) {
  TempDir tmp;
  tmp.Write("robots.txt", "User-agent: *\nDisallow: /private\nAllow: /private/open\n\nUser-agent: FooBot\nDisallow: /\n");
  CmdResult r = Klantreis(tmp, "robots " + Quote(tmp.File("robots.txt")) +
                                   " https://x.nl/private/a https://x.nl/private/open/b /elders");
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0], "disallowed\thttps://x.nl/private/a\tDisallow: /private");
  EXPECT_EQ(lines[1], "allowed\thttps://x.nl/private/open/b\tAllow: /private/open");
  EXPECT_EQ(lines[2], "allowed\t/elders\t-");
  CmdResult foo = Klantreis(tmp, "robots " + Quote(tmp.File("robots.txt")) + " /elders --agent foobot");
  EXPECT_EQ(foo.out, "disallowed\t/elders\tDisallow: /\n");
  EXPECT_EQ(Klantreis(tmp, "robots " + Quote(tmp.File("robots.txt"))).code, 2) << "a URL is required";
  CmdResult missing = Klantreis(tmp, "robots " + Quote(tmp.File("none.txt")) + " /x");
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("none.txt"), std::string::npos) << missing.err;
}

}  // namespace
