// Hostile text from a crawled site (titles, headings, URL paths) reaches
// every report format inert: HTML escaped, CSV formulas neutralised, XLSX
// cells stored as text, never as formulas.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "cli_run.h"
#include "klantreis/static_site.h"

namespace kr::e2e {
namespace {

using testutil::StaticSite;

class CrawlEscaping : public CliTest {};

TEST_F(CrawlEscaping, HostileTitlesHeadingsAndPathsStayInertInEveryFormat) {
  using S = StaticSite;
  StaticSite site(std::map<std::string, std::string>{
      {"/", S::Page("Monstera <script>alert('title')</script> kopen", "Monstera kopen",
                    "<a href=\"/monstera-verpotten\">v</a><a href=\"/%22%3E%3Cimg%20src=x%20onerror=alert(2)%3E\">x</a>")},
      {"/monstera-verpotten", S::Page("=HYPERLINK(\"http://evil.example\",\"monstera verpotten\")",
                                      "<img src=x onerror=alert(3)> monstera verpotten", "")},
      {"/\"><img src=x onerror=alert(2)>", S::Page("Monstera plantenbak", "Monstera plantenbak", "")},
  });
  tmp_.Write("kw.csv", "keyword,volume\nmonstera kopen,900\nmonstera verpotten,500\nmonstera plantenbak,300\n"
                       "=cmd|' /C calc'!A0,10\n");
  ASSERT_EQ(InProject("import " + Quote(tmp_.File("kw.csv")) + " -q").code, 0);
  CmdResult crawl = InProject("crawl " + site.Origin() + "/ --delay 0 --timeout 2");
  ASSERT_EQ(crawl.code, 0) << crawl.err;
  const std::string out = tmp_.File("rep");
  CmdResult r = InProject("report -q --out " + Quote(out) + " --format csv,md,json,html,xlsx");
  ASSERT_EQ(r.code, 0) << r.err;

  const std::string html = ReadAll(out + "/report.html");
  ASSERT_NE(html.find("monstera verpotten"), std::string::npos);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("onerror=alert(3)>"), std::string::npos);

  // pages.csv: the hostile title is there, neutralised; coverage.csv names the pages.
  const std::string pages = ReadAll(out + "/pages.csv");
  EXPECT_NE(pages.find("\"'=HYPERLINK(\"\"http://evil.example\"\""), std::string::npos) << pages;
  EXPECT_NE(pages.find("Monstera <script>alert('title')</script> kopen"), std::string::npos)
      << "CSV keeps text as it is: only formulas are neutralised";
  const std::string keywords = ReadAll(out + "/keywords.csv");
  EXPECT_NE(keywords.find("'=cmd|' /C calc'!A0"), std::string::npos) << keywords;
  const std::string coverage = ReadAll(out + "/coverage.csv");
  EXPECT_NE(coverage.find("monstera verpotten,"), std::string::npos) << coverage;

  // report.md: no raw HTML tag from the site survives into rendered Markdown.
  const std::string md = ReadAll(out + "/report.md");
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  EXPECT_EQ(md.find("<img src=x"), std::string::npos);

  // XLSX: no cell of any sheet is a formula (<f>), whatever the text.
  CmdResult sheets = Bash(tmp_, "unzip -p " + Quote(out + "/report.xlsx") + " 'xl/worksheets/*.xml'");
  ASSERT_EQ(sheets.code, 0) << sheets.err;
  EXPECT_EQ(sheets.out.find("<f>"), std::string::npos);
  CmdResult all = Bash(tmp_, "unzip -p " + Quote(out + "/report.xlsx") + " 'xl/*.xml' 'xl/worksheets/*.xml'");
  EXPECT_NE(all.out.find("=cmd|"), std::string::npos) << "the formula-like keyword is in the workbook as text";
}

}  // namespace
}  // namespace kr::e2e
