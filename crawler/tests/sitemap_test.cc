// Sitemap parsing (XML with expat, gzip, plain text) and collection over a
// site's sitemap indexes: table tests, the crawler-commons and stormcrawler
// fixtures in ../shared/data, and malformed input that must never crash.
#include "klantreis/crawler/sitemap.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <random>
#include <string>

#include "klantreis/test_site.h"
#include "klantreis/testutil.h"

namespace kr::crawler {
namespace {

// The test site's gzip (one helper for both tests).
std::string Gzip(const std::string& s) { return testutil::TestSite::Gzip(s); }

std::string Urlset(const std::vector<std::string>& locs) {
  std::string s = "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& l : locs) s += "<url><loc>" + l + "</loc></url>\n";
  return s + "</urlset>\n";
}

std::string Index(const std::vector<std::string>& locs) {
  std::string s = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
  for (const auto& l : locs) s += "<sitemap><loc>" + l + "</loc><lastmod>2025-01-01</lastmod></sitemap>";
  return s + "</sitemapindex>";
}

struct Case {
  const char* name;
  std::string body;
  SitemapKind kind;
  std::vector<std::string> locs;
  bool error;
};

TEST(Sitemap, ParsesTheFormsFoundInTheWild) {
  const Case cases[] = {
      {"urlset", Urlset({"http://a.nl/1", "http://a.nl/2"}), SitemapKind::kUrlset, {"http://a.nl/1", "http://a.nl/2"},
       false},
      {"index", Index({"http://a.nl/s1.xml"}), SitemapKind::kIndex, {"http://a.nl/s1.xml"}, false},
      {"no namespace", "<urlset><url><loc>http://a.nl/x</loc></url></urlset>", SitemapKind::kUrlset,
       {"http://a.nl/x"}, false},
      {"prefixed namespace",
       "<s:urlset xmlns:s=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><s:url><s:loc>http://a.nl/p</s:loc>"
       "</s:url></s:urlset>",
       SitemapKind::kUrlset, {"http://a.nl/p"}, false},
      {"undeclared prefix", "<urlset><url><x:loc>http://a.nl/q</x:loc></url></urlset>", SitemapKind::kUrlset,
       {}, true},
      {"values trimmed", "<urlset><url><loc>\n\t http://a.nl/t \n</loc></url></urlset>", SitemapKind::kUrlset,
       {"http://a.nl/t"}, false},
      {"entities decoded", "<urlset><url><loc>http://a.nl/?a=1&amp;b=2</loc></url></urlset>",
       SitemapKind::kUrlset, {"http://a.nl/?a=1&b=2"}, false},
      {"CDATA", "<urlset><url><loc><![CDATA[http://a.nl/c]]></loc></url></urlset>", SitemapKind::kUrlset,
       {"http://a.nl/c"}, false},
      {"image loc is not a page", "<urlset xmlns:image=\"i\"><url><loc>http://a.nl/p</loc><image:image>"
       "<image:loc>http://a.nl/i.jpg</image:loc></image:image></url></urlset>",
       SitemapKind::kUrlset, {"http://a.nl/p"}, false},
      {"bare URL in sitemap element", "<sitemapindex><sitemap>\n http://a.nl/s.xml \n</sitemap></sitemapindex>",
       SitemapKind::kIndex, {"http://a.nl/s.xml"}, false},
      {"text", "http://a.nl/1\r\n\r\n  http://a.nl/2  \n", SitemapKind::kText, {"http://a.nl/1", "http://a.nl/2"},
       false},
      {"text with BOM", "\xEF\xBB\xBFhttp://a.nl/1\n", SitemapKind::kText, {"http://a.nl/1"}, false},
      {"text line that is not UTF-8 is no URL", "http://a.nl/1\nhttp\xC6\xD0\xD0\x88.nl/2\nhttp://a.nl/3\n",
       SitemapKind::kText, {"http://a.nl/1", "http://a.nl/3"}, false},
      {"loc with a line break inside is no URL",
       "<urlset><url><loc>http://a.nl/1</loc></url><url><loc>http://a.nl/x?a=1&amp;b\n=2</loc></url></urlset>",
       SitemapKind::kUrlset, {"http://a.nl/1"}, false},
      {"XML with BOM", "\xEF\xBB\xBF<urlset><url><loc>http://a.nl/b</loc></url></urlset>", SitemapKind::kUrlset,
       {"http://a.nl/b"}, false},
      {"gzip", Gzip(Urlset({"http://a.nl/g"})), SitemapKind::kUrlset, {"http://a.nl/g"}, false},
      {"truncated XML keeps what came before",
       "<urlset><url><loc>http://a.nl/1</loc></url><url><loc>http://a.nl/2", SitemapKind::kUrlset,
       {"http://a.nl/1"}, true},
      {"mismatched tag", "<urlset><url><loc>http://a.nl/1</loc></url><url></loc></urlset>", SitemapKind::kUrlset,
       {"http://a.nl/1"}, true},
      {"RSS is not a sitemap", "<rss><channel><item><link>http://a.nl/x</link></item></channel></rss>",
       SitemapKind::kUnknown, {}, true},
      {"DOCTYPE refused (entity expansion)",
       "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
       "<urlset><url><loc>&lol2;</loc></url></urlset>",
       SitemapKind::kUnknown, {}, true},
      {"empty", "", SitemapKind::kUnknown, {}, true},
      {"corrupt gzip", std::string("\x1F\x8B\x08\x00garbage", 11), SitemapKind::kUnknown, {}, true},
  };
  for (const Case& c : cases) {
    ParsedSitemap p = ParseSitemap(c.body);
    EXPECT_EQ(p.kind, c.kind) << c.name;
    std::vector<std::string> locs;
    for (const auto& e : p.entries) locs.push_back(e.loc);
    EXPECT_EQ(locs, c.locs) << c.name;
    EXPECT_EQ(!p.error.empty(), c.error) << c.name << ": " << p.error;
  }
}

TEST(Sitemap, KeepsLastmodAndNamesTheLineOfAnXmlError) {
  ParsedSitemap p = ParseSitemap(
      "<urlset>\n<url><loc>http://a.nl/1</loc><lastmod> 2024-12-23T18:00:15+00:00 </lastmod></url>\n<url>\n</urlset>");
  ASSERT_EQ(p.entries.size(), 1u);
  EXPECT_EQ(p.entries[0].lastmod, "2024-12-23T18:00:15+00:00");
  EXPECT_EQ(p.error.rfind("line 4: ", 0), 0u) << p.error;
}

TEST(Sitemap, CapsUrlsPerFileAndBytesPerFile) {
  SitemapLimits limits;
  limits.max_urls = 3;
  std::vector<std::string> locs;
  for (int i = 0; i < 10; ++i) locs.push_back("http://a.nl/" + std::to_string(i));
  ParsedSitemap p = ParseSitemap(Urlset(locs), limits);
  EXPECT_EQ(p.entries.size(), 3u);
  EXPECT_EQ(p.over_url_cap, 7u);

  limits = SitemapLimits();
  limits.max_bytes = 1000;
  std::string big = Urlset(std::vector<std::string>(100, "http://a.nl/page"));
  p = ParseSitemap(big, limits);
  EXPECT_TRUE(p.over_byte_cap);
  EXPECT_LT(p.entries.size(), 100u);
  EXPECT_GT(p.entries.size(), 0u);
  EXPECT_NE(p.error.find("longer than 1000 bytes"), std::string::npos) << p.error;

  // A gzip bomb stops at the cap: 40 MB of zeros compress to ~40 KB.
  std::string zeros(40u << 20, '0');
  std::string bomb = Gzip(zeros);
  zeros.clear();
  zeros.shrink_to_fit();
  limits.max_bytes = 5'000'000;
  bool over = false;
  Result<std::string> r = Gunzip(bomb, limits.max_bytes, &over);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(over);
  EXPECT_EQ(r->size(), limits.max_bytes);
  p = ParseSitemap(bomb, limits);
  EXPECT_TRUE(p.over_byte_cap);
  EXPECT_TRUE(p.gzipped);
}

TEST(Sitemap, RandomBytesHugeLinesAndDeepNestingNeverCrash) {
  std::mt19937 rng(12);
  for (int round = 0; round < 300; ++round) {
    std::string s(rng() % 5000, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    if (round % 3 == 0 && !s.empty()) s[0] = '<';
    if (round % 5 == 0) s = "<urlset><url><loc>" + s;
    if (round % 7 == 0) s = Gzip(s);
    (void)ParseSitemap(s);
  }
  (void)ParseSitemap(std::string(20u << 20, 'h'));                    // a 20 MB text line
  (void)ParseSitemap("<urlset><url><loc>http://a.nl/" + std::string(5u << 20, 'x') + "</loc></url></urlset>");
  std::string deep = "<urlset>";
  for (int i = 0; i < 200000; ++i) deep += "<url>";
  ParsedSitemap p = ParseSitemap(deep);
  EXPECT_FALSE(p.error.empty());
}

// ---- collecting ----

struct FakeSite {
  std::map<std::string, std::string> files;
  std::vector<std::string> fetched;
  SitemapFetch Fetch() {
    return [this](const std::string& url) -> Result<std::string> {
      fetched.push_back(url);
      auto it = files.find(url);
      if (it == files.end()) return Status::NotFound("HTTP 404");
      return it->second;
    };
  }
};

TEST(SitemapCollect, FollowsIndexesKeepsTheOriginAndCountsTheRest) {
  FakeSite site;
  site.files["http://a.nl/sitemap.xml"] = Index({"http://a.nl/s1.xml.gz", "/s2.txt", "http://other.nl/s3.xml",
                                                 "http://a.nl/missing.xml", "http://a.nl/nested.xml"});
  site.files["http://a.nl/s1.xml.gz"] =
      Gzip(Urlset({"http://a.nl/only-in-sitemap", "http://A.NL:80/dup", "http://a.nl/dup#x", "https://a.nl/tls",
                   "not a url"}));
  site.files["http://a.nl/s2.txt"] = "http://a.nl/from-text\nhttp://b.nl/elsewhere\n";
  site.files["http://a.nl/nested.xml"] = Index({"http://a.nl/deeper.xml"});
  site.files["http://a.nl/deeper.xml"] = Urlset({"http://a.nl/deep"});
  WebUrl origin = *ParseWebUrl("http://a.nl/");
  SitemapCollectOptions opt;
  opt.max_depth = 1;
  SitemapCollection c = CollectSitemaps({"/sitemap.xml"}, origin, site.Fetch(), opt);
  std::vector<std::string> pages;
  for (const auto& p : c.pages) pages.push_back(p.url);
  EXPECT_EQ(pages, (std::vector<std::string>{"http://a.nl/only-in-sitemap", "http://a.nl/dup", "http://a.nl/from-text"}));
  EXPECT_EQ(c.pages[0].sitemap, "http://a.nl/s1.xml.gz");
  EXPECT_EQ(c.outside_origin, 3u);  // other.nl sitemap, https page, b.nl page
  EXPECT_EQ(c.invalid_urls, 1u);
  EXPECT_EQ(c.files_skipped, 1u);  // deeper.xml is at depth 2
  EXPECT_EQ(c.errors.size(), 1u);  // missing.xml
  EXPECT_EQ(site.fetched, (std::vector<std::string>{"http://a.nl/sitemap.xml", "http://a.nl/s1.xml.gz",
                                                    "http://a.nl/s2.txt", "http://a.nl/missing.xml",
                                                    "http://a.nl/nested.xml"}));
}

TEST(SitemapCollect, AnIndexLoopAndTheFileCapEndTheWalk) {
  FakeSite site;
  site.files["http://a.nl/a.xml"] = Index({"http://a.nl/b.xml"});
  site.files["http://a.nl/b.xml"] = Index({"http://a.nl/a.xml", "http://a.nl/c.xml"});
  site.files["http://a.nl/c.xml"] = Urlset({"http://a.nl/page"});
  WebUrl origin = *ParseWebUrl("http://a.nl/");
  SitemapCollection c = CollectSitemaps({"http://a.nl/a.xml"}, origin, site.Fetch());
  EXPECT_EQ(site.fetched.size(), 3u);
  ASSERT_EQ(c.pages.size(), 1u);

  SitemapCollectOptions opt;
  opt.max_files = 2;
  site.fetched.clear();
  c = CollectSitemaps({"http://a.nl/a.xml"}, origin, site.Fetch(), opt);
  EXPECT_EQ(site.fetched.size(), 2u);
  EXPECT_TRUE(c.pages.empty());
  EXPECT_EQ(c.files_skipped, 2u);  // a.xml seen again, c.xml over the file cap
}

// ---- fixtures ----

size_t CountEntries(const std::string& rel, SitemapKind kind, std::string* first = nullptr) {
  std::string path = testutil::SharedFile(rel);
  if (path.empty()) return 0;
  ParsedSitemap p = ParseSitemap(testutil::ReadAll(path));
  EXPECT_EQ(p.kind, kind) << rel << ": " << p.error;
  if (first && !p.entries.empty()) *first = p.entries[0].loc;
  return p.entries.size();
}

TEST(SitemapFixtures, CrawlerCommons) {
  KR_REQUIRE_SHARED(dir, "data/crawler_fixtures/crawler-commons/sitemaps/sitemap.txt");
  const std::string cc = "data/crawler_fixtures/crawler-commons/sitemaps/";
  std::string first;
  EXPECT_EQ(CountEntries(cc + "sitemap.txt", SitemapKind::kText, &first), 2u);
  EXPECT_EQ(first, "http://www.domain.com/page1.html");
  EXPECT_EQ(CountEntries(cc + "sitemap-with-bom.txt", SitemapKind::kText, &first), 2u);
  EXPECT_EQ(first, "http://www.domain.com/page1.html");
  EXPECT_EQ(CountEntries(cc + "xmlSitemap.gz", SitemapKind::kUrlset, &first), 5u);
  EXPECT_EQ(first, "http://www.example.com/");
  EXPECT_EQ(CountEntries(cc + "sitemap.ns.xml", SitemapKind::kUrlset, &first), 2u);
  EXPECT_EQ(first, "http://www.example.com/1");
  EXPECT_EQ(CountEntries(cc + "sitemap.badns.xml", SitemapKind::kUrlset, &first), 2u);
  EXPECT_EQ(CountEntries(cc + "sitemap.index.xml", SitemapKind::kIndex, &first), 15u);
  EXPECT_EQ(first, "https://example.com/sitemap.jss?portalCode=10260&lang=en");
  EXPECT_EQ(CountEntries(cc + "hebdenbridgetimes-articles-sitemap.xml", SitemapKind::kUrlset), 74u);
  EXPECT_EQ(CountEntries(cc + "sitemap-images.xml", SitemapKind::kUrlset), 1u);
  EXPECT_EQ(CountEntries(cc + "sitemap-news.xml", SitemapKind::kUrlset), 2u);
  EXPECT_EQ(CountEntries(cc + "sitemap-videos.xml", SitemapKind::kUrlset), 3u);
  EXPECT_EQ(CountEntries(cc + "atom.xml", SitemapKind::kUnknown), 0u);

  ParsedSitemap gz = ParseSitemap(testutil::ReadAll(testutil::SharedFile(cc + "xmlSitemap.gz")));
  EXPECT_TRUE(gz.gzipped);
  EXPECT_EQ(gz.entries[0].lastmod, "2005-01-01");
  EXPECT_EQ(gz.entries[3].lastmod, "2004-12-23T18:00:15+00:00");
}

TEST(SitemapFixtures, StormCrawlerGzipAndPlainAgree) {
  KR_REQUIRE_SHARED(xml, "data/crawler_fixtures/stormcrawler/sitemaps/stormcrawler.sitemap.xml");
  KR_REQUIRE_SHARED(gz, "data/crawler_fixtures/stormcrawler/sitemaps/stormcrawler.sitemap.xml.gz");
  ParsedSitemap a = ParseSitemap(testutil::ReadAll(xml)), b = ParseSitemap(testutil::ReadAll(gz));
  EXPECT_EQ(a.entries.size(), 6u);
  ASSERT_EQ(a.entries.size(), b.entries.size());
  for (size_t i = 0; i < a.entries.size(); ++i) EXPECT_EQ(a.entries[i].loc, b.entries[i].loc);
  EXPECT_EQ(a.entries[0].loc, "https://stormcrawler.apache.org/");
  const std::string sc = "data/crawler_fixtures/stormcrawler/sitemaps/";
  EXPECT_EQ(CountEntries(sc + "stormcrawler.sitemap.index.xml", SitemapKind::kIndex), 4u);
  EXPECT_EQ(CountEntries(sc + "stormcrawler.sitemap.extensions.all.xml", SitemapKind::kUrlset), 7u);
  EXPECT_EQ(CountEntries(sc + "stormcrawler.sitemap.extensions.news.xml", SitemapKind::kUrlset), 6u);
  EXPECT_EQ(CountEntries(sc + "stormcrawler.rss", SitemapKind::kUnknown), 0u);
}

}  // namespace
}  // namespace kr::crawler
