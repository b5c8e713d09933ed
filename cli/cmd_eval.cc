// klantreis eval FILE.tsv [--format text|json] [--errors N] [--trust-lang] [--uncalibrated] [-p DIR] [--config FILE]
// klantreis eval --intent FILE.tsv [--query-column C] [--label-column C]
#include <cstdio>
#include <memory>

#include "cli.h"
#include "klantreis/app/eval.h"
#include "klantreis/app/project.h"

namespace kr::cli {

void AddEvalCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand(
      "eval",
      "Score the classifier on labelled queries: a query/lang/stage TSV (stage metrics), or with --intent a TSV with a "
      "query and a label column (intent metrics)");
  struct Opts {
    bool uncalibrated = false;
    std::string file;
    bool intent = false;
    std::string format = "text";
    int errors = -1;
    bool trust_lang = false;
    std::string query_column = "query";
    std::string label_column;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "labelled queries (tab-separated, with a header)")->required();
  cmd->add_flag("--intent", o->intent,
                "score the intent projection (informational/navigational/commercial/transactional) instead of stages");
  cmd->add_option("--format", o->format, "text|json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_option("--errors", o->errors, "list up to N misclassified queries (default: 25 in text, all in json)");
  cmd->add_flag("--uncalibrated", o->uncalibrated,
                "confidences from the uncalibrated formula (for scripts/fit_calibration.py), not the calibration table");
  cmd->add_flag("--trust-lang", o->trust_lang, "classify with the file's lang column instead of detecting the language");
  cmd->add_option("--query-column", o->query_column, "with --intent: the query column")->capture_default_str();
  cmd->add_option("--label-column", o->label_column,
                  "with --intent: the label column (default: label_manual, label or intent)");
  AddProjectOptions(cmd, &g);
  cmd->callback([&g, o] {
    auto loaded = app::LoadCommandConfig(g.project_dir, g.config_files);
    if (!loaded.ok()) {
      g.exit_code = Fail(loaded.status());
      return;
    }
    if (o->uncalibrated) classify::DisableCalibration(&loaded.value());
    const classify::ClassifierConfig& config = *loaded;
    Result<app::EvalReport> report = Status::InvalidArgument("eval: nothing to do");
    if (o->intent) {
      app::IntentEvalOptions opts;
      opts.query_column = o->query_column;
      opts.label_column = o->label_column;
      report = app::EvaluateIntents(config, o->file, opts);
    } else {
      auto rows = app::ReadStageFile(o->file);
      if (!rows.ok()) {
        g.exit_code = Fail(rows.status());
        return;
      }
      app::StageEvalOptions opts;
      opts.trust_file_lang = o->trust_lang;
      report = app::EvaluateStages(config, o->file, *rows, opts);
    }
    if (!report.ok()) {
      g.exit_code = Fail(report.status());
      return;
    }
    std::string out;
    if (o->format == "json") {
      out = app::RenderEvalJson(*report, o->errors < 0 ? SIZE_MAX : static_cast<size_t>(o->errors));
    } else {
      out = app::RenderEvalText(*report, o->errors < 0 ? 25 : static_cast<size_t>(o->errors));
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  });
}

}  // namespace kr::cli
