// klantreis crawl + report on the sample project (config/sample) against a
// small Groenhuis site of our own making (StaticSite): coverage.csv, the
// coverage columns of stages.csv, the "Site coverage" sections of report.md,
// report.html (with its chart), report.json and report.xlsx, pages.csv
// stages, and plan.csv's covering page.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_run.h"
#include "klantreis/static_site.h"

namespace kr::e2e {
namespace {

using testutil::StaticSite;

std::map<std::string, std::string> GroenhuisSite() {
  using S = StaticSite;
  return {
      {"/", S::Page("Groenhuis: kamerplanten online kopen", "Kamerplanten online kopen",
                    "<p>De plantenwinkel voor elk huis.</p><a href=\"/kamerplanten\">k</a>"
                    "<a href=\"/kamerplanten/monstera\">m</a><a href=\"/verzorging/monstera-verpotten\">v</a>"
                    "<a href=\"/klantenservice\">ks</a><a href=\"/bestelling-volgen\">b</a>"
                    "<a href=\"/plantenbakken\">p</a><a href=\"/plantenbakken-kopen\">pk</a><a href=\"/inloggen\">i</a>")},
      {"/kamerplanten", S::Page("Alle kamerplanten", "Kamerplanten", "<h2>Grote kamerplanten</h2><h2>Hangplanten</h2>")},
      {"/kamerplanten/monstera", S::Page("Monstera bestellen", "Monstera", "<h2>Monstera verpotten</h2><h2>Prijs</h2>")},
      {"/verzorging/monstera-verpotten", S::Page("Monstera verpotten: zo doe je dat", "Monstera verpotten", "")},
      {"/klantenservice", S::Page("Klantenservice", "Groenhuis klantenservice", "<h2>Inloggen</h2>")},
      {"/bestelling-volgen", S::Page("Bestelling volgen", "Groenhuis bestelling volgen", "",
                                     "<meta name=\"robots\" content=\"noindex\">")},
      {"/plantenbakken", S::Page("Plantenbakken", "Plantenbak binnen", "")},
      {"/plantenbakken-kopen", S::Page("Plantenbak kopen", "Plantenbak kopen", "",
                                       "<link rel=\"canonical\" href=\"/plantenbakken\">")},
      {"/inloggen", S::Page("Inloggen", "Inloggen bij Groenhuis", "")},
  };
}

class CoverageCli : public CliTest {};

TEST_F(CoverageCli, SampleProjectAgainstAGroenhuisSiteOfOurOwn) {
  StaticSite site(GroenhuisSite());
  const std::string o = site.Origin();
  ASSERT_EQ(InProject("import config/sample/keywords.csv").code, 0);
  CmdResult r = InProject("crawl " + o + "/ --delay 0 --timeout 2");
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string out = tmp_.File("rep");
  r = InProject("report -q --out " + Quote(out) + " --format csv,md,json,html,xlsx");
  ASSERT_EQ(r.code, 0) << r.err;

  const std::string csv = ReadAll(out + "/coverage.csv");
  ASSERT_EQ(csv.rfind("keyword,stage,monthly_volume,url,score", 0), 0u) << csv;
  auto rows = CsvRows(csv);
  ASSERT_GT(rows.size(), 40u);
  std::map<std::string, std::vector<std::string>> by_kw;
  uint64_t covered = 0;
  int64_t covered_volume = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_GE(rows[i].size(), 8u) << i;
    by_kw[rows[i][0]] = rows[i];
    if (!rows[i][3].empty()) ++covered, covered_volume += std::stoll(rows[i][2]);
  }
  EXPECT_EQ(by_kw.size(), 50u);  // every keyword of the sample project, once
  EXPECT_EQ(by_kw["monstera bestellen"][3], o + "/kamerplanten/monstera");
  EXPECT_EQ(by_kw["monstera bestellen"][5], "content");
  EXPECT_EQ(by_kw["kamerplanten online kopen"][3], o + "/");
  EXPECT_EQ(by_kw["groenhuis klantenservice"][3], o + "/klantenservice");
  EXPECT_EQ(by_kw["groenhuis inloggen"][3], o + "/inloggen");
  // Two pages cover "monstera verpotten" well: flagged, the better one covers.
  EXPECT_EQ(by_kw["monstera verpotten"][3], o + "/verzorging/monstera-verpotten");
  EXPECT_EQ(by_kw["monstera verpotten"][7], "yes");
  // The noindex page and the canonical duplicate never cover.
  EXPECT_EQ(by_kw["groenhuis bestelling volgen"][3], "");
  EXPECT_EQ(by_kw["plantenbak kopen"][3], "");
  EXPECT_EQ(by_kw["tuincentrum openingstijden zondag"][3], "");
  EXPECT_EQ(by_kw["tuincentrum openingstijden zondag"][4], "0.000");

  const std::string stages = ReadAll(out + "/stages.csv");
  EXPECT_NE(stages.find(",covered_keywords,covered_volume,gap_keywords,gap_volume,cannibalised_keywords\n"),
            std::string::npos)
      << stages;
  const std::string pages = ReadAll(out + "/pages.csv");
  EXPECT_NE(pages.find(o + "/kamerplanten/monstera,200,yes,,"), std::string::npos) << pages;
  EXPECT_NE(pages.find(o + "/bestelling-volgen,200,no,,"), std::string::npos) << pages;
  // Each page names the keywords it targets: those coverage.csv maps to it.
  auto page_rows = CsvRows(pages);
  ASSERT_GT(page_rows.size(), 1u);
  const auto& head = page_rows[0];
  ASSERT_GE(head.size(), 24u);
  EXPECT_EQ(head[21], "target_keywords");
  EXPECT_EQ(head[22], "target_volume");
  EXPECT_EQ(head[23], "top_keywords");
  uint64_t targeted = 0;
  for (size_t i = 1; i < page_rows.size(); ++i) {
    const auto& p = page_rows[i];
    ASSERT_EQ(p.size(), head.size()) << i;
    uint64_t n = std::stoull(p[21]);
    targeted += n;
    uint64_t mapped = 0;
    int64_t volume = 0;
    for (const auto& [kw, row] : by_kw) {
      if (row[3] == p[0]) ++mapped, volume += std::stoll(row[2]);
    }
    EXPECT_EQ(n, mapped) << p[0];
    EXPECT_EQ(std::stoll(p[22]), volume) << p[0];
    if (p[2] == "no") EXPECT_EQ(n, 0u) << "a non-indexable page targets nothing: " << p[0];
    if (p[0] == o + "/kamerplanten/monstera") {
      EXPECT_NE(p[23].find("monstera bestellen ("), std::string::npos) << p[23];
    }
  }
  EXPECT_EQ(targeted, covered);

  // --csv-dialect excel: coverage.csv and pages.csv too get the BOM and the nl market's ';' and decimal ','.
  const std::string xl = tmp_.File("xl");
  ASSERT_EQ(InProject("report -q --csv-dialect excel --format csv --out " + Quote(xl)).code, 0);
  const std::string xl_cov = ReadAll(xl + "/coverage.csv");
  EXPECT_EQ(xl_cov.rfind("\xEF\xBB\xBFkeyword;stage;monthly_volume;url;score;", 0), 0u) << xl_cov.substr(0, 80);
  EXPECT_NE(xl_cov.find("\nmonstera bestellen;"), std::string::npos);
  EXPECT_NE(xl_cov.find(";0,000;"), std::string::npos) << "scores with a decimal comma";
  EXPECT_EQ(xl_cov.find(";0.000;"), std::string::npos);
  const std::string xl_pages = ReadAll(xl + "/pages.csv");
  EXPECT_EQ(xl_pages.rfind("\xEF\xBB\xBFurl;status;indexable;canonical;stage;title;", 0), 0u) << xl_pages.substr(0, 80);
  EXPECT_NE(xl_pages.find(o + "/kamerplanten/monstera;200;yes;;"), std::string::npos) << xl_pages;

  const std::string md = ReadAll(out + "/report.md");
  EXPECT_NE(md.find("## Site coverage"), std::string::npos);
  EXPECT_NE(md.find(std::to_string(covered) + " of 50 keywords"), std::string::npos) << md;
  EXPECT_NE(md.find("plantenwinkel in de buurt"), std::string::npos);  // the biggest gap (6,600)
  const std::string html = ReadAll(out + "/report.html");
  EXPECT_NE(html.find("id=\"chart-coverage\""), std::string::npos);
  EXPECT_NE(html.find("The biggest gaps"), std::string::npos);
  auto json = nlohmann::json::parse(ReadAll(out + "/report.json"));
  ASSERT_TRUE(json.contains("coverage"));
  EXPECT_EQ(json["coverage"]["covered_keywords"].get<uint64_t>(), covered);
  EXPECT_EQ(json["coverage"]["covered_volume"].get<int64_t>(), covered_volume);
  EXPECT_EQ(json["coverage"]["pages"].get<int>(), 7);  // 9 pages, less the noindex one and the duplicate
  EXPECT_EQ(json["coverage"]["top_gaps"][0]["keyword"], "plantenwinkel in de buurt");
  EXPECT_GT(json["coverage"]["cannibalised_keywords"].get<int>(), 0);
  EXPECT_GT(ReadAll(out + "/report.xlsx").size(), 1000u);
  EXPECT_NE(Bash(tmp_, "unzip -p " + Quote(out + "/report.xlsx") + " xl/workbook.xml").out.find("Site coverage"),
            std::string::npos);

  // plan.csv: the topic of "monstera bestellen" names its page; topics without one are "new" in report.md.
  auto plan = CsvRows(ReadAll(out + "/plan.csv"));
  ASSERT_GT(plan.size(), 1u);
  size_t url_col = 0;
  while (url_col < plan[0].size() && plan[0][url_col] != "url") ++url_col;
  ASSERT_LT(url_col, plan[0].size());
  bool monstera = false, any_new = false;
  for (size_t i = 1; i < plan.size(); ++i) {
    if (plan[i].size() <= url_col) continue;
    monstera |= plan[i][url_col] == o + "/kamerplanten/monstera";
    any_new |= plan[i][url_col].empty();
  }
  EXPECT_TRUE(monstera);
  EXPECT_TRUE(any_new);
}

}  // namespace
}  // namespace kr::e2e
