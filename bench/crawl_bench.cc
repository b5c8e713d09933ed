// A generated local site for measuring the site crawl: N pages on
// 127.0.0.1, each with a title, headings, ~300 words and links to 10 other
// pages, plus robots.txt and a sitemap of every page.
//
//   build/bench/crawl_bench [--pages 2000]
//       crawls it in-process (CrawlSite, delay 0, pages discarded) and prints pages/s
//   build/bench/crawl_bench --serve --pages 10000 [--port 0] [--seconds 600]
//       prints the port, then serves until stdin closes or --seconds pass
//       (scripts/bench_crawl.sh runs `klantreis crawl` against it)
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

#include "klantreis/crawler/site_crawl.h"

namespace {

std::string PageHtml(long i, long pages) {
  std::string h = "<!doctype html><html lang=\"nl\"><head><title>Kamerplant " + std::to_string(i) +
                  " kopen en verzorgen</title><meta name=\"description\" content=\"Alles over plant " +
                  std::to_string(i) + "\"></head><body><nav><a href=\"/\">home</a></nav><main><h1>Plant " +
                  std::to_string(i) + "</h1><h2>Verzorging</h2><p>";
  for (int w = 0; w < 300; ++w) h += w % 7 == 0 ? "water " : "blad ";
  h += "</p>";
  for (int k = 1; k <= 10; ++k) {
    long t = (i * 31 + k * 977) % pages;
    h += "<a href=\"/p/" + std::to_string(t) + "\">plant " + std::to_string(t) + "</a> ";
  }
  return h + "</main></body></html>";
}

}  // namespace

int main(int argc, char** argv) {
  long pages = 2000, port = 0, seconds = 600;
  bool serve = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--serve")) serve = true;
    else if (i + 1 < argc && !std::strcmp(argv[i], "--pages")) pages = std::atol(argv[++i]);
    else if (i + 1 < argc && !std::strcmp(argv[i], "--port")) port = std::atol(argv[++i]);
    else if (i + 1 < argc && !std::strcmp(argv[i], "--seconds")) seconds = std::atol(argv[++i]);
  }
  if (pages < 1) pages = 1;
  httplib::Server svr;
  svr.set_tcp_nodelay(true);  // else Nagle and delayed ACKs cost ~40 ms per response
  svr.Get("/robots.txt", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("User-agent: *\nDisallow: /private/\nSitemap: /sitemap.xml\n", "text/plain");
  });
  svr.Get("/sitemap.xml", [&](const httplib::Request& req, httplib::Response& res) {
    std::string host = req.get_header_value("Host");
    std::string x = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
    for (long i = 0; i < pages && i < 50000; ++i) x += "<url><loc>http://" + host + "/p/" + std::to_string(i) + "</loc></url>";
    res.set_content(x + "</urlset>", "application/xml");
  });
  svr.Get("/", [&](const httplib::Request&, httplib::Response& res) { res.set_content(PageHtml(0, pages), "text/html"); });
  svr.Get(R"(/p/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    long i = std::atol(req.matches[1].str().c_str());
    if (i >= pages) {
      res.status = 404;
      return;
    }
    res.set_content(PageHtml(i, pages), "text/html; charset=utf-8");
  });
  int bound = port > 0 ? (svr.bind_to_port("127.0.0.1", static_cast<int>(port)) ? static_cast<int>(port) : -1)
                       : svr.bind_to_any_port("127.0.0.1");
  if (bound <= 0) {
    std::fprintf(stderr, "crawl_bench: cannot bind\n");
    return 1;
  }
  std::thread t([&] { svr.listen_after_bind(); });
  if (!serve) {
    while (!svr.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    kr::crawler::SiteCrawlOptions o;
    o.start_urls = {"http://127.0.0.1:" + std::to_string(bound) + "/"};
    o.delay_seconds = 0;
    o.max_pages = static_cast<size_t>(pages);
    o.max_depth = 1000;
    auto fetcher = kr::crawler::MakeCurlFetcher();
    size_t words = 0;
    auto r = kr::crawler::CrawlSite(o, fetcher.get(), [&](const kr::WebPage& p) {
      words += p.words;
      return kr::Status::Ok();
    });
    svr.stop();
    t.join();
    if (!r.ok()) {
      std::fprintf(stderr, "crawl_bench: %s\n", r.status().message().c_str());
      return 1;
    }
    std::printf("site crawl, in-process, delay 0: %zu pages (%zu requests) in %.2f s = %.0f pages/s (%zu words read)\n",
                r->pages, r->requests, r->seconds, r->pages / r->seconds, words);
    return 0;
  }
  std::printf("%d\n", bound);
  std::fflush(stdout);
  std::thread guard([&] {
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    svr.stop();
  });
  guard.detach();
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  svr.stop();
  t.join();
  return 0;
}
