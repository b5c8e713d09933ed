// klantreis batch FILE.toml [--out DIR] [--jobs N]
// klantreis batch-project SPEC.json RESULT.json   (internal: one project, run by batch)
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "cli.h"
#include "klantreis/app/batch.h"
#include "klantreis/core/text.h"

namespace kr::cli {
namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

}  // namespace

void AddBatchCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand(
      "batch", "Run many client projects from one batch file: init, import, report each into OUT/<name>/, "
               "then OUT/summary.csv and OUT/index.html");
  struct Opts {
    std::string file;
    std::string out = "out/batch";
    int jobs = 0;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "batch file (TOML: [defaults], [[project]] tables; see docs/batch.md)")->required();
  cmd->add_option("--out", o->out, "output folder: one folder per project, summary.csv, index.html")
      ->capture_default_str();
  cmd->add_option("--jobs", o->jobs, "projects at a time (default: the number of cores)")->check(CLI::NonNegativeNumber);
  cmd->callback([&g, o] {
    auto batch = app::LoadBatchFile(o->file);
    if (!batch.ok()) {
      g.exit_code = Fail(Status::InvalidArgument("batch: " + batch.status().message()));
      return;
    }
    app::BatchOptions options;
    options.out_dir = o->out;
    options.jobs = o->jobs;
    auto results = app::RunBatch(*batch, options);
    if (!results.ok()) {
      std::fprintf(stderr, "klantreis: batch: %s\n", results.status().message().c_str());
      g.exit_code = 1;
      return;
    }
    size_t failed = 0, width = 0;
    for (const auto& r : *results) width = std::max(width, r.name.size());
    auto padded = [width](const std::string& name) { return name + std::string(width - name.size(), ' '); };
    for (const auto& r : *results) {
      if (r.ok) {
        std::string line = "ok      " + padded(r.name) + "  " + Seconds(r.seconds) + "  " + std::to_string(r.keywords) +
                           " keywords  (" + std::to_string(r.inputs_imported) + " imported, " +
                           std::to_string(r.inputs_unchanged) + " unchanged)";
        for (const auto& n : r.notes) line += "; " + n;
        std::cout << line << "\n";
      } else {
        ++failed;
        std::cout << "failed  " << padded(r.name) << "  " << Seconds(r.seconds) << "  " << r.error << "\n";
        std::cerr << "klantreis: batch: project " << r.name << " failed: " << r.error << "\n";
      }
    }
    std::cout << results->size() - failed << " of " << results->size() << " projects ok; wrote " << o->out
              << "/summary.csv and " << o->out << "/index.html\n";
    g.exit_code = failed == 0 ? 0 : 1;
  });

  auto* child = root.add_subcommand("batch-project", "internal: one project of a batch (run by `klantreis batch`)");
  child->group("");  // hidden from --help
  auto spec = std::make_shared<std::string>();
  auto result = std::make_shared<std::string>();
  child->add_option("SPEC", *spec, "project spec (JSON)")->required();
  child->add_option("RESULT", *result, "where to write the result (JSON)")->required();
  child->callback([&g, spec, result] {
    auto text = ReadFile(*spec);
    if (!text.ok()) {
      g.exit_code = Fail(text.status());
      return;
    }
    std::string out_dir;
    auto project = app::BatchProjectFromJson(*text, &out_dir);
    if (!project.ok()) {
      g.exit_code = Fail(project.status());
      return;
    }
    auto r = app::RunBatchProject(*project, out_dir);
    if (!r.ok) std::fprintf(stderr, "klantreis: %s: %s\n", r.name.c_str(), r.error.c_str());
    Status st = WriteFileAtomic(*result, app::PortfolioProjectToJson(r));
    if (!st.ok()) {
      g.exit_code = Fail(st);
      return;
    }
    g.exit_code = r.ok ? 0 : 1;
  });
}

}  // namespace kr::cli
