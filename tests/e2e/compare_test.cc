// `klantreis report --compare`: the change since last time, from a Search
// Console compare export's two periods (the real export in ../shared and a
// dated one made by hand in tests/e2e/data) and from two imports of one
// source. Expected figures are sums worked out from the files by hand.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "cli_run.h"

namespace {

using kr::e2e::CliTest;
using kr::e2e::CmdResult;
using kr::e2e::Lines;
using kr::e2e::Quote;
using kr::testutil::ReadAll;

constexpr const char* kData = "tests/e2e/data/";

// The row of a CSV whose first cell is `first` (the line as written), "" when absent.
std::string RowOf(const std::string& csv, const std::string& first) {
  for (const auto& line : Lines(csv))
    if (line.rfind(first + ",", 0) == 0) return line;
  return "";
}

// The first n cells of a CSV line without quoted commas.
std::string Cells(const std::string& line, int n) {
  size_t pos = 0;
  for (int i = 0; i < n && pos != std::string::npos; ++i) pos = line.find(',', pos + 1);
  return line.substr(0, pos);
}

constexpr const char* kCompareHeader =
    "stage,keywords,clicks_before,clicks_after,clicks_change,impressions_before,impressions_after,"
    "impressions_change,volume_before,volume_after,volume_change,new_keywords,lost_keywords,funnel,"
    "period_before,period_after";

TEST_F(CliTest, CompareOnTheRealSearchConsoleCompareExportSumsBothPeriods) {
  KR_REQUIRE_SHARED(path, "data/keyword_exports/gsc_queries_en_compare_last28d_vs_previous.csv");
  ASSERT_EQ(InProject("import -q " + Quote(path)).code, 0);
  const std::string out = tmp_.File("rep");
  CmdResult r = InProject("report -q --compare --format csv,md,json,html,xlsx --out " + Quote(out));
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string csv = ReadAll(out + "/compare.csv");
  EXPECT_EQ(Lines(csv).front(), kCompareHeader);
  EXPECT_EQ(Lines(csv).size(), 12u);  // header, ten stages, total
  // Summed over the 973 rows (python csv): clicks 176 -> 175, impressions 9,871 -> 10,506;
  // 217 queries with 0 clicks and 0 impressions in the previous period (new), 221 in the last (lost).
  EXPECT_EQ(Cells(RowOf(csv, "total"), 13), "total,973,176,175,-1,9871,10506,635,9871,10506,635,217,221") << csv;
  EXPECT_NE(RowOf(csv, "total").find("Previous 28 days (r000001"), std::string::npos);
  // The stages add up to the total.
  int64_t clicks_after = 0, keywords = 0;
  for (const auto& line : Lines(csv)) {
    if (line.rfind("stage,", 0) == 0 || line.rfind("total,", 0) == 0) continue;
    const auto c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.find(',', c2 + 1), c4 = line.find(',', c3 + 1);
    keywords += std::stoll(line.substr(c1 + 1, c2 - c1 - 1));
    clicks_after += std::stoll(line.substr(c3 + 1, c4 - c3 - 1));
  }
  EXPECT_EQ(keywords, 973);
  EXPECT_EQ(clicks_after, 175);

  const std::string kw = ReadAll(out + "/compare_keywords.csv");
  EXPECT_EQ(Lines(kw).size(), 974u);
  // Row 1 of the file: gallery tool,53,55,89,94,...,1,1 (last, previous).
  EXPECT_NE(kw.find(",both,55,53,-2,94,89,-5,94,89,-5,1.00,1.00"), std::string::npos);

  const std::string md = ReadAll(out + "/report.md");
  const size_t section = md.find("## Change since last time");
  ASSERT_NE(section, std::string::npos);
  EXPECT_NE(md.find("Before: Previous 28 days. After: Last 28 days."), std::string::npos);
  // The biggest riser: free art inventory software, clicks 1 -> 5; the biggest faller:
  // instagram art galleries, 3 -> 0.
  const size_t up = md.find("### Moved up most", section), down = md.find("### Moved down most", section);
  ASSERT_NE(up, std::string::npos);
  ASSERT_NE(down, std::string::npos);
  EXPECT_LT(md.find("| free art inventory software |", up), md.find("| instagram galleries |", up));
  EXPECT_LT(md.find("| instagram art galleries |", down), md.find("| exhibition design software |", down));
  EXPECT_NE(md.find("1 → 5 (+4)", up), std::string::npos);

  auto json = nlohmann::json::parse(ReadAll(out + "/report.json"));
  ASSERT_TRUE(json.contains("compare"));
  EXPECT_EQ(json["compare"]["mode"], "export");
  EXPECT_EQ(json["compare"]["total"]["impressions_after"], 10506);
  EXPECT_EQ(json["compare"]["moved_down"][0]["keyword"], "instagram art galleries");
  EXPECT_FALSE(json["compare"]["topics"].empty());

  const std::string html = ReadAll(out + "/report.html");
  EXPECT_NE(html.find("<section id=\"compare\">"), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"chart-compare\""), std::string::npos);
  EXPECT_NE(html.find("data-stage=\"concrete_need\" data-metric=\"Clicks\""), std::string::npos);
  EXPECT_GT(ReadAll(out + "/report.xlsx").size(), 1000u);
}

TEST_F(CliTest, CompareExportWithDatedPeriodsCountsNewAndLostKeywords) {
  ASSERT_EQ(InProject("import -q " + std::string(kData) + "gsc_compare_dated.csv").code, 0);
  const std::string out = tmp_.File("rep");
  CmdResult r = InProject("report -q --compare export --format csv,md,json,xlsx --out " + Quote(out));
  ASSERT_EQ(r.code, 0) << r.err;
  // Clicks: 25+12+6+0+3+1 = 47 before, 40+10+0+7+3+0 = 60 after; impressions 655 -> 720;
  // new: fiets band plakken; lost: elektrische fiets review and the formula query.
  const std::string csv = ReadAll(out + "/compare.csv");
  EXPECT_EQ(Cells(RowOf(csv, "total"), 13), "total,6,47,60,13,655,720,65,655,720,65,1,2") << csv;
  EXPECT_NE(r.out.find("compared 6 keywords: 2026-10-04 - 2026-10-31 -> 2026-11-01 - 2026-11-28"), std::string::npos)
      << r.out;
  const std::string kw = ReadAll(out + "/compare_keywords.csv");
  EXPECT_NE(kw.find("fiets band plakken,"), std::string::npos);
  EXPECT_NE(kw.find(",new,0,7,7,0,70,70,0,70,70,,8.00"), std::string::npos) << kw;
  EXPECT_NE(kw.find(",lost,6,0,-6,90,0,-90,90,0,-90,12.00,"), std::string::npos) << kw;
  EXPECT_NE(kw.find("\"'=HYPERLINK"), std::string::npos) << kw;  // formula neutralised
  EXPECT_EQ(kw.find("\n=HYPERLINK"), std::string::npos);
  // Risers: fiets kopen (+15 clicks), fiets band plakken (+7), fiets huren (0 clicks, +10 impressions).
  auto json = nlohmann::json::parse(ReadAll(out + "/report.json"));
  const auto& up = json["compare"]["moved_up"];
  ASSERT_EQ(up.size(), 3u);
  EXPECT_EQ(up[0]["keyword"], "fiets kopen");
  EXPECT_EQ(up[1]["keyword"], "fiets band plakken");
  EXPECT_EQ(up[2]["keyword"], "fiets huren, amsterdam");
  EXPECT_EQ(json["compare"]["moved_down"][0]["keyword"], "elektrische fiets review");
  EXPECT_EQ(json["compare"]["before"]["label"], "2026-10-04 - 2026-10-31");
  EXPECT_EQ(json["compare"]["after"]["label"], "2026-11-01 - 2026-11-28");

  // report.xlsx has the sheet, last, with the periods and the movers.
  CmdResult book = kr::e2e::Bash(
      tmp_, "/usr/bin/python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
            "print(z.read(\"xl/workbook.xml\").decode()); "
            "[print(z.read(n).decode()) for n in z.namelist() if n.startswith(\"xl/\") and n.endswith(\".xml\") "
            "and n != \"xl/workbook.xml\"]' " +
                Quote(out + "/report.xlsx"));
  ASSERT_EQ(book.code, 0) << book.err;
  const size_t sheet = book.out.find("<sheet name=\"Change since last time\"");
  ASSERT_NE(sheet, std::string::npos) << book.out;
  const size_t sheets_end = book.out.find("</sheets>", sheet);
  EXPECT_GT(book.out.find("<sheet ", sheet + 1), sheets_end);  // the last sheet
  EXPECT_NE(book.out.find("2026-10-04 - 2026-10-31 (r000001"), std::string::npos);
  EXPECT_NE(book.out.find("Moved down most"), std::string::npos);

  // --csv-dialect excel: the compare files too get the BOM and the nl market's ';' and decimal ','.
  ASSERT_EQ(InProject("report -q --compare --csv-dialect excel --format csv --out " + Quote(tmp_.File("xl"))).code, 0);
  const std::string xl = ReadAll(tmp_.File("xl/compare.csv"));
  EXPECT_EQ(xl.rfind("\xEF\xBB\xBFstage;keywords;clicks_before;", 0), 0u) << xl;
  EXPECT_NE(xl.find("\ntotal;6;47;60;13;655;720;65;655;720;65;1;2;"), std::string::npos) << xl;
  EXPECT_NE(ReadAll(tmp_.File("xl/compare_keywords.csv")).find(";lost;6;0;-6;90;0;-90;90;0;-90;12,00;"),
            std::string::npos);

  // Without --compare the files of the earlier comparison go.
  ASSERT_EQ(InProject("report -q --format csv --out " + Quote(out)).code, 0);
  EXPECT_EQ(ReadAll(out + "/compare.csv"), "");
}

TEST_F(CliTest, CompareTwoImportsOfOneSearchConsoleSourceAtDifferentDates) {
  ASSERT_EQ(InProject("import -q " + std::string(kData) + "gsc_october.csv").code, 0);
  ASSERT_EQ(InProject("import -q " + std::string(kData) + "gsc_november.csv").code, 0);
  const std::string out = tmp_.File("rep");
  CmdResult r = InProject("report -q --compare r000001,r000002 --format csv,md --out " + Quote(out));
  ASSERT_EQ(r.code, 0) << r.err;
  // Clicks 25+5+2 = 32 -> 40+3+4 = 47; impressions 440 -> 530; fietsbel new, fietsslot lost.
  const std::string csv = ReadAll(out + "/compare.csv");
  EXPECT_EQ(Cells(RowOf(csv, "total"), 13), "total,4,32,47,15,440,530,90,440,530,90,1,1") << csv;
  const std::string kw = ReadAll(out + "/compare_keywords.csv");
  EXPECT_NE(kw.find("fietsbel,"), std::string::npos);
  EXPECT_NE(kw.find(",new,0,4,4,0,50,50,0,50,50,,6.00"), std::string::npos) << kw;
  EXPECT_NE(kw.find(",lost,2,0,-2,40,0,-40,40,0,-40,9.00,"), std::string::npos) << kw;
  const std::string md = ReadAll(out + "/report.md");
  EXPECT_NE(md.find("Before: r000001 ("), std::string::npos);
  EXPECT_NE(md.find("from gsc\\_october.csv"), std::string::npos) << md;

  // Plain --compare: no compare export, so the two newest imports of one format: the same pair.
  CmdResult a = InProject("report -q --compare --format csv --out " + Quote(tmp_.File("auto")));
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(ReadAll(tmp_.File("auto/compare_keywords.csv")), kw);
}

TEST_F(CliTest, CompareTwoKeywordListsComparesTheirVolumes) {
  ASSERT_EQ(InProject("import -q " + std::string(kData) + "volumes_before.csv").code, 0);
  ASSERT_EQ(InProject("import -q " + std::string(kData) + "volumes_after.csv").code, 0);
  const std::string out = tmp_.File("rep");
  CmdResult r = InProject("report -q --compare --format csv,md,html --out " + Quote(out));
  ASSERT_EQ(r.code, 0) << r.err;
  // Volume 100+50 = 150 -> 150+30+10 = 190; fietsbel new.
  EXPECT_EQ(Cells(RowOf(ReadAll(out + "/compare.csv"), "total"), 13), "total,3,0,0,0,0,0,0,150,190,40,1,0");
  const std::string md = ReadAll(out + "/report.md");
  EXPECT_NE(md.find("| Volume before | Volume after | Volume change |"), std::string::npos) << md;
  EXPECT_EQ(md.find("| Clicks before |"), std::string::npos);  // no Search Console figures to show
  EXPECT_NE(ReadAll(out + "/report.html").find("data-metric=\"Volume\""), std::string::npos);
}

TEST_F(CliTest, CompareRefusesUnknownRunsAndNothingToCompareWithAClearMessage) {
  ASSERT_EQ(InProject("import -q " + std::string(kData) + "volumes_before.csv").code, 0);
  CmdResult bad = InProject("report -q --compare r000001,r000009 --out " + Quote(tmp_.File("r1")));
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("no import run r000009"), std::string::npos) << bad.err;
  CmdResult same = InProject("report -q --compare 1,1 --out " + Quote(tmp_.File("r2")));
  EXPECT_EQ(same.code, 2);
  EXPECT_NE(same.err.find("compared with itself"), std::string::npos) << same.err;
  CmdResult word = InProject("report -q --compare lastweek --out " + Quote(tmp_.File("r3")));
  EXPECT_EQ(word.code, 2);
  EXPECT_NE(word.err.find("--compare 'lastweek'"), std::string::npos) << word.err;
  CmdResult none = InProject("report -q --compare --out " + Quote(tmp_.File("r4")));
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("nothing to compare"), std::string::npos) << none.err;
  CmdResult exp = InProject("report -q --compare export --out " + Quote(tmp_.File("r5")));
  EXPECT_EQ(exp.code, 2);
  EXPECT_NE(exp.err.find("no Search Console compare export"), std::string::npos) << exp.err;
}

}  // namespace
