// Site coverage on real crawls of local sites: which indexable page covers
// which keyword, gaps, noindex and canonical duplicates never covering,
// cannibalisation, export URLs, coverage.csv and the per-stage summary.
#include "klantreis/app/coverage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

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
  // The main text counts with weight 1: "verkopen" only in the text of "/" is 1/3, a gap;
  // with "kamerplanten" in its title (3 + 1) / 6. The footer is not main text.
  KeywordCoverage kh = cov->Cover("kamerplanten verkopen");
  EXPECT_EQ(kh.url, o + "/");
  EXPECT_NEAR(kh.score, 4.0 / 6.0, 1e-9);
  EXPECT_NE(std::find(kh.matched.begin(), kh.matched.end(), "verkopen@text"), kh.matched.end());
  KeywordCoverage huis = cov->Cover("verkopen");
  EXPECT_EQ(huis.url, "");
  EXPECT_EQ(huis.best_url, o + "/");
  EXPECT_EQ(cov->Cover("voettekst").best_url, "");
  // The stored term set: meaningful words of the main text, bounded, no text itself.
  bool home = false;
  ASSERT_TRUE(project_.store->ForEachPage([&](const store::CrawlRun&, const WebPage& p) {
    EXPECT_TRUE(p.text.empty());
    EXPECT_LE(p.terms.size(), kMaxPageTerms);
    if (p.url == o + "/") {
      home = true;
      EXPECT_NE(std::find(p.terms.begin(), p.terms.end(), "kamerplanten"), p.terms.end());
      EXPECT_EQ(std::find(p.terms.begin(), p.terms.end(), "voettekst"), p.terms.end());
      EXPECT_EQ(std::find(p.terms.begin(), p.terms.end(), "voor"), p.terms.end());  // a stop word
    }
    return true;
  }).ok());
  EXPECT_TRUE(home);
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

// A real Semrush Keyword Strategy Builder export (its "Page" column, empty in
// the saved file, filled here for three keywords with pages of a local site):
// the export's page covers the keyword even where the content would not.
TEST_F(CoverageTest, SemrushPageColumnNamesTheCoveringPage) {
  KR_REQUIRE_SHARED(path, "data/keyword_exports/semrush_keyword_strategy_builder_en_us_video-editing.csv");
  StaticSite site({{"/", StaticSite::Page("Video tools", "Video tools", "<a href=\"/a\">a</a><a href=\"/b\">b</a>")},
                   {"/a", StaticSite::Page("Editing guide", "Editing guide", "")},
                   {"/b", StaticSite::Page("Reels", "Reels", "", "<meta name=\"robots\" content=\"noindex\">")}});
  Crawl(site.Origin());
  // Fill the Page cells of data rows 1-3 (the file's own header and rows otherwise unchanged).
  std::string text = testutil::ReadAll(path);
  std::vector<std::string> lines;
  for (size_t i = 0, j; i < text.size(); i = j + 1) {
    j = text.find('\n', i);
    if (j == std::string::npos) j = text.size();
    lines.push_back(text.substr(i, j - i));
  }
  ASSERT_GT(lines.size(), 4u);
  ASSERT_EQ(lines[0].rfind("Database,Keyword,Seed keyword,Page,", 0), 0u) << lines[0];
  std::vector<std::string> kw;
  const std::string pages[] = {site.Origin() + "/a", "/a", site.Origin() + "/b"};
  for (int i = 1; i <= 3; ++i) {
    std::string& l = lines[i];
    size_t c1 = l.find(','), c2 = l.find(',', c1 + 1), c3 = l.find(',', c2 + 1);
    ASSERT_EQ(l.substr(c3, 2), ",,") << l;  // the Page cell is empty in the saved file
    kw.push_back(l.substr(c1 + 1, c2 - c1 - 1));
    l.insert(c3 + 1, pages[i - 1]);  // the empty Page cell
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  tmp_.Write("semrush.csv", out);
  auto imp = ImportFile(project_, tmp_.File("semrush.csv"), {}, false);
  ASSERT_TRUE(imp.ok()) << imp.status().ToString();
  auto data = BuildReport(project_);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  std::map<std::string, std::string> page_of;
  for (const auto& k : data->keywords) page_of[k.keyword] = k.page_url;
  EXPECT_EQ(page_of[kw[0]], site.Origin() + "/a");
  EXPECT_EQ(page_of[kw[1]], "/a");
  auto cov = Coverage();
  ASSERT_NE(cov, nullptr);
  KeywordCoverage a = cov->Cover(kw[0], page_of[kw[0]]);
  EXPECT_EQ(a.url, site.Origin() + "/a") << kw[0];
  EXPECT_EQ(a.source, "export");
  EXPECT_EQ(cov->Cover(kw[1], page_of[kw[1]]).url, site.Origin() + "/a") << kw[1];  // a path, resolved on the site
  KeywordCoverage c = cov->Cover(kw[2], page_of[kw[2]]);  // a noindex page: content decides, and no page holds every term
  EXPECT_EQ(c.source, "") << kw[2];
  EXPECT_EQ(c.url, "") << kw[2];
  EXPECT_EQ(page_of["best video editing apps for social media"], "");  // rows without a Page
  ASSERT_TRUE(data->coverage.has_value());
  EXPECT_GE(data->coverage->covered_keywords(), 2u);
}

}  // namespace
}  // namespace kr::app
