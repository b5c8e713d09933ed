// Internal: CSV dialects (standard RFC 4180, or Excel's for the market) and
// one line of cells written in a dialect. Shared by the CSV files of the
// report (csv_sink.cc, compare_csv.cc). Every text cell goes through
// kr::CsvField (quoting, formula neutralising).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "klantreis/core/text.h"

namespace kr::reports::internal {

// How cells are separated and decimals written.
struct Dialect {
  char separator = ',';
  char decimal = '.';
  bool bom = false;
};

// Excel reads a CSV with the list separator of the user's locale: ';' (and
// a decimal comma) wherever the decimal separator is a comma.
inline Dialect ExcelDialect(std::string_view market) {
  std::string_view lang = market.substr(0, market.find_first_of("-_"));
  const bool point = lang == "en" || lang == "ja" || lang == "zh" || lang == "ko" || lang == "he" || lang == "th";
  Dialect d;
  d.bom = true;
  if (!point) {
    d.separator = ';';
    d.decimal = ',';
  }
  return d;
}

// Appends CsvField(v) to *out without a temporary; with `separator` other
// than ',', a cell holding it is quoted too (as Line::Cell does). The
// output is byte for byte CsvField's: a formula-like cell gets its leading
// apostrophe (which needs no quoting), a cell with , " CR or LF is quoted
// with its quotes doubled.
inline void AppendCsvField(std::string* out, std::string_view v, char separator = ',') {
  const bool formula = IsFormulaLike(v);
  const bool quote = v.find_first_of(",\"\n\r") != std::string_view::npos;
  const bool wrap = quote || (separator != ',' && v.find(separator) != std::string_view::npos);
  if (wrap) out->push_back('"');
  if (formula) out->push_back('\'');
  if (quote) {
    for (char c : v) {
      if (c == '"') out->push_back('"');
      out->push_back(c);
    }
  } else {
    out->append(v);
  }
  if (wrap) out->push_back('"');
}

class Line {
 public:
  Line(std::string* out, const Dialect& d) : out_(out), d_(d) {}
  Line& Cell(std::string_view v) {
    if (!first_) out_->push_back(d_.separator);
    first_ = false;
    AppendCsvField(out_, v, d_.separator);
    return *this;
  }
  Line& Num(int64_t v) { return Cell(std::to_string(v)); }
  // A number written with a decimal point ("0.25"), in the dialect's decimal separator.
  // Digits need neither quoting nor neutralising, whatever the separators.
  Line& Dec(std::string v) {
    if (d_.decimal != '.') std::replace(v.begin(), v.end(), '.', d_.decimal);
    if (!first_) out_->push_back(d_.separator);
    first_ = false;
    out_->append(v);
    return *this;
  }
  ~Line() { out_->push_back('\n'); }

 private:
  std::string* out_;
  const Dialect& d_;
  bool first_ = true;
};

inline constexpr const char* kCsvBom = "\xEF\xBB\xBF";

}  // namespace kr::reports::internal
