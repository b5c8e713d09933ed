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

class Line {
 public:
  Line(std::string* out, const Dialect& d) : out_(out), d_(d) {}
  Line& Cell(std::string_view v) {
    if (!first_) out_->push_back(d_.separator);
    first_ = false;
    std::string field = CsvField(v);
    if (d_.separator != ',' && !field.empty() && field.front() != '"' && field.find(d_.separator) != std::string::npos) {
      field.insert(field.begin(), '"');  // unquoted CsvField output holds no quote to double
      field.push_back('"');
    }
    out_->append(field);
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
