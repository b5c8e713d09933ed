// The site crawl (see site_crawl.h): robots.txt, sitemaps, then breadth
// first within the start URLs' origins.
#include "klantreis/crawler/site_crawl.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <thread>
#include <unordered_set>

#include "klantreis/crawler/page_html.h"
#include "klantreis/crawler/robots.h"
#include "klantreis/crawler/web_url.h"
#include "serp_dom.h"

namespace kr::crawler {
namespace {

using Clock = std::chrono::steady_clock;

const char kDefaultUserAgent[] = "klantreis/0.1 (+https://example.invalid/klantreis)";

struct Origin {
  WebUrl root;  // scheme://host:port/
  RobotsTxt robots;
  Clock::duration interval{0};
  Clock::time_point last_request{};
  Clock::time_point next_slot{};
};

struct QueueItem {
  std::string url;
  int depth = 0;
  bool in_sitemap = false;
  size_t origin = 0;
};

bool IsHtmlType(std::string_view content_type, std::string_view body) {
  std::string ct = internal::AsciiLower(content_type);
  if (ct.find("text/html") != std::string::npos || ct.find("application/xhtml") != std::string::npos) return true;
  if (!ct.empty()) return false;
  // No Content-Type: sniff the start of the body.
  std::string head = internal::AsciiLower(body.substr(0, 512));
  size_t p = head.find_first_not_of(" \t\r\n");
  return p != std::string::npos &&
         (head.compare(p, 14, "<!doctype html") == 0 || head.compare(p, 5, "<html") == 0);
}

std::string Header(const FetchResponse& r, std::string_view name, const char* join = nullptr) {
  std::string out;
  for (const auto& [k, v] : r.headers) {
    if (k != name) continue;
    if (join == nullptr) return v;
    if (!out.empty()) out += join;
    out += v;
  }
  return out;
}

std::vector<std::string> Headers(const FetchResponse& r, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : r.headers)
    if (k == name) out.push_back(v);
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class Crawl {
 public:
  Crawl(const SiteCrawlOptions& o, Fetcher* f, const PageSink& sink, const std::atomic<bool>* stop,
        const ProgressSink& progress)
      : o_(o), inner_(f), sink_(sink), stop_(stop), progress_(progress), start_(Clock::now()) {
    user_agent_ = o.user_agent.empty() ? kDefaultUserAgent : o.user_agent;
  }

  Result<SiteCrawlSummary> Run() {
    std::vector<WebUrl> starts;
    for (const std::string& s : o_.start_urls) {
      Result<WebUrl> u = ParseWebUrl(s);
      if (!u.ok()) return Status::InvalidArgument("start URL " + u.status().message());
      starts.push_back(*u);
    }
    if (starts.empty()) return Status::InvalidArgument("no start URL");
    if (o_.max_pages == 0) return Status::InvalidArgument("--max-pages must be at least 1");
    for (const WebUrl& s : starts) {
      if (OriginIndex(s) >= 0) continue;
      Origin org;
      org.root = *ParseWebUrl(s.Origin() + "/");
      origins_.push_back(std::move(org));
    }
    // robots.txt of every origin first, before any page.
    for (size_t i = 0; i < origins_.size() && !Stopped(); ++i) FetchRobots(&origins_[i]);
    for (const WebUrl& s : starts) Enqueue(s.url, 0, false);
    if (o_.use_sitemaps) {
      for (size_t i = 0; i < origins_.size() && !Stopped(); ++i) SeedSitemaps(&origins_[i]);
    }
    while (!queue_.empty()) {
      if (Stopped()) break;
      if (summary_.fetched >= o_.max_pages) {
        summary_.stopped_by = "max pages";
        break;
      }
      QueueItem item = std::move(queue_.front());
      queue_.pop_front();
      KR_RETURN_IF_ERROR(CrawlOne(item));
      if (!sink_status_.ok()) return sink_status_;
      if (progress_) progress_({summary_.fetched, queue_.size(), Elapsed()});
    }
    if (summary_.stopped_by.empty() && (!queue_.empty() || capped_)) summary_.stopped_by = "max pages";
    summary_.seconds = Elapsed();
    return std::move(summary_);
  }

 private:
  double Elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  bool Stopped() {
    if (!summary_.stopped_by.empty() && summary_.stopped_by != "max pages") return true;
    if (stop_ != nullptr && stop_->load()) {
      summary_.stopped_by = "interrupted";
      return true;
    }
    if (o_.budget_seconds > 0 && Elapsed() >= o_.budget_seconds) {
      summary_.stopped_by = "budget";
      return true;
    }
    return false;
  }

  int OriginIndex(const WebUrl& u) const {
    for (size_t i = 0; i < origins_.size(); ++i)
      if (origins_[i].root.SameOrigin(u)) return static_cast<int>(i);
    return -1;
  }

  // Waits for the origin's next request slot; false when the crawl stopped meanwhile.
  bool WaitSlot(Origin* org) {
    while (Clock::now() < org->next_slot) {
      if (Stopped()) return false;
      auto left = org->next_slot - Clock::now();
      std::this_thread::sleep_for(std::min<Clock::duration>(left, std::chrono::milliseconds(100)));
    }
    return !Stopped();
  }

  FetchRequest Request(const std::string& url) const {
    FetchRequest r;
    r.url = url;
    double timeout = o_.timeout_seconds;
    if (o_.budget_seconds > 0) timeout = std::min(timeout, std::max(0.05, o_.budget_seconds - Elapsed()));
    r.timeout_ms = std::max<long>(1, static_cast<long>(timeout * 1000));
    r.connect_timeout_ms = std::min<long>(r.timeout_ms, 5000);
    r.user_agent = user_agent_;
    r.cancel = stop_;
    return r;
  }

  // One request with bounded retries: 429 and 5xx (waiting Retry-After up
  // to 30 s, else a doubling backoff, never less than the origin's
  // interval) and network errors other than timeouts (a slow page stays slow).
  Result<FetchResponse> Send(Origin* org, const FetchRequest& req) {
    Clock::duration backoff = std::max<Clock::duration>(std::chrono::milliseconds(500), org->interval);
    for (int attempt = 1;; ++attempt) {
      ++summary_.requests;
      Result<FetchResponse> r = inner_->Fetch(req);
      org->last_request = Clock::now();
      org->next_slot = org->last_request + org->interval;
      if (attempt >= o_.max_attempts) return r;
      Clock::duration wait = backoff;
      if (!r.ok()) {
        const std::string& m = r.status().message();
        if (IsFetchRefusal(r.status()) || r.status().code() == Status::Code::kAborted ||
            m.find("timed out") != std::string::npos) {
          return r;
        }
      } else {
        if (r->status != 429 && (r->status < 500 || r->status > 599)) return r;
        if (r->retry_after_seconds > 30) return r;  // a long pause: not within this crawl
        if (r->retry_after_seconds >= 0) wait = std::max<Clock::duration>(wait, std::chrono::seconds(r->retry_after_seconds));
      }
      org->next_slot = Clock::now() + wait;
      if (!WaitSlot(org)) return r;
      backoff *= 2;
    }
  }

  void FetchRobots(Origin* org) {
    double delay = o_.delay_seconds;
    const std::string url = org->root.Origin() + "/robots.txt";
    FetchRequest req = Request(url);
    req.follow_redirects = true;  // RFC 9309: follow at least five, to any host
    req.max_redirects = 5;
    req.truncate_body = true;
    req.max_bytes = kRobotsMaxBytes + 1;
    Result<FetchResponse> r = WaitSlot(org) ? Send(org, req) : Result<FetchResponse>(Status::Aborted("stopped"));
    std::string note = url + ": ";
    if (!r.ok()) {
      if (IsFetchRefusal(r.status())) {
        org->robots = RobotsTxt::AllowAll();
        note += "unavailable (" + r.status().message() + "): everything allowed";
      } else {
        org->robots = RobotsTxt::DisallowAll();
        note += "unreachable (" + r.status().message() + "): nothing allowed";
      }
    } else if (r->status >= 200 && r->status < 300) {
      org->robots = RobotsTxt::Parse(r->body, o_.agent);
      note += "HTTP " + std::to_string(r->status) + ", read";
      if (org->robots.truncated()) note += " (longer than 500 KiB: the rest ignored)";
      if (auto cd = org->robots.crawl_delay()) {
        note += ", Crawl-delay " + std::to_string(*cd) + " s";
        delay = std::max(delay, std::min(*cd, o_.max_crawl_delay));
      }
    } else if (r->status >= 400 && r->status < 500 && r->status != 429) {
      org->robots = RobotsTxt::AllowAll();
      note += "HTTP " + std::to_string(r->status) + ": everything allowed";
    } else {
      org->robots = RobotsTxt::DisallowAll();
      note += "HTTP " + std::to_string(r->status) + ": nothing allowed for this crawl";
    }
    org->interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(delay));
    org->next_slot = org->last_request + org->interval;
    summary_.notes.push_back(std::move(note));
  }

  void SeedSitemaps(Origin* org) {
    std::vector<std::string> roots = org->robots.sitemaps();
    if (roots.empty()) roots.push_back("/sitemap.xml");
    SitemapCollectOptions so = o_.sitemaps;
    so.max_urls = std::min(so.max_urls, o_.max_pages);
    SitemapFetch fetch = [&](const std::string& url) -> Result<std::string> {
      RobotsVerdict v = org->robots.Check(url);
      if (!v.allowed) return Status::Unavailable("blocked by robots.txt");
      if (!WaitSlot(org)) return Status::Aborted("crawl stopped");
      FetchRequest req = Request(url);
      req.follow_redirects = true;
      req.allowed_hosts = {org->root.host};
      req.max_bytes = so.limits.max_bytes;
      req.truncate_body = true;
      Result<FetchResponse> r = Send(org, req);
      if (!r.ok()) return r.status();
      if (r->status != 200) return Status::Unavailable("HTTP " + std::to_string(r->status));
      return std::move(r->body);
    };
    SitemapCollection c = CollectSitemaps(roots, org->root, fetch, so);
    summary_.sitemap_pages += c.pages.size();
    summary_.sitemap_outside += c.outside_origin;
    summary_.sitemap_files.insert(summary_.sitemap_files.end(), c.files.begin(), c.files.end());
    for (const std::string& e : c.errors) summary_.notes.push_back("sitemap " + e);
    for (const SitemapPage& p : c.pages) {
      if (seen_.count(p.url)) {
        sitemap_urls_.insert(p.url);
        continue;
      }
      if (Enqueue(p.url, 1, true)) sitemap_urls_.insert(p.url);
    }
  }

  // Queues a URL of one of the origins unless seen, too deep or over the cap.
  bool Enqueue(const std::string& url, int depth, bool in_sitemap) {
    if (seen_.count(url)) return false;
    Result<WebUrl> u = ParseWebUrl(url);
    if (!u.ok()) return false;
    int origin = OriginIndex(*u);
    if (origin < 0) return false;
    if (depth > o_.max_depth) {
      ++summary_.not_queued;
      return false;
    }
    if (summary_.fetched + queue_.size() >= o_.max_pages) {
      ++summary_.not_queued;
      capped_ = true;
      return false;
    }
    seen_.insert(url);
    queue_.push_back({url, depth, in_sitemap, static_cast<size_t>(origin)});
    return true;
  }

  void Emit(WebPage& page) {
    page.indexable = IsIndexable(page);
    ++summary_.pages;
    ++summary_.statuses[page.status];
    if (page.indexable) ++summary_.indexable;
    if (page.noindex) ++summary_.noindex;
    if (sink_status_.ok()) sink_status_ = sink_(page);
  }

  Status CrawlOne(const QueueItem& item) {
    Origin* org = &origins_[item.origin];
    WebPage page;
    page.url = item.url;
    page.depth = item.depth;
    page.in_sitemap = item.in_sitemap || sitemap_urls_.count(item.url) > 0;
    RobotsVerdict v = org->robots.Check(item.url);
    if (!v.allowed) {
      page.robots_blocked = true;
      page.error = "blocked by robots.txt (" + (v.rule ? v.rule->Describe() : std::string("nothing allowed")) + ")";
      ++summary_.blocked_by_robots;
      Emit(page);
      return Status::Ok();
    }
    if (!WaitSlot(org)) return Status::Ok();  // stopped: the page is not fetched, not recorded
    ++summary_.fetched;
    page.fetched_at = NowUnix();
    Clock::time_point t0 = Clock::now();
    FetchRequest req = Request(item.url);
    req.follow_redirects = false;
    req.truncate_body = true;
    req.max_bytes = o_.max_page_bytes;
    Result<FetchResponse> r = Send(org, req);
    std::string current = item.url;
    // Redirects, hop by hop: within the origin, allowed by robots.txt, not yet seen.
    std::optional<FetchResponse> last;
    int first_status = 0;
    while (r.ok() && !r->location.empty()) {
      if (first_status == 0) first_status = static_cast<int>(r->status);
      Result<WebUrl> target = ResolveWebUrl(current, r->location);
      page.redirects.push_back(target.ok() ? target->url : r->location);
      if (!target.ok()) {
        page.error = "redirect to a URL that is no http(s) URL: " + r->location;
        break;
      }
      if (!target->SameOrigin(org->root)) {
        page.redirect_outside = target->url;
        ++summary_.redirects_outside;
        break;
      }
      if (static_cast<int>(page.redirects.size()) > o_.max_redirects) {
        page.error = "more than " + std::to_string(o_.max_redirects) + " redirects";
        break;
      }
      if (!org->robots.Check(target->url).allowed) {
        page.error = "redirect target blocked by robots.txt";
        break;
      }
      if (seen_.count(target->url)) break;  // the target has (or will have) its own record
      seen_.insert(target->url);
      current = target->url;
      if (!WaitSlot(org)) {
        r = Status::Aborted(current + ": crawl stopped");
        break;
      }
      req.url = current;
      req.timeout_ms = Request(current).timeout_ms;
      r = Send(org, req);
      if (r.ok() && r->location.empty()) last = std::move(r).value();
    }
    page.fetch_ms = static_cast<uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
    if (!r.ok() && !last) {
      if (first_status == 0) {
        page.error = r.status().message();
        ++summary_.errors;
        Emit(page);
        return Status::Ok();
      }
      if (page.error.empty()) page.error = r.status().message();
    }
    if (first_status != 0) {
      // This URL redirects: its record is the chain; the target gets its own.
      ++summary_.redirects;
      page.status = first_status;
      page.final_url = page.redirects.back();
      Emit(page);
      if (!last) return Status::Ok();
      WebPage target;
      target.url = current;
      target.depth = item.depth;
      target.in_sitemap = sitemap_urls_.count(current) > 0;
      target.fetched_at = page.fetched_at;
      target.fetch_ms = page.fetch_ms;
      ++summary_.fetched;
      Read(*last, item.depth, &target);
      Emit(target);
      return Status::Ok();
    }
    Read(*r, item.depth, &page);
    Emit(page);
    return Status::Ok();
  }

  // Fills a page from its (non-redirect) response and queues its links.
  void Read(const FetchResponse& resp, int depth, WebPage* page) {
    page->status = static_cast<int>(resp.status);
    page->content_type = resp.content_type;
    page->bytes = resp.body.size();
    page->truncated = resp.truncated;
    if (resp.truncated) ++summary_.truncated;
    std::vector<std::string> xr = XRobotsFor(Headers(resp, "x-robots-tag"), o_.agent);
    page->x_robots_tag = Join(xr);
    page->html = IsHtmlType(resp.content_type, resp.body);
    std::string content_language = Header(resp, "content-language");
    if (!page->html || resp.status < 200 || resp.status >= 300) {
      page->noindex = RobotsDirective(page->x_robots_tag, "noindex");
      page->html = page->html && resp.status >= 200 && resp.status < 300;
      return;
    }
    HtmlFacts f = ReadHtml(resp.body, page->url, o_.agent);
    if (f.refused) {
      page->html = false;
      page->error = f.refused_why;
      return;
    }
    page->title = std::move(f.title);
    page->description = std::move(f.description);
    page->canonical = std::move(f.canonical);
    page->meta_robots = Join(f.meta_robots);
    page->h1 = std::move(f.h1);
    page->h2 = std::move(f.h2);
    page->h3 = std::move(f.h3);
    page->words = f.words;
    page->text = std::move(f.text);
    page->lang = !f.lang.empty() ? f.lang : internal::AsciiLower(content_language);
    std::string directives = page->meta_robots + ", " + page->x_robots_tag;
    page->noindex = RobotsDirective(directives, "noindex");
    page->nofollow = RobotsDirective(directives, "nofollow");
    summary_.links_dropped += f.dropped_links;
    Origin& org = origins_[static_cast<size_t>(std::max(0, OriginIndex(*ParseWebUrl(page->url))))];
    for (const PageLink& l : f.links) {
      Result<WebUrl> u = ParseWebUrl(l.url);
      if (!u.ok()) continue;
      if (!u->SameOrigin(org.root)) {
        ++page->external_links;
        if (OriginIndex(*u) < 0) {
          ++summary_.links_outside;
          continue;
        }
      } else if (l.url != page->url) {
        ++page->internal_links;
      }
      if (!page->nofollow && !l.nofollow) Enqueue(l.url, depth + 1, false);
    }
  }

  const SiteCrawlOptions& o_;
  Fetcher* inner_;
  const PageSink& sink_;
  const std::atomic<bool>* stop_;
  const ProgressSink& progress_;
  Clock::time_point start_;
  std::string user_agent_;
  std::vector<Origin> origins_;
  std::deque<QueueItem> queue_;
  std::unordered_set<std::string> seen_;
  std::unordered_set<std::string> sitemap_urls_;
  SiteCrawlSummary summary_;
  Status sink_status_;
  bool capped_ = false;  // a URL was left out for max pages
};

}  // namespace

bool IsIndexable(const WebPage& p) {
  if (p.status != 200 || !p.html || p.noindex || p.robots_blocked || !p.final_url.empty()) return false;
  return p.canonical.empty() || p.canonical == p.url;
}

Result<SiteCrawlSummary> CrawlSite(const SiteCrawlOptions& options, Fetcher* fetcher, const PageSink& sink,
                                   const std::atomic<bool>* stop, const ProgressSink& progress) {
  Crawl crawl(options, fetcher, sink, stop, progress);
  return crawl.Run();
}

}  // namespace kr::crawler
