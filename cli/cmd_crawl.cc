// klantreis crawl URL... -p DIR [--max-pages N] [--max-depth D] [--delay S]
//     [--agent NAME] [--user-agent UA] [--timeout S] [--budget S] [--max-page-bytes N] [--no-sitemaps]
//
// Crawls the user's own site politely (robots.txt first, sitemaps, breadth
// first within the start URLs' origins) and stores its pages as one crawl,
// replacing the previous crawl of the same site. Progress on stderr, the
// summary on stdout. Ctrl-C stops the crawl and keeps (commits) the pages
// stored until then. Exit 0 when the crawl ran (whatever the pages'
// statuses), 1 on a store or runtime failure, 2 for usage errors.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "interrupt.h"
#include "klantreis/app/project.h"
#include "klantreis/app/site_crawl.h"

namespace kr::cli {
namespace {

struct CrawlFlags {
  crawler::SiteCrawlOptions o;
  bool no_sitemaps = false;
  bool quiet = false;
};

Status Check(const CrawlFlags& f) {
  const auto& o = f.o;
  if (o.max_pages < 1) return Status::InvalidArgument("crawl: --max-pages must be at least 1");
  if (o.max_depth < 0) return Status::InvalidArgument("crawl: --max-depth must be 0 or more");
  if (!(o.delay_seconds >= 0) || o.delay_seconds > 3600) return Status::InvalidArgument("crawl: --delay must be 0..3600 seconds");
  if (!(o.timeout_seconds > 0) || o.timeout_seconds > 3600) return Status::InvalidArgument("crawl: --timeout must be more than 0 and at most 3600 seconds");
  if (!(o.budget_seconds >= 0)) return Status::InvalidArgument("crawl: --budget must be 0 (none) or more seconds");
  if (o.max_page_bytes < 1024) return Status::InvalidArgument("crawl: --max-page-bytes must be at least 1024");
  if (o.agent.empty() || o.agent.find_first_of(" \t/:") != std::string::npos)
    return Status::InvalidArgument("crawl: --agent must be a product token such as klantreis");
  return Status::Ok();
}

}  // namespace

void AddCrawlCommand(CLI::App& root, Globals& g) {
  auto f = std::make_shared<CrawlFlags>();
  auto* cmd = root.add_subcommand("crawl", "crawl the project's own site politely and store its pages");
  AddProjectOptions(cmd, &g);
  cmd->add_option("urls", f->o.start_urls, "start URL(s); only their origins (scheme, host, port) are crawled")->required();
  cmd->add_option("--max-pages", f->o.max_pages, "pages fetched at most")->capture_default_str();
  cmd->add_option("--max-depth", f->o.max_depth, "link hops from a start URL at most")->capture_default_str();
  cmd->add_option("--delay", f->o.delay_seconds, "seconds between requests to one site (robots.txt Crawl-delay wins when larger)")
      ->capture_default_str();
  cmd->add_option("--agent", f->o.agent, "robots.txt product token obeyed")->capture_default_str();
  cmd->add_option("--user-agent", f->o.user_agent, "User-Agent header (default klantreis/0.1 (+...))");
  cmd->add_option("--timeout", f->o.timeout_seconds, "seconds per request")->capture_default_str();
  cmd->add_option("--budget", f->o.budget_seconds, "seconds for the whole crawl (0 = no limit)")->capture_default_str();
  cmd->add_option("--max-page-bytes", f->o.max_page_bytes, "bytes per page downloaded at most (the rest is not)")
      ->capture_default_str();
  cmd->add_flag("--no-sitemaps", f->no_sitemaps, "do not read the sitemaps");
  cmd->add_flag("-q,--quiet", f->quiet, "no progress on stderr");
  cmd->callback([&g, f] {
    Status ok = Check(*f);
    if (!ok.ok()) {
      g.exit_code = Fail(ok);
      return;
    }
    f->o.use_sitemaps = !f->no_sitemaps;
    auto project = app::OpenProject(g.project_dir, store::OpenMode::kReadWrite, g.config_files);
    if (!project.ok()) {
      g.exit_code = Fail(project.status());
      return;
    }
    using Clock = std::chrono::steady_clock;
    Clock::time_point last_print{};
    crawler::ProgressSink progress = [&](const crawler::CrawlProgress& p) {
      if (f->quiet) return;
      Clock::time_point now = Clock::now();
      if (now - last_print < std::chrono::seconds(1)) return;
      last_print = now;
      std::fprintf(stderr, "\rcrawl: %zu fetched, %zu queued, %.1f pages/s   ", p.fetched, p.queued,
                   p.elapsed_seconds > 0 ? p.fetched / p.elapsed_seconds : 0.0);
      std::fflush(stderr);
    };
    InterruptGuard guard;
    auto out = app::RunSiteCrawl(*project, f->o, nullptr, &StopFlag(), progress);
    if (!f->quiet && last_print != Clock::time_point{}) std::fprintf(stderr, "\n");
    if (!out.ok()) {
      g.exit_code = Fail(out.status());
      return;
    }
    std::cout << app::CrawlSummaryText(*out);
    if (out->interrupted) {
      std::fprintf(stderr, "klantreis: crawl interrupted: %llu pages stored as %s\n",
                   static_cast<unsigned long long>(out->stored), out->crawl_id.c_str());
    }
    g.exit_code = 0;
  });
}

}  // namespace kr::cli
