// Reading crawled HTML pages: head facts, headings, words, links, robots
// directives; the stormcrawler HTML fixtures, including the deeply nested one.
#include "klantreis/crawler/page_html.h"

#include <gtest/gtest.h>

#include <chrono>

#include "klantreis/testutil.h"

namespace kr::crawler {
namespace {

TEST(PageHtml, ReadsHeadFactsHeadingsAndMainText) {
  HtmlFacts f = ReadHtml(
      "<html lang='NL-nl'><head><title> Monstera  kopen </title>"
      "<meta name='Description' content=' Grote \n monstera '><meta name='robots' content='noindex'>"
      "<meta name='KLANTREIS' content='nofollow'><meta name='googlebot' content='noarchive'>"
      "<link rel='alternate canonical' href='/monstera?x=1#f'></head>"
      "<body><header>Menu woorden hier</header><main><h1>Monstera <b>deliciosa</b></h1><h2>Verzorging</h2>"
      "<h2></h2><h3>Water</h3><p>Een plant met grote bladeren.</p><script>var a = 'geen woorden';</script>"
      "</main><footer>voet</footer></body></html>",
      "http://a.nl/dir/page", "klantreis");
  EXPECT_EQ(f.title, "Monstera kopen");
  EXPECT_EQ(f.description, "Grote monstera");
  EXPECT_EQ(f.lang, "nl-nl");
  EXPECT_EQ(f.canonical, "http://a.nl/monstera?x=1");
  EXPECT_EQ(f.meta_robots, (std::vector<std::string>{"noindex", "nofollow"}));
  EXPECT_EQ(f.h1, std::vector<std::string>{"Monstera deliciosa"});
  EXPECT_EQ(f.h2, std::vector<std::string>{"Verzorging"});
  EXPECT_EQ(f.h3, std::vector<std::string>{"Water"});
  EXPECT_EQ(f.words, 2u + 1u + 1u + 5u);  // h1, h2, h3, paragraph; no script, header, footer
  EXPECT_EQ(f.text, "Monstera deliciosa Verzorging Water Een plant met grote bladeren.");
}

TEST(PageHtml, MainTextIsBoundedAndCutBetweenWords) {
  std::string body;
  for (int i = 0; i < 20000; ++i) body += "kamerplant\xc3\xa9 ";  // 12 bytes per word, 240 KB
  HtmlFacts f = ReadHtml("<html><body><p>" + body + "</p></body></html>", "http://a.nl/", "klantreis");
  EXPECT_EQ(f.words, 20000u);
  EXPECT_LE(f.text.size(), kMaxPageText);
  EXPECT_GT(f.text.size(), kMaxPageText - 16);
  EXPECT_EQ(f.text.substr(f.text.size() - 12), "kamerplant\xc3\xa9");  // whole words only
  EXPECT_EQ(f.text.find("  "), std::string::npos);
}

TEST(PageHtml, LinksResolveAgainstBaseAndDropOtherSchemes) {
  HtmlFacts f = ReadHtml(
      "<a href='early'>before base</a><base href='http://a.nl/base/'>"
      "<a href='x'>x</a><a href='x#frag'>x again</a><a href='/abs' rel='nofollow'>abs</a>"
      "<a href=' //b.nl/other '>other</a><a href='mailto:a@b.c'>m</a><a href='javascript:void(0)'>j</a>"
      "<a href='tel:123'>t</a><a>no href</a><map><area href='area'></map><a href='http://[bad'>bad</a>",
      "http://a.nl/page", "klantreis");
  std::vector<std::string> urls;
  for (const auto& l : f.links) urls.push_back(l.url + (l.nofollow ? " nofollow" : ""));
  EXPECT_EQ(urls, (std::vector<std::string>{"http://a.nl/base/early", "http://a.nl/base/x", "http://a.nl/abs nofollow",
                                            "http://b.nl/other", "http://a.nl/base/area"}));
  EXPECT_EQ(f.dropped_links, 4u);
}

TEST(PageHtml, RobotsDirectivesAndXRobotsTagForUs) {
  EXPECT_TRUE(RobotsDirective("noindex, follow", "noindex"));
  EXPECT_FALSE(RobotsDirective("noindex, follow", "nofollow"));
  EXPECT_TRUE(RobotsDirective("NONE", "nofollow"));
  EXPECT_TRUE(RobotsDirective("NONE", "noindex"));
  EXPECT_FALSE(RobotsDirective("noindexer", "noindex"));
  EXPECT_EQ(XRobotsFor({"noindex", "googlebot: nofollow", "klantreis: noarchive, nofollow",
                        "unavailable_after: 25 Jun 2010 15:00:00 PST"},
                       "klantreis"),
            (std::vector<std::string>{"noindex", "noarchive, nofollow", "unavailable_after: 25 Jun 2010 15:00:00 PST"}));
}

TEST(PageHtml, InvalidUtf8AndEmptyInputAreSafe) {
  HtmlFacts f = ReadHtml("<title>caf\xE9 \xFF</title>", "http://a.nl/", "klantreis");
  EXPECT_EQ(f.title.find('\xFF'), std::string::npos);
  HtmlFacts empty = ReadHtml("", "http://a.nl/", "klantreis");
  EXPECT_TRUE(empty.title.empty());
  EXPECT_EQ(empty.words, 0u);
}

TEST(PageHtmlFixtures, StormCrawlerPages) {
  KR_REQUIRE_SHARED(home, "data/crawler_fixtures/stormcrawler/html/stormcrawler.apache.org.html");
  HtmlFacts f = ReadHtml(testutil::ReadAll(home), "https://stormcrawler.apache.org/", "klantreis");
  EXPECT_FALSE(f.title.empty());
  EXPECT_FALSE(f.description.empty());
  EXPECT_GT(f.links.size(), 5u);
  EXPECT_GT(f.words, 50u);

  std::string js = testutil::ReadAll(testutil::SharedFile("data/crawler_fixtures/stormcrawler/html/javascriptLinks.html"));
  HtmlFacts j = ReadHtml(js, "http://www.example.com/", "klantreis");
  ASSERT_EQ(j.links.size(), 1u);
  EXPECT_EQ(j.links[0].url, "http://www.example.com/mylink");
  EXPECT_EQ(j.dropped_links, 1u);

  std::string dup = testutil::ReadAll(testutil::SharedFile("data/crawler_fixtures/stormcrawler/html/duplicateLinks.html"));
  HtmlFacts d = ReadHtml(dup, "http://www.example.com/", "klantreis");
  EXPECT_EQ(d.links.size(), 1u);  // with and without #anchor: one URL
}

TEST(PageHtmlFixtures, DeeplyNestedPageIsReadWithoutBlowingTheStack) {
  KR_REQUIRE_SHARED(deep, "data/crawler_fixtures/stormcrawler/html/stackexception.html");
  auto t0 = std::chrono::steady_clock::now();
  HtmlFacts f = ReadHtml(testutil::ReadAll(deep), "https://stormcrawler.apache.org/", "klantreis");
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_FALSE(f.refused);
  EXPECT_FALSE(f.title.empty());
  EXPECT_LT(s, 30.0);  // a guard against a hang, not a timing target
  std::string bomb;
  for (int i = 0; i < 30000; ++i) bomb += "<div>";
  EXPECT_TRUE(ReadHtml(bomb, "http://a.nl/", "klantreis").refused);
}


// Caps on inputs Gumbo handles in super-linear time, asserted as caps: a
// tag with 1000 attributes is read, one with 1001 is refused with the
// figure and the limit; so is nesting past 20,000 levels.
TEST(PageHtmlCaps, AttributesPerTagAndNestingJustUnderAreReadJustOverAreRefused) {
  auto tag = [](size_t n) {
    std::string t = "<html><head><title>Fietsen</title></head><body><div";
    for (size_t i = 0; i < n; ++i) t += " a" + std::to_string(i) + "=\"" + std::to_string(i) + "\"";
    return t + "><h1>Fietsen kopen</h1></div></body></html>";
  };
  HtmlFacts under = ReadHtml(tag(1000), "http://a.nl/", "klantreis");
  EXPECT_FALSE(under.refused) << under.refused_why;
  EXPECT_EQ(under.title, "Fietsen");
  HtmlFacts over = ReadHtml(tag(1001), "http://a.nl/", "klantreis");
  EXPECT_TRUE(over.refused);
  EXPECT_NE(over.refused_why.find("about 1001 attributes (limit 1000)"), std::string::npos) << over.refused_why;

  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "<div>";
  HtmlFacts nested = ReadHtml("<title>Diep</title>" + deep, "http://a.nl/", "klantreis");
  EXPECT_FALSE(nested.refused) << nested.refused_why;
  EXPECT_EQ(nested.title, "Diep");
  HtmlFacts deeper = ReadHtml("<title>Diep</title>" + deep + "<div>", "http://a.nl/", "klantreis");
  EXPECT_TRUE(deeper.refused);
  EXPECT_NE(deeper.refused_why.find("levels deep (limit 20000)"), std::string::npos) << deeper.refused_why;
}

}  // namespace
}  // namespace kr::crawler
