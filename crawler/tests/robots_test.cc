// robots.txt parsing and matching: RFC 9309 and Google's behaviour, as table
// tests, plus the crawler-commons fixtures in ../shared/data.
#include "klantreis/crawler/robots.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "klantreis/core/text.h"
#include "klantreis/testutil.h"

namespace kr::crawler {
namespace {

bool Allowed(const std::string& robots, const std::string& agent, const std::string& url) {
  return RobotsTxt::Parse(robots, agent).Check(url).allowed;
}

struct Case {
  const char* name;
  const char* robots;
  const char* agent;
  const char* url;
  bool allowed;
};

const Case kCases[] = {
    {"empty file allows", "", "FooBot", "http://foo.bar/x/y", true},
    {"disallow all", "user-agent: FooBot\ndisallow: /\n", "FooBot", "http://foo.bar/x/y", false},
    {"agent case-insensitive", "USER-AGENT: FOOBOT\nDISALLOW: /\n", "foobot", "http://foo.bar/x", false},
    {"agent product token only", "user-agent: FooBot/1.2\ndisallow: /\n", "FooBot", "http://foo.bar/x", false},
    {"agent up to first space", "user-agent: Foo Bar\ndisallow: /\n", "Foo", "http://foo.bar/x", false},
    {"other agent not obeyed", "user-agent: BarBot\ndisallow: /\n", "FooBot", "http://foo.bar/x", true},
    {"global when no specific", "user-agent: *\ndisallow: /\n", "FooBot", "http://foo.bar/x", false},
    {"specific beats global", "user-agent: *\ndisallow: /\nuser-agent: FooBot\nallow: /\n", "FooBot",
     "http://foo.bar/x", true},
    {"specific group without rules allows", "user-agent: *\ndisallow: /\nuser-agent: FooBot\n", "FooBot",
     "http://foo.bar/x", true},
    {"agent lines in sequence form one group", "user-agent: BarBot\nuser-agent: FooBot\ndisallow: /x\n", "FooBot",
     "http://foo.bar/x", false},
    {"rule ends the agent list", "user-agent: FooBot\nallow: /\nuser-agent: BarBot\ndisallow: /x\n", "FooBot",
     "http://foo.bar/x", true},
    {"groups of the same agent merge", "user-agent: FooBot\ndisallow: /a\nuser-agent: BarBot\ndisallow: /\n"
     "user-agent: FooBot\ndisallow: /b\n", "FooBot", "http://foo.bar/b", false},
    {"blank lines do not end the agent list", "user-agent: FooBot\n\nuser-agent: *\ndisallow: /\n", "FooBot",
     "http://foo.bar/x", false},
    {"digits are part of the product token", "user-agent: bot1\ndisallow: /\n", "bot2", "http://foo.bar/x", true},
    {"agent given with a version", "user-agent: FooBot\ndisallow: /\n", "FooBot/2.1", "http://foo.bar/x", false},
    {"rules before any agent ignored", "disallow: /\nuser-agent: FooBot\nallow: /x\n", "FooBot", "http://foo.bar/y",
     true},
    {"longest match wins (disallow)", "user-agent: FooBot\nallow: /x/\ndisallow: /x/page\n", "FooBot",
     "http://foo.bar/x/page.html", false},
    {"longest match wins (allow)", "user-agent: FooBot\ndisallow: /x/\nallow: /x/page\n", "FooBot",
     "http://foo.bar/x/page.html", true},
    {"allow wins a tie", "user-agent: FooBot\ndisallow: /x\nallow: /x\n", "FooBot", "http://foo.bar/x", true},
    {"star matches any run", "user-agent: FooBot\ndisallow: /*.php\n", "FooBot", "http://foo.bar/a/b.php?q=1",
     false},
    {"dollar anchors", "user-agent: FooBot\ndisallow: /*.php$\n", "FooBot", "http://foo.bar/a/b.php?q=1", true},
    {"dollar anchors (match)", "user-agent: FooBot\ndisallow: /*.php$\n", "FooBot", "http://foo.bar/a/b.php",
     false},
    {"prefix match", "user-agent: FooBot\ndisallow: /fish\n", "FooBot", "http://foo.bar/fish.html", false},
    {"case-sensitive paths", "user-agent: FooBot\ndisallow: /fish\n", "FooBot", "http://foo.bar/Fish", true},
    {"query is part of the path", "user-agent: FooBot\ndisallow: /*?\n", "FooBot", "http://foo.bar/a?b=1", false},
    {"fragment ignored", "user-agent: FooBot\ndisallow: /a$\n", "FooBot", "http://foo.bar/a#frag", false},
    {"empty disallow matches nothing", "user-agent: FooBot\ndisallow:\n", "FooBot", "http://foo.bar/x", true},
    {"root url is slash", "user-agent: FooBot\ndisallow: /$\n", "FooBot", "http://foo.bar", false},
    {"comments stripped", "user-agent: FooBot # me\ndisallow: /x # not here\n", "FooBot", "http://foo.bar/x",
     false},
    {"CR line endings", "user-agent: FooBot\rdisallow: /x\r", "FooBot", "http://foo.bar/x", false},
    {"CRLF line endings", "user-agent: FooBot\r\ndisallow: /x\r\n", "FooBot", "http://foo.bar/x", false},
    {"missing colon accepted", "user-agent FooBot\ndisallow /x\n", "FooBot", "http://foo.bar/x", false},
    {"typo disallow accepted", "user-agent: FooBot\ndissallow: /x\n", "FooBot", "http://foo.bar/x", false},
    {"unknown line keeps the group", "user-agent: FooBot\ncrawl-delay: 5\ndisallow: /x\n", "FooBot",
     "http://foo.bar/x", false},
    {"sitemap line keeps the group", "user-agent: FooBot\nsitemap: http://foo.bar/s.xml\ndisallow: /x\n", "FooBot",
     "http://foo.bar/x", false},
    {"BOM skipped", "\xEF\xBB\xBFuser-agent: FooBot\ndisallow: /\n", "FooBot", "http://foo.bar/x", false},
    {"percent escape case", "user-agent: FooBot\ndisallow: /a%3c\n", "FooBot", "http://foo.bar/a%3C", false},
    {"unreserved escape decoded", "user-agent: FooBot\ndisallow: /%7Ejoe\n", "FooBot", "http://foo.bar/~joe",
     false},
    {"non-ascii pattern encoded", "user-agent: FooBot\ndisallow: /caf\xC3\xA9\n", "FooBot",
     "http://foo.bar/caf%C3%A9", false},
    {"non-ascii url encoded", "user-agent: FooBot\ndisallow: /caf%C3%A9\n", "FooBot", "http://foo.bar/caf\xC3\xA9",
     false},
    {"index.html allows the directory", "user-agent: FooBot\ndisallow: /\nallow: /d/index.html\n", "FooBot",
     "http://foo.bar/d/", true},
    {"global star needs a lone star", "user-agent: *bot\ndisallow: /\n", "FooBot", "http://foo.bar/x", true},
    {"robots.txt always allowed", "user-agent: *\ndisallow: /\n", "FooBot", "http://foo.bar/robots.txt", true},
    {"path given without host", "user-agent: FooBot\ndisallow: /x\n", "FooBot", "/x/y", false},
};

TEST(RobotsTxt, TableOfRfcAndGoogleBehaviour) {
  for (const Case& c : kCases) {
    EXPECT_EQ(Allowed(c.robots, c.agent, c.url), c.allowed) << c.name;
  }
}

TEST(RobotsTxt, VerdictNamesTheDecidingRule) {
  RobotsTxt r = RobotsTxt::Parse("user-agent: *\nallow: /p/\ndisallow: /p/secret\n", "klantreis");
  RobotsVerdict v = r.Check("https://x.nl/p/secret.html");
  ASSERT_NE(v.rule, nullptr);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.rule->Describe(), "Disallow: /p/secret");
  EXPECT_EQ(v.rule->line, 3);
  EXPECT_EQ(r.Check("https://x.nl/other").rule, nullptr);
}

TEST(RobotsTxt, CollectsSitemapLinesAnywhere) {
  RobotsTxt r = RobotsTxt::Parse("sitemap: https://x.nl/a.xml\nuser-agent: *\nSitemap: /b.xml\n", "klantreis");
  ASSERT_EQ(r.sitemaps().size(), 2u);
  EXPECT_EQ(r.sitemaps()[0], "https://x.nl/a.xml");
  EXPECT_EQ(r.sitemaps()[1], "/b.xml");
}

TEST(RobotsTxt, FetchOutcomesAllowOrDisallowEverything) {
  EXPECT_TRUE(RobotsTxt::AllowAll().Check("/anything").allowed);
  EXPECT_FALSE(RobotsTxt::DisallowAll().Check("/anything").allowed);
}

TEST(RobotsTxt, Utf16FileWithBomIsRead) {
  std::string utf8 = "User-agent: *\nDisallow: /x\n";
  std::string utf16 = "\xFF\xFE";
  for (char c : utf8) {
    utf16 += c;
    utf16 += '\0';
  }
  EXPECT_FALSE(Allowed(utf16, "klantreis", "/x"));
}

TEST(RobotsTxt, HugeAndHostileInputDoesNotCrash) {
  std::string big = "user-agent: *\n";
  for (int i = 0; i < 40000; ++i) big += "disallow: /p" + std::to_string(i) + "/\n";
  big += "disallow: /last\n";  // past 500 KiB: ignored, as Google does
  ASSERT_GT(big.size(), 500u * 1024);
  EXPECT_FALSE(Allowed(big, "klantreis", "/p100/"));
  EXPECT_TRUE(Allowed(big, "klantreis", "/last"));
  std::string stars = "user-agent: *\ndisallow: /" + std::string(2000, '*') + "x\n";
  EXPECT_TRUE(Allowed(stars, "klantreis", "/" + std::string(3000, 'a')));
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 131) & 0xFF);
  RobotsTxt::Parse(junk, "klantreis").Check("/x");
}

std::string Fixture(const std::string& name) {
  std::string path = testutil::SharedFile("data/crawler_fixtures/crawler-commons/robots/" + name);
  if (path.empty()) return "";
  auto body = ReadFile(path);
  return body.ok() ? *body : "";
}

TEST(RobotsFixtures, Rfc9309Examples) {
  std::string longest = Fixture("rfc9309-example-longest-match-robots.txt");
  if (longest.empty()) GTEST_SKIP() << "shared data absent";
  EXPECT_TRUE(Allowed(longest, "foobot", "/example/page/"));
  EXPECT_FALSE(Allowed(longest, "foobot", "/example/page/disallowed.gif"));
  std::string merging = Fixture("rfc9309-example-rule-group-merging.txt");
  for (const char* p : {"/foo", "/bar", "/baz"}) EXPECT_FALSE(Allowed(merging, "ExampleBot", p)) << p;
  EXPECT_TRUE(Allowed(merging, "BazBot", "/foo"));
  EXPECT_FALSE(Allowed(merging, "BazBot", "/baz"));
  EXPECT_FALSE(Allowed(merging, "OtherBot", "/foo"));
  EXPECT_TRUE(Allowed(merging, "OtherBot", "/baz"));
}

TEST(RobotsFixtures, FormatErrorsAndTyposAsGoogleReadsThem) {
  std::string fmt = Fixture("format-errors-robots.txt");
  if (fmt.empty()) GTEST_SKIP() << "shared data absent";
  EXPECT_FALSE(Allowed(fmt, "bot1", "/whitespace-before-colon/"));
  EXPECT_FALSE(Allowed(fmt, "bot1", "/no-colon/"));
  EXPECT_FALSE(Allowed(fmt, "bot2", "/no-colon-useragent/"));
  EXPECT_TRUE(Allowed(fmt, "bot3", "/whitespace-before-colon"));
  EXPECT_FALSE(Allowed(fmt, "bot3", "/other"));
  EXPECT_EQ(RobotsTxt::Parse(fmt, "bot3").sitemaps().size(), 1u);
  std::string typos = Fixture("directive-typos-robots.txt");
  EXPECT_TRUE(Allowed(typos, "bot1", "/desallow/"));
  EXPECT_FALSE(Allowed(typos, "bot1", "/dissalow/"));
  EXPECT_FALSE(Allowed(typos, "bot2", "/useragent/"));
  EXPECT_TRUE(Allowed(typos, "bot3", "/useg-agent/"));
  EXPECT_FALSE(Allowed(typos, "bot4", "/useragent-no-colon/"));
}

TEST(RobotsFixtures, RealFilesWithBomsAndWildcards) {
  std::string bom8 = Fixture("robots-with-utf8-bom.txt");
  if (bom8.empty()) GTEST_SKIP() << "shared data absent";
  std::string bom16 = Fixture("robots-with-utf16le-bom.txt");
  for (const std::string& body : {bom8, bom16}) {
    EXPECT_FALSE(Allowed(body, "klantreis", "/login.aspx"));
    EXPECT_FALSE(Allowed(body, "klantreis", "/news/output/print"));
    EXPECT_TRUE(Allowed(body, "klantreis", "/news/today"));
    EXPECT_FALSE(Allowed(body, "Googlebot", "/profile/me"));
    EXPECT_EQ(RobotsTxt::Parse(body, "klantreis").sitemaps().size(), 1u);
  }
  std::string twitter = Fixture("twitter.com-robots.txt");
  EXPECT_FALSE(Allowed(twitter, "klantreis", "/search?q=x"));
}

TEST(RobotsCrawlDelay, BelongsToTheGroupItStandsIn) {
  struct {
    const char* robots;
    const char* agent;
    double delay;  // < 0: none
  } cases[] = {
      {"user-agent: *\ncrawl-delay: 5\n", "klantreis", 5},
      {"user-agent: *\ndisallow: /y\ncrawl-delay: 5\nuser-agent: klantreis\ndisallow: /x\n", "klantreis", -1},
      {"user-agent: *\ncrawl-delay: 5\nuser-agent: klantreis\ndisallow: /x\n", "klantreis", 5},  // one group
      {"user-agent: klantreis\ncrawl-delay: 0.5\ndisallow: /x\nuser-agent: *\ncrawl-delay: 9\n", "klantreis",
       0.5},
      {"user-agent: a\ncrawl-delay: 2\nuser-agent: b\ndisallow: /\n", "b", 2},  // one group: a and b
      {"user-agent: a\ncrawl-delay: 2\nuser-agent: a\ncrawl-delay: 7\n", "a", 7},  // merged: the largest
      {"crawl-delay: 3\nuser-agent: *\n", "a", -1},                                  // before any group
      {"user-agent: *\ncrawl-delay: soon\n", "a", -1},
      {"user-agent: *\ncrawl-delay: -4\n", "a", -1},
      {"user-agent: *\ncrawldelay: 4 # per page\n", "a", 4},
  };
  for (const auto& c : cases) {
    std::optional<double> d = RobotsTxt::Parse(c.robots, c.agent).crawl_delay();
    if (c.delay < 0) {
      EXPECT_FALSE(d.has_value()) << c.robots;
    } else {
      ASSERT_TRUE(d.has_value()) << c.robots;
      EXPECT_DOUBLE_EQ(*d, c.delay) << c.robots;
    }
  }
  // A Crawl-delay line does not close the agent list nor drop rules.
  EXPECT_FALSE(Allowed("user-agent: a\ncrawl-delay: 2\nuser-agent: b\ndisallow: /\n", "a", "/x"));
}

TEST(RobotsCrawlDelay, Fixtures) {
  std::string merging = Fixture("crawl-delay-group-merging.txt");
  if (merging.empty()) GTEST_SKIP() << "shared data absent";
  EXPECT_EQ(RobotsTxt::Parse(merging, "mybot").crawl_delay(), 10.0);
  EXPECT_EQ(RobotsTxt::Parse(merging, "yourbot").crawl_delay(), 10.0);
  EXPECT_EQ(RobotsTxt::Parse(merging, "klantreis").crawl_delay(), 30.0);
  EXPECT_FALSE(Allowed(merging, "mybot", "/private/x"));
  EXPECT_FALSE(Allowed(merging, "yourbot", "/login/"));
  EXPECT_TRUE(Allowed(merging, "mybot", "/login/"));  // the second yourbot group does not name mybot
  std::string amazon = Fixture("astore.amazon.com-robots.txt");
  EXPECT_EQ(RobotsTxt::Parse(amazon, "klantreis").crawl_delay(), 5.0);
  std::string twitter = Fixture("twitter.com-robots.txt");
  EXPECT_EQ(RobotsTxt::Parse(twitter, "Slurp").crawl_delay(), 1.0);
  EXPECT_EQ(RobotsTxt::Parse(twitter, "msnbot").crawl_delay(), 10.0);
  EXPECT_FALSE(RobotsTxt::Parse(twitter, "Googlebot").crawl_delay().has_value());
  std::string dos = Fixture("dos-line-endings.txt");
  std::string crlf;
  for (char ch : dos) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
  EXPECT_EQ(RobotsTxt::Parse(crlf, "klantreis").crawl_delay(), 1.0);
}

TEST(RobotsSize, ContentAfter500KiBIsIgnored) {
  std::string body = "user-agent: *\ndisallow: /early\n";
  while (body.size() < kRobotsMaxBytes - 100) body += "# padding padding padding padding padding padding\n";
  std::string cut = body + "disallow: /straddles-the-limit-" + std::string(200, 'x') + "\n";
  cut += "disallow: /late\n";
  RobotsTxt r = RobotsTxt::Parse(cut, "klantreis");
  EXPECT_TRUE(r.truncated());
  EXPECT_FALSE(r.Check("/early").allowed);
  EXPECT_TRUE(r.Check("/late").allowed);
  EXPECT_TRUE(r.Check("/straddles-the-limit-x").allowed);  // the cut line is dropped whole
  RobotsTxt whole = RobotsTxt::Parse(body + "disallow: /late\n", "klantreis");
  EXPECT_FALSE(whole.truncated());
  EXPECT_FALSE(whole.Check("/late").allowed);
}

TEST(RobotsRobustness, RandomBytesAndHugeLinesNeverCrash) {
  uint32_t x = 2463534242u;
  for (int round = 0; round < 300; ++round) {
    std::string s(x % 4000, '\0');
    for (char& c : s) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      c = static_cast<char>(round % 2 ? x : "ua:*/$ \n#Dis"[x % 13]);
    }
    RobotsTxt r = RobotsTxt::Parse(s, "klantreis");
    (void)r.Check("/a/b?c");
  }
  RobotsTxt huge = RobotsTxt::Parse("user-agent: *\ndisallow: /" + std::string(3u << 20, '*') + "x\n", "klantreis");
  (void)huge.Check("/" + std::string(10000, 'a'));
}

}  // namespace
}  // namespace kr::crawler
