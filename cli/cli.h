// The command-line layer: flags are parsed first (CLI11), then acted on by
// app/. Each command lives in its own cmd_<name>.cc and registers itself
// with one Add<Name>Command() call in main.cc.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "klantreis/core/status.h"

namespace kr::cli {

// Options every command understands.
struct Globals {
  std::string project_dir;  // -p / --project ("" = none / current dir where needed)
  std::vector<std::string> config_files;  // --config FILE (repeatable): layered on the shipped and project configuration, in order
  int exit_code = 0;
};

// Prints "klantreis: <message>" to stderr and returns the exit code for it:
// 2 for usage/configuration errors (InvalidArgument), 1 otherwise.
int Fail(const Status& status);

// Adds -p/--project and --config to a subcommand.
void AddProjectOptions(CLI::App* cmd, Globals* g);

void AddInitCommand(CLI::App& root, Globals& g);
void AddImportCommand(CLI::App& root, Globals& g);
void AddImportsCommand(CLI::App& root, Globals& g);
void AddClassifyCommand(CLI::App& root, Globals& g);
void AddReportCommand(CLI::App& root, Globals& g);
void AddDoctorCommand(CLI::App& root, Globals& g);
void AddEvalCommand(CLI::App& root, Globals& g);
void AddDemoCommand(CLI::App& root, Globals& g);
void AddAnalyzeCommand(CLI::App& root, Globals& g);
void AddSuggestCommand(CLI::App& root, Globals& g);
void AddSerpCommand(CLI::App& root, Globals& g);
void AddRobotsCommand(CLI::App& root, Globals& g);
void AddBatchCommand(CLI::App& root, Globals& g);
// `imports remove`: REQUIRES AddImportsCommand first.
void AddImportsRemoveCommand(CLI::App& root, Globals& g);
void AddCrawlCommand(CLI::App& root, Globals& g);
void AddPlanCommand(CLI::App& root, Globals& g);
void AddReviewCommand(CLI::App& root, Globals& g);

}  // namespace kr::cli
