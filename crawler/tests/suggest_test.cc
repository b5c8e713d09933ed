// Suggest: seed expansion, URL building, the JSON format, and whole runs
// through a fake Fetcher and through the real curl + polite fetchers
// against a local cpp-httplib server (never the internet).
#include "klantreis/crawler/suggest.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

namespace kr::crawler {
namespace {

// ---- Pure parts ----------------------------------------------------------------

TEST(ExpandSeeds, SeedThenLettersThenQuestionsPerLanguage) {
  SuggestOptions o;
  o.lang = "nl";
  o.expand_letters = true;
  o.expand_questions = true;
  auto q = ExpandSeeds({"  fiets kopen ", "", "Fiets  kopen", "bakfiets"}, o);
  // Per seed: itself, 26 letters, 6 question words; the duplicate seed and the empty one are dropped.
  ASSERT_EQ(q.size(), 2u * (1 + 26 + 6));
  EXPECT_EQ(q[0].query, "fiets kopen");
  EXPECT_EQ(q[0].how, "seed");
  EXPECT_EQ(q[1].query, "fiets kopen a");
  EXPECT_EQ(q[26].query, "fiets kopen z");
  EXPECT_EQ(q[26].how, "letter:z");
  EXPECT_EQ(q[27].query, "wat fiets kopen");
  EXPECT_EQ(q[28].query, "hoe fiets kopen");
  EXPECT_EQ(q[32].query, "waar fiets kopen");
  EXPECT_EQ(q[32].how, "question:waar");
  EXPECT_EQ(q[33].seed, "bakfiets");

  o.lang = "en";
  o.expand_letters = false;
  q = ExpandSeeds({"running shoes"}, o);
  std::vector<std::string> got;
  for (const auto& x : q) got.push_back(x.query);
  EXPECT_EQ(got, (std::vector<std::string>{"running shoes", "what running shoes", "how running shoes",
                                            "why running shoes", "which running shoes", "when running shoes",
                                            "where running shoes"}));
}

TEST(BuildSuggestUrl, PercentEncodesQueryAndLanguage) {
  auto url = BuildSuggestUrl("http://127.0.0.1:8080/complete?q={query}&hl={lang}", "fiets & ëbike/?=#+", "nl");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(*url, "http://127.0.0.1:8080/complete?q=fiets%20%26%20%C3%ABbike%2F%3F%3D%23%2B&hl=nl");
  EXPECT_EQ(PercentEncode("a-b_c.d~e"), "a-b_c.d~e");
}

TEST(BuildSuggestUrl, RejectsTemplatesWithoutQueryOrHttp) {
  EXPECT_TRUE(BuildSuggestUrl("http://host/complete?q=fixed", "x", "nl").status().IsInvalidArgument());
  EXPECT_TRUE(BuildSuggestUrl("ftp://host/?q={query}", "x", "nl").status().IsInvalidArgument());
  EXPECT_TRUE(BuildSuggestUrl("", "x", "nl").status().IsInvalidArgument());
  EXPECT_TRUE(BuildSuggestUrl("HTTPS://host/?q={query}", "x", "nl").ok());
}

TEST(ParseSuggestJson, ReadsTheCommonFormatAndItsVariants) {
  const std::string url = "http://s/complete";
  struct Case {
    std::string body;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {R"(["fiets", ["fiets kopen", "fiets huren", ""]])", {"fiets kopen", "fiets huren"}},
      {R"(["fiets", ["fiets kopen"], [""], {"google:suggesttype": ["QUERY"]}])", {"fiets kopen"}},
      {")]}'\n[\"fiets\", [[\"fiets <b>kopen</b>\", 0, [512]], [\"fiets huren\", 0]]]", {"fiets kopen", "fiets huren"}},
      {R"([[["fiets kopen", 0], ["fiets huren", 0]], {"q": "x"}])", {"fiets kopen", "fiets huren"}},
      {"[\"caf\xE9\", [\"caf\xE9 amsterdam\"]]", {"caf\xC3\xA9 amsterdam"}},  // Latin-1 body
      {R"(["niets", []])", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    auto r = ParseSuggestJson(c.body, url);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(*r, c.want);
  }
}

TEST(ParseSuggestJson, OtherShapesAreParseErrorsNamingTheUrl) {
  for (const char* body : {"<html>captcha</html>", "{\"q\": 1}", "[\"x\", [1, 2]]", "[\"x\"]", ""}) {
    SCOPED_TRACE(body);
    auto r = ParseSuggestJson(body, "http://s/complete?q=x");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kParseError);
    EXPECT_NE(r.status().message().find("http://s/complete?q=x"), std::string::npos);
  }
}

TEST(SuggestionsToRows, CarriesSeedQueryRankAndLanguage) {
  auto rows = SuggestionsToRows({{"fiets kopen", "fiets", "fiets", 1}, {"hoe fiets kopen", "fiets", "hoe fiets", 3}},
                                "nl");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].keyword, "hoe fiets kopen");
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_FALSE(rows[1].volume.has_value());
  EXPECT_EQ(rows[1].attrs, (std::vector<std::pair<std::string, std::string>>{
                               {"seed", "fiets"}, {"query", "hoe fiets"}, {"rank", "3"}, {"lang", "nl"}}));
}

// ---- Runs through a fake Fetcher ----------------------------------------------

class FakeFetcher : public Fetcher {
 public:
  std::map<std::string, FetchResponse> responses;  // by URL; missing -> Unavailable
  std::vector<std::string> urls;
  Result<FetchResponse> Fetch(const FetchRequest& request) override {
    urls.push_back(request.url);
    auto it = responses.find(request.url);
    if (it == responses.end()) return Status::Unavailable(request.url + ": connection refused");
    return it->second;
  }
};

FetchResponse Json(const std::string& body, long status = 200) {
  FetchResponse r;
  r.status = status;
  r.body = body;
  r.content_type = "application/json";
  return r;
}

TEST(FetchSuggestions, CollectsAndDeduplicatesAcrossQueries) {
  FakeFetcher f;
  f.responses["http://s/c?q=fiets&hl=nl"] = Json(R"(["fiets", ["fiets kopen", "Fiets  Kopen", "fiets huren"]])");
  f.responses["http://s/c?q=hoe%20fiets&hl=nl"] = Json(R"(["hoe fiets", ["hoe fiets kopen", "fiets huren"]])");
  f.responses["http://s/c?q=wat%20fiets&hl=nl"] = Json(R"(["wat fiets", []])");
  for (const char* q : {"waarom", "welke", "wanneer", "waar"})
    f.responses[std::string("http://s/c?q=") + q + "%20fiets&hl=nl"] = Json("[\"x\", []]");
  SuggestOptions o;
  o.url_template = "http://s/c?q={query}&hl={lang}";
  o.expand_questions = true;
  auto r = FetchSuggestions(f, {"fiets"}, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(f.urls.size(), 7u);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].keyword, "fiets kopen");
  EXPECT_EQ((*r)[1].keyword, "fiets huren");
  EXPECT_EQ((*r)[1].rank, 3u);
  EXPECT_EQ((*r)[2].keyword, "hoe fiets kopen");
  EXPECT_EQ((*r)[2].query, "hoe fiets");
  EXPECT_EQ((*r)[2].seed, "fiets");
}

TEST(FetchSuggestions, AnyFailureFailsTheWholeRunNamingTheUrl) {
  SuggestOptions o;
  o.url_template = "http://s/c?q={query}";
  o.expand_letters = true;

  FakeFetcher unreachable;  // nothing answers
  auto r = FetchSuggestions(unreachable, {"fiets"}, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(r.status().message().find("http://s/c?q=fiets"), std::string::npos) << r.status().message();
  EXPECT_EQ(unreachable.urls.size(), 1u);  // stops at the first failure

  FakeFetcher failing;
  failing.responses["http://s/c?q=fiets"] = Json(R"(["fiets", ["fiets kopen"]])");
  failing.responses["http://s/c?q=fiets%20a"] = Json("busy", 503);
  r = FetchSuggestions(failing, {"fiets"}, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("HTTP 503"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("q=fiets%20a"), std::string::npos) << r.status().message();

  FakeFetcher garbage;
  garbage.responses["http://s/c?q=fiets"] = Json("<html>unusual traffic</html>");
  r = FetchSuggestions(garbage, {"fiets"}, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kParseError);
}

TEST(FetchSuggestions, RefusesRunsOverMaxQueriesAndEmptySeeds) {
  FakeFetcher f;
  SuggestOptions o;
  o.url_template = "http://s/c?q={query}";
  o.expand_letters = true;
  o.max_queries = 30;
  auto r = FetchSuggestions(f, {"a", "b"}, o);  // 2 x 27 queries
  EXPECT_TRUE(r.status().IsInvalidArgument());
  EXPECT_TRUE(f.urls.empty());
  EXPECT_TRUE(FetchSuggestions(f, {" ", ""}, o).status().IsInvalidArgument());
  o.url_template = "http://s/c";
  EXPECT_TRUE(FetchSuggestions(f, {"a"}, o).status().IsInvalidArgument());
}

// ---- Runs through curl against a local HTTP server ---------------------------------

class SuggestServer {
 public:
  SuggestServer() {
    server_.Get("/complete", [this](const httplib::Request& req, httplib::Response& res) {
      std::string q = req.get_param_value("q");
      {
        std::lock_guard<std::mutex> lock(mu_);
        queries_.push_back(q + "|" + req.get_param_value("hl"));
      }
      Answer(q, &res);
    });
    server_.Get("/flaky", [this](const httplib::Request& req, httplib::Response& res) {
      if (flaky_calls_++ < 2) {
        res.status = 503;
        res.set_content("try later", "text/plain");
        return;
      }
      Answer(req.get_param_value("q"), &res);
    });
    server_.Get("/down", [](const httplib::Request&, httplib::Response& res) {
      res.status = 500;
      res.set_content("oops", "text/plain");
    });
    server_.set_keep_alive_timeout(0);  // stop() must not wait for curl's idle keep-alive connection
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~SuggestServer() {
    server_.stop();
    thread_.join();
  }
  std::string Template(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path + "?q={query}&hl={lang}";
  }
  std::vector<std::string> queries() {
    std::lock_guard<std::mutex> lock(mu_);
    return queries_;
  }
  int flaky_calls() const { return flaky_calls_; }

 private:
  // Answers ["q", ["q kopen", "q huren"]] (q is plain text in these tests: no JSON escaping needed).
  static void Answer(const std::string& q, httplib::Response* res) {
    res->set_content("[\"" + q + "\", [\"" + q + " kopen\", \"" + q + " huren\"]]", "application/json; charset=utf-8");
  }
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::vector<std::string> queries_;
  std::atomic<int> flaky_calls_{0};
};

PolitePolicy FastPolicy() {
  PolitePolicy p;
  p.requests_per_second = 200;
  p.max_attempts = 3;
  p.base_backoff = std::chrono::milliseconds(5);
  return p;
}

TEST(SuggestOverHttp, SendsEncodedQueriesAndReadsAnswers) {
  SuggestServer server;
  auto curl = MakeCurlFetcher();
  auto polite = MakePoliteFetcher(curl.get(), FastPolicy());
  SuggestOptions o;
  o.url_template = server.Template("/complete");
  o.lang = "nl";
  o.expand_questions = true;
  auto r = FetchSuggestions(*polite, {"fiets ë"}, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto qs = server.queries();
  ASSERT_EQ(qs.size(), 7u);
  EXPECT_EQ(qs[0], "fiets \xC3\xAB|nl");  // the server decoded what we encoded
  EXPECT_EQ(qs[2], "hoe fiets \xC3\xAB|nl");
  ASSERT_EQ(r->size(), 14u);
  EXPECT_EQ((*r)[0].keyword, "fiets \xC3\xAB kopen");
  EXPECT_EQ((*r)[3].keyword, "wat fiets \xC3\xAB huren");
}

TEST(SuggestOverHttp, RetriesWithBackoffThenSucceeds) {
  SuggestServer server;
  auto curl = MakeCurlFetcher();
  auto polite = MakePoliteFetcher(curl.get(), FastPolicy());
  SuggestOptions o;
  o.url_template = server.Template("/flaky");
  auto r = FetchSuggestions(*polite, {"step"}, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(server.flaky_calls(), 3);
  EXPECT_EQ(r->size(), 2u);
}

TEST(SuggestOverHttp, FailingOrUnreachableEndpointIsAClearError) {
  auto curl = MakeCurlFetcher();
  auto polite = MakePoliteFetcher(curl.get(), FastPolicy());
  SuggestOptions o;
  {
    SuggestServer server;
    o.url_template = server.Template("/down");
    auto r = FetchSuggestions(*polite, {"step"}, o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
    EXPECT_NE(r.status().message().find("HTTP 500"), std::string::npos) << r.status().message();
    o.url_template = server.Template("/complete");
  }
  // The server is gone now: its port refuses connections.
  o.request.connect_timeout_ms = 2000;
  auto r = FetchSuggestions(*polite, {"step"}, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(r.status().message().find("127.0.0.1"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace kr::crawler
