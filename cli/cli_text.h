// Small formatting helpers the terminal commands share (plan, review).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace kr::cli {

// "0.25" (two decimals).
inline std::string Fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// One TSV cell: tabs and line breaks become spaces.
inline std::string TsvCell(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

}  // namespace kr::cli
