// The invariants the fuzz targets check, as aborts libFuzzer reports with
// the input that broke them.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "klantreis/core/text.h"

namespace kr::fuzz {

inline void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

inline void RequireUtf8(std::string_view s, const char* what) {
  Require(FindInvalidUtf8(s) == std::string_view::npos, what);
}

}  // namespace kr::fuzz
