// klantreis report [-p DIR] [--out DIR] [--format csv,md,json,html,xlsx]
#include <iostream>

#include "cli.h"
#include "klantreis/app/project.h"
#include "klantreis/app/report_builder.h"

namespace kr::cli {

void AddReportCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand("report", "Write the stage report of a project (CSV, Markdown, JSON, HTML, XLSX)");
  struct Opts {
    std::string out;
    std::vector<std::string> formats{"csv", "md"};
    bool quiet = false;
    std::string csv_dialect = "standard";
  };
  auto o = std::make_shared<Opts>();
  AddProjectOptions(cmd, &g);
  cmd->add_option("--out", o->out, "output directory (default: PROJECT/report)");
  cmd->add_option("--format", o->formats, "comma-separated: csv,md,json,html,xlsx")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", o->quiet, "no progress on stderr");
  cmd->add_option("--csv-dialect", o->csv_dialect,
                  "standard (RFC 4180, for programs) or excel (UTF-8 BOM and the market's separators: "
                  "';' and decimal ',' for nl, de, fr...; ',' for en)")
      ->check(CLI::IsMember({"standard", "excel"}))
      ->capture_default_str();
  cmd->callback([&g, o] {
    std::string note;
    auto project = app::OpenProjectForReading(g.project_dir, g.config_file, &note);
    if (!project.ok()) {
      g.exit_code = Fail(project.status());
      return;
    }
    if (!note.empty()) std::cerr << "klantreis: report: " << note << "\n";
    std::string out = o->out.empty() ? project->dir + "/report" : o->out;
    std::vector<std::string> written;
    Progress progress("report", "keywords", 0, ProgressOptions(o->quiet));
    reports::SinkOptions sink_options;
    sink_options.csv_dialect = o->csv_dialect;
    auto data = app::WriteProjectReport(*project, out, o->formats, &written, &progress, sink_options);
    progress.Finish();
    if (!data.ok()) {
      g.exit_code = Fail(app::DamagedStoreHint(project->dir, data.status()));
      return;
    }
    std::cout << data->keyword_count << " keywords, model " << data->meta.model_version << "\n";
    for (const auto& p : written) std::cout << "wrote " << p << "\n";
  });
}

}  // namespace kr::cli
