// A klantreis project: a directory with klantreis.toml (name, market,
// classifier additions) and its store in store/. The app layer ties the
// modules together; the CLI only parses flags and calls into here.
// Thread-safety: a Project is used by one thread (its store may be read by several).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "klantreis/classify/classifier.h"
#include "klantreis/core/status.h"
#include "klantreis/plan/config.h"
#include "klantreis/reports/report.h"
#include "klantreis/store/store.h"

namespace kr::app {

struct Project {
  std::string dir;          // project directory
  std::string name;
  std::string market = "nl-NL";
  std::string toml_path;    // dir/klantreis.toml
  std::string config_source;  // "shipped", or the files that override it
  classify::ClassifierConfig classifier;  // includes the reviewed verdicts of DIR/reviews.tsv (app/review.h)
  size_t reviews = 0;       // reviewed verdicts applied, the last overrides of `classifier`
  plan::PlanConfig plan = plan::ShippedPlanConfig();  // [plan]: topic clusters and the article plan
  reports::Branding branding;  // [branding] of klantreis.toml (a batch may set it)
  std::unique_ptr<store::Store> store;
};

// Creates DIR/klantreis.toml and DIR/store/. InvalidArgument when DIR
// already holds a project.
Status InitProject(const std::string& dir, const std::string& name, const std::string& market);

// Opens the project in `dir` ("" = current directory). The configuration is
// layered: shipped, then DIR/klantreis.toml, then `config_override`
// (--config, "" = none) on top, never replacing the project file.
// REQUIRES: dir holds klantreis.toml (else InvalidArgument naming it).
// kReadWrite on a project whose store is not writable: IoError "project DIR
// is read-only (...)". A store that does not open because it is damaged:
// Corruption "store DIR/store is damaged: ...; run `klantreis doctor -p DIR`".
Result<Project> OpenProject(const std::string& dir, store::OpenMode mode, const std::string& config_override);
// Same with several extra layers, applied in order after the project file.
Result<Project> OpenProject(const std::string& dir, store::OpenMode mode, const std::vector<std::string>& config_layers);

// For commands that read and would only like to write (report saves
// re-classifications): opens kReadWrite, or kReadOnly when another process
// holds the store (an import: the last committed state is read) or the
// project is read-only; *note (may be null) then says which.
Result<Project> OpenProjectForReading(const std::string& dir, const std::string& config_override,
                                      std::string* note);
Result<Project> OpenProjectForReading(const std::string& dir, const std::vector<std::string>& config_layers,
                                      std::string* note);

// A Corruption status naming the store as damaged with the hint
// "run `klantreis doctor -p DIR`"; other statuses unchanged.
Status DamagedStoreHint(const std::string& project_dir, const Status& st);

// The classifier configuration without a project: shipped, plus --config when given.
Result<classify::ClassifierConfig> LoadConfigWithoutProject(const std::string& config_override);
Result<classify::ClassifierConfig> LoadConfigWithoutProject(const std::vector<std::string>& config_layers);

// The classifier configuration commands use: the project's in `project_dir`
// (its klantreis.toml and market; the store is not opened), or without a
// project ("" dir) the shipped one; --config on top in both cases.
Result<classify::ClassifierConfig> LoadCommandConfig(const std::string& project_dir,
                                                     const std::string& config_override);
// The same with several --config layers, applied in order.
Result<classify::ClassifierConfig> LoadCommandConfig(const std::string& project_dir,
                                                     const std::vector<std::string>& config_layers);

}  // namespace kr::app
