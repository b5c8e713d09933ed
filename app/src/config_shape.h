// The top-level shape of a klantreis TOML file (the project's klantreis.toml
// or a --config layer), checked before any module reads its own table: every
// top-level entry is one of the known tables, each is a table, and [project]
// holds only `name` and `market`, both strings, the market a language tag
// such as nl-NL. The modules check the keys inside their own tables
// ([classifier], [analyzer], [plan], [serp], [suggest], [branding]).
#pragma once

#include <toml++/toml.h>

#include <string>

#include "klantreis/core/status.h"

namespace kr::app::internal {

// Parses `path` and checks its shape. InvalidArgument "PATH:LINE: KEY: why".
Result<toml::table> ReadConfigTable(const std::string& path);
Status CheckConfigShape(const toml::table& root, const std::string& path);

// "nl", "nl-NL", "nl_BE", "en-US": two or three letters, optionally a region.
bool IsMarketTag(const std::string& market);

}  // namespace kr::app::internal
