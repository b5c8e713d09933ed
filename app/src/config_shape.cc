#include "config_shape.h"

#include <array>
#include <cctype>
#include <string_view>

namespace kr::app::internal {
namespace {

constexpr std::array<std::string_view, 7> kTables = {"project", "classifier", "analyzer", "plan",
                                                      "serp",    "suggest",    "branding"};

std::string KnownTables() {
  std::string s;
  for (std::string_view t : kTables) s += (s.empty() ? "" : ", ") + std::string(t);
  return s;
}

std::string TypeName(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    default: return "a date or time";
  }
}

Status Bad(const std::string& path, const toml::node& n, const std::string& key, const std::string& why) {
  return Status::InvalidArgument(path + ":" + std::to_string(n.source().begin.line) + ": " + key + ": " + why);
}

Status CheckProject(const toml::table& t, const std::string& path) {
  for (auto&& [k, v] : t) {
    const std::string key = "project." + std::string(k.str());
    if (k.str() != "name" && k.str() != "market") return Bad(path, v, key, "unknown key (known: name, market)");
    if (!v.is_string()) return Bad(path, v, key, "expected a string, got " + TypeName(v));
    const std::string s = *v.value<std::string>();
    if (k.str() == "name" && s.empty()) return Bad(path, v, key, "is empty");
    if (k.str() == "market" && !IsMarketTag(s)) {
      return Bad(path, v, key, "'" + s + "' is not a market such as nl-NL, nl-BE or en-US");
    }
  }
  return Status::Ok();
}

}  // namespace

bool IsMarketTag(const std::string& m) {
  size_t i = 0;
  while (i < m.size() && std::isalpha(static_cast<unsigned char>(m[i]))) ++i;
  if (i < 2 || i > 3) return false;
  if (i == m.size()) return true;
  if (m[i] != '-' && m[i] != '_') return false;
  size_t r = m.size() - i - 1;
  if (r == 2) return std::isalpha(static_cast<unsigned char>(m[i + 1])) && std::isalpha(static_cast<unsigned char>(m[i + 2]));
  if (r == 3) {  // UN M.49 region, e.g. es-419
    for (size_t j = i + 1; j < m.size(); ++j) if (!std::isdigit(static_cast<unsigned char>(m[j]))) return false;
    return true;
  }
  return false;
}

Status CheckConfigShape(const toml::table& root, const std::string& path) {
  for (auto&& [k, v] : root) {
    const std::string key(k.str());
    bool known = false;
    for (std::string_view t : kTables) known = known || key == t;
    if (!known) {
      const char* what = v.is_table() || v.is_array_of_tables() ? "unknown table" : "unknown top-level key";
      return Bad(path, v, key, std::string(what) + " (known tables: " + KnownTables() + ")");
    }
    if (!v.is_table()) return Bad(path, v, key, "expected a table [" + key + "], got " + TypeName(v));
    if (key == "project") KR_RETURN_IF_ERROR(CheckProject(*v.as_table(), path));
  }
  return Status::Ok();
}

Result<toml::table> ReadConfigTable(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(path + ":" + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  KR_RETURN_IF_ERROR(CheckConfigShape(root, path));
  return root;
}

}  // namespace kr::app::internal
