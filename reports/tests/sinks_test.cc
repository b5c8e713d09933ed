// Report sinks: the CSV column contract, escaping in every format
// (formulas, HTML, markdown tables), JSON shape, a valid XLSX, atomic
// writes, and golden files for report.md and keywords.csv.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "klantreis/core/text.h"
#include "klantreis/reports/report.h"
#include "klantreis/testutil.h"

namespace kr::reports {
namespace {

namespace fs = std::filesystem;
using kr::testutil::ReadAll;
using kr::testutil::TempDir;

KeywordLine Kw(std::string keyword, Stage stage, int64_t volume, VolumeKind kind = VolumeKind::kPlannerAverage) {
  KeywordLine k;
  k.keyword = std::move(keyword);
  k.lang = Language::kNl;
  k.stage = stage;
  k.monthly_volume = volume;
  k.volume_kind = kind;
  k.confidence = 0.8;
  k.sources = {"planner"};
  return k;
}

// Stage lines computed from the keywords the way the app does it.
ReportData Build(ReportMeta meta, std::vector<KeywordLine> keywords) {
  ReportAccumulator acc;
  for (const auto& k : keywords) acc.Add(k);
  ReportData d = acc.Finish(std::move(meta));
  d.keywords = std::move(keywords);
  return d;
}

ReportMeta Meta() {
  ReportMeta m;
  m.project = "Fietsen BV";
  m.market = "nl-NL";
  m.model_version = "klantreis-10@0123456789abcdef";
  m.analyzer_version = "icu72-snowball2.2";
  m.config_source = "shipped";
  m.generated_at = "2024-11-23T15:00:00Z";
  m.tool_version = "klantreis 0.1.0";
  return m;
}

ReportData Sample() {
  KeywordLine a = Kw("kortingscode fietsenwinkel", Stage::kDecision, 880);
  a.runner_up = Stage::kPurchase;
  a.evidence = "cue:nl:kortingscode[kortingscode]";
  a.monthly = {{"2024-01", 700}, {"2024-02", 1060}};
  KeywordLine b = Kw("elektrische fiets kopen", Stage::kPurchase, 2400);
  b.monthly = {{"2024-01", 2000}, {"2024-02", 2800}};
  b.evidence = "cue:nl:kopen[kopen]";
  KeywordLine c = Kw("wat is een e-bike", Stage::kOrientation, 1300);
  KeywordLine d = Kw("fiets|slot", Stage::kUse, 10, VolumeKind::kImpressions);
  d.sources = {"gsc"};
  KeywordLine e = Kw("=HYPERLINK(\"http://evil\",\"klik\")", Stage::kConcreteNeed, 5, VolumeKind::kListVolume);
  e.navigational = true;
  e.lang = Language::kEn;
  e.evidence_class = EvidenceClass::kCategory;  // a site name: rule 7 with evidence
  return Build(Meta(), {c, a, b, d, e});
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::vector<std::string> Write(std::string_view format, const ReportData& data, const std::string& dir) {
  auto sink = MakeSink(format);
  EXPECT_TRUE(sink.ok()) << sink.status().message();
  if (!sink.ok()) return {};
  EXPECT_EQ((*sink)->format(), format);
  auto paths = (*sink)->Write(data, dir);
  EXPECT_TRUE(paths.ok()) << paths.status().message();
  return paths.ok() ? *paths : std::vector<std::string>{};
}

// Compares with reports/tests/golden/<name>; KR_UPDATE_GOLDEN=1 rewrites it.
void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(KR_REPORTS_TEST_DIR) + "/golden/" + name;
  if (std::getenv("KR_UPDATE_GOLDEN")) {
    ASSERT_TRUE(WriteFileAtomic(path, actual).ok());
    return;
  }
  auto want = ReadFile(path);
  ASSERT_TRUE(want.ok()) << want.status().message() << " (run with KR_UPDATE_GOLDEN=1 to create it)";
  EXPECT_EQ(actual, *want) << "golden file " << path << " differs (KR_UPDATE_GOLDEN=1 rewrites it)";
}

TEST(MakeSink, KnowsTheFiveFormatsAndRefusesOthers) {
  EXPECT_EQ(SinkFormats(), (std::vector<std::string>{"csv", "md", "json", "html", "xlsx"}));
  for (const auto& f : SinkFormats()) {
    auto s = MakeSink(f);
    ASSERT_TRUE(s.ok()) << f;
    EXPECT_EQ((*s)->format(), f);
  }
  auto bad = MakeSink("pdf");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsInvalidArgument());
  EXPECT_NE(bad.status().message().find("'pdf'"), std::string::npos);
  EXPECT_NE(bad.status().message().find("csv, md, json, html, xlsx"), std::string::npos);
}

TEST(CsvSink, AStaleSeasonalityFileGoesWhenTheNewReportHasNoMonthlyData) {
  TempDir tmp;
  tmp.Write("seasonality.csv", "stage,2025-01\nuse,10\n");
  ReportData empty;
  Write("csv", empty, tmp.path());
  EXPECT_FALSE(std::filesystem::exists(tmp.File("seasonality.csv")));
}

TEST(CsvSink, StagesCsvHasTheExactHeaderAndAllTenStagesEvenWithoutData) {
  TempDir tmp;
  ReportData empty;  // no stages, no keywords
  auto paths = Write("csv", empty, tmp.path());
  EXPECT_EQ(paths, (std::vector<std::string>{tmp.File("stages.csv"), tmp.File("keywords.csv")}))
      << "no seasonality.csv without monthly data";
  auto lines = Lines(ReadAll(tmp.File("stages.csv")));
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_EQ(lines[0],
            "stage,funnel,keywords,monthly_volume,volume_share,uncertain_keywords,uncertain_volume,uncertain_share");
  const std::vector<std::string> want = {
      "latent_need,sales,0,0,0.0000,0,0,0.0000",    "concrete_need,sales,0,0,0.0000,0,0,0.0000",
      "orientation,sales,0,0,0.0000,0,0,0.0000",    "consideration,sales,0,0,0.0000,0,0,0.0000",
      "decision,sales,0,0,0.0000,0,0,0.0000",       "purchase,sales,0,0,0.0000,0,0,0.0000",
      "delivery,service,0,0,0.0000,0,0,0.0000",     "use,service,0,0,0.0000,0,0,0.0000",
      "loyalty,service,0,0,0.0000,0,0,0.0000",      "advocacy,service,0,0,0.0000,0,0,0.0000"};
  EXPECT_EQ(std::vector<std::string>(lines.begin() + 1, lines.end()), want);
  auto kw = Lines(ReadAll(tmp.File("keywords.csv")));
  ASSERT_EQ(kw.size(), 1u);
}

TEST(CsvSink, StagesInAnyOrderComeOutInModelOrderWithShares) {
  TempDir tmp;
  ReportData d;
  StageLine use;
  use.stage = Stage::kUse;
  use.keywords = 3;
  use.monthly_volume = 250;
  use.volume_share = 0.25;
  StageLine latent;
  latent.stage = Stage::kLatentNeed;
  latent.keywords = 1;
  latent.monthly_volume = 750;
  latent.volume_share = 0.75;
  d.stages = {use, latent};
  Write("csv", d, tmp.path());
  auto lines = Lines(ReadAll(tmp.File("stages.csv")));
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_EQ(lines[1], "latent_need,sales,1,750,0.7500,0,0,0.0000");
  EXPECT_EQ(lines[8], "use,service,3,250,0.2500,0,0,0.0000");
}

TEST(CsvSink, UncertainKeywordsAreCountedPerStageAndFlaggedPerKeyword) {
  TempDir tmp;
  KeywordLine sure = Kw("fiets kopen", Stage::kPurchase, 300);
  KeywordLine guess = Kw("fiets", Stage::kConcreteNeed, 100);
  guess.evidence_class = EvidenceClass::kNone;
  KeywordLine named = Kw("fiets dames", Stage::kConcreteNeed, 100);
  named.evidence_class = EvidenceClass::kCategory;
  ReportData d = Build(Meta(), {sure, guess, named});
  EXPECT_EQ(d.uncertain_keywords, 1u);
  EXPECT_EQ(d.uncertain_volume, 100);
  EXPECT_DOUBLE_EQ(d.uncertain_share, 0.2);
  Write("csv", d, tmp.path());
  auto stages = Lines(ReadAll(tmp.File("stages.csv")));
  ASSERT_EQ(stages.size(), 11u);
  EXPECT_EQ(stages[2], "concrete_need,sales,2,200,0.4000,1,100,0.5000");
  EXPECT_EQ(stages[6], "purchase,sales,1,300,0.6000,0,0,0.0000");
  auto kw = Lines(ReadAll(tmp.File("keywords.csv")));
  ASSERT_EQ(kw.size(), 4u);
  EXPECT_TRUE(kw[1].ends_with(",cues,false")) << kw[1];
  EXPECT_TRUE(kw[2].ends_with(",none,true")) << kw[2];
  EXPECT_TRUE(kw[3].ends_with(",category,false")) << kw[3];
  Write("md", d, tmp.path());
  EXPECT_NE(ReadAll(tmp.File("report.md")).find("Uncertain stage: 20.0% of the volume (1 of 3 keywords)"),
            std::string::npos);
  Write("json", d, tmp.path());
  auto j = nlohmann::json::parse(ReadAll(tmp.File("report.json")));
  EXPECT_EQ(j["meta"]["uncertain_keywords"], 1);
  EXPECT_DOUBLE_EQ(j["meta"]["uncertain_share"].get<double>(), 0.2);
  EXPECT_EQ(j["stages"][1]["uncertain_volume"], 100);
  EXPECT_EQ(j["keywords"][1]["evidence_class"], "none");
  EXPECT_EQ(j["keywords"][1]["uncertain"], true);
  Write("html", d, tmp.path());
  EXPECT_NE(ReadAll(tmp.File("report.html")).find("Uncertain stage: 20.0%"), std::string::npos);
}

TEST(CsvSink, KeywordsCsvKeepsTheSixContractColumnsFirst) {
  TempDir tmp;
  Write("csv", Sample(), tmp.path());
  auto lines = Lines(ReadAll(tmp.File("keywords.csv")));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0].rfind("keyword,lang,stage,funnel,monthly_volume,confidence,", 0), 0u);
  EXPECT_EQ(lines[0],
            "keyword,lang,stage,funnel,monthly_volume,confidence,volume_source,intent,stage5,navigational,runner_up,"
            "evidence,sources,cpc,difficulty,position,clicks,impressions,serp_features,parent_topic,evidence_class,uncertain");
  // Rows in the order given (streamed); metrics empty where no export had them.
  EXPECT_EQ(lines[1],
            "wat is een e-bike,nl,orientation,sales,1300,0.80,planner,informational,consideration,false,,,planner,,,,,,,,"
            "cues,false");
  EXPECT_EQ(lines[2],
            "kortingscode fietsenwinkel,nl,decision,sales,880,0.80,planner,transactional,decision,false,purchase,"
            "cue:nl:kortingscode[kortingscode],planner,,,,,,,,cues,false");
  EXPECT_EQ(lines[4],
            "fiets|slot,nl,use,service,10,0.80,gsc_impressions,informational,retention,false,,,gsc,,,,,,,,cues,false");
}

TEST(CsvSink, FormulaCellsAreNeutralisedAndQuoted) {
  TempDir tmp;
  ReportData d = Build(Meta(), {Kw("+31 20 123", Stage::kUse, 1), Kw("-korting", Stage::kDecision, 1),
                                Kw("@SUM(A1)", Stage::kUse, 1), Kw("=1+1", Stage::kUse, 1),
                                Kw("fiets, \"snel\"", Stage::kUse, 1)});
  d.keywords[0].evidence = "=cmd|' /C calc'!A0";
  Write("csv", d, tmp.path());
  auto lines = Lines(ReadAll(tmp.File("keywords.csv")));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[1].substr(0, 11), "'+31 20 123");
  EXPECT_NE(lines[1].find(",'=cmd|' /C calc'!A0,"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[2].substr(0, 9), "'-korting");
  EXPECT_EQ(lines[3].substr(0, 9), "'@SUM(A1)");
  EXPECT_EQ(lines[4].substr(0, 5), "'=1+1");
  EXPECT_EQ(lines[5].substr(0, 17), "\"fiets, \"\"snel\"\"\"");
  for (const auto& l : lines) {
    EXPECT_TRUE(l.empty() || (l[0] != '=' && l[0] != '+' && l[0] != '-' && l[0] != '@')) << l;
    EXPECT_EQ(l.find(",="), std::string::npos) << l;
  }
}

TEST(CsvSink, SeasonalityCsvHasEveryStageAndMonth) {
  TempDir tmp;
  auto paths = Write("csv", Sample(), tmp.path());
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_EQ(paths[2], tmp.File("seasonality.csv"));
  auto lines = Lines(ReadAll(tmp.File("seasonality.csv")));
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_EQ(lines[0], "stage,2024-01,2024-02");
  EXPECT_EQ(lines[1], "latent_need,0,0");
  EXPECT_EQ(lines[5], "decision,700,1060");
  EXPECT_EQ(lines[6], "purchase,2000,2800");
}

TEST(CsvSink, KeywordsCsvMatchesGolden) {
  TempDir tmp;
  Write("csv", Sample(), tmp.path());
  ExpectGolden("keywords.csv", ReadAll(tmp.File("keywords.csv")));
}

TEST(MarkdownSink, PipesInKeywordsAreEscapedAndTablesKeepTheirColumns) {
  TempDir tmp;
  ReportData d = Sample();
  d.meta.project = "Fiets|Plan";
  Write("md", d, tmp.path());
  std::string md = ReadAll(tmp.File("report.md"));
  EXPECT_NE(md.find("fiets\\|slot"), std::string::npos) << md;
  EXPECT_EQ(md.find("fiets|slot"), std::string::npos);
  EXPECT_NE(md.find("# Klantreis report: Fiets\\|Plan"), std::string::npos);
  // Every row of the stage table has the header's number of unescaped pipes.
  auto count_pipes = [](const std::string& l) {
    size_t n = 0;
    for (size_t i = 0; i < l.size(); ++i) {
      if (l[i] == '|' && (i == 0 || l[i - 1] != '\\')) ++n;
    }
    return n;
  };
  size_t header_pipes = 0;
  for (const auto& l : Lines(md)) {
    if (l.rfind("| # | Stage", 0) == 0) header_pipes = count_pipes(l);
    if (header_pipes && l.rfind("| ", 0) == 0 && l.find("%") != std::string::npos) {
      EXPECT_EQ(count_pipes(l), header_pipes) << l;
    }
  }
  EXPECT_EQ(header_pipes, 8u);
}

TEST(MarkdownSink, HasMetadataDutchNamesArticlePlanSeasonalityAndGaps) {
  TempDir tmp;
  Write("md", Sample(), tmp.path());
  std::string md = ReadAll(tmp.File("report.md"));
  for (const char* want : {"- **Project:** Fietsen BV", "- **Market:** nl-NL", "- **Model version:** klantreis-10@0123456789abcdef",
                           "- **Analyzer version:** icu72-snowball2.2", "- **Configuration source:** shipped",
                           "- **Generated at:** 2024-11-23T15:00:00Z", "- **Tool version:** klantreis 0.1.0",
                           "| 5 | Decision | beslismoment | sales | 1 | 880 |", "ambassadeursfase",
                           "- **Purchase** (koopfase): elektrische fiets kopen", "## Seasonality",
                           "| Decision | 700 | 1,060 |", "## Content gaps", "- **Advocacy** (ambassadeursfase, service funnel): no keywords",
                           "- **Decision** (beslismoment, sales funnel): only 1 keyword", "Search Console impressions"}) {
    EXPECT_NE(md.find(want), std::string::npos) << "missing: " << want << "\n" << md;
  }
}

TEST(MarkdownSink, WithoutMonthlyDataThereIsNoSeasonalitySection) {
  TempDir tmp;
  ReportData d = Build(Meta(), {Kw("fiets", Stage::kConcreteNeed, 10)});
  Write("md", d, tmp.path());
  std::string md = ReadAll(tmp.File("report.md"));
  EXPECT_EQ(md.find("Seasonality"), std::string::npos);
  EXPECT_NE(md.find("- **Concrete need** (concrete behoefte): fiets"), std::string::npos);
}

TEST(MarkdownSink, ASearchConsoleOnlyProjectSpeaksOfImpressionsNeverOfMonthlySearches) {
  TempDir tmp;
  ReportData d = Build(Meta(), {Kw("administratie", Stage::kConcreteNeed, 519, VolumeKind::kImpressions),
                                Kw("wat is een creditnota", Stage::kOrientation, 80, VolumeKind::kImpressions)});
  Write("md", d, tmp.path());
  Write("html", d, tmp.path());
  for (const char* file : {"report.md", "report.html"}) {
    std::string text = ReadAll(tmp.File(file));
    EXPECT_EQ(text.find("monthly searches"), std::string::npos) << file;
    EXPECT_EQ(text.find("Monthly volume"), std::string::npos) << file;
    EXPECT_NE(text.find("Impressions"), std::string::npos) << file;
    EXPECT_NE(text.find("599 Search Console impressions (over the export's period)"), std::string::npos) << file;
  }
}

TEST(MarkdownSink, MatchesGolden) {
  TempDir tmp;
  Write("md", Sample(), tmp.path());
  ExpectGolden("report.md", ReadAll(tmp.File("report.md")));
}

TEST(HtmlSink, EscapesEveryPieceOfDataAndIsSelfContained) {
  TempDir tmp;
  ReportData d = Sample();
  const std::string evil = "<script>alert(1)</script>";
  KeywordLine k = Kw(evil, Stage::kOrientation, 99999);
  k.evidence = "cue:\"><img src=x onerror=alert(2)>";
  d.keywords.push_back(k);
  d.stages[StageIndex(Stage::kOrientation)].top_keywords.insert(d.stages[StageIndex(Stage::kOrientation)].top_keywords.begin(), evil);
  d.meta.project = "Fietsen <b>BV</b> & Co";
  d.meta.config_source = "/home/x/'quoted'.toml";
  Write("html", d, tmp.path());
  std::string html = ReadAll(tmp.File("report.html"));
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<script"), html.rfind("<script")) << "only the report's own script";
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("/home/x"), std::string::npos) << "no local paths";
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Fietsen &lt;b&gt;BV&lt;/b&gt; &amp; Co"), std::string::npos);
  EXPECT_NE(html.find("&#39;quoted&#39;"), std::string::npos);
  // Self-contained: inline style, nothing loaded from elsewhere.
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src=\""), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<html lang=\"nl\">"), std::string::npos);
}

TEST(HtmlSink, HasABarPerStageSizedByShareAndTheMetadata) {
  TempDir tmp;
  ReportData d = Sample();
  Write("html", d, tmp.path());
  std::string html = ReadAll(tmp.File("report.html"));
  size_t bars = 0;
  for (size_t p = html.find("<span class=\"bar\">"); p != std::string::npos; p = html.find("<span class=\"bar\">", p + 1)) ++bars;
  EXPECT_EQ(bars, 10u);
  // purchase: 2400 of 4595 = 52.2%
  EXPECT_NE(html.find("style=\"width:52.2%\""), std::string::npos);
  EXPECT_NE(html.find("<dt>Model version</dt><dd>klantreis-10@0123456789abcdef</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Generated at</dt><dd>2024-11-23T15:00:00Z</dd>"), std::string::npos);
  EXPECT_NE(html.find("ambassadeursfase"), std::string::npos);
}

TEST(JsonSink, ParsesAndCarriesMetaStagesAndKeywords) {
  TempDir tmp;
  ReportData d = Sample();
  d.keywords[0].keyword += "\xff";  // invalid UTF-8 must not fail the report
  Write("json", d, tmp.path());
  nlohmann::json j = nlohmann::json::parse(ReadAll(tmp.File("report.json")));
  EXPECT_EQ(j["report_version"], 1);
  const auto& meta = j["meta"];
  EXPECT_EQ(meta["project"], "Fietsen BV");
  EXPECT_EQ(meta["market"], "nl-NL");
  EXPECT_EQ(meta["model_version"], "klantreis-10@0123456789abcdef");
  EXPECT_EQ(meta["analyzer_version"], "icu72-snowball2.2");
  EXPECT_EQ(meta["config_source"], "shipped");
  EXPECT_EQ(meta["generated_at"], "2024-11-23T15:00:00Z");
  EXPECT_EQ(meta["tool_version"], "klantreis 0.1.0");
  ASSERT_EQ(j["stages"].size(), 10u);
  EXPECT_EQ(j["stages"][4]["stage"], "decision");
  EXPECT_EQ(j["stages"][4]["dutch_name"], "beslismoment");
  EXPECT_EQ(j["stages"][4]["monthly"]["2024-02"], 1060);
  ASSERT_EQ(j["keywords"].size(), 5u);
  EXPECT_EQ(j["keywords"][0]["keyword"], "wat is een e-bike\xEF\xBF\xBD");
  EXPECT_TRUE(j["keywords"][0]["runner_up"].is_null());
  EXPECT_EQ(j["keywords"][1]["runner_up"], "purchase");
  EXPECT_EQ(j["keywords"][3]["volume_source"], "gsc_impressions");
  EXPECT_EQ(j["keywords"][4]["navigational"], true);
  EXPECT_EQ(j["keywords"][4]["intent"], "navigational");
}

bool HaveUnzip() { return std::system("command -v unzip >/dev/null 2>&1") == 0; }

std::string UnzipMember(const std::string& zip, const std::string& member) {
  std::string cmd = "unzip -p '" + zip + "' '" + member + "' 2>/dev/null";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(XlsxSink, WritesAZipWithFourSheetsAndNeutralisedStrings) {
  TempDir tmp;
  ReportData d = Sample();
  auto paths = Write("xlsx", d, tmp.path());
  ASSERT_EQ(paths, std::vector<std::string>{tmp.File("report.xlsx")});
  std::string bytes = ReadAll(tmp.File("report.xlsx"));
  ASSERT_GT(bytes.size(), 4u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    EXPECT_EQ(e.path().filename(), "report.xlsx") << "no temporary files left behind";
  }
  if (!HaveUnzip()) GTEST_SKIP() << "unzip not installed: sheet contents not checked";
  std::string workbook = UnzipMember(tmp.File("report.xlsx"), "xl/workbook.xml");
  for (const char* name : {"name=\"Stages\"", "name=\"Keywords\"", "name=\"Seasonality\"", "name=\"About\""}) {
    EXPECT_NE(workbook.find(name), std::string::npos) << name;
  }
  std::string keywords = UnzipMember(tmp.File("report.xlsx"), "xl/worksheets/sheet2.xml") +
                         UnzipMember(tmp.File("report.xlsx"), "xl/sharedStrings.xml");
  // A string cell is never evaluated: the keyword is stored as typed, with
  // no visible apostrophe, and no cell is a formula.
  EXPECT_NE(keywords.find("<t>=HYPERLINK("), std::string::npos) << keywords.substr(0, 2000);
  EXPECT_EQ(keywords.find("'=HYPERLINK("), std::string::npos);
  EXPECT_EQ(keywords.find("<f>"), std::string::npos) << "no formulas";
  // Numbers are numbers: the volume 2400 is a numeric cell.
  EXPECT_NE(keywords.find("<v>2400</v>"), std::string::npos);
  std::string about = UnzipMember(tmp.File("report.xlsx"), "xl/worksheets/sheet4.xml");
  EXPECT_NE(about.find("klantreis-10@0123456789abcdef"), std::string::npos);
}

TEST(Sinks, EveryFormatWritesIntoAnEmptyDirectoryAndReportsMissingOnes) {
  TempDir tmp;
  ReportData d = Sample();
  for (const auto& f : SinkFormats()) {
    SCOPED_TRACE(f);
    auto paths = Write(f, d, tmp.path());
    ASSERT_FALSE(paths.empty());
    for (const auto& p : paths) EXPECT_TRUE(fs::exists(p)) << p;
    auto sink = MakeSink(f);
    auto bad = (*sink)->Write(d, tmp.File("does/not/exist"));
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.status().message().find(tmp.File("does/not/exist")), std::string::npos) << bad.status().message();
  }
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace kr::reports
