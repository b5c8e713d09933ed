// The calibration table: parsing config/calibration.toml and the lookup
// from (evidence class, margin) to the probability that a verdict is right.
#include <toml++/toml.h>

#include <algorithm>
#include <tuple>

#include "klantreis/classify/classifier.h"

namespace kr::classify {

double CalibrationTable::Apply(EvidenceClass e, int words, double margin, double raw) const {
  // Rows of one class are contiguous, sorted by words_from, then margin_from.
  size_t begin = 0;
  while (begin < rows.size() && rows[begin].evidence != e) ++begin;
  if (begin == rows.size()) return raw;
  size_t end = begin;
  while (end < rows.size() && rows[end].evidence == e) ++end;
  // The words group: the last words_from <= words (else the first group).
  int group = rows[begin].words_from;
  for (size_t i = begin; i < end; ++i) {
    if (rows[i].words_from <= words) group = rows[i].words_from;
  }
  const CalibrationRow* hit = nullptr;
  for (size_t i = begin; i < end; ++i) {
    const CalibrationRow& r = rows[i];
    if (r.words_from != group) continue;
    if (!hit || r.margin_from <= margin) hit = &r;
  }
  return hit->p;
}

Status ParseCalibrationToml(std::string_view toml_text, const std::string& source, CalibrationTable* out) {
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view(source));
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(source + ":" + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  const toml::table* cal = root["calibration"].as_table();
  if (!cal) return Status::InvalidArgument(source + ": missing [calibration] table");
  CalibrationTable t;
  t.fitted = (*cal)["fitted"].value_or(std::string());
  const toml::array* rows = (*cal)["rows"].as_array();
  if (!rows) return Status::InvalidArgument(source + ": calibration.rows: expected an array of tables");
  for (size_t i = 0; i < rows->size(); ++i) {
    std::string where = source + ": calibration.rows[" + std::to_string(i) + "]";
    const toml::table* r = (*rows)[i].as_table();
    if (!r) return Status::InvalidArgument(where + ": expected a table {evidence, words_from, margin_from, p, n}");
    for (auto&& [k, v] : *r) {
      std::string_view key = k.str();
      if (key != "evidence" && key != "words_from" && key != "margin_from" && key != "p" && key != "n") {
        return Status::InvalidArgument(where + "." + std::string(key) +
                                       ": unknown key (evidence, words_from, margin_from, p, n)");
      }
    }
    CalibrationRow row;
    auto ev = (*r)["evidence"].value<std::string>();
    if (!ev) return Status::InvalidArgument(where + ".evidence: missing or not a string");
    auto cls = EvidenceClassFromId(*ev);
    if (!cls) {
      return Status::InvalidArgument(where + ".evidence: unknown evidence class \"" + *ev +
                                     "\" (cues, hint, category, none, remap, override)");
    }
    row.evidence = *cls;
    auto from = (*r)["margin_from"].value<double>();
    if (!from) return Status::InvalidArgument(where + ".margin_from: missing or not a number");
    row.margin_from = *from;
    auto words = (*r)["words_from"].value<int64_t>();
    if (r->contains("words_from") && (!words || *words < 0 || *words > 1000)) {
      return Status::InvalidArgument(where + ".words_from: expected a whole number from 0 to 1000");
    }
    row.words_from = words ? static_cast<int>(*words) : 0;
    auto p = (*r)["p"].value<double>();
    if (!p || *p < 0 || *p > 1) return Status::InvalidArgument(where + ".p: expected a probability from 0 to 1");
    row.p = *p;
    row.n = (*r)["n"].value_or(int64_t{0});
    if (!t.rows.empty()) {
      const CalibrationRow& prev = t.rows.back();
      auto key = [](const CalibrationRow& x) { return std::tuple(x.evidence, x.words_from, x.margin_from); };
      if (!(key(prev) < key(row))) {
        return Status::InvalidArgument(where + ": rows must be sorted by evidence class (cues, hint, category, none, "
                                       "remap, override), then by rising words_from, then by rising margin_from");
      }
    }
    t.rows.push_back(row);
  }
  *out = std::move(t);
  return Status::Ok();
}

void DisableCalibration(ClassifierConfig* config) {
  if (config->calibration.rows.empty()) return;
  config->calibration = CalibrationTable{};
  config->config_hash += "-uncalibrated";
}

}  // namespace kr::classify
