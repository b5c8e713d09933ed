// SERP snapshots in a real project: import saved pages, fetch through a
// local HTTP server serving the saved pages (and a CAPTCHA page).
#include "klantreis/app/serp.h"

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

#include "klantreis/app/pipeline.h"
#include "klantreis/classify/analyzer.h"
#include "klantreis/testutil.h"

namespace kr::app {
namespace {

using testutil::ReadAll;
using testutil::TempDir;

const char* kCoffee = "data/serp_html/zlurad_serp-parser/google_nojs_coffee-nojs.html";
const char* kDomain = "data/serp_html/zlurad_serp-parser/google_nojs_domain-nojs.html";
const char* kCaptcha = "data/serp_html/zlurad_serp-parser/google_desktop_recaptcha.html";

class SerpProjectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitProject(tmp_.File("p"), "t", "nl-NL").ok());
    Reopen();
  }
  void Reopen() {
    project_ = Project{};
    auto p = OpenProject(tmp_.File("p"), store::OpenMode::kReadWrite, "");
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    project_ = std::move(p).value();
  }
  void AppendToml(const std::string& text) {
    std::ofstream(tmp_.File("p/klantreis.toml"), std::ios::app) << "\n" << text;
    Reopen();
  }
  const RuleHit* FindRule(const Classification& c, const std::string& rule) {
    for (const RuleHit& h : c.rules) {
      if (h.rule == rule) return &h;
    }
    return nullptr;
  }
  TempDir tmp_;
  Project project_;
};

TEST_F(SerpProjectTest, ImportStoresSnapshotAndPageKeywords) {
  KR_REQUIRE_SHARED(path, kCoffee);
  auto r = ImportSerpFiles(project_, {path}, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->pages.size(), 1u);
  const SerpPageResult& page = r->pages[0];
  EXPECT_FALSE(page.already_stored);
  EXPECT_EQ(page.key, "coffee");
  EXPECT_EQ(page.engine, "google");
  ASSERT_TRUE(r->run.has_value());
  EXPECT_EQ(r->run->format, "serp");
  EXPECT_EQ(r->run->rows_read, 1u + 4u + 8u);  // the query, 4 questions, 8 related searches

  auto snaps = project_.store->GetSerps("coffee");
  ASSERT_TRUE(snaps.ok());
  ASSERT_EQ(snaps->size(), 1u);
  EXPECT_EQ((*snaps)[0].html, ReadAll(path));
  auto parsed = crawler::SerpPageFromJson((*snaps)[0].parsed_json, "stored");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->paa.size(), 4u);

  // A People Also Ask question became a keyword with source `serp`, classified.
  auto q = project_.store->GetKeyword(classify::NormalizeKeyword("Which is the best coffee brand?"));
  ASSERT_TRUE(q.ok() && q->has_value());
  ASSERT_FALSE((*q)->sources.empty());
  EXPECT_EQ((*q)->sources.back().format, "serp");
  EXPECT_TRUE((*q)->classification.has_value());

  // The query itself carries the page's evidence in its trace.
  auto coffee = project_.store->GetKeyword("coffee");
  ASSERT_TRUE(coffee.ok() && coffee->has_value());
  ASSERT_TRUE((*coffee)->classification.has_value());
  EXPECT_NE(FindRule(*(*coffee)->classification, "serp:paa"), nullptr);

  auto evidence = StoredSerpEvidence(*project_.store, "coffee");
  ASSERT_TRUE(evidence.ok());
  ASSERT_FALSE(evidence->empty());
  EXPECT_EQ((*evidence)[0].rule, "serp:local_pack");
}

TEST_F(SerpProjectTest, ReimportOfTheSamePageChangesNothing) {
  KR_REQUIRE_SHARED(path, kCoffee);
  ASSERT_TRUE(ImportSerpFiles(project_, {path}, "").ok());
  auto runs_before = project_.store->ListImports();
  auto count_before = project_.store->CountKeywords();
  auto again = ImportSerpFiles(project_, {path, path}, "");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_EQ(again->pages.size(), 2u);
  EXPECT_TRUE(again->pages[0].already_stored);
  EXPECT_TRUE(again->pages[1].already_stored);
  EXPECT_FALSE(again->run.has_value());
  EXPECT_EQ(project_.store->ListImports()->size(), runs_before->size());
  EXPECT_EQ(*project_.store->CountKeywords(), *count_before);
  EXPECT_EQ(project_.store->GetSerps("coffee")->size(), 1u);
}

TEST_F(SerpProjectTest, QueryOptionOverridesThePage) {
  KR_REQUIRE_SHARED(path, kCoffee);
  auto r = ImportSerpFiles(project_, {path}, "Koffie");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->pages[0].key, "koffie");
  EXPECT_EQ(project_.store->GetSerps("koffie")->size(), 1u);
  EXPECT_TRUE(project_.store->GetSerps("coffee")->empty());
}

TEST_F(SerpProjectTest, CaptchaAndForeignPagesAreRefusedWithNothingStored) {
  KR_REQUIRE_SHARED(captcha, kCaptcha);
  KR_REQUIRE_SHARED(coffee, kCoffee);
  auto r = ImportSerpFiles(project_, {coffee, captcha}, "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("google_desktop_recaptcha.html"), std::string::npos);
  EXPECT_NE(r.status().message().find("CAPTCHA"), std::string::npos);
  EXPECT_EQ(*project_.store->CountKeywords(), 0u);
  EXPECT_TRUE(project_.store->GetSerps("coffee")->empty());

  tmp_.Write("page.html", "<html><body><p>Een gewone pagina.</p></body></html>");
  auto other = ImportSerpFiles(project_, {tmp_.File("page.html")}, "");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("page.html"), std::string::npos);

  auto missing = ImportSerpFiles(project_, {tmp_.File("nope.html")}, "");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope.html"), std::string::npos);
}

TEST_F(SerpProjectTest, FetchWithoutSerpConfigNamesTheFile) {
  auto r = FetchSerps(project_, {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsInvalidArgument());
  EXPECT_NE(r.status().message().find("klantreis.toml"), std::string::npos);
  EXPECT_NE(r.status().message().find("[serp]"), std::string::npos);
}

TEST_F(SerpProjectTest, BadSerpConfigNamesTheKey) {
  AppendToml("[serp]\nurl = \"https://serp-api.example/search?q={query}\"\nrequests_per_second = -1\n");
  auto r = LoadSerpConfig(project_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("requests_per_second"), std::string::npos) << r.status().message();
}

TEST_F(SerpProjectTest, SerpConfigDefaults) {
  AppendToml("[serp]\nurl = \"https://serp-api.example/search?q={query}&hl={lang}\"\n");
  auto r = LoadSerpConfig(project_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->lang, "nl");
  ASSERT_EQ(r->allowed_hosts.size(), 1u);
  EXPECT_EQ(r->allowed_hosts[0], "serp-api.example");
  EXPECT_DOUBLE_EQ(r->requests_per_second, 1.0);
}

// A local "SERP API": q=coffee and q=domain get saved pages, q=google the CAPTCHA page.
class SerpFetchTest : public SerpProjectTest {
 protected:
  void SetUp() override {
    SerpProjectTest::SetUp();
    coffee_ = testutil::SharedFile(kCoffee);
    domain_ = testutil::SharedFile(kDomain);
    captcha_ = testutil::SharedFile(kCaptcha);
    if (coffee_.empty() || domain_.empty() || captcha_.empty()) GTEST_SKIP() << "shared data absent";
    server_.set_keep_alive_timeout(1);
    server_.Get("/search", [this](const httplib::Request& req, httplib::Response& res) {
      ++requests_;
      std::string q = req.get_param_value("q");
      if (broken_) {
        res.status = 500;
        return;
      }
      if (q == "coffee") {
        res.set_content(ReadAll(coffee_), "text/html; charset=UTF-8");
      } else if (q == "domain") {
        res.set_content(ReadAll(domain_), "text/html; charset=UTF-8");
      } else {
        res.status = 429;  // Google's block page comes with 429
        res.set_content(ReadAll(captcha_), "text/html; charset=UTF-8");
      }
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    AppendToml("[serp]\nurl = \"http://127.0.0.1:" + std::to_string(port_) +
               "/search?q={query}&hl={lang}\"\nrequests_per_second = 50\n");
    tmp_.Write("kw.csv", "keyword,volume\ncoffee,100\ndomain,50\ngoogle,10\n");
    auto imported = ImportFile(project_, tmp_.File("kw.csv"), {}, false);
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  }
  void TearDown() override {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  SerpFetchOptions Options() {
    SerpFetchOptions o;
    o.top = 3;
    o.today = "2024-05-01";
    o.base_backoff_ms = 1;
    return o;
  }
  std::string coffee_, domain_, captcha_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::atomic<bool> broken_{false};
};

TEST_F(SerpFetchTest, StoresPagesAndStopsCleanlyOnCaptcha) {
  std::vector<std::string> progress;
  SerpFetchOptions o = Options();
  o.progress = [&](const std::string& l) { progress.push_back(l); };
  auto r = FetchSerps(project_, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->fetched, 2u);  // coffee and domain, highest volume first
  EXPECT_TRUE(r->captcha);
  EXPECT_NE(r->stopped.find("CAPTCHA"), std::string::npos) << r->stopped;
  EXPECT_NE(r->stopped.find("q=google"), std::string::npos) << r->stopped;
  // What was stored before the CAPTCHA is kept.
  ASSERT_EQ(project_.store->GetSerps("coffee")->size(), 1u);
  ASSERT_EQ(project_.store->GetSerps("domain")->size(), 1u);
  EXPECT_TRUE(project_.store->GetSerps("google")->empty());
  auto domain = project_.store->GetSerps("domain");
  ASSERT_TRUE(domain.ok() && domain->size() == 1u);
  const store::SerpSnapshot& snap = (*domain)[0];
  EXPECT_EQ(snap.fetched_on, "2024-05-01");
  EXPECT_EQ(snap.engine, "google");
  EXPECT_EQ(snap.source.rfind("http://127.0.0.1:", 0), 0u);
  auto q = project_.store->GetKeyword(classify::NormalizeKeyword("Which is the best coffee brand?"));
  ASSERT_TRUE(q.ok() && q->has_value());
  EXPECT_EQ(progress.size(), 2u);
}

TEST_F(SerpFetchTest, DoesNotFetchAgainWithinMaxAge) {
  ASSERT_TRUE(FetchSerps(project_, Options()).ok());
  int before = requests_.load();
  SerpFetchOptions o = Options();
  o.today = "2024-05-20";
  o.top = 2;
  auto r = FetchSerps(project_, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->cached, 2u);
  EXPECT_EQ(r->fetched, 0u);
  EXPECT_EQ(requests_.load(), before);

  o.today = "2024-07-01";  // older than 30 days now
  auto later = FetchSerps(project_, o);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->fetched, 2u);
  EXPECT_EQ(project_.store->GetSerps("coffee")->size(), 2u);
  EXPECT_EQ((*project_.store->GetSerps("coffee"))[0].fetched_on, "2024-07-01");  // newest first
}

TEST_F(SerpFetchTest, StopsAfterRepeatedServerErrors) {
  broken_ = true;
  SerpFetchOptions o = Options();
  o.max_consecutive_failures = 2;
  auto r = FetchSerps(project_, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->fetched, 0u);
  EXPECT_EQ(r->failed, 2u);
  EXPECT_FALSE(r->captcha);
  EXPECT_NE(r->stopped.find("2 failed fetches in a row"), std::string::npos) << r->stopped;
  EXPECT_NE(r->errors[0].find("HTTP 500"), std::string::npos) << r->errors[0];
  EXPECT_EQ(requests_.load(), 2 * 3);  // each tried 3 times (retries on 5xx)
}

}  // namespace
}  // namespace kr::app
