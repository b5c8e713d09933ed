// The shipped configuration (config/ in the source tree), compiled into the
// binary. Thread-safe: read-only data.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kr::embedded {

// Returns the bytes of the shipped file at `path` (relative to config/,
// e.g. "lexicons/nl.tsv"), or nullopt when no such file was shipped.
std::optional<std::string_view> Get(std::string_view path);

// All shipped paths, sorted.
std::vector<std::string> List();

}  // namespace kr::embedded
