// Test helper: reads a whole keyword file into vectors.
#pragma once

#include <string>
#include <vector>

#include "klantreis/ingest/importer.h"

namespace kr::ingest::testing {

struct Imported {
  Status status;
  FileInfo info;
  std::vector<SourceRow> rows;
  std::vector<RowError> errors;

  // The attribute `name` of rows[i], or "" when absent.
  std::string Attr(size_t i, const std::string& name) const {
    for (const auto& [k, v] : rows.at(i).attrs)
      if (k == name) return v;
    return "";
  }
  // The first row whose keyword is `kw`, or nullptr.
  const SourceRow* Find(const std::string& kw) const {
    for (const auto& r : rows)
      if (r.keyword == kw) return &r;
    return nullptr;
  }
};

inline Imported ImportAll(const std::string& path, ImportOptions options = {}) {
  Imported out;
  out.status = ReadKeywordFile(
      path, options, &out.info,
      [&](SourceRow&& r) {
        out.rows.push_back(std::move(r));
        return Status::Ok();
      },
      [&](RowError&& e) { out.errors.push_back(std::move(e)); });
  return out;
}

inline std::string AttrOf(const SourceRow& r, const std::string& name) {
  for (const auto& [k, v] : r.attrs)
    if (k == name) return v;
  return "";
}

}  // namespace kr::ingest::testing
