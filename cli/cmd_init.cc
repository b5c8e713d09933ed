// klantreis init DIR [--name NAME] [--market nl-NL]
#include <iostream>

#include "cli.h"
#include "klantreis/app/project.h"

namespace kr::cli {

void AddInitCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand("init", "Create a project: DIR/klantreis.toml and its store DIR/store/");
  auto dir = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto market = std::make_shared<std::string>("nl-NL");
  cmd->add_option("DIR", *dir, "project directory")->required();
  cmd->add_option("--name", *name, "project name (default: the directory name)");
  cmd->add_option("--market", *market, "market, e.g. nl-NL, nl-BE, en-GB")->capture_default_str();
  cmd->callback([&g, dir, name, market] {
    Status st = app::InitProject(*dir, *name, *market);
    if (!st.ok()) {
      g.exit_code = Fail(st);
      return;
    }
    std::cout << "Created project in " << *dir << " (klantreis.toml, store/)\n";
  });
}

}  // namespace kr::cli
