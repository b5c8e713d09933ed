// A local web site of fixed pages (cpp-httplib on 127.0.0.1, a free port):
// robots.txt allowing everything, the pages given as path -> HTML, 404 for
// anything else, every request logged. For coverage tests: a site of one's
// own making whose pages are asserted to cover keywords. Header-only; link
// PkgConfig::HTTPLIB.
#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kr::testutil {

class StaticSite {
 public:
  // pages: path ("/kamerplanten") -> the full HTML document.
  explicit StaticSite(std::map<std::string, std::string> pages) : pages_(std::move(pages)) {
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> l(mu_);
        log_.push_back(req.path);
      }
      if (req.path == "/robots.txt") {
        res.set_content("User-agent: *\nAllow: /\n", "text/plain");
        return httplib::Server::HandlerResponse::Handled;
      }
      auto it = pages_.find(req.path);
      if (it == pages_.end()) {
        res.status = 404;
        res.set_content("not found", "text/plain");
      } else {
        res.set_content(it->second, "text/html; charset=utf-8");
      }
      return httplib::Server::HandlerResponse::Handled;
    });
    server_.set_tcp_nodelay(true);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~StaticSite() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  StaticSite(const StaticSite&) = delete;
  StaticSite& operator=(const StaticSite&) = delete;

  std::string Origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int Count(const std::string& path) const {
    std::lock_guard<std::mutex> l(mu_);
    int n = 0;
    for (const auto& p : log_) n += p == path;
    return n;
  }

  // A page: <title>, optional <head> extras, <h1> and body HTML.
  static std::string Page(const std::string& title, const std::string& h1, const std::string& body,
                          const std::string& head = "") {
    return "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>" + title + "</title>" + head +
           "</head><body><main>" + (h1.empty() ? "" : "<h1>" + h1 + "</h1>") + body + "</main></body></html>";
  }

 private:
  std::map<std::string, std::string> pages_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::vector<std::string> log_;
};

}  // namespace kr::testutil
