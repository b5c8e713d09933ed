// `klantreis eval`: metrics of the stage classifier on labelled files.
#include "klantreis/app/eval.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string_view>

#include "klantreis/core/text.h"

namespace kr::app {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}


// A tab-separated file split into lines; line numbers are 1-based.
struct TsvFile {
  std::string text;
  std::vector<std::pair<uint64_t, std::string_view>> lines;  // non-blank lines
};

Result<TsvFile> ReadTsv(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::InvalidArgument(path + ": file not found");
  auto text = ReadFile(path);
  if (!text.ok()) return Status::InvalidArgument(text.status().message());
  TsvFile f;
  f.text = std::move(text).value();
  std::string_view all(f.text);
  if (all.size() >= 3 && all.substr(0, 3) == "\xEF\xBB\xBF") all.remove_prefix(3);
  if (size_t bad = FindInvalidUtf8(all); bad != std::string_view::npos) {
    uint64_t line = 1 + std::count(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    return Status::InvalidArgument(path + ":" + std::to_string(line) + ": invalid UTF-8 (save the file as UTF-8)");
  }
  size_t line_no = 0;
  LineSplitter lines(all);
  std::string_view line;
  while (lines.Next(&line, &line_no)) {
    if (TrimSpaceCr(line).empty()) continue;
    if (f.lines.empty() && line.starts_with("#")) continue;  // comments above the header
    f.lines.emplace_back(line_no, line);
  }
  if (f.lines.empty()) return Status::InvalidArgument(path + ": empty file (expected a header line)");
  return f;
}

int ColumnIndex(const std::vector<std::string_view>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (Lower(header[i]) == name) return static_cast<int>(i);
  return -1;
}

std::string Fixed(double d, int digits = 3) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, d);
  return buf;
}

std::string Pad(std::string_view s, size_t width, bool right = false) {
  std::string out(s);
  // Pad by bytes; labels are ASCII.
  if (out.size() < width) {
    if (right) out.insert(0, width - out.size(), ' ');
    else out.append(width - out.size(), ' ');
  }
  return out;
}

std::vector<std::string> StageLabels() {
  std::vector<std::string> labels;
  for (Stage s : kAllStages) labels.emplace_back(StageId(s));
  return labels;
}

// The calibration section of the text report.
std::string RenderCalibrationText(const Calibration& cal) {
  std::string out;
  out += "\ncalibration: ECE " + Fixed(cal.ece) + " (" + std::to_string(cal.bins.size()) +
         " equal-width bins), mean confidence " + Fixed(cal.mean_confidence) + ", accuracy " + Fixed(cal.accuracy) +
         "\n";
  out += "uncertain verdicts (rule-7 default, no cue or category): " + std::to_string(cal.uncertain) + "/" +
         std::to_string(cal.total) + "\n";
  out += "\nconfidence  count  mean conf  accuracy     gap\n";
  for (const ReliabilityBin& b : cal.bins) {
    out += Fixed(b.lo, 1) + "-" + Fixed(b.hi, 1) + "  " + Pad(std::to_string(b.count), 5, true);
    if (b.count > 0) {
      out += "  " + Pad(Fixed(b.mean_confidence), 9, true) + "  " + Pad(Fixed(b.accuracy), 8, true) + "  " +
             Pad(Fixed(b.accuracy - b.mean_confidence), 6, true);
    }
    out += "\n";
  }
  out += "\nevidence  count  accuracy  mean conf\n";
  for (const EvidenceClassStats& e : cal.per_evidence) {
    if (e.count == 0) continue;
    out += Pad(EvidenceClassId(e.evidence), 8) + "  " + Pad(std::to_string(e.count), 5, true) + "  " +
           Pad(Fixed(static_cast<double>(e.correct) / e.count), 8, true) + "  " + Pad(Fixed(e.mean_confidence), 9, true) +
           "\n";
  }
  return out;
}

nlohmann::ordered_json CalibrationJson(const Calibration& cal) {
  nlohmann::ordered_json j;
  j["ece"] = cal.ece;
  j["bins_count"] = cal.bins.size();
  j["mean_confidence"] = cal.mean_confidence;
  j["accuracy"] = cal.accuracy;
  j["uncertain"] = cal.uncertain;
  nlohmann::ordered_json bins = nlohmann::ordered_json::array();
  for (const ReliabilityBin& b : cal.bins) {
    bins.push_back({{"lo", b.lo},
                    {"hi", b.hi},
                    {"count", b.count},
                    {"mean_confidence", b.mean_confidence},
                    {"accuracy", b.accuracy}});
  }
  j["bins"] = bins;
  nlohmann::ordered_json per = nlohmann::ordered_json::array();
  for (const EvidenceClassStats& e : cal.per_evidence) {
    if (e.count == 0) continue;
    per.push_back({{"evidence", EvidenceClassId(e.evidence)},
                   {"count", e.count},
                   {"correct", e.correct},
                   {"accuracy", static_cast<double>(e.correct) / e.count},
                   {"mean_confidence", e.mean_confidence}});
  }
  j["per_evidence"] = per;
  return j;
}

}  // namespace

Result<std::vector<LabelledQuery>> ReadStageFile(const std::string& path) {
  auto file = ReadTsv(path);
  if (!file.ok()) return file.status();
  const auto& [header_line, header_text] = file->lines.front();
  std::vector<std::string_view> header = SplitTabs(header_text);
  int qcol = ColumnIndex(header, "query");
  int scol = ColumnIndex(header, "stage");
  int lcol = ColumnIndex(header, "lang");
  if (qcol < 0 || scol < 0) {
    return Status::InvalidArgument(path + ":" + std::to_string(header_line) +
                                   ": header must name the columns query, lang, stage (tab-separated), got \"" +
                                   std::string(TrimSpaceCr(header_text)) + "\"");
  }
  int need = std::max({qcol, scol, lcol}) + 1;
  std::vector<LabelledQuery> rows;
  for (size_t i = 1; i < file->lines.size(); ++i) {
    const auto& [line_no, text] = file->lines[i];
    std::string where = path + ":" + std::to_string(line_no);
    std::vector<std::string_view> cols = SplitTabs(text);
    if (static_cast<int>(cols.size()) < need) {
      return Status::InvalidArgument(where + ": expected " + std::to_string(need) + " tab-separated columns, got " +
                                     std::to_string(cols.size()));
    }
    LabelledQuery q;
    q.line = line_no;
    q.query = std::string(cols[qcol]);
    if (q.query.empty()) return Status::InvalidArgument(where + ": empty query");
    auto stage = StageFromId(Lower(cols[scol]));
    if (!stage) {
      return Status::InvalidArgument(where + ": unknown stage \"" + std::string(cols[scol]) +
                                     "\" (expected one of latent_need, concrete_need, orientation, consideration, "
                                     "decision, purchase, delivery, use, loyalty, advocacy)");
    }
    q.stage = *stage;
    if (lcol >= 0) {
      std::string l = Lower(cols[lcol]);
      auto lang = l.empty() ? std::optional<Language>(Language::kUnd) : LanguageFromId(l);
      if (!lang) {
        return Status::InvalidArgument(where + ": unknown lang \"" + std::string(cols[lcol]) + "\" (nl, en or und)");
      }
      q.lang = *lang;
    }
    rows.push_back(std::move(q));
  }
  if (rows.empty()) return Status::InvalidArgument(path + ": no labelled queries after the header");
  return rows;
}

Metrics ComputeMetrics(const std::vector<std::string>& labels, const std::vector<int>& gold,
                       const std::vector<int>& predicted) {
  Metrics m;
  size_t n = labels.size();
  m.confusion.assign(n, std::vector<int64_t>(n, 0));
  for (size_t i = 0; i < gold.size(); ++i) {
    m.confusion[gold[i]][predicted[i]]++;
    ++m.total;
    if (gold[i] == predicted[i]) ++m.correct;
  }
  m.accuracy = m.total ? static_cast<double>(m.correct) / m.total : 0;
  double f1_sum = 0;
  int f1_count = 0;
  for (size_t c = 0; c < n; ++c) {
    ClassMetrics cm;
    cm.label = labels[c];
    for (size_t o = 0; o < n; ++o) {
      cm.support += m.confusion[c][o];
      cm.predicted += m.confusion[o][c];
    }
    cm.correct = m.confusion[c][c];
    cm.precision = cm.predicted ? static_cast<double>(cm.correct) / cm.predicted : 0;
    cm.recall = cm.support ? static_cast<double>(cm.correct) / cm.support : 0;
    cm.f1 = cm.precision + cm.recall > 0 ? 2 * cm.precision * cm.recall / (cm.precision + cm.recall) : 0;
    if (cm.support > 0 || cm.predicted > 0) {
      f1_sum += cm.f1;
      ++f1_count;
    }
    m.per_class.push_back(std::move(cm));
  }
  m.macro_f1 = f1_count ? f1_sum / f1_count : 0;
  return m;
}

Result<EvalReport> EvaluateStages(const classify::ClassifierConfig& config, const std::string& path,
                                  const std::vector<LabelledQuery>& rows, const StageEvalOptions& options) {
  auto classifier = classify::Classifier::Create(config);
  if (!classifier.ok()) return classifier.status();
  EvalReport r;
  r.kind = "stage";
  r.file = path;
  r.model_version = config.Version();
  std::vector<int> gold, pred;
  std::vector<ScoredVerdict> scored;
  scored.reserve(rows.size());
  bool has_lang = std::any_of(rows.begin(), rows.end(), [](const LabelledQuery& q) { return q.lang != Language::kUnd; });
  if (has_lang) r.lang_agree = 0;
  for (const LabelledQuery& q : rows) {
    classify::ClassifyOptions opts;
    if (options.trust_file_lang) opts.force_lang = q.lang;
    Classification c = (*classifier)->Classify(q.query, opts);
    gold.push_back(StageIndex(q.stage));
    pred.push_back(StageIndex(c.stage));
    scored.push_back(ScoredVerdict{c.confidence, c.stage == q.stage, EvidenceOf(c)});
    if (has_lang && q.lang != Language::kUnd) {
      ++r.lang_total;
      if (c.lang == q.lang) ++r.lang_agree;
    }
    if (c.stage != q.stage) {
      r.misses.push_back(EvalMiss{q.line, q.query, std::string(StageId(q.stage)), std::string(StageId(c.stage)),
                                  c.confidence});
    }
  }
  r.metrics = ComputeMetrics(StageLabels(), gold, pred);
  r.calibration = ComputeCalibration(scored);
  return r;
}

Result<EvalReport> EvaluateIntents(const classify::ClassifierConfig& config, const std::string& path,
                                   const IntentEvalOptions& options) {
  auto file = ReadTsv(path);
  if (!file.ok()) return file.status();
  const auto& [header_line, header_text] = file->lines.front();
  std::vector<std::string_view> header = SplitTabs(header_text);
  std::string where_header = path + ":" + std::to_string(header_line);
  int qcol = ColumnIndex(header, Lower(options.query_column));
  if (qcol < 0) return Status::InvalidArgument(where_header + ": no column named \"" + options.query_column + "\"");
  int lcol = -1;
  if (!options.label_column.empty()) {
    lcol = ColumnIndex(header, Lower(options.label_column));
    if (lcol < 0) return Status::InvalidArgument(where_header + ": no column named \"" + options.label_column + "\"");
  } else {
    for (const char* name : {"label_manual", "label", "intent"}) {
      lcol = ColumnIndex(header, name);
      if (lcol >= 0) break;
    }
    if (lcol < 0) {
      return Status::InvalidArgument(where_header + ": no label column (label_manual, label or intent); name one with "
                                     "--label-column");
    }
  }
  // Gold labels, mapped to the four intents.
  struct Row {
    uint64_t line;
    std::string query;
    Intent gold;
  };
  std::vector<Row> rows;
  bool gold_commercial = false;
  int need = std::max(qcol, lcol) + 1;
  for (size_t i = 1; i < file->lines.size(); ++i) {
    const auto& [line_no, text] = file->lines[i];
    std::string where = path + ":" + std::to_string(line_no);
    std::vector<std::string_view> cols = SplitTabs(text);
    if (static_cast<int>(cols.size()) < need) {
      return Status::InvalidArgument(where + ": expected at least " + std::to_string(need) +
                                     " tab-separated columns, got " + std::to_string(cols.size()));
    }
    std::string label = Lower(cols[lcol]);
    Intent gold;
    if (label == "informational" || label == "factual" || label == "abstain" || label == "instrumental") {
      gold = Intent::kInformational;
    } else if (label == "navigational") {
      gold = Intent::kNavigational;
    } else if (label == "transactional") {
      gold = Intent::kTransactional;
    } else if (label == "commercial") {
      gold = Intent::kCommercial;
      gold_commercial = true;
    } else {
      return Status::InvalidArgument(where + ": unknown intent label \"" + std::string(cols[lcol]) +
                                     "\" (informational, navigational, commercial, transactional, or ORCAS-I "
                                     "factual, abstain, instrumental)");
    }
    rows.push_back(Row{line_no, std::string(cols[qcol]), gold});
  }
  if (rows.empty()) return Status::InvalidArgument(path + ": no labelled queries after the header");

  auto classifier = classify::Classifier::Create(config);
  if (!classifier.ok()) return classifier.status();
  std::vector<std::string> labels = {"informational", "navigational", "transactional"};
  if (gold_commercial) labels.insert(labels.begin() + 2, "commercial");
  auto index_of = [&](Intent i) {
    if (i == Intent::kCommercial && !gold_commercial) i = Intent::kInformational;
    std::string_view id = IntentId(i);
    return static_cast<int>(std::find(labels.begin(), labels.end(), id) - labels.begin());
  };
  EvalReport r;
  r.kind = "intent";
  r.file = path;
  r.model_version = config.Version();
  std::vector<int> gold, pred;
  std::vector<ScoredVerdict> scored;
  for (const Row& row : rows) {
    Classification c = (*classifier)->Classify(row.query);
    int g = index_of(row.gold), p = index_of(c.intent());
    gold.push_back(g);
    pred.push_back(p);
    scored.push_back(ScoredVerdict{c.confidence, g == p, EvidenceOf(c)});
    if (g != p) r.misses.push_back(EvalMiss{row.line, row.query, labels[g], labels[p], c.confidence});
  }
  r.metrics = ComputeMetrics(labels, gold, pred);
  r.calibration = ComputeCalibration(scored);
  return r;
}

std::string RenderEvalText(const EvalReport& r, size_t max_misses) {
  const Metrics& m = r.metrics;
  std::string out;
  out += "file: " + r.file + "\n";
  out += "model: " + r.model_version + "\n";
  out += "queries: " + std::to_string(m.total) + "  correct: " + std::to_string(m.correct) + "\n";
  out += "accuracy: " + Fixed(m.accuracy) + "\n";
  out += "macro-F1: " + Fixed(m.macro_f1) + "\n";
  if (r.lang_agree >= 0 && r.lang_total > 0) {
    out += "language tag agrees with the file: " + std::to_string(r.lang_agree) + "/" + std::to_string(r.lang_total) +
           "\n";
  }
  size_t w = 5;
  for (const auto& c : m.per_class) w = std::max(w, c.label.size());
  out += "\n" + Pad(r.kind, w) + "  precision  recall     f1  support  predicted\n";
  for (const auto& c : m.per_class) {
    out += Pad(c.label, w) + "  " + Pad(Fixed(c.precision), 9, true) + "  " + Pad(Fixed(c.recall), 6, true) + "  " +
           Pad(Fixed(c.f1), 5, true) + "  " + Pad(std::to_string(c.support), 7, true) + "  " +
           Pad(std::to_string(c.predicted), 9, true) + "\n";
  }
  out += "\nconfusion matrix (rows: gold, columns: predicted)\n";
  // Column headers: short ids (first 6 chars) to keep the table narrow.
  out += Pad("", w);
  for (const auto& c : m.per_class) {
    out += ' ';
    out += Pad(c.label.substr(0, 6), 6, true);
  }
  out += "\n";
  for (size_t g = 0; g < m.per_class.size(); ++g) {
    out += Pad(m.per_class[g].label, w);
    for (size_t p = 0; p < m.per_class.size(); ++p) {
      out += ' ';
      out += Pad(std::to_string(m.confusion[g][p]), 6, true);
    }
    out += "\n";
  }
  out += RenderCalibrationText(r.calibration);
  if (max_misses > 0 && !r.misses.empty()) {
    out += "\nmisclassified (line, gold -> predicted, confidence, query)\n";
    for (size_t i = 0; i < r.misses.size() && i < max_misses; ++i) {
      const EvalMiss& e = r.misses[i];
      out += std::to_string(e.line) + "\t" + e.gold + " -> " + e.predicted + "\t" + Fixed(e.confidence, 2) + "\t" +
             e.query + "\n";
    }
    if (r.misses.size() > max_misses) {
      out += "... " + std::to_string(r.misses.size() - max_misses) + " more\n";
    }
  }
  return out;
}

std::string RenderEvalJson(const EvalReport& r, size_t max_misses) {
  const Metrics& m = r.metrics;
  nlohmann::ordered_json j;
  j["kind"] = r.kind;
  j["file"] = r.file;
  j["model_version"] = r.model_version;
  j["total"] = m.total;
  j["correct"] = m.correct;
  j["accuracy"] = m.accuracy;
  j["macro_f1"] = m.macro_f1;
  nlohmann::ordered_json per = nlohmann::ordered_json::array();
  nlohmann::ordered_json labels = nlohmann::ordered_json::array();
  for (const auto& c : m.per_class) {
    labels.push_back(c.label);
    per.push_back({{"label", c.label},
                   {"support", c.support},
                   {"predicted", c.predicted},
                   {"correct", c.correct},
                   {"precision", c.precision},
                   {"recall", c.recall},
                   {"f1", c.f1}});
  }
  j["per_class"] = per;
  j["labels"] = labels;
  j["confusion"] = m.confusion;
  if (r.lang_agree >= 0) j["lang_agree"] = {{"agree", r.lang_agree}, {"total", r.lang_total}};
  nlohmann::ordered_json misses = nlohmann::ordered_json::array();
  for (size_t i = 0; i < r.misses.size() && i < max_misses; ++i) {
    const EvalMiss& e = r.misses[i];
    misses.push_back({{"line", e.line},
                      {"query", e.query},
                      {"gold", e.gold},
                      {"predicted", e.predicted},
                      {"confidence", e.confidence}});
  }
  j["misses"] = misses;
  j["misses_total"] = r.misses.size();
  j["calibration"] = CalibrationJson(r.calibration);
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace kr::app
