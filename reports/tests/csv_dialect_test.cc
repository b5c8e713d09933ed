// report --csv-dialect excel: a UTF-8 BOM and the separators Excel expects in
// the project's market, so the file opens in columns with accents intact;
// the standard dialect stays plain RFC 4180 for programs.
#include <gtest/gtest.h>

#include "klantreis/reports/report.h"
#include "klantreis/testutil.h"

namespace kr::reports {
namespace {

using testutil::ReadAll;
using testutil::TempDir;

ReportData Data(const std::string& market) {
  KeywordLine a;
  a.keyword = "café; terras";
  a.stage = Stage::kDecision;
  a.monthly_volume = 880;
  a.confidence = 0.75;
  a.cpc = 1.5;
  ReportAccumulator acc;
  acc.Add(a);
  ReportMeta meta;
  meta.market = market;
  ReportData d = acc.Finish(std::move(meta));
  d.keywords.push_back(a);
  return d;
}

std::string Write(const std::string& dialect, const ReportData& d, const TempDir& tmp) {
  SinkOptions o;
  o.csv_dialect = dialect;
  auto sink = MakeSink("csv", o);
  EXPECT_TRUE(sink.ok()) << sink.status().message();
  auto paths = (*sink)->Write(d, tmp.path());
  EXPECT_TRUE(paths.ok()) << paths.status().message();
  return ReadAll(tmp.File("keywords.csv"));
}

TEST(CsvDialectTest, ExcelForADutchMarketHasABomSemicolonsAndDecimalCommas) {
  TempDir tmp;
  std::string kw = Write("excel", Data("nl-NL"), tmp);
  ASSERT_GE(kw.size(), 3u);
  EXPECT_EQ(kw.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(kw.substr(3, 22), "keyword;lang;stage;fun");
  EXPECT_NE(kw.find("\n\"café; terras\";"), std::string::npos) << kw;  // a separator in a cell is quoted
  EXPECT_NE(kw.find(";880;0,75;"), std::string::npos) << kw;
  EXPECT_NE(kw.find(";1,50;"), std::string::npos) << kw;
  std::string stages = ReadAll(tmp.File("stages.csv"));
  EXPECT_EQ(stages.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(stages.find("decision;sales;1;880;1,0000"), std::string::npos) << stages;
}

TEST(CsvDialectTest, ExcelForAnEnglishMarketKeepsCommasWithABom) {
  TempDir tmp;
  std::string kw = Write("excel", Data("en-GB"), tmp);
  EXPECT_EQ(kw.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(kw.substr(3, 22), "keyword,lang,stage,fun");
  EXPECT_NE(kw.find("\ncafé; terras,"), std::string::npos) << kw;
  EXPECT_NE(kw.find(",880,0.75,"), std::string::npos) << kw;
}

TEST(CsvDialectTest, StandardIsPlainRfc4180WithoutABom) {
  TempDir tmp;
  std::string kw = Write("standard", Data("nl-NL"), tmp);
  EXPECT_EQ(kw.substr(0, 22), "keyword,lang,stage,fun");
  EXPECT_NE(kw.find(",880,0.75,"), std::string::npos) << kw;
}

TEST(CsvDialectTest, AnUnknownDialectIsRefused) {
  SinkOptions o;
  o.csv_dialect = "excel-fr";
  auto sink = MakeSink("csv", o);
  ASSERT_FALSE(sink.ok());
  EXPECT_NE(sink.status().message().find("standard, excel"), std::string::npos);
}

}  // namespace
}  // namespace kr::reports
