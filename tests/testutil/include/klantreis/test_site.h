// A small local web site for crawler tests (cpp-httplib on 127.0.0.1, a
// free port): robots groups for klantreis and *, a sitemap index with a
// gzipped child, a page only in the sitemap, redirects within and outside
// the origin, a canonical duplicate, noindex pages (meta and X-Robots-Tag),
// a nofollow page, a slow page, a big page, an endless calendar, links to
// another origin, mailto:/javascript:/tel: links, a PDF, a 404 and a 500.
// Every request is logged (Host header and path) so tests can assert what
// was fetched and what was not. Header-only; link PkgConfig::HTTPLIB.
#pragma once

#include <httplib.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kr::testutil {

class TestSite {
 public:
  struct Hit {
    std::string host;
    std::string path;  // with the query
  };

  // slow_ms: how long /slow takes; big_bytes: the size of /big.
  explicit TestSite(int slow_ms = 3000, size_t big_bytes = 20u << 20) : slow_ms_(slow_ms), big_bytes_(big_bytes) {
    Routes();
    server_.set_tcp_nodelay(true);  // else Nagle and delayed ACKs cost ~40 ms per response
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~TestSite() {
    stopping_ = true;
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  TestSite(const TestSite&) = delete;
  TestSite& operator=(const TestSite&) = delete;

  int port() const { return port_; }
  std::string Origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // The same server under another host name: another origin.
  std::string OtherOrigin() const { return "http://localhost:" + std::to_string(port_); }

  std::vector<Hit> Log() const {
    std::lock_guard<std::mutex> l(mu_);
    return log_;
  }
  // How often `path` was requested on this origin (Host 127.0.0.1:port).
  int Count(const std::string& path) const {
    int n = 0;
    for (const Hit& h : Log())
      if (h.path == path && h.host == "127.0.0.1:" + std::to_string(port_)) ++n;
    return n;
  }
  int CountOtherHost() const {
    int n = 0;
    for (const Hit& h : Log())
      if (h.host != "127.0.0.1:" + std::to_string(port_)) ++n;
    return n;
  }
  int CountPrefix(const std::string& prefix) const {
    int n = 0;
    for (const Hit& h : Log())
      if (h.path.compare(0, prefix.size(), prefix) == 0) ++n;
    return n;
  }

  static std::string Gzip(const std::string& s) {
    z_stream zs{};
    deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, s.size()) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
    zs.avail_in = static_cast<uInt>(s.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
  }

 private:
  static std::string Page(const std::string& title, const std::string& head, const std::string& body) {
    return "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>" + title + "</title>" + head +
           "</head><body>" + body + "</body></html>";
  }

  void Html(const std::string& path, std::string html) {
    server_.Get(path, [html](const httplib::Request&, httplib::Response& res) { res.set_content(html, "text/html; charset=utf-8"); });
  }

  void Routes() {
    // Logged when the request arrives (a logger would run after the response).
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      std::lock_guard<std::mutex> l(mu_);
      log_.push_back({req.get_header_value("Host"), req.target.empty() ? req.path : req.target});
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server_.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "User-agent: *\nDisallow: /\n\n"
          "User-agent: klantreis\nDisallow: /private/\nAllow: /private/open\n\n"
          "Sitemap: /sitemap_index.xml\n",
          "text/plain");
    });
    server_.Get("/sitemap_index.xml", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content("<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                      "<sitemap><loc>" + Origin() + "/sitemap-pages.xml.gz</loc></sitemap>"
                      "<sitemap><loc>" + OtherOrigin() + "/sitemap-other.xml</loc></sitemap>"
                      "</sitemapindex>",
                      "application/xml");
    });
    server_.Get("/sitemap-pages.xml.gz", [this](const httplib::Request&, httplib::Response& res) {
      std::string xml = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                        "<url><loc>" + Origin() + "/</loc><lastmod>2025-01-01</lastmod></url>"
                        "<url><loc>" + Origin() + "/only-in-sitemap</loc><lastmod>2025-02-01</lastmod></url>"
                        "<url><loc>" + OtherOrigin() + "/sitemap-elsewhere</loc></url>"
                        "</urlset>";
      res.set_content(Gzip(xml), "application/gzip");
    });
    server_.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          Page("Groenhuis kamerplanten", "<meta name=\"description\" content=\"Kamerplanten online kopen\">",
               "<nav><a href=\"/about\">Over ons</a></nav><main><h1>Kamerplanten kopen</h1>"
               "<p>Wij verkopen kamerplanten voor elk huis en elke kamer.</p>"
               "<h2>Populair</h2><h3>Monstera</h3>"
               "<a href=\"/products\">Producten</a> <a href=\"products#reviews\">Reviews</a>"
               "<a href=\"/private/secret\">geheim</a> <a href=\"/private/open\">open</a>"
               "<a href=\"/old\">oud</a> <a href=\"/away\">weg</a> <a href=\"/dup\">dup</a>"
               "<a href=\"/noindex\">noindex</a> <a href=\"/xrobots\">x</a> <a href=\"/nofollow\">nf</a>"
               "<a href=\"/slow\">traag</a> <a href=\"/big\">groot</a> <a href=\"/calendar/0\">agenda</a>"
               "<a href=\"/file.pdf\">pdf</a> <a href=\"/missing\">weg</a> <a href=\"/error\">fout</a>"
               "<a href=\"" + OtherOrigin() + "/elsewhere\">elders</a> <a href=\"https://example.org/\">ext</a>"
               "<a href=\"mailto:info@example.com\">mail</a> <a href=\"javascript:void(0)\">js</a>"
               "<a href=\"tel:+31201234567\">bel</a> <a href=\"#top\">top</a>"
               "</main><footer>Voettekst met veel woorden die niet meetellen</footer>"),
          "text/html; charset=utf-8");
    });
    Html("/about", Page("Over Groenhuis", "", "<h1>Over ons</h1><p>Sinds 1990.</p><a href=\"/\">home</a>"));
    Html("/products", Page("Alle kamerplanten", "<link rel=\"canonical\" href=\"/products\">",
                           "<h1>Producten</h1><p>Monstera, ficus en calathea.</p>"));
    Html("/dup", Page("Alle kamerplanten (kopie)", "<link rel=\"canonical\" href=\"/products\">",
                      "<h1>Producten</h1><p>Monstera, ficus en calathea.</p>"));
    Html("/noindex", Page("Niet indexeren", "<meta name=\"robots\" content=\"noindex\">", "<p>Verborgen</p>"));
    server_.Get("/xrobots", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Robots-Tag", "noindex, nofollow");
      res.set_content("<html><head><title>X</title></head><body><a href=\"/hidden-x\">h</a></body></html>", "text/html");
    });
    Html("/nofollow", Page("Nofollow", "<meta name=\"klantreis\" content=\"nofollow\">", "<a href=\"/hidden-nf\">h</a>"));
    Html("/private/open", Page("Open", "", "<p>Open deel</p>"));
    Html("/private/secret", Page("Geheim", "", "<p>Mag niet</p>"));
    Html("/only-in-sitemap", Page("Alleen in de sitemap", "", "<h1>Verzorging</h1><p>Water geven.</p>"));
    Html("/new", Page("Nieuwe pagina", "", "<h1>Nieuw</h1>"));
    server_.Get("/old", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/new", 301); });
    server_.Get("/away", [this](const httplib::Request&, httplib::Response& res) {
      res.set_redirect(OtherOrigin() + "/landing", 302);
    });
    server_.Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
      for (int t = 0; t < slow_ms_ && !stopping_; t += 20) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      res.set_content(Page("Traag", "", "<p>eindelijk</p>"), "text/html");
    });
    server_.Get("/big", [this](const httplib::Request&, httplib::Response& res) {
      size_t total = big_bytes_;
      res.set_content_provider(total, "text/html", [this, total](size_t offset, size_t length, httplib::DataSink& sink) {
        if (stopping_) return false;
        std::string chunk = offset == 0 ? std::string("<html><head><title>Groot</title></head><body><p>") : std::string();
        size_t n = std::min<size_t>(length, 64 * 1024);
        if (chunk.size() < n) chunk.append(n - chunk.size(), 'x');
        chunk.resize(std::min(chunk.size(), total - offset));
        return sink.write(chunk.data(), chunk.size());
      });
    });
    server_.Get(R"(/calendar/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      long m = std::stol(req.matches[1]);
      res.set_content(Page("Agenda " + std::to_string(m), "",
                           "<a href=\"/calendar/" + std::to_string(m + 1) + "\">volgende maand</a>"),
                      "text/html");
    });
    server_.Get("/file.pdf", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("%PDF-1.4 <a href=\"/from-pdf\">", "application/pdf");
    });
    server_.Get("/error", [](const httplib::Request&, httplib::Response& res) {
      res.status = 500;
      res.set_content("oops", "text/plain");
    });
    server_.Get("/landing", [](const httplib::Request&, httplib::Response& res) { res.set_content("elders", "text/html"); });
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  int slow_ms_;
  size_t big_bytes_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::vector<Hit> log_;
};

}  // namespace kr::testutil
