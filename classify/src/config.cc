// Loading the classifier configuration: the shipped model (config/model.toml,
// lexicons, brands.tsv, compiled into the binary) plus a project's
// [classifier] section (schema: docs/configuration.md).
#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "klantreis/classify/classifier.h"
#include "klantreis/core/text.h"
#include "klantreis/embedded_config.h"
#include "lexicon_match.h"

namespace kr::classify {
namespace {

constexpr const char* kModelFile = "model.toml";
// Revision of the decision procedure in classifier.cc / lexicon_match.cc.
// Part of the config hash, so verdicts of a changed engine get a new model
// version. Bump it whenever a change can alter a verdict.
constexpr const char* kEngineRevision = "12";

std::string Num(double d) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.4g", d);
  return buf;
}

std::string ParseErrorMessage(const std::string& source, const toml::parse_error& e) {
  return source + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description());
}

Result<std::string_view> Shipped(std::string_view path) {
  auto data = embedded::Get(path);
  if (!data) return Status::NotFound("shipped configuration: " + std::string(path) + " is missing from the binary");
  return *data;
}

// Parses brands.tsv: name<TAB>type, '#' comments, optional header.
Status ParseBrandsTsv(std::string_view tsv, const std::string& source, ClassifierConfig* cfg) {
  size_t line_no = 0;
  LineSplitter lines(tsv);
  std::string_view line;
  while (lines.Next(&line, &line_no)) {
    line = TrimSpaceCr(line);
    if (line.empty() || line.front() == '#') continue;
    size_t tab = line.find('\t');
    std::string_view name = line.substr(0, tab);
    std::string_view type = tab == std::string_view::npos ? std::string_view("brand") : line.substr(tab + 1);
    if (name == "name" && type == "type") continue;
    if (name.empty()) return Status::InvalidArgument(source + ":" + std::to_string(line_no) + ": empty brand name");
    auto p = internal::CompilePhrase(name);
    if (!p.ok()) return Status::InvalidArgument(source + ":" + std::to_string(line_no) + ": " + p.status().message());
    cfg->brands.emplace_back(name);
    cfg->brand_types.emplace_back(std::string(name), std::string(type));
  }
  return Status::Ok();
}

Result<Language> LangFrom(std::string_view id, const std::string& where) {
  auto l = LanguageFromId(id);
  if (!l) return Status::InvalidArgument(where + ": unknown language \"" + std::string(id) + "\" (nl, en or und)");
  return *l;
}

Result<std::vector<std::string>> StringArray(const toml::node& node, const std::string& where) {
  std::vector<std::string> out;
  if (auto s = node.value<std::string>()) {
    out.push_back(*s);
    return out;
  }
  const toml::array* arr = node.as_array();
  if (!arr) return Status::InvalidArgument(where + ": expected an array of strings");
  for (size_t i = 0; i < arr->size(); ++i) {
    auto s = (*arr)[i].value<std::string>();
    if (!s) return Status::InvalidArgument(where + "[" + std::to_string(i) + "]: expected a string");
    out.push_back(*s);
  }
  return out;
}

Result<Stage> StageAt(const toml::node* node, const std::string& where) {
  if (!node) return Status::InvalidArgument(where + ": missing");
  auto s = node->value<std::string>();
  if (!s) return Status::InvalidArgument(where + ": expected a stage id string");
  auto st = StageFromId(*s);
  if (!st) return Status::InvalidArgument(where + ": unknown stage \"" + *s + "\"");
  return *st;
}

Status LoadShippedInto(ClassifierConfig* cfg) {
  auto model_text = Shipped(kModelFile);
  if (!model_text.ok()) return model_text.status();
  toml::table model;
  try {
    model = toml::parse(*model_text, std::string_view("config/model.toml"));
  } catch (const toml::parse_error& e) {
    return Status::Corruption(ParseErrorMessage("config/model.toml", e));
  }
  cfg->model_name = model["model"]["name"].value_or(std::string("klantreis-rules"));
  if (const toml::array* lex = model["model"]["lexicons"].as_array()) {
    for (size_t i = 0; i < lex->size(); ++i) {
      const toml::table* t = (*lex)[i].as_table();
      std::string where = "config/model.toml: model.lexicons[" + std::to_string(i) + "]";
      if (!t) return Status::Corruption(where + ": expected a table {path, lang}");
      auto path = (*t)["path"].value<std::string>();
      auto lang_id = (*t)["lang"].value<std::string>();
      if (!path || !lang_id) return Status::Corruption(where + ": needs path and lang");
      auto lang = LangFrom(*lang_id, where);
      if (!lang.ok()) return lang.status();
      auto text = Shipped(*path);
      if (!text.ok()) return text.status();
      KR_RETURN_IF_ERROR(ParseLexiconTsv(*text, *lang, "config/" + *path, &cfg->cues));
    }
  }
  std::string wordclasses = model["model"]["wordclasses"].value_or(std::string());
  if (!wordclasses.empty()) {
    auto text = Shipped(wordclasses);
    if (!text.ok()) return text.status();
    KR_RETURN_IF_ERROR(ParseWordClassTsv(*text, "config/" + wordclasses, &cfg->word_classes));
  }
  std::string nl_verbs = model["model"]["nl_verbs"].value_or(std::string());
  if (!nl_verbs.empty()) {
    auto text = Shipped(nl_verbs);
    if (!text.ok()) return text.status();
    KR_RETURN_IF_ERROR(internal::ParseDutchVerbTsv(*text, "config/" + nl_verbs, &cfg->word_classes));
  }
  std::string en_verbs = model["model"]["en_verbs"].value_or(std::string());
  if (!en_verbs.empty()) {
    auto text = Shipped(en_verbs);
    if (!text.ok()) return text.status();
    KR_RETURN_IF_ERROR(internal::ParseEnglishVerbTsv(*text, "config/" + en_verbs, &cfg->word_classes));
  }
  std::string brands = model["model"]["brands"].value_or(std::string());
  if (!brands.empty()) {
    auto text = Shipped(brands);
    if (!text.ok()) return text.status();
    KR_RETURN_IF_ERROR(ParseBrandsTsv(*text, "config/" + brands, cfg));
  }
  std::string calibration = model["model"]["calibration"].value_or(std::string());
  if (!calibration.empty()) {
    auto text = Shipped(calibration);
    if (!text.ok()) return text.status();
    Status st = ParseCalibrationToml(*text, "config/" + calibration, &cfg->calibration);
    if (!st.ok()) return Status::Corruption(st.message());
  }
  ClassifierThresholds& th = cfg->thresholds;
  th.active = model["thresholds"]["active"].value_or(th.active);
  th.hint = model["thresholds"]["hint"].value_or(th.hint);
  th.override_margin = model["thresholds"]["override_margin"].value_or(th.override_margin);
  th.close = model["thresholds"]["close"].value_or(th.close);
  th.frame_factor = model["thresholds"]["frame_factor"].value_or(th.frame_factor);
  return Status::Ok();
}

Status ApplyCue(const toml::table& t, const std::string& where, ClassifierConfig* cfg) {
  for (auto&& [k, v] : t) {
    std::string_view key = k.str();
    if (key != "phrase" && key != "stage" && key != "weight" && key != "lang" && key != "kind") {
      return Status::InvalidArgument(where + "." + std::string(key) + ": unknown key (phrase, stage, weight, lang, kind)");
    }
  }
  Cue cue;
  auto phrase = t["phrase"].value<std::string>();
  if (!phrase || phrase->empty()) return Status::InvalidArgument(where + ".phrase: missing or not a string");
  auto p = internal::CompilePhrase(*phrase);
  if (!p.ok()) return Status::InvalidArgument(where + ".phrase: " + p.status().message());
  cue.phrase = *phrase;
  auto stage_id = t["stage"].value<std::string>();
  if (!stage_id) return Status::InvalidArgument(where + ".stage: missing or not a string");
  bool signal_only = *stage_id == "-";
  if (!signal_only) {
    auto st = StageFromId(*stage_id);
    if (!st) return Status::InvalidArgument(where + ".stage: unknown stage \"" + *stage_id + "\"");
    cue.stage = *st;
  }
  if (t.contains("weight")) {
    auto w = t["weight"].value<double>();
    if (!w || *w < 0 || *w > 3) return Status::InvalidArgument(where + ".weight: expected a number from 0 to 3");
    cue.weight = *w;
  }
  if (signal_only) cue.weight = 0;
  std::string lang_id = t["lang"].value_or(std::string("und"));
  auto lang = LangFrom(lang_id, where + ".lang");
  if (!lang.ok()) return lang.status();
  cue.lang = *lang;
  cue.kind = t["kind"].value_or(std::string());
  std::string unknown;
  internal::ParseCueTags(cue.kind, &unknown);
  if (!unknown.empty()) return Status::InvalidArgument(where + ".kind: unknown kind \"" + unknown + "\"");
  if (signal_only && cue.kind.empty()) return Status::InvalidArgument(where + ".kind: a cue with stage - needs a kind");
  cfg->cues.push_back(std::move(cue));
  return Status::Ok();
}

Status ApplyProject(const toml::table& root, const std::string& source, const std::string& base_dir,
                    ClassifierConfig* cfg) {
  const toml::node* cnode = root.get("classifier");
  if (!cnode) return Status::Ok();
  const toml::table* c = cnode->as_table();
  if (!c) return Status::InvalidArgument(source + ": classifier: expected a table");
  static const std::set<std::string_view> kKeys = {"own_brands", "competitors", "brands",  "product_terms",
                                                   "cues",       "lexicons",    "remap",   "overrides"};
  for (auto&& [k, v] : *c) {
    if (!kKeys.count(k.str())) {
      return Status::InvalidArgument(source + ": classifier." + std::string(k.str()) +
                                     ": unknown key (own_brands, competitors, brands, product_terms, cues, "
                                     "lexicons, remap, overrides)");
    }
  }
  auto strings = [&](const char* key, std::vector<std::string>* out) -> Status {
    const toml::node* n = c->get(key);
    if (!n) return Status::Ok();
    auto arr = StringArray(*n, source + ": classifier." + key);
    if (!arr.ok()) return arr.status();
    for (std::string& s : arr.value()) {
      auto p = internal::CompilePhrase(s);
      if (!p.ok()) return Status::InvalidArgument(source + ": classifier." + key + ": " + p.status().message());
      out->push_back(std::move(s));
    }
    return Status::Ok();
  };
  std::vector<std::string> own, competitors, brands;
  KR_RETURN_IF_ERROR(strings("own_brands", &own));
  KR_RETURN_IF_ERROR(strings("competitors", &competitors));
  KR_RETURN_IF_ERROR(strings("brands", &brands));
  KR_RETURN_IF_ERROR(strings("product_terms", &cfg->product_terms));
  for (const auto& b : own) {
    cfg->own_brands.push_back(b);
    cfg->brands.push_back(b);
  }
  for (const auto& b : competitors) {
    cfg->competitors.push_back(b);
    cfg->brands.push_back(b);
  }
  for (const auto& b : brands) cfg->brands.push_back(b);

  if (const toml::node* n = c->get("cues")) {
    const toml::array* arr = n->as_array();
    if (!arr) return Status::InvalidArgument(source + ": classifier.cues: expected [[classifier.cues]] tables");
    for (size_t i = 0; i < arr->size(); ++i) {
      std::string where = source + ": classifier.cues[" + std::to_string(i) + "]";
      const toml::table* t = (*arr)[i].as_table();
      if (!t) return Status::InvalidArgument(where + ": expected a table");
      KR_RETURN_IF_ERROR(ApplyCue(*t, where, cfg));
    }
  }
  if (const toml::node* n = c->get("lexicons")) {
    const toml::array* arr = n->as_array();
    if (!arr) return Status::InvalidArgument(source + ": classifier.lexicons: expected [[classifier.lexicons]] tables");
    for (size_t i = 0; i < arr->size(); ++i) {
      std::string where = source + ": classifier.lexicons[" + std::to_string(i) + "]";
      const toml::table* t = (*arr)[i].as_table();
      if (!t) return Status::InvalidArgument(where + ": expected a table {path, lang}");
      auto path = (*t)["path"].value<std::string>();
      if (!path || path->empty()) return Status::InvalidArgument(where + ".path: missing or not a string");
      auto lang_id = (*t)["lang"].value<std::string>();
      if (!lang_id) return Status::InvalidArgument(where + ".lang: missing (nl, en or und)");
      auto lang = LangFrom(*lang_id, where + ".lang");
      if (!lang.ok()) return lang.status();
      std::filesystem::path full(*path);
      if (full.is_relative() && !base_dir.empty()) full = std::filesystem::path(base_dir) / full;
      auto text = ReadFile(full.string());
      if (!text.ok()) return Status::InvalidArgument(where + ".path: " + text.status().message());
      KR_RETURN_IF_ERROR(ParseLexiconTsv(*text, *lang, full.string(), &cfg->cues));
    }
  }
  if (const toml::node* n = c->get("remap")) {
    const toml::array* arr = n->as_array();
    if (!arr) return Status::InvalidArgument(source + ": classifier.remap: expected [[classifier.remap]] tables");
    for (size_t i = 0; i < arr->size(); ++i) {
      std::string where = source + ": classifier.remap[" + std::to_string(i) + "]";
      const toml::table* t = (*arr)[i].as_table();
      if (!t) return Status::InvalidArgument(where + ": expected a table {from, when, to}");
      StageRemap r;
      const toml::node* from = t->get("from");
      if (!from) return Status::InvalidArgument(where + ".from: missing");
      auto from_ids = StringArray(*from, where + ".from");
      if (!from_ids.ok()) return from_ids.status();
      for (const std::string& id : from_ids.value()) {
        auto st = StageFromId(id);
        if (!st) return Status::InvalidArgument(where + ".from: unknown stage \"" + id + "\"");
        r.from.push_back(*st);
      }
      const toml::node* when = t->get("when");
      if (!when) return Status::InvalidArgument(where + ".when: missing");
      auto phrases = StringArray(*when, where + ".when");
      if (!phrases.ok()) return phrases.status();
      for (std::string& ph : phrases.value()) {
        auto p = internal::CompilePhrase(ph);
        if (!p.ok()) return Status::InvalidArgument(where + ".when: " + p.status().message());
        r.when.push_back(std::move(ph));
      }
      auto to = StageAt(t->get("to"), where + ".to");
      if (!to.ok()) return to.status();
      r.to = *to;
      cfg->remaps.push_back(std::move(r));
    }
  }
  if (const toml::node* n = c->get("overrides")) {
    const toml::table* t = n->as_table();
    if (!t) return Status::InvalidArgument(source + ": classifier.overrides: expected a table of \"query\" = \"stage\"");
    for (auto&& [k, v] : *t) {
      auto st = StageAt(&v, source + ": classifier.overrides.\"" + std::string(k.str()) + "\"");
      if (!st.ok()) return st.status();
      cfg->overrides.emplace_back(std::string(k.str()), *st);
    }
  }
  return Status::Ok();
}

// Fills analyzer options from the loaded cues/brands/product terms and
// fingerprints everything.
void Finalize(ClassifierConfig* cfg) {
  std::set<std::string> protect, parts, brands;
  for (const Cue& cue : cfg->cues) {
    auto p = internal::CompilePhrase(cue.phrase);
    if (!p.ok()) continue;
    for (const auto& w : p->words) {
      if (w.type == internal::PatternWord::kLiteral) protect.insert(w.text);
    }
    if (cue.lang == Language::kNl && p->words.size() == 1 && p->words[0].type == internal::PatternWord::kLiteral &&
        p->words[0].text.size() >= 4 && cue.weight > 0) {
      parts.insert(p->words[0].text);
    }
  }
  for (const std::string& t : cfg->product_terms) {
    std::string f = FoldForMatch(t);
    if (f.find(' ') == std::string::npos) {
      protect.insert(f);
      parts.insert(f);
    }
  }
  for (const std::string& b : cfg->brands) {
    std::string f = FoldForMatch(b);
    brands.insert(f);
    if (f.find(' ') == std::string::npos) protect.insert(f);
  }
  cfg->analyzer.protected_words.assign(protect.begin(), protect.end());
  cfg->analyzer.compound_parts.assign(parts.begin(), parts.end());
  cfg->analyzer.brands.assign(brands.begin(), brands.end());

  std::string canon;
  canon += "model=" + cfg->model_name + "\nengine=" + kEngineRevision + "\n";
  const ClassifierThresholds& th = cfg->thresholds;
  canon += "th=" + Num(th.active) + "," + Num(th.hint) + "," + Num(th.override_margin) + "," + Num(th.close) + "," +
           Num(th.frame_factor) + "\n";
  for (const CalibrationRow& r : cfg->calibration.rows) {
    canon += "calibration=" + std::string(EvidenceClassId(r.evidence)) + "\t" + std::to_string(r.words_from) + "\t" +
             Num(r.margin_from) + "\t" + Num(r.p) + "\n";
  }
  for (const Cue& c : cfg->cues) {
    canon += "cue=" + c.phrase + "\t" + std::string(LanguageId(c.lang)) + "\t" + std::string(StageId(c.stage)) +
             "\t" + Num(c.weight) + "\t" + c.kind + "\n";
  }
  for (const auto& [name, type] : cfg->brand_types) canon += "brandtype=" + name + "\t" + type + "\n";
  for (const auto& [w, cls] : cfg->word_classes) canon += "wordclass=" + w + "\t" + cls + "\n";
  for (const auto& b : cfg->brands) canon += "brand=" + b + "\n";
  for (const auto& b : cfg->own_brands) canon += "own=" + b + "\n";
  for (const auto& b : cfg->competitors) canon += "competitor=" + b + "\n";
  for (const auto& p : cfg->product_terms) canon += "product=" + p + "\n";
  for (const auto& [q, s] : cfg->overrides) canon += "override=" + q + "\t" + std::string(StageId(s)) + "\n";
  for (const auto& r : cfg->remaps) {
    canon += "remap=";
    for (Stage s : r.from) canon += std::string(StageId(s)) + ",";
    canon += "|";
    for (const auto& w : r.when) canon += w + ",";
    canon += "|" + std::string(StageId(r.to)) + "\n";
  }
  cfg->config_hash = Fnv1aHex(canon);
}

}  // namespace

Result<ClassifierConfig> LoadClassifierConfigFromString(std::string_view toml_text, const std::string& source,
                                                        const std::string& base_dir) {
  ClassifierConfig cfg;
  KR_RETURN_IF_ERROR(LoadShippedInto(&cfg));
  if (!toml_text.empty()) {
    toml::table root;
    try {
      root = toml::parse(toml_text, std::string_view(source));
    } catch (const toml::parse_error& e) {
      return Status::InvalidArgument(ParseErrorMessage(source, e));
    }
    KR_RETURN_IF_ERROR(ApplyProject(root, source, base_dir, &cfg));
  }
  Finalize(&cfg);
  return cfg;
}

Result<ClassifierConfig> LoadClassifierConfig(const std::string& toml_path) {
  if (toml_path.empty()) return LoadClassifierConfigFromString("", "", "");
  return LoadClassifierConfigLayers({toml_path});
}

Result<ClassifierConfig> LoadClassifierConfigLayers(const std::vector<std::string>& toml_paths) {
  ClassifierConfig cfg;
  KR_RETURN_IF_ERROR(LoadShippedInto(&cfg));
  for (const std::string& path : toml_paths) {
    auto text = ReadFile(path);
    if (!text.ok()) return text.status();
    toml::table root;
    try {
      root = toml::parse(*text, std::string_view(path));
    } catch (const toml::parse_error& e) {
      return Status::InvalidArgument(ParseErrorMessage(path, e));
    }
    KR_RETURN_IF_ERROR(ApplyProject(root, path, std::filesystem::path(path).parent_path().string(), &cfg));
  }
  Finalize(&cfg);
  return cfg;
}

}  // namespace kr::classify
