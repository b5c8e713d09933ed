// Site coverage on real crawls of local sites: which indexable page covers
// which keyword, gaps, noindex and canonical duplicates never covering,
// cannibalisation, export URLs, coverage.csv and the per-stage summary.
#include "klantreis/app/coverage.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "klantreis/app/pipeline.h"
#include "klantreis/app/report_builder.h"
#include "klantreis/app/site_crawl.h"
#include "klantreis/static_site.h"
#include "klantreis/test_site.h"
#include "klantreis/testutil.h"

namespace kr::app {
namespace {

using testutil::StaticSite;
using testutil::TempDir;

class CoverageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitProject(tmp_.File("p"), "t", "nl-NL").ok());
    auto p = OpenProject(tmp_.File("p"), store::OpenMode::kReadWrite, "");
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    project_ = std::move(p).value();
  }
  void Crawl(const std::string& origin) {
    crawler::SiteCrawlOptions o;
    o.start_urls = {origin + "/"};
    o.delay_seconds = 0;
    o.timeout_seconds = 2;
    o.max_pages = 40;
    o.max_depth = 3;
    auto r = RunSiteCrawl(project_, o, nullptr, nullptr, nullptr);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  std::unique_ptr<SiteCoverage> Coverage() {
    auto c = SiteCoverage::Build(project_);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(c).value() : nullptr;
  }
  TempDir tmp_;
  Project project_;
};

// The shop of the sample project, with a noindex page, a canonical duplicate
// and two pages competing for "monstera kopen".
std::map<std::string, std::string> ShopPages() {
  using S = StaticSite;
  return {
      {"/", S::Page("Groenhuis: kamerplanten online", "Kamerplanten",
                    "<a href=\"/kamerplanten/monstera\">m</a><a href=\"/aanbiedingen/monstera-kopen\">a</a>"
                    "<a href=\"/verzorging/water-geven\">w</a><a href=\"/monstera-prijs\">p</a>"
                    "<a href=\"/monstera-prijs-kopie\">k</a><a href=\"/hangplanten\">h</a>")},
      {"/kamerplanten/monstera", S::Page("Monstera kopen", "Monstera", "<h2>Verpotten</h2>")},
      {"/aanbiedingen/monstera-kopen", S::Page("Monstera kopen met korting", "Aanbiedingen", "")},
      {"/verzorging/water-geven", S::Page("Hoe vaak water geven?", "Water geven aan kamerplanten", "")},
      {"/monstera-prijs", S::Page("Monstera prijs", "Monstera prijs", "", "<meta name=\"robots\" content=\"noindex\">")},
      {"/monstera-prijs-kopie", S::Page("Monstera prijs en stekjes", "Stekjes", "",
                                        "<link rel=\"canonical\" href=\"/kamerplanten/monstera\">")},
      {"/hangplanten", S::Page("Hangplanten", "", "<h2>Hangplant voor de badkamer</h2>")},
  };
}

TEST_F(CoverageTest, TheTestSitesIndexablePagesCoverAndTheOthersNever) {
  testutil::TestSite site(200, 1u << 20);
  Crawl(site.Origin());
  auto cov = Coverage();
  ASSERT_NE(cov, nullptr);
  const std::string o = site.Origin();
  // "/": h1 "Kamerplanten kopen"; /products (title "Alle kamerplanten") lacks "kopen".
  KeywordCoverage k = cov->Cover("kamerplanten kopen");
  EXPECT_EQ(k.url, o + "/");
  EXPECT_DOUBLE_EQ(k.score, 1.0);
  EXPECT_EQ(k.source, "content");
  KeywordCoverage pr = cov->Cover("producten");  // h1 of /products and of its canonical duplicate /dup
  EXPECT_EQ(pr.url, o + "/products");
  EXPECT_FALSE(pr.cannibalisation());
  EXPECT_EQ(cov->Cover("verzorging").url, o + "/only-in-sitemap");  // a page only in the sitemap
  // Only the canonical duplicate /dup says "kopie", only the noindex page "indexeren".
  EXPECT_EQ(cov->Cover("kamerplanten kopie").url, "");
  EXPECT_EQ(cov->Cover("indexeren").url, "");
  EXPECT_EQ(cov->Cover("indexeren").best_url, "");
  EXPECT_EQ(cov->Cover("orchideeen").url, "");
  // The redirect /old -> /new: the record under /old never covers, /new does.
  EXPECT_EQ(cov->Cover("nieuwe pagina").url, o + "/new");
}

TEST_F(CoverageTest, ShopKeywordsMapToTheirPagesWithGapsAndCannibalisation) {
  StaticSite site(ShopPages());
  Crawl(site.Origin());
  auto cov = Coverage();
  ASSERT_NE(cov, nullptr);
  const std::string o = site.Origin();
  EXPECT_EQ(cov->pages(), 5u);  // the noindex page and the canonical duplicate are not indexed
  KeywordCoverage mk = cov->Cover("monstera kopen");
  EXPECT_EQ(mk.url, o + "/kamerplanten/monstera");  // both score 1: the shorter URL
  EXPECT_TRUE(mk.cannibalisation());
  EXPECT_EQ(mk.second_url, o + "/aanbiedingen/monstera-kopen");
  EXPECT_FALSE(cov->Cover("monstera").cannibalisation() && cov->Cover("monstera").url.empty());
  KeywordCoverage wg = cov->Cover("hoe vaak water geven kamerplant");
  EXPECT_EQ(wg.url, o + "/verzorging/water-geven");
  EXPECT_FALSE(wg.cannibalisation());
  // Only the noindex page and the canonical duplicate say "prijs" / "stekjes".
  EXPECT_EQ(cov->Cover("monstera prijs").url, "");
  EXPECT_EQ(cov->Cover("monstera stekjes").url, "");
  // "hangplant" in the title (stem of "hangplanten"), "badkamer" in an h2: (3 + 1.5) / 6.
  KeywordCoverage hp = cov->Cover("hangplant badkamer");
  EXPECT_EQ(hp.url, o + "/hangplanten");
  EXPECT_DOUBLE_EQ(hp.score, 0.75);
  // Headings only: 1.5 / 3 = 0.5, at the threshold.
  KeywordCoverage vz = cov->Cover("verpotten");
  EXPECT_EQ(vz.url, o + "/kamerplanten/monstera");
  EXPECT_DOUBLE_EQ(vz.score, 0.5);
  EXPECT_EQ(cov->Cover("plantenbak binnen").url, "");
  // An export's URL wins over content, when it is an indexable crawled page.
  KeywordCoverage ex = cov->Cover("monstera kopen", o + "/aanbiedingen/monstera-kopen");
  EXPECT_EQ(ex.url, o + "/aanbiedingen/monstera-kopen");
  EXPECT_EQ(ex.source, "export");
  EXPECT_EQ(cov->Cover("monstera kopen", "/aanbiedingen/monstera-kopen").url, o + "/aanbiedingen/monstera-kopen");
  EXPECT_EQ(cov->Cover("monstera kopen", o + "/monstera-prijs").url, o + "/kamerplanten/monstera");  // noindex: content
}

TEST_F(CoverageTest, ReportWritesCoverageCsvAndTheSummaryPerStage) {
  StaticSite site(ShopPages());
  Crawl(site.Origin());
  tmp_.Write("k.csv",
             "keyword,volume\nmonstera kopen,1000\nmonstera prijs,1300\nhoe vaak water geven kamerplant,3600\n"
             "plantenbak binnen,2900\n");
  ASSERT_TRUE(ImportFile(project_, tmp_.File("k.csv"), {}, false).ok());
  std::vector<std::string> written;
  auto data = WriteProjectReport(project_, tmp_.File("out"), {"csv"}, &written);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_TRUE(data->coverage.has_value());
  EXPECT_EQ(data->coverage->covered_keywords(), 2u);
  EXPECT_EQ(data->coverage->gap_keywords(), 2u);
  EXPECT_EQ(data->coverage->covered_volume(), 4600);
  EXPECT_EQ(data->coverage->gap_volume(), 4200);
  EXPECT_EQ(data->coverage->cannibalised_keywords, 1u);
  ASSERT_EQ(data->coverage->top_gaps.size(), 2u);
  EXPECT_EQ(data->coverage->top_gaps[0].keyword, "plantenbak binnen");
  std::string csv = testutil::ReadAll(tmp_.File("out/coverage.csv"));
  EXPECT_EQ(csv.rfind("keyword,stage,monthly_volume,url,score,", 0), 0u) << csv;
  const std::string o = site.Origin();
  EXPECT_NE(csv.find("monstera kopen,purchase,1000," + o + "/kamerplanten/monstera,1.000,content,"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",yes," + o + "/aanbiedingen/monstera-kopen,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("plantenbak binnen,"), std::string::npos);
  EXPECT_NE(csv.find(",2900,,"), std::string::npos) << csv;  // a gap: url empty
  std::string pages = testutil::ReadAll(tmp_.File("out/pages.csv"));
  EXPECT_NE(pages.find(o + "/kamerplanten/monstera,200,yes,,"), std::string::npos) << pages;
}

TEST_F(CoverageTest, WithoutACrawlThereIsNoCoverage) {
  tmp_.Write("k.csv", "keyword,volume\nmonstera kopen,1000\n");
  ASSERT_TRUE(ImportFile(project_, tmp_.File("k.csv"), {}, false).ok());
  std::vector<std::string> written;
  auto data = WriteProjectReport(project_, tmp_.File("out"), {"csv"}, &written);
  ASSERT_TRUE(data.ok());
  EXPECT_FALSE(data->coverage.has_value());
  EXPECT_FALSE(std::filesystem::exists(tmp_.File("out/coverage.csv")));
}

}  // namespace
}  // namespace kr::app
