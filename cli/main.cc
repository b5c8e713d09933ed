// klantreis: SEO keyword research by customer-journey stage.
#include <cstdio>
#include <exception>
#include <iostream>

#include "cli.h"

namespace kr::cli {

int Fail(const Status& status) {
  std::fprintf(stderr, "klantreis: %s\n", status.message().c_str());
  return status.IsInvalidArgument() ? 2 : 1;
}

void AddProjectOptions(CLI::App* cmd, Globals* g) {
  cmd->add_option("-p,--project", g->project_dir, "project directory (holds klantreis.toml and store/)");
  cmd->add_option("--config", g->config_files,
                  "configuration file layered on the shipped and the project configuration; repeatable: "
                  "layered in the order given")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);  // one file per --config; all of them kept
}

}  // namespace kr::cli

int main(int argc, char** argv) {
  using namespace kr::cli;
  CLI::App app{"klantreis: keyword research by customer-journey stage (klantreis)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "klantreis 0.1.0");
  Globals g;
  AddInitCommand(app, g);
  AddImportCommand(app, g);
  AddImportsCommand(app, g);
  AddImportsRemoveCommand(app, g);
  AddClassifyCommand(app, g);
  AddReportCommand(app, g);
  AddDoctorCommand(app, g);
  AddEvalCommand(app, g);
  AddDemoCommand(app, g);
  AddAnalyzeCommand(app, g);
  AddSuggestCommand(app, g);
  AddSerpCommand(app, g);
  AddRobotsCommand(app, g);
  AddBatchCommand(app, g);
  AddCrawlCommand(app, g);
  AddPlanCommand(app, g);
  AddReviewCommand(app, g);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "klantreis: %s\n", e.what());
    std::fprintf(stderr, "Run with --help for usage.\n");
    return 2;
  } catch (const std::exception& e) {
    // A library threw where no caller expected it: say so instead of aborting.
    std::fprintf(stderr, "klantreis: internal error: %s\n", e.what());
    return 1;
  } catch (...) {
    std::fprintf(stderr, "klantreis: internal error: unknown exception\n");
    return 1;
  }
  return g.exit_code;
}
