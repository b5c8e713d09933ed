// klantreis robots FILE URL... [--agent NAME]
//
// The robots.txt tester: for each URL, `allowed` or `disallowed`, a tab, the
// URL, a tab, the rule that decided (`-` when no rule matched). Exit 0
// whatever the verdicts; 1 when FILE cannot be read; 2 for usage errors.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli.h"
#include "klantreis/core/text.h"
#include "klantreis/crawler/robots.h"

namespace kr::cli {
namespace {

struct RobotsOptions {
  std::string file;
  std::vector<std::string> urls;
  std::string agent = "klantreis";
};

}  // namespace

void AddRobotsCommand(CLI::App& root, Globals& g) {
  auto o = std::make_shared<RobotsOptions>();
  auto* cmd = root.add_subcommand("robots", "test URLs against a robots.txt file (allowed/disallowed and the rule)");
  cmd->add_option("file", o->file, "robots.txt file (- for stdin)")->required();
  cmd->add_option("urls", o->urls, "URLs or paths to test")->required();
  cmd->add_option("--agent", o->agent, "crawler user agent whose group is obeyed (default klantreis)");
  cmd->callback([&g, o] {
    std::string body;
    if (o->file == "-") {
      char buf[65536];
      size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) body.append(buf, n);
    } else {
      auto read = ReadFile(o->file);
      if (!read.ok()) {
        g.exit_code = Fail(Status::IoError("robots: " + read.status().message()));
        return;
      }
      body = std::move(read).value();
    }
    crawler::RobotsTxt robots = crawler::RobotsTxt::Parse(body, o->agent);
    for (const std::string& url : o->urls) {
      crawler::RobotsVerdict v = robots.Check(url);
      std::string rule = v.rule ? v.rule->Describe() : "-";
      std::printf("%s\t%s\t%s\n", v.allowed ? "allowed" : "disallowed", SanitizeUtf8(url).c_str(),
                  SanitizeUtf8(rule).c_str());
    }
    g.exit_code = 0;
  });
}

}  // namespace kr::cli
