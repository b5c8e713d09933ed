// klantreis report [-p DIR] [--out DIR] [--format csv,md,json,html,xlsx] [--compare [auto|export|RUN_A,RUN_B]]
#include <iostream>

#include "cli.h"
#include "interrupt.h"
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
    std::string compare;
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
  auto* compare = cmd->add_option(
      "--compare", o->compare,
      "change since last time (compare*.csv, a section in md/json/html/xlsx): alone or 'auto' = the newest "
      "Search Console compare export's two periods, else the two newest imports of one format; 'export'; or "
      "two runs BEFORE,AFTER (r000001,r000002; klantreis imports lists them)");
  compare->expected(0, 1);
  cmd->callback([&g, o, compare] {
    app::CompareSpec compare_spec;
    if (compare->count() > 0) {
      auto spec = app::ParseCompareSpec(o->compare);
      if (!spec.ok()) {
        g.exit_code = Fail(spec.status());
        return;
      }
      compare_spec = *spec;
    }
    std::string note;
    auto project = app::OpenProjectForReading(g.project_dir, g.config_files, &note);
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
    InterruptGuard interrupts;  // Ctrl-C: nothing in `out` is replaced
    auto data = app::WriteProjectReport(*project, out, o->formats, &written, &progress, sink_options,
                                         compare_spec);
    progress.Finish();
    if (!data.ok() && StopRequested()) {
      std::cerr << "klantreis: report interrupted (" << StopSignalName() << "): " << data.status().message()
                << "; nothing in " << out << " was replaced (it keeps the previous report, if any)\n";
      g.exit_code = 1;
      return;
    }
    if (!data.ok()) {
      g.exit_code = Fail(app::DamagedStoreHint(project->dir, data.status()));
      return;
    }
    std::cout << data->keyword_count << " keywords, model " << data->meta.model_version << "\n";
    if (const auto& c = data->comparison) {
      std::cout << "compared " << c->total.keywords << " keywords: " << c->before.label << " -> " << c->after.label
                << " (clicks " << c->total.clicks_before << " -> " << c->total.clicks_after << ", impressions "
                << c->total.impressions_before << " -> " << c->total.impressions_after << ", volume "
                << c->total.volume_before << " -> " << c->total.volume_after << "; " << c->total.new_keywords
                << " new, " << c->total.lost_keywords << " lost)\n";
    }
    for (const auto& p : written) std::cout << "wrote " << p << "\n";
  });
}

}  // namespace kr::cli
