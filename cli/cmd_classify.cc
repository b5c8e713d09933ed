// klantreis classify [QUERY...] [--format tsv|jsonl] [--explain] [--lang auto|nl|en] [--uncalibrated] [-p DIR]
#include <cstdio>

#include "cli.h"
#include "klantreis/app/classify_stream.h"
#include "klantreis/app/project.h"

namespace kr::cli {

void AddClassifyCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand(
      "classify", "Classify queries into journey stages (arguments, or one query per stdin line)");
  struct Opts {
    bool uncalibrated = false;
    std::vector<std::string> queries;
    std::string format = "jsonl";
    std::string lang = "auto";
    bool explain = false;
    int threads = 0;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("QUERY", o->queries, "queries to classify (none: read stdin)");
  AddProjectOptions(cmd, &g);
  cmd->add_option("--format", o->format, "jsonl|tsv")->check(CLI::IsMember({"jsonl", "tsv"}))->capture_default_str();
  cmd->add_option("--lang", o->lang, "auto|nl|en")->check(CLI::IsMember({"auto", "nl", "en"}))->capture_default_str();
  cmd->add_flag("--uncalibrated", o->uncalibrated,
                "confidences from the uncalibrated formula (for scripts/fit_calibration.py), not the calibration table");
  cmd->add_flag("--explain", o->explain, "add the rules that fired and the tokens they matched");
  cmd->add_option("--threads", o->threads, "worker threads for stdin (0 = all cores)");
  cmd->callback([&g, o] {
    auto loaded = app::LoadCommandConfig(g.project_dir, g.config_files);
    if (!loaded.ok()) {
      g.exit_code = Fail(loaded.status());
      return;
    }
    if (o->uncalibrated) classify::DisableCalibration(&loaded.value());
    const classify::ClassifierConfig& config = *loaded;
    app::StreamOptions opts;
    opts.format = o->format == "tsv" ? app::VerdictFormat::kTsv : app::VerdictFormat::kJsonl;
    opts.explain = o->explain;
    opts.force_lang = o->lang == "auto" ? Language::kUnd : *LanguageFromId(o->lang);
    opts.threads = o->threads;
    Status st;
    if (!o->queries.empty()) {
      st = app::ClassifyQueries(config, o->queries, stdout, opts);
    } else {
      app::StreamStats stats;
      st = app::ClassifyStream(config, stdin, stdout, opts, &stats);
    }
    if (!st.ok()) g.exit_code = Fail(st);
  });
}

}  // namespace kr::cli
