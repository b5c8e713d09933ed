// Reading config/analyzer.toml into AnalyzerOptions.
#include <toml++/toml.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "klantreis/classify/analyzer.h"
#include "klantreis/embedded_config.h"

namespace kr::classify {
namespace {

Status BadKey(const std::string& source, const std::string& key, const std::string& what) {
  return Status::InvalidArgument(source + ": analyzer." + key + ": " + what);
}

Status ReadStringList(const toml::table& t, const std::string& source, const std::string& prefix, const char* key,
                      std::vector<std::string>* out) {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  const toml::array* arr = n->as_array();
  if (!arr) return BadKey(source, prefix + key, "expected an array of strings");
  std::vector<std::string> v;
  for (const toml::node& e : *arr) {
    auto s = e.value<std::string>();
    if (!s) return BadKey(source, prefix + key, "expected an array of strings");
    v.push_back(*s);
  }
  *out = std::move(v);
  return Status::Ok();
}

Status ReadString(const toml::table& t, const std::string& source, const std::string& prefix, const char* key,
                  std::string* out) {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto s = n->value<std::string>();
  if (!s || !n->is_string()) return BadKey(source, prefix + key, "expected a string");
  *out = *s;
  return Status::Ok();
}

template <typename T>
Status ReadInt(const toml::table& t, const std::string& source, const std::string& prefix, const char* key,
               int64_t lo, int64_t hi, T* out) {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<int64_t>();
  if (!v || !n->is_integer() || *v < lo || *v > hi) {
    return BadKey(source, prefix + key, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  *out = static_cast<T>(*v);
  return Status::Ok();
}

Status ReadLang(const toml::table& t, const std::string& source, const char* key, bool allow_und, Language* out) {
  std::string s;
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  KR_RETURN_IF_ERROR(ReadString(t, source, "", key, &s));
  auto l = LanguageFromId(s);
  if (!l || (!allow_und && *l == Language::kUnd)) {
    return BadKey(source, key, "'" + s + "' is not " + (allow_und ? "nl, en or und" : "nl or en"));
  }
  *out = *l;
  return Status::Ok();
}

}  // namespace

Status ApplyAnalyzerToml(std::string_view toml_text, const std::string& source, AnalyzerOptions* out) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << source << " line " << e.source().begin.line << ": " << e.description();
    return Status::InvalidArgument(msg.str());
  }
  const toml::table* a = root["analyzer"].as_table();
  if (!a) return Status::Ok();
  static constexpr const char* kKnown[] = {"filters", "dutch_wordlist", "english_wordlist", "ascii_fast_path",
                                           "cache_size", "stem_fallback", "force_lang", "compounds", "langid",
                                           "protected_words", "brands", "compound_parts"};
  for (const auto& [k, v] : *a) {
    bool known = false;
    for (const char* name : kKnown) known |= k.str() == name;
    if (!known) return BadKey(source, std::string(k.str()), "unknown key");
  }
  KR_RETURN_IF_ERROR(ReadStringList(*a, source, "", "filters", &out->filters));
  KR_RETURN_IF_ERROR(ReadString(*a, source, "", "dutch_wordlist", &out->dutch_wordlist_path));
  KR_RETURN_IF_ERROR(ReadString(*a, source, "", "english_wordlist", &out->english_wordlist_path));
  if (const toml::node* n = a->get("ascii_fast_path")) {
    auto b = n->value<bool>();
    if (!b || !n->is_boolean()) return BadKey(source, "ascii_fast_path", "expected true or false");
    out->ascii_fast_path = *b;
  }
  KR_RETURN_IF_ERROR(ReadInt(*a, source, "", "cache_size", 1, 100000000, &out->cache_size));
  KR_RETURN_IF_ERROR(ReadLang(*a, source, "stem_fallback", false, &out->stem_fallback));
  KR_RETURN_IF_ERROR(ReadLang(*a, source, "force_lang", true, &out->force_lang));
  // Project additions (appended to what the lexicons give).
  std::vector<std::string> extra;
  KR_RETURN_IF_ERROR(ReadStringList(*a, source, "", "protected_words", &extra));
  out->protected_words.insert(out->protected_words.end(), extra.begin(), extra.end());
  extra.clear();
  KR_RETURN_IF_ERROR(ReadStringList(*a, source, "", "brands", &extra));
  out->brands.insert(out->brands.end(), extra.begin(), extra.end());
  extra.clear();
  KR_RETURN_IF_ERROR(ReadStringList(*a, source, "", "compound_parts", &extra));
  out->compound_parts.insert(out->compound_parts.end(), extra.begin(), extra.end());

  if (const toml::node* cn = a->get("compounds")) {
    const toml::table* c = cn->as_table();
    if (!c) return BadKey(source, "compounds", "expected a table");
    auto& co = out->compounds;
    for (const auto& [k, v] : *c) {
      const std::string key(k.str());
      if (key != "min_part" && key != "max_parts" && key != "short_parts" && key != "banned_heads" &&
          key != "banned_tails" && key != "derivation_suffixes") {
        return BadKey(source, "compounds." + key, "unknown key");
      }
    }
    KR_RETURN_IF_ERROR(ReadInt(*c, source, "compounds.", "min_part", 2, 20, &co.min_part));
    KR_RETURN_IF_ERROR(ReadInt(*c, source, "compounds.", "max_parts", 2, 8, &co.max_parts));
    KR_RETURN_IF_ERROR(ReadStringList(*c, source, "compounds.", "short_parts", &co.short_parts));
    KR_RETURN_IF_ERROR(ReadStringList(*c, source, "compounds.", "banned_heads", &co.banned_heads));
    KR_RETURN_IF_ERROR(ReadStringList(*c, source, "compounds.", "banned_tails", &co.banned_tails));
    KR_RETURN_IF_ERROR(ReadStringList(*c, source, "compounds.", "derivation_suffixes", &co.derivation_suffixes));
  }
  if (const toml::node* ln = a->get("langid")) {
    const toml::table* l = ln->as_table();
    if (!l) return BadKey(source, "langid", "expected a table");
    for (const auto& [k, v] : *l) {
      const std::string key(k.str());
      if (key != "margin" && key != "nl_words" && key != "en_words" && key != "prior") {
        return BadKey(source, "langid." + key, "unknown key");
      }
    }
    if (const toml::node* m = l->get("margin")) {
      auto d = m->value<double>();
      if (!d || *d < 0 || *d > 100) return BadKey(source, "langid.margin", "expected a number in [0, 100]");
      out->langid.margin = *d;
    }
    if (l->get("prior")) {
      std::string p;
      KR_RETURN_IF_ERROR(ReadString(*l, source, "langid.", "prior", &p));
      if (p == "none") {
        out->langid.use_prior = false;
      } else if (auto lang = LanguageFromId(p); lang && *lang != Language::kUnd) {
        out->langid.prior = *lang;
        out->langid.use_prior = true;
      } else {
        return BadKey(source, "langid.prior", "'" + p + "' is not nl, en or none");
      }
    }
    KR_RETURN_IF_ERROR(ReadString(*l, source, "langid.", "nl_words", &out->langid.nl_words));
    KR_RETURN_IF_ERROR(ReadString(*l, source, "langid.", "en_words", &out->langid.en_words));
  }
  return Status::Ok();
}

const AnalyzerOptions& ShippedAnalyzerOptions() {
  static const AnalyzerOptions* shipped = [] {
    auto* o = new AnalyzerOptions();
    auto text = kr::embedded::Get("analyzer.toml");
    if (!text) {
      std::fprintf(stderr, "klantreis: internal error: config/analyzer.toml is not compiled in\n");
      std::abort();
    }
    Status st = ApplyAnalyzerToml(*text, "config/analyzer.toml", o);
    if (!st.ok()) {  // a broken shipped file is a build defect, caught by the tests
      std::fprintf(stderr, "klantreis: internal error: %s\n", st.ToString().c_str());
      std::abort();
    }
    return o;
  }();
  return *shipped;
}

}  // namespace kr::classify
