// klantreis import FILE... [-p DIR] [--format F] [--keyword-col C] [--volume-col C] [--strict]
// klantreis imports [-p DIR]
#include <ctime>
#include <iostream>

#include "cli.h"
#include "interrupt.h"
#include "klantreis/app/pipeline.h"
#include "klantreis/app/project.h"
#include "klantreis/app/report_builder.h"

namespace kr::cli {

namespace {

std::string FormatTime(int64_t t) { return app::FormatUtc(t, "%Y-%m-%d %H:%M"); }

}  // namespace

void AddImportCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand("import", "Import keyword files (Keyword Planner, Search Console, Semrush, Ahrefs, lists, CSV/TSV)");
  struct Opts {
    std::vector<std::string> files;
    std::string format = "auto";
    std::string keyword_col, volume_col, encoding;
    bool strict = false;
    bool quiet = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->files, "keyword files")->required();
  AddProjectOptions(cmd, &g);
  cmd->add_option("--format", o->format, "auto|planner|gsc|semrush|ahrefs|list|csv")->capture_default_str();
  cmd->add_option("--keyword-col", o->keyword_col, "keyword column (header name or 1-based index)");
  cmd->add_option("--volume-col", o->volume_col, "volume column (header name or 1-based index)");
  cmd->add_option("--encoding", o->encoding, "input encoding (default: detect)");
  cmd->add_flag("--strict", o->strict, "import nothing from a file when any row cannot be read");
  cmd->add_flag("-q,--quiet", o->quiet, "no progress on stderr");
  cmd->callback([&g, o] {
    auto fmt = ingest::FormatFromId(o->format);
    if (!fmt) {
      g.exit_code = Fail(Status::InvalidArgument("import: unknown --format '" + o->format + "'"));
      return;
    }
    InterruptGuard interrupts;  // Ctrl-C: the file being read is dropped, earlier ones stay
    auto project = app::OpenProject(g.project_dir, store::OpenMode::kReadWrite, g.config_files);
    if (!project.ok()) {
      g.exit_code = Fail(project.status());
      return;
    }
    ingest::ImportOptions opts;
    opts.format = *fmt;
    opts.keyword_col = o->keyword_col;
    opts.volume_col = o->volume_col;
    opts.encoding = o->encoding;
    int failures = 0;
    std::vector<std::string> kept;  // runs this command committed
    for (const auto& file : o->files) {
      Progress progress("import " + file, "rows", 0, ProgressOptions(o->quiet));
      auto r = app::ImportFile(*project, file, opts, o->strict, &progress);
      progress.Finish();
      if (!r.ok() && StopRequested()) {
        std::string said = "klantreis: import interrupted (" + StopSignalName() + "): " + file +
                           ": nothing of it was imported";
        if (!kept.empty()) {
          said += "; kept from this command:";
          for (const auto& k : kept) said += " " + k;
        }
        std::cerr << said << "; earlier imports are unchanged (the interrupted run's rows are removed when the "
                     "project is next opened for writing)\n";
        g.exit_code = 1;
        return;
      }
      if (!r.ok()) {
        g.exit_code = Fail(app::DamagedStoreHint(project->dir, r.status()));
        ++failures;
        continue;
      }
      const auto& run = r->run;
      if (r->already_imported) {
        std::cout << file << ": already imported as run " << run.id << " (same content, same options); nothing changed\n";
        continue;
      }
      std::string encoding = run.encoding;
      if (r->info.encoding_guessed) {
        encoding += " (guessed, confidence " + std::to_string(r->info.encoding_confidence) + "%: " +
                    r->info.encoding_basis + ")";
      }
      kept.push_back(file + " (" + run.id + ")");
      std::cout << file << ": " << run.format << ", " << encoding << ": " << run.rows_read << " rows read, "
                << run.rows_stored << " stored, " << run.rows_rejected << " rejected (run " << run.id << ")\n";
      for (const auto& note : r->info.notes) std::cerr << "klantreis: " << file << ": note: " << note << "\n";
      for (const auto& e : run.errors) {
        std::cerr << "klantreis: " << file << ":" << e.line << ": " << e.message << "\n";
      }
      if (run.rows_rejected > run.errors.size()) {
        std::cerr << "klantreis: " << file << ": " << (run.rows_rejected - run.errors.size())
                  << " more rejected rows not shown (see `klantreis imports`)\n";
      }
    }
    if (failures == 0) g.exit_code = 0;
  });
}

void AddImportsCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand("imports", "List the import runs of a project");
  AddProjectOptions(cmd, &g);
  auto verbose = std::make_shared<bool>(false);
  cmd->add_flag("-v,--verbose", *verbose, "also list the rejected rows of each run");
  cmd->callback([&g, verbose, cmd] {
    if (!cmd->get_subcommands().empty()) return;  // `imports remove` did the work
    auto project = app::OpenProject(g.project_dir, store::OpenMode::kReadOnly, g.config_files);
    if (!project.ok()) {
      g.exit_code = Fail(project.status());
      return;
    }
    auto runs = project->store->ListImports();
    if (!runs.ok()) {
      g.exit_code = Fail(runs.status());
      return;
    }
    std::cout << "run\tstarted (UTC)\tformat\tencoding\tread\tstored\trejected\tsha256\tfile\n";
    for (const auto& r : *runs) {
      std::cout << r.id << "\t" << FormatTime(r.started_at) << "\t" << r.format << "\t" << r.encoding << "\t"
                << r.rows_read << "\t" << r.rows_stored << "\t" << r.rows_rejected << "\t"
                << (r.file_hash.empty() ? "-" : r.file_hash.substr(0, 12)) << "\t" << r.file << "\n";
      if (*verbose) {
        for (const auto& e : r.errors) std::cout << "  line " << e.line << ": " << e.message << "\n";
      }
    }
  });
}

}  // namespace kr::cli
