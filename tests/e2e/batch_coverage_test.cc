// The portfolio's biggest gaps: for a client whose site was crawled, the
// volume no page covers (app/coverage.h) and its biggest keywords, in
// index.html. The site is the local test site (tests/testutil/test_site.h).
#include <gtest/gtest.h>

#include <string>

#include "cli_run.h"
#include "klantreis/test_site.h"

namespace {

using kr::e2e::CmdResult;
using kr::e2e::Klantreis;
using kr::e2e::Quote;
using kr::testutil::ReadAll;
using kr::testutil::TempDir;
using kr::testutil::TestSite;

TEST(BatchCoverage, ACrawledClientShowsItsUncoveredVolumeAndBiggestGaps) {
  TestSite site(0, 1000);
  TempDir tmp;
  const std::string proj = tmp.File("groenhuis");
  ASSERT_EQ(Klantreis(tmp, "init " + Quote(proj) + " --name Groenhuis").code, 0);
  CmdResult crawl = Klantreis(tmp, "crawl " + Quote(site.Origin() + "/") + " -p " + Quote(proj) +
                                       " --delay 0 --timeout 0.5 --max-pages 40 -q");
  ASSERT_EQ(crawl.code, 0) << crawl.err;
  // "kamerplanten kopen" is the home page's h1; calathea and monstera are only in body text: gaps.
  tmp.Write("kw.csv", "keyword,volume\nkamerplanten kopen,500\ncalathea kopen,300\nmonstera verzorging,200\n");
  tmp.Write("batch.toml", "[[project]]\nname = \"groenhuis\"\ndir = \"groenhuis\"\ninputs = [\"kw.csv\"]\n"
                          "formats = [\"csv\", \"html\"]\n");
  CmdResult r = Klantreis(tmp, "batch " + Quote(tmp.File("batch.toml")) + " --out " + Quote(tmp.File("out")));
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  const std::string index = ReadAll(tmp.File("out/index.html"));
  EXPECT_NE(index.find("<span class=\"label\">Biggest gaps</span>500 of 1,000 (50.0%) of the volume, 2 keywords, "
                       "has no page on the site"),
            std::string::npos)
      << index;
  const size_t calathea = index.find("<strong>calathea kopen</strong>");
  ASSERT_NE(calathea, std::string::npos);
  EXPECT_LT(calathea, index.find("<strong>monstera verzorging</strong>"));  // by volume
  const size_t gaps = index.find("<div class=\"site-gaps\">"), end = index.find("</div>", gaps);
  EXPECT_GT(index.find("<strong>kamerplanten kopen</strong>", gaps), end);  // covered: not a gap
}

TEST(BatchCoverage, TheBatchCrawlsAClientSiteOnceAndARerunReusesTheCrawl) {
  TestSite site(0, 1000);
  TempDir tmp;
  tmp.Write("kw.csv", "keyword,volume\nkamerplanten kopen,500\ncalathea kopen,300\n");
  tmp.Write("batch.toml", "[defaults]\ncrawl_delay = 0\n\n[[project]]\nname = \"groenhuis\"\ndir = \"groenhuis\"\n"
                          "inputs = [\"kw.csv\"]\nformats = [\"csv\", \"html\"]\ncrawl = \"" + site.Origin() + "/\"\n"
                          "crawl_max_pages = 40\n");
  const std::string run = "batch " + Quote(tmp.File("batch.toml")) + " --out " + Quote(tmp.File("out"));
  CmdResult first = Klantreis(tmp, run);
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("crawl: w000001 of " + site.Origin() + ": "), std::string::npos) << first.out;
  EXPECT_NE(ReadAll(tmp.File("out/groenhuis/coverage.csv")).find("kamerplanten kopen,"), std::string::npos);
  EXPECT_NE(ReadAll(tmp.File("out/index.html")).find("300 of 800 (37.5%) of the volume, 1 keywords"), std::string::npos);
  const size_t hits = site.Log().size();
  ASSERT_GT(hits, 3u);

  CmdResult second = Klantreis(tmp, run);
  ASSERT_EQ(second.code, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("crawl: w000001 of " + site.Origin() + " ("), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("reused"), std::string::npos);
  EXPECT_EQ(site.Log().size(), hits) << "a rerun does not crawl again";
}

TEST(BatchCoverage, ACrawlSettingOutOfRangeIsABadBatchFile) {
  TempDir tmp;
  tmp.Write("batch.toml", "[[project]]\nname = \"a\"\ndir = \"a\"\ninputs = [\"x.csv\"]\ncrawl_max_pages = 0\n");
  CmdResult r = Klantreis(tmp, "batch " + Quote(tmp.File("batch.toml")) + " --out " + Quote(tmp.File("out")));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("project[0].crawl_max_pages: expected a whole number >= 1"), std::string::npos) << r.err;
}

}  // namespace
