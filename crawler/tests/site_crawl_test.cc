// The site crawl against a local test site (tests/testutil test_site.h):
// what was fetched and what was not is read from the server's own log.
#include "klantreis/crawler/site_crawl.h"

#include <gtest/gtest.h>

#include <map>

#include "klantreis/test_site.h"

namespace kr::crawler {
namespace {

struct Crawled {
  std::map<std::string, WebPage> pages;  // by URL
  SiteCrawlSummary summary;
};

Crawled CrawlTestSite(testutil::TestSite& site, SiteCrawlOptions o, const std::atomic<bool>* stop = nullptr) {
  if (o.start_urls.empty()) o.start_urls = {site.Origin() + "/"};
  std::unique_ptr<Fetcher> f = MakeCurlFetcher();
  Crawled c;
  auto r = CrawlSite(o, f.get(), [&](const WebPage& p) {
    EXPECT_EQ(c.pages.count(p.url), 0u) << "twice: " << p.url;
    c.pages[p.url] = p;
    return Status::Ok();
  }, stop);
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (r.ok()) c.summary = *r;
  return c;
}

SiteCrawlOptions Fast() {
  SiteCrawlOptions o;
  o.delay_seconds = 0;
  o.timeout_seconds = 1;
  o.max_page_bytes = 1u << 20;
  o.max_depth = 5;
  return o;
}

TEST(SiteCrawl, ObeysRobotsFollowsSitemapsAndStaysWithinTheOrigin) {
  testutil::TestSite site(3000);
  Crawled c = CrawlTestSite(site, Fast());
  const std::string o = site.Origin();
  std::vector<testutil::TestSite::Hit> log = site.Log();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0].path, "/robots.txt");  // before any page
  EXPECT_EQ(site.Count("/robots.txt"), 1);
  // The klantreis group is obeyed, not the * group (which disallows everything).
  EXPECT_EQ(site.Count("/"), 1);
  EXPECT_EQ(site.Count("/private/secret"), 0);
  EXPECT_EQ(site.Count("/private/open"), 1);
  ASSERT_TRUE(c.pages.count(o + "/private/secret"));
  EXPECT_TRUE(c.pages[o + "/private/secret"].robots_blocked);
  EXPECT_EQ(c.summary.blocked_by_robots, 1u);
  // Sitemap index, its gzipped child, and the page listed only there.
  EXPECT_EQ(site.Count("/sitemap_index.xml"), 1);
  EXPECT_EQ(site.Count("/sitemap-pages.xml.gz"), 1);
  EXPECT_EQ(site.Count("/only-in-sitemap"), 1);
  EXPECT_TRUE(c.pages[o + "/only-in-sitemap"].in_sitemap);
  EXPECT_TRUE(c.pages[o + "/"].in_sitemap);
  EXPECT_EQ(c.summary.sitemap_outside, 2u);  // the other origin's sitemap and page
  // Nothing on another origin: not the redirect target, the link, nor the sitemap.
  EXPECT_EQ(site.CountOtherHost(), 0);
  // Redirect within the origin: followed, the target has its own record.
  EXPECT_EQ(site.Count("/old"), 1);
  EXPECT_EQ(site.Count("/new"), 1);
  const WebPage& old = c.pages[o + "/old"];
  EXPECT_EQ(old.status, 301);
  EXPECT_EQ(old.final_url, o + "/new");
  EXPECT_EQ(old.redirects, std::vector<std::string>{o + "/new"});
  EXPECT_FALSE(old.indexable);
  EXPECT_EQ(c.pages[o + "/new"].status, 200);
  EXPECT_TRUE(c.pages[o + "/new"].indexable);
  // Redirect outside: recorded, not followed.
  const WebPage& away = c.pages[o + "/away"];
  EXPECT_EQ(away.status, 302);
  EXPECT_EQ(away.redirect_outside, site.OtherOrigin() + "/landing");
  EXPECT_EQ(c.summary.redirects_outside, 1u);
  // Canonical duplicate and noindex.
  EXPECT_TRUE(c.pages[o + "/products"].indexable);
  EXPECT_EQ(c.pages[o + "/dup"].canonical, o + "/products");
  EXPECT_FALSE(c.pages[o + "/dup"].indexable);
  EXPECT_TRUE(c.pages[o + "/noindex"].noindex);
  EXPECT_FALSE(c.pages[o + "/noindex"].indexable);
  // X-Robots-Tag and meta nofollow: their links are not followed.
  EXPECT_TRUE(c.pages[o + "/xrobots"].noindex);
  EXPECT_TRUE(c.pages[o + "/xrobots"].nofollow);
  EXPECT_EQ(site.Count("/hidden-x"), 0);
  EXPECT_TRUE(c.pages[o + "/nofollow"].nofollow);
  EXPECT_TRUE(c.pages[o + "/nofollow"].indexable);
  EXPECT_EQ(site.Count("/hidden-nf"), 0);
  // The slow page times out once (a timeout is not retried).
  EXPECT_EQ(site.Count("/slow"), 1);
  EXPECT_EQ(c.pages[o + "/slow"].status, 0);
  EXPECT_NE(c.pages[o + "/slow"].error.find("timed out"), std::string::npos) << c.pages[o + "/slow"].error;
  // The big page is cut at the cap.
  EXPECT_TRUE(c.pages[o + "/big"].truncated);
  EXPECT_EQ(c.pages[o + "/big"].bytes, 1u << 20);
  EXPECT_EQ(c.pages[o + "/big"].title, "Groot");
  // The endless calendar ends at max depth (home is depth 0, /calendar/0 depth 1).
  EXPECT_EQ(site.CountPrefix("/calendar/"), 5);
  EXPECT_EQ(site.Count("/calendar/4"), 1);
  EXPECT_EQ(site.Count("/calendar/5"), 0);
  // Non-HTML is not parsed; 404 and 500 (retried, bounded).
  EXPECT_FALSE(c.pages[o + "/file.pdf"].html);
  EXPECT_EQ(site.Count("/from-pdf"), 0);
  EXPECT_EQ(c.pages[o + "/missing"].status, 404);
  EXPECT_EQ(c.pages[o + "/error"].status, 500);
  EXPECT_EQ(site.Count("/error"), 3);
  // The home page's facts.
  const WebPage& home = c.pages[o + "/"];
  EXPECT_EQ(home.title, "Groenhuis kamerplanten");
  EXPECT_EQ(home.description, "Kamerplanten online kopen");
  EXPECT_EQ(home.h1, std::vector<std::string>{"Kamerplanten kopen"});
  EXPECT_EQ(home.h2, std::vector<std::string>{"Populair"});
  EXPECT_EQ(home.h3, std::vector<std::string>{"Monstera"});
  EXPECT_EQ(home.lang, "nl");
  EXPECT_TRUE(home.indexable);
  EXPECT_EQ(home.internal_links, 16u);  // distinct, fragments dropped, self excluded
  EXPECT_EQ(home.external_links, 2u);
  EXPECT_EQ(c.summary.links_dropped, 3u);  // mailto, javascript, tel
  EXPECT_GT(home.words, 20u);
  EXPECT_LT(home.words, 60u);  // nav and footer do not count
  // Every URL once.
  for (const auto& h : log) {
    if (h.path == "/error") continue;
    int n = site.Count(h.path);
    EXPECT_EQ(n, 1) << h.path;
  }
}

TEST(SiteCrawl, AnotherAgentGetsTheStarGroupAndFetchesNoPage) {
  testutil::TestSite site(0, 1000);
  SiteCrawlOptions o = Fast();
  o.agent = "otherbot";
  Crawled c = CrawlTestSite(site, o);
  EXPECT_EQ(site.Count("/robots.txt"), 1);
  EXPECT_EQ(site.Count("/"), 0);
  EXPECT_EQ(site.Count("/sitemap_index.xml"), 0);  // the sitemap too is disallowed
  ASSERT_EQ(c.pages.size(), 1u);
  EXPECT_TRUE(c.pages.begin()->second.robots_blocked);
}

TEST(SiteCrawl, MaxPagesBoundsTheCrawlAndTheQueue) {
  testutil::TestSite site(0, 1000);
  SiteCrawlOptions o = Fast();
  o.max_pages = 4;
  Crawled c = CrawlTestSite(site, o);
  EXPECT_EQ(c.summary.fetched, 4u);
  EXPECT_EQ(c.summary.stopped_by, "max pages");
  EXPECT_GT(c.summary.not_queued, 0u);
  int pages = 0;
  for (const auto& h : site.Log())
    if (h.path != "/robots.txt" && h.path.rfind("/sitemap", 0) != 0) ++pages;
  EXPECT_EQ(pages, 4);
}

TEST(SiteCrawl, DelayIsKeptBetweenRequests) {
  testutil::TestSite site(0, 1000);
  SiteCrawlOptions o = Fast();
  o.delay_seconds = 0.2;
  o.max_pages = 3;
  auto t0 = std::chrono::steady_clock::now();
  Crawled c = CrawlTestSite(site, o);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  size_t requests = c.summary.requests;
  EXPECT_GE(requests, 5u);  // robots, index, child, 3 pages
  EXPECT_GE(s, 0.2 * (requests - 1) - 0.05);
}

TEST(SiteCrawl, StopFlagEndsTheCrawlAndSaysInterrupted) {
  testutil::TestSite site(0, 1000);
  std::atomic<bool> stop{true};
  Crawled c = CrawlTestSite(site, Fast(), &stop);
  EXPECT_EQ(c.summary.stopped_by, "interrupted");
  EXPECT_EQ(site.Count("/"), 0);
}

TEST(SiteCrawl, BudgetEndsTheCrawl) {
  testutil::TestSite site(3000, 1000);
  SiteCrawlOptions o = Fast();
  o.timeout_seconds = 5;
  o.budget_seconds = 0.5;
  o.start_urls = {site.Origin() + "/slow"};
  auto t0 = std::chrono::steady_clock::now();
  Crawled c = CrawlTestSite(site, o);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(s, 2.0);
  EXPECT_EQ(c.summary.stopped_by, "budget");
}

// ---- robots.txt outcomes, with a fake fetcher ----

class FakeFetcher final : public Fetcher {
 public:
  std::map<std::string, Result<FetchResponse>> answers;
  std::vector<std::string> urls;
  Result<FetchResponse> Fetch(const FetchRequest& r) override {
    urls.push_back(r.url);
    auto it = answers.find(r.url);
    if (it != answers.end()) return it->second;
    FetchResponse resp;
    resp.status = 200;
    resp.content_type = "text/html";
    resp.body = "<title>t</title><a href=\"/next\">n</a>";
    resp.final_url = r.url;
    return resp;
  }
};

FetchResponse WithStatus(long code) {
  FetchResponse r;
  r.status = code;
  return r;
}

std::vector<std::string> CrawlFake(FakeFetcher* f, SiteCrawlSummary* summary = nullptr) {
  SiteCrawlOptions o;
  o.delay_seconds = 0;
  o.max_attempts = 1;
  o.start_urls = {"http://site.test/"};
  std::vector<std::string> stored;
  auto r = CrawlSite(o, f, [&](const WebPage& p) {
    stored.push_back(p.url + (p.robots_blocked ? " blocked" : ""));
    return kr::Status::Ok();
  });
  EXPECT_TRUE(r.ok());
  if (summary && r.ok()) *summary = *r;
  return stored;
}

TEST(SiteCrawlRobots, FourHundredsAllowAllFiveHundredsAndUnreachableAllowNothing) {
  {
    FakeFetcher f;
    f.answers.emplace("http://site.test/robots.txt", WithStatus(404));
    f.answers.emplace("http://site.test/sitemap.xml", WithStatus(404));
    EXPECT_EQ(CrawlFake(&f), (std::vector<std::string>{"http://site.test/", "http://site.test/next"}));
  }
  for (long code : {500L, 503L, 429L}) {
    FakeFetcher f;
    f.answers.emplace("http://site.test/robots.txt", WithStatus(code));
    SiteCrawlSummary s;
    EXPECT_EQ(CrawlFake(&f, &s), std::vector<std::string>{"http://site.test/ blocked"}) << code;
    EXPECT_EQ(f.urls, std::vector<std::string>{"http://site.test/robots.txt"}) << code;
    EXPECT_NE(s.notes[0].find("nothing allowed"), std::string::npos) << s.notes[0];
  }
  {
    FakeFetcher f;
    f.answers.emplace("http://site.test/robots.txt", kr::Status::Unavailable("http://site.test/robots.txt: Could not connect"));
    EXPECT_EQ(CrawlFake(&f), std::vector<std::string>{"http://site.test/ blocked"});
  }
}

TEST(SiteCrawlRobots, CrawlDelayWidensTheInterval) {
  FakeFetcher f;
  FetchResponse robots = WithStatus(200);
  robots.body = "User-agent: *\nCrawl-delay: 0.3\n";
  f.answers.emplace("http://site.test/robots.txt", robots);
  f.answers.emplace("http://site.test/sitemap.xml", WithStatus(404));
  auto t0 = std::chrono::steady_clock::now();
  CrawlFake(&f);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(f.urls.size(), 4u);  // robots, sitemap, /, /next
  EXPECT_GE(s, 0.85);
}

TEST(SiteCrawlRobots, RejectsBadStartUrls) {
  FakeFetcher f;
  SiteCrawlOptions o;
  o.start_urls = {"mailto:x@y.z"};
  auto r = CrawlSite(o, &f, [](const WebPage&) { return kr::Status::Ok(); });
  EXPECT_TRUE(r.status().IsInvalidArgument());
  EXPECT_TRUE(f.urls.empty());
}

}  // namespace
}  // namespace kr::crawler
