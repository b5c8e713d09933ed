// CurlFetcher and PoliteFetcher against a cpp-httplib server on 127.0.0.1.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

#include "klantreis/crawler/fetcher.h"

namespace kr::crawler {
namespace {

using std::chrono::milliseconds;

// A local HTTP server on an ephemeral port, stopped by the destructor.
class LocalServer {
 public:
  LocalServer() = default;
  ~LocalServer() { Stop(); }
  httplib::Server& server() { return server_; }
  void Start() {
    server_.set_keep_alive_timeout(1);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // The socket already listens (bind_to_any_port), so early connects queue.
    while (!server_.is_running()) std::this_thread::sleep_for(milliseconds(1));
  }
  void Stop() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

// A port on 127.0.0.1 nothing listens on (bound, read, released).
int UnusedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

FetchRequest Req(const std::string& url) {
  FetchRequest r;
  r.url = url;
  r.timeout_ms = 3000;
  r.connect_timeout_ms = 1000;
  return r;
}

class FetcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = srv_.server();
    s.Get("/ok", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html>hallo</html>", "text/html; charset=utf-8");
    });
    s.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("not here", "text/plain");
    });
    s.Get("/hop", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/ok");
    });
    s.Get("/hop2", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/hop");
    });
    s.Get("/loop", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/loop");
    });
    s.Get("/away", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("http://elsewhere.invalid/steal");
    });
    s.Get("/to-file", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("file:///etc/passwd");
    });
    s.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(1 << 20, 'x'), "text/plain");
    });
    s.Get("/big-chunked", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
        if (offset >= (1u << 20)) {
          sink.done();
          return true;
        }
        std::string chunk(16 * 1024, 'y');
        return sink.write(chunk.data(), chunk.size());
      });
    });
    s.Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
      for (int i = 0; i < 40 && !stopping_; ++i) std::this_thread::sleep_for(milliseconds(50));
      res.set_content("late", "text/plain");
    });
    s.Get("/flaky", [this](const httplib::Request&, httplib::Response& res) {
      int n = ++flaky_calls_;
      if (n <= 2) {
        res.status = 503;
        res.set_content("busy", "text/plain");
      } else {
        res.set_content("finally", "text/plain");
      }
    });
    s.Get("/throttled", [this](const httplib::Request&, httplib::Response& res) {
      int n = ++throttled_calls_;
      if (n == 1) {
        res.status = 429;
        res.set_header("Retry-After", "1");
      } else {
        res.set_content("ok now", "text/plain");
      }
    });
    s.Get("/throttled-long", [this](const httplib::Request&, httplib::Response& res) {
      ++throttled_calls_;
      res.status = 429;
      res.set_header("Retry-After", "3600");
    });
    s.Get("/always-500", [this](const httplib::Request&, httplib::Response& res) {
      ++flaky_calls_;
      res.status = 500;
    });
    srv_.Start();
    fetcher_ = MakeCurlFetcher();
  }
  void TearDown() override {
    stopping_ = true;
    fetcher_.reset();  // closes kept-alive connections so the server stops at once
    srv_.Stop();
  }

  LocalServer srv_;
  std::unique_ptr<Fetcher> fetcher_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> flaky_calls_{0};
  std::atomic<int> throttled_calls_{0};
};

TEST_F(FetcherTest, Returns200WithBodyAndContentType) {
  auto r = fetcher_->Fetch(Req(srv_.Url("/ok")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<html>hallo</html>");
  EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r->final_url, srv_.Url("/ok"));
}

TEST_F(FetcherTest, Returns404AsStatusNotError) {
  auto r = fetcher_->Fetch(Req(srv_.Url("/missing")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, "not here");
}

TEST_F(FetcherTest, FollowsRedirectsInsideAllowedHost) {
  FetchRequest req = Req(srv_.Url("/hop2"));
  req.allowed_hosts = {"127.0.0.1"};
  auto r = fetcher_->Fetch(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<html>hallo</html>");
  EXPECT_EQ(r->final_url, srv_.Url("/ok"));
}

TEST_F(FetcherTest, RefusesRedirectToHostOutsideAllowedHosts) {
  FetchRequest req = Req(srv_.Url("/away"));
  req.allowed_hosts = {"127.0.0.1"};
  auto r = fetcher_->Fetch(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(r.status().message().find("elsewhere.invalid"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("outside allowed hosts"), std::string::npos);
  EXPECT_TRUE(IsFetchRefusal(r.status()));
}

TEST_F(FetcherTest, RefusesFirstUrlOutsideAllowedHosts) {
  FetchRequest req = Req(srv_.Url("/ok"));
  req.allowed_hosts = {"serp-api.example"};
  auto r = fetcher_->Fetch(req);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(IsFetchRefusal(r.status()));
}

TEST_F(FetcherTest, RefusesRedirectToNonHttpScheme) {
  auto r = fetcher_->Fetch(Req(srv_.Url("/to-file")));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not http or https"), std::string::npos) << r.status().message();
}

TEST_F(FetcherTest, RefusesNonHttpUrl) {
  auto r = fetcher_->Fetch(Req("file:///etc/passwd"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(IsFetchRefusal(r.status()));
}

TEST_F(FetcherTest, StopsAfterMaxRedirects) {
  FetchRequest req = Req(srv_.Url("/loop"));
  req.max_redirects = 3;
  auto r = fetcher_->Fetch(req);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("more than 3 redirects"), std::string::npos) << r.status().message();
}

TEST_F(FetcherTest, RefusesBodyOverCap) {
  for (const char* path : {"/big", "/big-chunked"}) {
    FetchRequest req = Req(srv_.Url(path));
    req.max_bytes = 64 * 1024;
    auto r = fetcher_->Fetch(req);
    ASSERT_FALSE(r.ok()) << path;
    EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
    EXPECT_NE(r.status().message().find("larger than 65536 bytes"), std::string::npos)
        << r.status().message();
    EXPECT_NE(r.status().message().find(path), std::string::npos);
  }
}

TEST_F(FetcherTest, AcceptsBodyUnderCap) {
  FetchRequest req = Req(srv_.Url("/big"));
  req.max_bytes = 2u << 20;
  auto r = fetcher_->Fetch(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body.size(), 1u << 20);
}

TEST_F(FetcherTest, TimesOutOnSlowServer) {
  FetchRequest req = Req(srv_.Url("/slow"));
  req.timeout_ms = 300;
  auto start = std::chrono::steady_clock::now();
  auto r = fetcher_->Fetch(req);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(r.status().message().find("/slow"), std::string::npos) << r.status().message();
  EXPECT_LT(took, milliseconds(1500));
  EXPECT_FALSE(IsFetchRefusal(r.status()));
}

TEST_F(FetcherTest, UnreachablePortIsUnavailableNamingUrl) {
  std::string url = "http://127.0.0.1:" + std::to_string(UnusedPort()) + "/x";
  auto r = fetcher_->Fetch(Req(url));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_EQ(r.status().message().rfind(url, 0), 0u) << r.status().message();
  EXPECT_FALSE(IsFetchRefusal(r.status()));
}

TEST_F(FetcherTest, PoliteRetriesOn503ThenSucceeds) {
  auto polite = MakePoliteFetcher(fetcher_.get(), {.requests_per_second = 0,
                                                   .max_attempts = 3,
                                                   .base_backoff = milliseconds(10)});
  auto r = polite->Fetch(Req(srv_.Url("/flaky")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "finally");
  EXPECT_EQ(flaky_calls_.load(), 3);
}

TEST_F(FetcherTest, PoliteReturnsLastResponseWhenAttemptsRunOut) {
  auto polite = MakePoliteFetcher(fetcher_.get(), {.requests_per_second = 0,
                                                   .max_attempts = 2,
                                                   .base_backoff = milliseconds(10)});
  auto r = polite->Fetch(Req(srv_.Url("/always-500")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(flaky_calls_.load(), 2);
}

TEST_F(FetcherTest, PoliteHonoursShortRetryAfter) {
  auto polite = MakePoliteFetcher(fetcher_.get(), {.requests_per_second = 0,
                                                   .max_attempts = 3,
                                                   .base_backoff = milliseconds(10)});
  auto start = std::chrono::steady_clock::now();
  auto r = polite->Fetch(Req(srv_.Url("/throttled")));
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(throttled_calls_.load(), 2);
  EXPECT_GE(took, milliseconds(950));
}

TEST_F(FetcherTest, PoliteDoesNotWaitForLongRetryAfter) {
  auto polite = MakePoliteFetcher(fetcher_.get(), {.requests_per_second = 0,
                                                   .max_attempts = 3,
                                                   .base_backoff = milliseconds(10)});
  auto r = polite->Fetch(Req(srv_.Url("/throttled-long")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->retry_after_seconds, 3600);
  EXPECT_EQ(throttled_calls_.load(), 1);
}

TEST_F(FetcherTest, PoliteRetriesNetworkErrorsButNotRefusals) {
  auto polite = MakePoliteFetcher(fetcher_.get(), {.requests_per_second = 0,
                                                   .max_attempts = 3,
                                                   .base_backoff = milliseconds(10)});
  std::string url = "http://127.0.0.1:" + std::to_string(UnusedPort()) + "/x";
  auto r = polite->Fetch(Req(url));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);

  FetchRequest req = Req(srv_.Url("/big"));
  req.max_bytes = 1024;
  auto start = std::chrono::steady_clock::now();
  auto big = polite->Fetch(req);
  ASSERT_FALSE(big.ok());
  EXPECT_TRUE(IsFetchRefusal(big.status()));
  // No backoff was slept: a refusal is returned at once.
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(500));
}

TEST_F(FetcherTest, PoliteSpacesRequestsByRateLimit) {
  auto polite = MakePoliteFetcher(fetcher_.get(), {.requests_per_second = 10,
                                                   .max_attempts = 1,
                                                   .base_backoff = milliseconds(10)});
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 4; ++i) {
    auto r = polite->Fetch(Req(srv_.Url("/ok")));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  // Four requests at 10/s: three gaps of 100 ms at least.
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(300));
}

}  // namespace
}  // namespace kr::crawler
