// Evaluation of the stage classifier against labelled queries
// (`klantreis eval`): stage metrics on a query/lang/stage TSV such as
// ../shared/eval/dev.tsv, and intent metrics (the intent projection of the
// stage) on a file with a query column and a label column, such as the
// ORCAS-I gold set. Metrics: accuracy, macro-F1, per-class precision /
// recall / F1, confusion matrix.
// Thread-safety: free functions over value types; each call builds its own
// classifier.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "klantreis/app/reliability.h"
#include "klantreis/classify/classifier.h"
#include "klantreis/core/stage.h"
#include "klantreis/core/status.h"

namespace kr::app {

// One labelled query of a stage file.
struct LabelledQuery {
  std::string query;
  Language lang = Language::kUnd;  // from the lang column (kUnd when absent)
  Stage stage = Stage::kConcreteNeed;
  uint64_t line = 0;               // 1-based line in the file
};

// Reads a tab-separated stage file with a header naming the columns
// `query` and `stage` (and optionally `lang`), in any order. Blank lines
// are skipped. Returns InvalidArgument naming the file (and line) when the
// file is missing or unreadable, the header lacks a column, a row has too
// few columns, or a stage / lang id is unknown ("dev.tsv:12: unknown stage
// \"usage\"").
Result<std::vector<LabelledQuery>> ReadStageFile(const std::string& path);

// Metrics over a fixed label set. confusion[gold][predicted].
struct ClassMetrics {
  std::string label;
  int64_t support = 0;    // gold count
  int64_t predicted = 0;  // predicted count
  int64_t correct = 0;
  double precision = 0, recall = 0, f1 = 0;
};
struct Metrics {
  int64_t total = 0;
  int64_t correct = 0;
  double accuracy = 0;
  double macro_f1 = 0;  // mean F1 over labels with support or predictions
  std::vector<ClassMetrics> per_class;
  std::vector<std::vector<int64_t>> confusion;
};

// REQUIRES: gold.size() == predicted.size(); every index < labels.size().
Metrics ComputeMetrics(const std::vector<std::string>& labels, const std::vector<int>& gold,
                       const std::vector<int>& predicted);

struct EvalMiss {
  uint64_t line = 0;
  std::string query;
  std::string gold;
  std::string predicted;
  double confidence = 0;
};

struct EvalReport {
  std::string kind;           // "stage" or "intent"
  std::string file;
  std::string model_version;
  Metrics metrics;
  std::vector<EvalMiss> misses;  // in file order
  int64_t lang_agree = -1;       // stage files with a lang column: detected == labelled (-1: no column)
  int64_t lang_total = 0;
  Calibration calibration;       // of the stage confidences against this report's labels
};

struct StageEvalOptions {
  bool trust_file_lang = false;  // classify with the file's lang instead of detecting it
};

// Classifies every query and scores the stages (ten labels, stages.md order).
Result<EvalReport> EvaluateStages(const classify::ClassifierConfig& config, const std::string& path,
                                  const std::vector<LabelledQuery>& rows, const StageEvalOptions& options = {});

struct IntentEvalOptions {
  std::string query_column = "query";
  // Label column; "" = the first of label_manual, label, intent, that exists.
  std::string label_column;
};

// Scores the intent projection on a tab-separated file with a header.
// Gold labels (case-insensitive): informational, navigational,
// transactional, commercial, plus the ORCAS-I informational sub-classes
// factual, abstain and instrumental. When no gold label is commercial, a
// predicted commercial counts as informational (three classes).
// Returns InvalidArgument naming the file and line for a missing file or
// column, or an unknown label.
Result<EvalReport> EvaluateIntents(const classify::ClassifierConfig& config, const std::string& path,
                                   const IntentEvalOptions& options = {});

// Human-readable report: totals, per-class table, confusion matrix, and
// (up to `max_misses`) misclassified queries; the calibration (ECE,
// reliability table per bin, accuracy per evidence class).
std::string RenderEvalText(const EvalReport& report, size_t max_misses);
// One JSON object: {kind, file, model_version, total, correct, accuracy,
// macro_f1, per_class: [{label, support, predicted, correct, precision,
// recall, f1}], labels, confusion, misses: [{line, query, gold, predicted}],
// calibration: {ece, bins: [{lo, hi, count, mean_confidence, accuracy}],
// per_evidence: [{evidence, count, correct, accuracy, mean_confidence}],
// uncertain}}.
std::string RenderEvalJson(const EvalReport& report, size_t max_misses);

}  // namespace kr::app
