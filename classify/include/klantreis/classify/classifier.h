// Classifier: puts a query into one of the ten stages of stages.md with the
// evidence for it. Rule-based and explainable: cue lexicons (data in config/
// per language, extendable per project) plus patterns (comparison, question,
// price, place, time, post-purchase), decided by the priority rules of
// stages.md ("the first rule that matches wins"), with confidence from the
// cue weights.
//
// A Classifier is NOT thread-safe (it owns an Analyzer): use one per thread;
// build further ones from the same ClassifierConfig.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/classify/analyzer.h"
#include "klantreis/core/evidence.h"
#include "klantreis/core/keyword.h"
#include "klantreis/core/status.h"

namespace kr::classify {

// One lexicon entry: a cue (one or more words, matched on whole folded tokens
// or compound parts, never substrings) that points to a stage with a weight.
struct Cue {
  std::string phrase;  // "track en trace", "kortingscode", "wat is"
  Language lang = Language::kUnd;  // kUnd = both languages
  Stage stage = Stage::kConcreteNeed;
  double weight = 1.0;
  std::string kind;    // optional: "question", "comparison", "price", "place", "time", "post_purchase", "brand", ...
};

// Decision thresholds (config/model.toml [thresholds]; docs/configuration.md).
struct ClassifierThresholds {
  double active = 0.75;          // a stage with this much evidence is a candidate
  double hint = 0.5;             // without candidates, a stage this strong still wins
  double override_margin = 1.0;  // a lower-priority candidate this much stronger wins
  double close = 0.5;            // runner_up when within this of the winner
  double frame_factor = 0.3;     // weight factor for buying cues inside a frame ("waar let je op")
};

// Business context ([[classifier.remap]]): a query that would be one of
// `from` and names one of the `when` phrases becomes `to`.
struct StageRemap {
  std::vector<Stage> from;
  std::vector<std::string> when;
  Stage to = Stage::kUse;
};

// Calibrated confidence (config/calibration.toml, fitted by
// scripts/fit_calibration.py): a verdict's confidence is the share of
// labelled verdicts of its evidence class, length and margin bucket that
// were right.
struct CalibrationRow {
  EvidenceClass evidence = EvidenceClass::kCues;
  int words_from = 0;      // queries of at least this many content words (up to the next words_from)
  double margin_from = 0;  // margins from here up to the next row's margin_from (same class and words_from)
  double p = 0;            // probability that such a verdict is right
  int64_t n = 0;           // labelled queries behind it
};
struct CalibrationTable {
  std::vector<CalibrationRow> rows;  // sorted by evidence class, then words_from, then margin_from
  std::string fitted;                // how and on what the table was fitted
  // The probability for a verdict of class `e` of a query with `words`
  // content words and `margin`; `raw` when the table has no row for the
  // class (remap, override, or no table). The first row of a class (or of
  // its words_from) also covers smaller values.
  double Apply(EvidenceClass e, int words, double margin, double raw) const;
};

// Parses a calibration table ([calibration] fitted = "...", rows = [{
// evidence, words_from, margin_from, p, n }, ...]). InvalidArgument naming `source` and
// the row for an unknown class, p outside 0..1, or rows out of order.
Status ParseCalibrationToml(std::string_view toml_text, const std::string& source, CalibrationTable* out);

struct ClassifierConfig;
// Drops the calibration: confidences become the uncalibrated formula of
// docs/classifier.md (for fitting a new table: `--uncalibrated`). The
// model version says so ("…@hash-uncalibrated").
void DisableCalibration(ClassifierConfig* config);

struct ClassifierConfig {
  std::string model_name = "klantreis-rules";
  std::vector<Cue> cues;                 // shipped lexicons + project additions
  std::vector<std::string> brands;       // own + competitor brand / site names (navigational evidence)
  std::vector<std::string> own_brands;
  std::vector<std::string> product_terms;
  std::vector<std::pair<std::string, Stage>> overrides;  // exact query (normalised) -> stage
  // Why an override is there, shown after "override" in its trace
  // ("reviewed by ann on 2026-12-03"); exact query -> note. Optional.
  std::vector<std::pair<std::string, std::string>> override_notes;
  std::vector<std::string> competitors;  // subset of brands (trace says brand:competitor)
  std::vector<std::pair<std::string, std::string>> brand_types;  // brand -> type from brands.tsv ("carrier", ...)
  std::vector<StageRemap> remaps;
  // English noun lemmas and their word class ("condition", "product",
  // "service", "person", "body", "animal"), from the shipped WordNet-derived table
  // (config/lexicons/en_wordclass.tsv, [model] wordclasses).
  std::vector<std::pair<std::string, std::string>> word_classes;
  ClassifierThresholds thresholds;
  CalibrationTable calibration;          // empty: uncalibrated confidences
  AnalyzerOptions analyzer;
  std::string config_hash;               // fingerprint of everything above (set by the loader)
  // "model_name@config_hash"
  std::string Version() const { return model_name + "@" + config_hash; }
};

// Parses a lexicon TSV (columns: phrase, stage, weight[, kind]; '#' comments;
// optional header; `lang` applies to every row; stage "-" = a signal-only
// cue with weight 0). Appends to *out. Returns InvalidArgument naming
// `source` and the line ("nl.tsv:12: unknown stage \"usage\"") on a bad row;
// rows before it are kept in *out.
Status ParseLexiconTsv(std::string_view tsv, Language lang, const std::string& source, std::vector<Cue>* out);

// Parses a word-class table (columns: word, class; '#' comments; optional
// header "word<TAB>class"); class is condition, product, service, person,
// body or animal. Appends (folded word, class) to *out. Returns
// InvalidArgument naming `source` and the line on a bad row.
Status ParseWordClassTsv(std::string_view tsv, const std::string& source,
                         std::vector<std::pair<std::string, std::string>>* out);

// The shipped configuration (compiled into the binary), optionally overlaid
// with a project's klantreis.toml ([classifier] section) or --config file.
// `toml_path` may be empty. Fills `analyzer` (protected words and compound
// parts from the cue words, brands) and `config_hash`. Returns
// InvalidArgument naming the file and key (or line) for bad configuration,
// NotFound / IoError when the file cannot be read.
Result<ClassifierConfig> LoadClassifierConfig(const std::string& toml_path);

// The shipped configuration with several overlays applied in order (the
// project's klantreis.toml, then --config files): each adds its brands,
// terms, cues, lexicons and remaps; for the same exact query a later
// override wins. Errors as LoadClassifierConfig, naming the file.
Result<ClassifierConfig> LoadClassifierConfigLayers(const std::vector<std::string>& toml_paths);

// Same, reading the project overlay from `toml_text` (`source` names it in
// errors; relative lexicon paths resolve against `base_dir`).
Result<ClassifierConfig> LoadClassifierConfigFromString(std::string_view toml_text, const std::string& source,
                                                        const std::string& base_dir);

// The form overrides are matched in: case- and diacritic-insensitive
// (FoldForMatch), runs of white space collapsed to one space, trimmed.
std::string NormalizeForOverride(std::string_view query);

struct ClassifyOptions {
  Language force_lang = Language::kUnd;          // kUnd = detect
  const std::vector<RuleHit>* evidence = nullptr;  // extra evidence (e.g. SERP features), shown in the trace
  Analysis* analysis = nullptr;                  // when set, receives the query's analysis
};

class Classifier {
 public:
  static Result<std::unique_ptr<Classifier>> Create(const ClassifierConfig& config);
  virtual ~Classifier() = default;

  // Classifies one query with the options below.
  virtual Classification Classify(std::string_view query, const ClassifyOptions& options) = 0;
  Classification Classify(std::string_view query) { return Classify(query, ClassifyOptions{}); }
  virtual const ClassifierConfig& config() const = 0;
};

}  // namespace kr::classify
