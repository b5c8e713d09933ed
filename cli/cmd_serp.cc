// klantreis serp parse FILE.html [--compact]
// klantreis serp import FILE.html... [--query Q] [-p DIR]
// klantreis serp fetch [--top N] [--max-age DAYS] [-p DIR]
#include <iostream>
#include <memory>

#include "cli.h"
#include "interrupt.h"
#include "klantreis/app/project.h"
#include "klantreis/app/serp.h"
#include "klantreis/core/text.h"
#include "klantreis/crawler/serp.h"

namespace kr::cli {

namespace {

std::string EvidenceLine(const std::vector<RuleHit>& hits) {
  std::string s;
  for (const RuleHit& h : hits) {
    if (!s.empty()) s += ", ";
    s += h.rule + " -> " + std::string(StageId(h.stage));
    if (!h.tokens.empty()) s += " (" + h.tokens[0] + ")";
  }
  return s.empty() ? "none" : s;
}

std::string PageLine(const app::SerpPageResult& r) {
  const crawler::SerpPage& p = r.page;
  return "'" + r.query + "' (" + r.engine + ", " + r.fetched_on + ", " + std::string(crawler::SerpKindId(p.kind)) +
         "): " + std::to_string(p.organic.size()) + " results, " + std::to_string(p.ads.size()) + " ads, " +
         std::to_string(p.shopping.size()) + " shopping, " + std::to_string(p.paa.size()) + " questions, " +
         std::to_string(p.related.size()) + " related searches; evidence: " + EvidenceLine(r.evidence);
}

void AddParse(CLI::App* serp, Globals& g) {
  auto* cmd = serp->add_subcommand("parse", "Print a saved result page as JSON (nothing is stored)");
  struct Opts {
    std::string file;
    bool compact = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "saved result page (.html)")->required();
  cmd->add_flag("--compact", o->compact, "one line of JSON");
  cmd->callback([&g, o] {
    auto html = ReadFile(o->file);
    if (!html.ok()) {
      g.exit_code = Fail(html.status());
      return;
    }
    auto page = crawler::ParseSerp(*html);
    if (!page.ok()) {
      g.exit_code = Fail(page.status().WithContext(o->file));
      return;
    }
    std::cout << crawler::SerpPageToJson(*page, o->compact ? -1 : 2) << "\n";
    g.exit_code = 0;
  });
}

void AddImport(CLI::App* serp, Globals& g) {
  auto* cmd = serp->add_subcommand("import", "Store saved result pages (Google desktop/mobile/no-JS, Bing, DuckDuckGo)");
  struct Opts {
    std::vector<std::string> files;
    std::string query;
    bool quiet = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->files, "saved result pages (.html)")->required();
  cmd->add_option("--query", o->query, "the query of the pages (default: read from each page)");
  cmd->add_flag("-q,--quiet", o->quiet, "no progress on stderr");
  AddProjectOptions(cmd, &g);
  cmd->callback([&g, o] {
    auto project = app::OpenProject(g.project_dir, store::OpenMode::kReadWrite, g.config_files);
    if (!project.ok()) {
      g.exit_code = Fail(project.status());
      return;
    }
    Progress progress("serp import", "pages", o->files.size(), ProgressOptions(o->quiet));
    auto r = app::ImportSerpFiles(*project, o->files, o->query, &progress);
    progress.Finish();
    if (!r.ok()) {
      g.exit_code = Fail(r.status());
      return;
    }
    for (const app::SerpPageResult& p : r->pages) {
      if (p.already_stored) {
        std::cout << p.source << ": already stored for '" << p.query << "' (" << p.engine << "); nothing changed\n";
      } else {
        std::cout << p.source << ": stored " << PageLine(p) << "\n";
      }
    }
    if (r->run) {
      std::cout << r->run->rows_stored << " keywords stored from the pages (source serp, run " << r->run->id << ")\n";
    }
    g.exit_code = 0;
  });
}

void AddFetch(CLI::App* serp, Globals& g) {
  auto* cmd = serp->add_subcommand(
      "fetch", "Fetch result pages for the top stored keywords through [serp] url in klantreis.toml");
  struct Opts {
    size_t top = 20;
    int max_age = 30;
    bool quiet = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--top", o->top, "how many keywords (highest volume first)")->capture_default_str();
  cmd->add_option("--max-age", o->max_age, "do not fetch again within this many days")->capture_default_str();
  cmd->add_flag("-q,--quiet", o->quiet, "no progress lines on stderr (errors still are)");
  AddProjectOptions(cmd, &g);
  cmd->callback([&g, o] {
    auto project = app::OpenProject(g.project_dir, store::OpenMode::kReadWrite, g.config_files);
    if (!project.ok()) {
      g.exit_code = Fail(project.status());
      return;
    }
    app::SerpFetchOptions opts;
    opts.top = o->top;
    opts.max_age_days = o->max_age;
    if (!o->quiet) opts.progress = [](const std::string& line) { std::cerr << "serp fetch: " << line << "\n"; };
    InterruptGuard interrupts;  // Ctrl-C: stops within a second, the pages stored stay
    auto r = app::FetchSerps(*project, opts);
    if (!r.ok()) {
      g.exit_code = Fail(r.status());
      return;
    }
    if (r->interrupted) {
      std::cout << r->considered << " keywords: " << r->fetched << " pages fetched and stored, " << r->cached
                << " recent enough, " << r->failed << " failed\n";
      std::cerr << "klantreis: serp fetch interrupted (" << StopSignalName() << "): the " << r->fetched
                << " pages stored before are kept\n";
      g.exit_code = 1;
      return;
    }
    std::cout << r->considered << " keywords: " << r->fetched << " pages fetched and stored, " << r->cached
              << " recent enough (within " << o->max_age << " days), " << r->failed << " failed\n";
    if (!r->stopped.empty()) {
      std::string msg = "serp fetch: " + r->stopped + ". The " + std::to_string(r->fetched) +
                        " pages stored before are kept.";
      if (r->captcha) {
        msg += " The service is blocking automated requests: wait before fetching again, lower "
               "[serp] requests_per_second, or use a SERP API you have the right to use.";
      }
      g.exit_code = Fail(Status::Unavailable(msg));
      return;
    }
    g.exit_code = r->failed > 0 ? 1 : 0;
  });
}

}  // namespace

void AddSerpCommand(CLI::App& root, Globals& g) {
  auto* serp = root.add_subcommand("serp", "Search result pages: parse, import, fetch (evidence and more keywords)");
  serp->require_subcommand(1);
  AddParse(serp, g);
  AddImport(serp, g);
  AddFetch(serp, g);
}

}  // namespace kr::cli
