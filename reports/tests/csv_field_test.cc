// AppendCsvField (reports/src/csv_line.h), which the CSV files write their
// cells with, gives byte for byte what kr::CsvField gives, and in Excel's
// dialect quotes a cell holding the separator as Line always did.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../src/csv_line.h"
#include "klantreis/core/text.h"

namespace kr::reports::internal {
namespace {

// Line::Cell as it was written before AppendCsvField: CsvField, then the
// dialect's quoting of the separator.
std::string Reference(std::string_view v, char separator) {
  std::string field = CsvField(v);
  if (separator != ',' && !field.empty() && field.front() != '"' && field.find(separator) != std::string::npos) {
    field.insert(field.begin(), '"');
    field.push_back('"');
  }
  return field;
}

TEST(CsvField, AppendingGivesTheSameBytesAsCsvFieldInEveryDialect) {
  const std::vector<std::string> cells = {
      "", "e-bike accu", "a,b", "say \"hi\"", "\"", "line\nbreak", "cr\rhere", "=SUM(A1)", "=a,\"b\"",
      "@home fitness", "+31 6 1234", "-50% korting", "-", "+", "-12.5", "+7", "\tTab", "\r", "a;b", "=a;b",
      "prix 1,5 €", "1;2,3", "'quoted'", "fiets; \"kopen\"", std::string("nul\0byte", 8), "ïńtërnâtiônàl"};
  for (char sep : {',', ';', '\t'}) {
    for (const auto& c : cells) {
      std::string got = "x";
      AppendCsvField(&got, c, sep);
      EXPECT_EQ(got, "x" + Reference(c, sep)) << "cell [" << c << "] separator [" << sep << "]";
    }
  }
  // Line writes the cells with it, separated.
  std::string line;
  Dialect excel{';', ',', true};
  {
    Line l(&line, excel);
    l.Cell("a;b").Cell("=1").Num(-3).Dec("0.25");
  }
  EXPECT_EQ(line, "\"a;b\";'=1;-3;0,25\n");
}

}  // namespace
}  // namespace kr::reports::internal
