// RFC 4180 rows of a report's CSV file, for the end-to-end tests.
#pragma once

#include <string>
#include <vector>

namespace kr::e2e {

// Cells may hold commas, quotes and line breaks; CR is dropped; a last line
// without a line break is a row too.
inline std::vector<std::vector<std::string>> CsvRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, open = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    open = true;
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(cell)), cell.clear();
    } else if (c == '\n') {
      row.push_back(std::move(cell)), cell.clear();
      rows.push_back(std::move(row)), row.clear();
      open = false;
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (open) row.push_back(std::move(cell)), rows.push_back(std::move(row));
  return rows;
}

}  // namespace kr::e2e
