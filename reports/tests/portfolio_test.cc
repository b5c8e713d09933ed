// The portfolio: summary.csv rows per successful project in funnel order,
// index.html escaped and self-contained.
#include <gtest/gtest.h>

#include "klantreis/reports/portfolio.h"
#include "klantreis/testutil.h"

namespace kr::reports {
namespace {

PortfolioProject Ok(const std::string& name) {
  PortfolioProject p;
  p.name = name;
  p.ok = true;
  p.keywords = 30;
  p.stages[0] = {10, 300, 0.3};
  p.stages[1] = {15, 600, 0.6};
  p.stages[7] = {5, 100, 0.1};
  p.report = name + "/report.html";
  return p;
}

TEST(PortfolioCsv, TenRowsPerSuccessfulProjectInFunnelOrderFailedOnesLeftOut) {
  PortfolioProject failed;
  failed.name = "broken";
  failed.error = "x.csv: input not found";
  std::string csv = PortfolioCsv({Ok("acme"), failed, Ok("=cmd")});
  auto lines = std::vector<std::string>{};
  size_t pos = 0;
  while (pos < csv.size()) {
    size_t nl = csv.find('\n', pos);
    lines.push_back(csv.substr(pos, nl - pos));
    pos = nl + 1;
  }
  ASSERT_EQ(lines.size(), 21u);
  EXPECT_EQ(lines[0].rfind("project,stage,keywords,monthly_volume,volume_share", 0), 0u);
  EXPECT_EQ(lines[1], "acme,latent_need,10,300,0.3000,sales");
  EXPECT_EQ(lines[2], "acme,concrete_need,15,600,0.6000,sales");
  EXPECT_EQ(lines[8], "acme,use,5,100,0.1000,service");
  EXPECT_EQ(lines[10], "acme,advocacy,0,0,0.0000,service");
  EXPECT_EQ(csv.find("broken"), std::string::npos);
  // A name a spreadsheet would run as a formula is neutralised.
  EXPECT_EQ(lines[11].rfind("'=cmd,latent_need", 0), 0u) << lines[11];
}

TEST(PortfolioHtml, EveryClientShowsItsLikeabilityMomentsEscapedWithWhyOnHover) {
  PortfolioProject p = Ok("acme");
  p.moments.push_back({"e-bike <kopen>", Stage::kPurchase, 12100, "biggest \"purchase\" volume"});
  p.moments.push_back({"accu opladen", Stage::kUse, 880, "service questions"});
  PortfolioProject none = Ok("empty");
  const std::string h = PortfolioHtml({p, none}, "2026-01-01T00:00:00Z");
  // On a row of its own under the client, across the table.
  EXPECT_NE(h.find("<tr class=\"moments-row\" data-moments=\"acme\"><td></td><td colspan=\"8\"><span "
                   "class=\"label\">Likeability moments</span><ol class=\"moments\">"),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("<li title=\"biggest &quot;purchase&quot; volume\"><strong>e-bike &lt;kopen&gt;</strong> \u00d7 "
                   "Purchase <span class=\"muted\">(12,100)</span></li>"),
            std::string::npos)
      << h;
  EXPECT_LT(h.find("e-bike &lt;kopen&gt;"), h.find("accu opladen"));
  EXPECT_NE(h.find("none yet"), std::string::npos);  // a client without topics
}

TEST(PortfolioHtml, ACrawledClientShowsItsUncoveredVolumeAndBiggestGapsEscaped) {
  PortfolioProject p = Ok("acme");
  p.crawled = true;
  p.gap_volume = 250;
  p.covered_volume = 750;
  p.gap_keywords = 2;
  p.gaps.push_back({"<b>fiets</b> huren", Stage::kPurchase, 200});
  p.gaps.push_back({"fietsslot", Stage::kDecision, 50});
  const std::string h = PortfolioHtml({p, Ok("not crawled")}, "2026-01-01T00:00:00Z");
  EXPECT_NE(h.find("<span class=\"label\">Biggest gaps</span>250 of 1,000 (25.0%) of the volume, 2 keywords, has no "
                   "page on the site: <ol class=\"moments gaps\"><li><strong>&lt;b&gt;fiets&lt;/b&gt; huren</strong> "
                   "\u00d7 Purchase <span class=\"muted\">(200)</span></li>"),
            std::string::npos)
      << h;
  size_t n = 0;
  for (size_t at = h.find("Biggest gaps"); at != std::string::npos; at = h.find("Biggest gaps", at + 1)) ++n;
  EXPECT_EQ(n, 1u);  // a client without a crawl has none
}

TEST(PortfolioHtml, EveryClientWithChartTotalsGapsAndLinkEscapedAndSelfContained) {
  PortfolioProject evil = Ok("<script>alert(1)</script> & co");
  PortfolioProject failed;
  failed.name = "broken";
  failed.error = "/home/agency/exports/x.csv: input not found";
  std::string h = PortfolioHtml({Ok("acme"), evil, failed}, "2026-01-01T00:00:00Z");
  EXPECT_EQ(h.find("<script>"), std::string::npos);
  EXPECT_NE(h.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"), std::string::npos);
  // The link is percent-encoded and then HTML-escaped.
  EXPECT_NE(h.find("href=\"%3Cscript%3Ealert%281%29%3C/script%3E%20%26%20co/report.html\""), std::string::npos);
  EXPECT_NE(h.find("href=\"acme/report.html\""), std::string::npos);
  EXPECT_NE(h.find("<svg class=\"mini\""), std::string::npos);
  EXPECT_NE(h.find("1,000"), std::string::npos);  // total volume
  EXPECT_NE(h.find("90.0%"), std::string::npos);  // sales share
  EXPECT_NE(h.find("no keywords: Orientation"), std::string::npos);
  EXPECT_NE(h.find("failed"), std::string::npos);
  EXPECT_NE(h.find("x.csv: input not found"), std::string::npos);
  EXPECT_EQ(h.find("/home/agency"), std::string::npos);  // no local paths
  // Nothing loaded from outside: no src attributes, no external links or stylesheets.
  EXPECT_EQ(h.find(" src="), std::string::npos);
  EXPECT_EQ(h.find("href=\"http"), std::string::npos);
  EXPECT_EQ(h.find("@import"), std::string::npos);
  EXPECT_EQ(h.find("<link"), std::string::npos);
}

}  // namespace
}  // namespace kr::reports
