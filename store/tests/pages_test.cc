// Site crawls in the store: pages round-trip, a re-crawl replaces the
// site's pages atomically at commit, an aborted or crashed crawl leaves
// nothing visible, other sites' crawls stay.
#include <gtest/gtest.h>

#include <vector>

#include <map>

#include "klantreis/store/schema.h"
#include "klantreis/store/store.h"
#include "klantreis/testutil.h"

namespace kr::store {
namespace {

WebPage Page(const std::string& url, const std::string& title) {
  WebPage p;
  p.url = url;
  p.status = 200;
  p.html = true;
  p.title = title;
  p.h1 = {"Kop"};
  p.redirects = {"http://a.nl/x"};
  p.words = 42;
  p.indexable = true;
  p.fetched_at = 1700000000;
  return p;
}

std::map<std::string, std::string> Pages(Store& s) {
  std::map<std::string, std::string> out;
  Status st = s.ForEachPage([&](const CrawlRun& run, const WebPage& p) {
    out[p.url] = run.id + " " + p.title;
    return true;
  });
  EXPECT_TRUE(st.ok()) << st.message();
  return out;
}

CrawlRun Site(const std::string& site) {
  CrawlRun r;
  r.site = site;
  r.start_urls = {site + "/"};
  return r;
}

TEST(StorePages, PageValuesRoundTripEveryField) {
  WebPage p = Page("http://a.nl/", "Titel \xE2\x82\xAC");
  p.final_url = "http://a.nl/final";
  p.redirect_outside = "http://b.nl/";
  p.content_type = "text/html";
  p.canonical = "http://a.nl/c";
  p.meta_robots = "noindex";
  p.x_robots_tag = "nofollow";
  p.noindex = p.nofollow = p.truncated = p.in_sitemap = p.robots_blocked = true;
  p.description = "d";
  p.h2 = {"a", "b"};
  p.h3 = {"c"};
  p.lang = "nl";
  p.internal_links = 7;
  p.external_links = 2;
  p.bytes = 12345;
  p.depth = 3;
  p.error = "e";
  p.fetch_ms = 99;
  WebPage q;
  ASSERT_TRUE(schema::DecodePageValue(schema::EncodePageValue(p), &q).ok());
  EXPECT_EQ(schema::EncodePageValue(q), schema::EncodePageValue(p));
  EXPECT_EQ(q.h2, p.h2);
  EXPECT_EQ(q.fetch_ms, 99u);
  EXPECT_TRUE(schema::DecodePageValue("\x02{}", &q).code() == Status::Code::kCorruption);
  EXPECT_TRUE(schema::DecodePageValue("\x01not json", &q).code() == Status::Code::kCorruption);
  EXPECT_TRUE(schema::DecodePageValue("", &q).code() == Status::Code::kCorruption);
}

TEST(StorePages, ReCrawlReplacesTheSitesPagesAtCommitOnly) {
  testutil::TempDir dir;
  auto s = Store::Open(dir.File("store"), OpenMode::kReadWrite);
  ASSERT_TRUE(s.ok());
  {
    auto w = (*s)->BeginCrawl(Site("http://a.nl"));
    ASSERT_TRUE(w.ok());
    EXPECT_EQ((*w)->crawl_id(), "w000001");
    ASSERT_TRUE((*w)->Add(Page("http://a.nl/", "eerste")).ok());
    ASSERT_TRUE((*w)->Add(Page("http://a.nl/oud", "oud")).ok());
    EXPECT_TRUE(Pages(**s).empty());  // pending: invisible
    CrawlRun r = Site("http://a.nl");
    r.pages = 2;
    ASSERT_TRUE((*w)->Commit(r).ok());
  }
  {
    auto w = (*s)->BeginCrawl(Site("http://b.nl"));
    ASSERT_TRUE((*w)->Add(Page("http://b.nl/", "b")).ok());
    ASSERT_TRUE((*w)->Commit(Site("http://b.nl")).ok());
  }
  EXPECT_EQ(Pages(**s), (std::map<std::string, std::string>{{"http://a.nl/", "w000001 eerste"},
                                                            {"http://a.nl/oud", "w000001 oud"},
                                                            {"http://b.nl/", "w000002 b"}}));
  {
    auto w = (*s)->BeginCrawl(Site("http://a.nl"));
    ASSERT_TRUE((*w)->Add(Page("http://a.nl/", "tweede")).ok());
    ASSERT_TRUE((*w)->Add(Page("http://a.nl/nieuw", "nieuw")).ok());
    // The old crawl stays visible until the new one commits.
    EXPECT_EQ(Pages(**s).at("http://a.nl/"), "w000001 eerste");
    CrawlRun r = Site("http://a.nl");
    r.interrupted = true;
    r.stopped_by = "interrupted";
    ASSERT_TRUE((*w)->Commit(r).ok());
  }
  EXPECT_EQ(Pages(**s), (std::map<std::string, std::string>{{"http://a.nl/", "w000003 tweede"},
                                                            {"http://a.nl/nieuw", "w000003 nieuw"},
                                                            {"http://b.nl/", "w000002 b"}}));
  auto crawls = (*s)->ListCrawls();
  ASSERT_TRUE(crawls.ok());
  ASSERT_EQ(crawls->size(), 2u);
  EXPECT_EQ((*crawls)[0].id, "w000002");
  EXPECT_EQ((*crawls)[1].id, "w000003");
  EXPECT_TRUE((*crawls)[1].interrupted);
}

TEST(StorePages, AbortAndCrashLeaveNothingVisibleAndAreCleanedUp) {
  testutil::TempDir dir;
  {
    auto s = Store::Open(dir.File("store"), OpenMode::kReadWrite);
    {
      auto w = (*s)->BeginCrawl(Site("http://a.nl"));
      ASSERT_TRUE((*w)->Add(Page("http://a.nl/", "weg")).ok());
      // destroyed without Commit: aborted
    }
    EXPECT_TRUE(Pages(**s).empty());
    auto w = (*s)->BeginCrawl(Site("http://a.nl"));
    for (int i = 0; i < 3000; ++i) ASSERT_TRUE((*w)->Add(Page("http://a.nl/p" + std::to_string(i), "x")).ok());
    // A "crash": the writer is leaked, never committed nor aborted (kept
    // reachable from a static, so LeakSanitizer does not count the simulation).
    static auto* crashed_writers = new std::vector<void*>;  // never destroyed, like the crash
    crashed_writers->push_back(w->release());
  }
  auto s = Store::Open(dir.File("store"), OpenMode::kReadWrite);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(Pages(**s).empty());
  auto w = (*s)->BeginCrawl(Site("http://a.nl"));  // removes the leftovers
  ASSERT_TRUE((*w)->Add(Page("http://a.nl/", "goed")).ok());
  ASSERT_TRUE((*w)->Commit(Site("http://a.nl")).ok());
  EXPECT_EQ(Pages(**s).size(), 1u);
  size_t keys = 0;
  w->reset();
  s->reset();
  auto ro = Store::Open(dir.File("store"), OpenMode::kReadOnly);
  ASSERT_TRUE(ro.ok()) << ro.status().message();
  ASSERT_TRUE((*ro)->ForEachPage([&](const CrawlRun&, const WebPage&) { return ++keys, true; }).ok());
  EXPECT_EQ(keys, 1u);
}

TEST(StorePages, RefusesBadUrlsAndReadOnlyStores) {
  testutil::TempDir dir;
  {
    auto s = Store::Open(dir.File("store"), OpenMode::kReadWrite);
    auto w = (*s)->BeginCrawl(Site("http://a.nl"));
    EXPECT_TRUE((*w)->Add(Page("", "x")).IsInvalidArgument());
    EXPECT_TRUE((*w)->Add(Page(std::string("http://a.nl/\0x", 14), "x")).IsInvalidArgument());
    EXPECT_TRUE((*w)->Add(Page("http://a.nl/" + std::string(9000, 'x'), "x")).IsInvalidArgument());
    EXPECT_TRUE((*s)->BeginCrawl(CrawlRun{}).status().IsInvalidArgument());
  }
  auto ro = Store::Open(dir.File("store"), OpenMode::kReadOnly);
  ASSERT_TRUE(ro.ok());
  EXPECT_TRUE((*ro)->BeginCrawl(Site("http://a.nl")).status().IsInvalidArgument());
}

}  // namespace
}  // namespace kr::store
