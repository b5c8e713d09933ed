// Reading and checking a batch file ([defaults] + [[project]] tables).
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <system_error>

#include "klantreis/app/batch.h"
#include "klantreis/core/text.h"
#include "klantreis/reports/branding.h"
#include "klantreis/reports/report.h"

namespace fs = std::filesystem;

namespace kr::app {
namespace {

const std::vector<std::string> kDefaultFormats = {"csv", "md", "json", "html", "xlsx"};

std::string At(const std::string& file, const toml::node& n) {
  return file + ":" + std::to_string(n.source().begin.line);
}

// A string or an array of strings.
Status Strings(const toml::node& n, const std::string& where, std::vector<std::string>* out) {
  out->clear();
  if (auto s = n.value<std::string>()) {
    out->push_back(*s);
    return Status::Ok();
  }
  const toml::array* arr = n.as_array();
  if (!arr) return Status::InvalidArgument(where + ": expected a string or an array of strings");
  for (const auto& item : *arr) {
    auto s = item.value<std::string>();
    if (!s) return Status::InvalidArgument(where + ": expected an array of strings");
    if (s->empty()) return Status::InvalidArgument(where + ": empty string");
    out->push_back(*s);
  }
  return Status::Ok();
}

Status String(const toml::node& n, const std::string& where, std::string* out) {
  auto s = n.value<std::string>();
  if (!s) return Status::InvalidArgument(where + ": expected a string");
  *out = *s;
  return Status::Ok();
}

// A name that is safe as one folder name under --out, and in a URL path.
Status CheckName(const std::string& name, const std::string& where) {
  if (name.empty()) return Status::InvalidArgument(where + ": name is empty");
  if (name.size() > 100) return Status::InvalidArgument(where + ": name is longer than 100 bytes");
  if (name[0] == '.') return Status::InvalidArgument(where + ": name \"" + name + "\" may not start with a dot");
  if (FindInvalidUtf8(name) != std::string::npos) return Status::InvalidArgument(where + ": name is not UTF-8");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' ||
        c == '<' || c == '>' || c == '|') {
      return Status::InvalidArgument(where + ": name \"" + name +
                                     "\" is no folder name (no / \\ : * ? \" < > | or control characters)");
    }
  }
  return Status::Ok();
}

std::string Resolve(const fs::path& base, const std::string& p) {
  fs::path path(p);
  if (path.is_relative()) path = base / path;
  return path.lexically_normal().string();
}

// The values a project may set and [defaults] may give.
struct Values {
  std::optional<std::string> dir, market, crawl, projects_dir, compare;
  std::optional<int64_t> crawl_max_pages;
  std::optional<double> crawl_delay;
  std::optional<std::vector<std::string>> inputs, formats;
  std::vector<std::string> configs;
  BrandingSpec branding;
};

Status ReadBranding(const toml::node& node, const std::string& file, const std::string& table, const fs::path& base,
                    BrandingSpec* b) {
  const toml::table* t = node.as_table();
  if (!t) return Status::InvalidArgument(At(file, node) + ": " + table + ".branding: expected a table");
  for (auto&& [key, n] : *t) {
    std::string k(key.str());
    std::string where = At(file, n) + ": " + table + ".branding." + k;
    std::string s;
    KR_RETURN_IF_ERROR(String(n, where, &s));
    if (k == "agency") {
      b->agency = s;
    } else if (k == "logo") {
      b->logo = s.empty() ? s : Resolve(base, s);
    } else if (k == "primary_colour") {
      b->primary_colour = s;
    } else if (k == "accent_colour") {
      b->accent_colour = s;
    } else {
      return Status::InvalidArgument(where + ": unknown key (accent_colour, agency, logo, primary_colour)");
    }
  }
  return Status::Ok();
}

Status ReadValues(const toml::table& t, const std::string& file, const std::string& table, bool defaults,
                  const fs::path& base, Values* v) {
  static const std::set<std::string> kProjectKeys = {"name",    "dir",   "market",  "inputs",
                                                     "config",  "formats", "crawl", "branding", "compare",
                                                     "crawl_max_pages", "crawl_delay"};
  static const std::set<std::string> kDefaultKeys = {"projects_dir", "market", "inputs",  "config",
                                                     "formats",      "crawl",  "branding", "compare",
                                                     "crawl_max_pages", "crawl_delay"};
  const auto& allowed = defaults ? kDefaultKeys : kProjectKeys;
  for (auto&& [key, node] : t) {
    std::string k(key.str());
    std::string where = At(file, node) + ": " + table + "." + k;
    if (!allowed.count(k)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      return Status::InvalidArgument(where + ": unknown key (" + list + ")");
    }
    if (k == "name") continue;
    if (k == "branding") {
      KR_RETURN_IF_ERROR(ReadBranding(node, file, table, base, &v->branding));
      continue;
    }
    if (k == "crawl_max_pages") {
      auto n = node.value<int64_t>();
      if (!node.is_integer() || !n || *n < 1) return Status::InvalidArgument(where + ": expected a whole number >= 1");
      v->crawl_max_pages = *n;
      continue;
    }
    if (k == "crawl_delay") {
      auto d = node.value<double>();
      if (!(node.is_number()) || !d || !(*d >= 0) || *d > 3600) {
        return Status::InvalidArgument(where + ": expected seconds between 0 and 3600");
      }
      v->crawl_delay = *d;
      continue;
    }
    if (k == "compare") {  // true / "auto", "export", false / "off"
      if (auto b = node.value<bool>()) {
        v->compare = *b ? "auto" : "off";
        continue;
      }
      std::string s;
      KR_RETURN_IF_ERROR(String(node, where, &s));
      if (s != "auto" && s != "export" && s != "off") {
        return Status::InvalidArgument(where + ": \"" + s + "\": expected true, false, \"auto\", \"export\" or \"off\"");
      }
      v->compare = s;
      continue;
    }
    if (k == "dir" || k == "market" || k == "crawl" || k == "projects_dir") {
      std::string s;
      KR_RETURN_IF_ERROR(String(node, where, &s));
      if (s.empty()) return Status::InvalidArgument(where + ": empty");
      (k == "dir" ? v->dir : k == "market" ? v->market : k == "crawl" ? v->crawl : v->projects_dir) = s;
    } else {
      std::vector<std::string> list;
      KR_RETURN_IF_ERROR(Strings(node, where, &list));
      if (k == "config") {
        v->configs = list;
      } else if (k == "inputs") {
        v->inputs = list;
      } else {
        auto known = reports::SinkFormats();
        for (const auto& f : list) {
          if (std::find(known.begin(), known.end(), f) == known.end()) {
            std::string names;
            for (const auto& n : known) names += (names.empty() ? "" : ",") + n;
            return Status::InvalidArgument(where + ": unknown format \"" + f + "\" (" + names + ")");
          }
        }
        if (list.empty()) return Status::InvalidArgument(where + ": no format given");
        v->formats = list;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<reports::Branding> MakeBranding(const BrandingSpec& spec, const std::string& where) {
  return reports::MakeBranding(spec.agency, spec.logo, spec.primary_colour, spec.accent_colour, where);
}

Result<BatchFile> LoadBatchFile(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Status::InvalidArgument(path + ": is a directory, not a batch file");
  auto text = ReadFile(path);
  if (!text.ok()) return Status::InvalidArgument(text.status().message());
  toml::table root;
  try {
    root = toml::parse(*text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(path + ":" + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  const fs::path base = fs::absolute(fs::path(path), ec).parent_path();
  for (auto&& [key, node] : root) {
    std::string k(key.str());
    if (k != "defaults" && k != "project") {
      return Status::InvalidArgument(At(path, node) + ": " + k + ": unknown table (defaults, project)");
    }
  }
  Values defaults;
  if (const toml::node* d = root.get("defaults")) {
    const toml::table* t = d->as_table();
    if (!t) return Status::InvalidArgument(At(path, *d) + ": defaults: expected a table [defaults]");
    KR_RETURN_IF_ERROR(ReadValues(*t, path, "defaults", true, base, &defaults));
  }
  const toml::node* pnode = root.get("project");
  const toml::array* projects = pnode ? pnode->as_array() : nullptr;
  if (!pnode) return Status::InvalidArgument(path + ": no [[project]] table");
  if (!projects) return Status::InvalidArgument(At(path, *pnode) + ": project: expected [[project]] tables");

  BatchFile batch;
  batch.path = path;
  batch.branding = defaults.branding;
  if (auto b = MakeBranding(batch.branding, path + ": defaults.branding"); !b.ok()) return b.status();
  std::map<std::string, std::string> names, dirs;  // -> where first seen
  for (size_t i = 0; i < projects->size(); ++i) {
    const toml::node& node = (*projects)[i];
    std::string table = "project[" + std::to_string(i) + "]";
    const toml::table* t = node.as_table();
    if (!t) return Status::InvalidArgument(At(path, node) + ": " + table + ": expected a table");
    std::string where = At(path, node) + ": " + table;
    Values v;
    v.branding = defaults.branding;  // the project's keys go over the defaults'
    KR_RETURN_IF_ERROR(ReadValues(*t, path, table, false, base, &v));
    BatchProject p;
    p.line = At(path, node);
    const toml::node* name = t->get("name");
    if (!name) return Status::InvalidArgument(where + ".name: missing");
    KR_RETURN_IF_ERROR(String(*name, At(path, *name) + ": " + table + ".name", &p.name));
    KR_RETURN_IF_ERROR(CheckName(p.name, At(path, *name) + ": " + table + ".name"));
    if (auto [it, fresh] = names.emplace(p.name, p.line); !fresh) {
      return Status::InvalidArgument(where + ".name: \"" + p.name + "\" is also the name of the project at " +
                                     it->second);
    }
    if (v.dir) {
      p.dir = Resolve(base, *v.dir);
    } else if (defaults.projects_dir) {
      p.dir = Resolve(base, *defaults.projects_dir + "/" + p.name);
    } else {
      return Status::InvalidArgument(where + ".dir: missing (or set [defaults] projects_dir)");
    }
    if (auto [it, fresh] = dirs.emplace(p.dir, p.line); !fresh) {
      return Status::InvalidArgument(where + ".dir: " + p.dir + " is also the directory of the project at " +
                                     it->second + " (one store per project)");
    }
    p.market = v.market.value_or(defaults.market.value_or("nl-NL"));
    auto inputs = v.inputs ? *v.inputs : defaults.inputs.value_or(std::vector<std::string>{});
    if (inputs.empty()) return Status::InvalidArgument(where + ".inputs: missing (files, globs or SERP folders)");
    for (const auto& in : inputs) p.inputs.push_back(Resolve(base, in));
    for (const auto& c : defaults.configs) p.configs.push_back(Resolve(base, c));
    for (const auto& c : v.configs) p.configs.push_back(Resolve(base, c));
    p.formats = v.formats ? *v.formats : defaults.formats.value_or(kDefaultFormats);
    p.crawl = v.crawl.value_or(defaults.crawl.value_or(""));
    p.compare = v.compare.value_or(defaults.compare.value_or("off"));
    p.crawl_max_pages = v.crawl_max_pages.value_or(defaults.crawl_max_pages.value_or(p.crawl_max_pages));
    p.crawl_delay = v.crawl_delay.value_or(defaults.crawl_delay.value_or(p.crawl_delay));
    if (p.compare == "off") p.compare.clear();
    p.branding = v.branding;
    if (auto b = MakeBranding(p.branding, where + ".branding"); !b.ok()) return b.status();
    batch.projects.push_back(std::move(p));
  }
  if (batch.projects.empty()) return Status::InvalidArgument(path + ": no [[project]] table");
  return batch;
}

}  // namespace kr::app
