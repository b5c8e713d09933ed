// More keywords than one XLSX sheet holds go on in "Keywords 2", "Keywords 3"
// (same header, frozen, filtered), and the About sheet says so. The sheet
// size is lowered for the test; Excel's own limit is 1,048,576 rows.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "../src/sinks.h"
#include "klantreis/testutil.h"

namespace kr::reports {
namespace {

using testutil::TempDir;

std::string Unzip(const std::string& zip, const std::string& member) {
  std::string out;
  FILE* p = popen(("unzip -p '" + zip + "' '" + member + "' 2>/dev/null").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(XlsxSplitTest, KeywordsBeyondASheetGoOnInNumberedSheetsWithTheSameHeader) {
  if (std::system("command -v unzip >/dev/null 2>&1") != 0) GTEST_SKIP() << "unzip not installed";
  TempDir tmp;
  auto sink = internal::NewXlsxSink(4);  // a header and three keywords per sheet
  ReportData data;
  ASSERT_TRUE(sink->Begin(data.meta, tmp.path()).ok());
  for (int i = 0; i < 10; ++i) {
    KeywordLine k;
    k.keyword = "fiets " + std::to_string(i);
    k.monthly_volume = 100 + i;
    data.keyword_count++;
    ASSERT_TRUE(sink->Keyword(k).ok());
  }
  auto paths = sink->Finish(data);
  ASSERT_TRUE(paths.ok()) << paths.status().message();
  const std::string xlsx = tmp.File("report.xlsx");
  std::string workbook = Unzip(xlsx, "xl/workbook.xml");
  for (const char* name : {"\"Keywords\"", "\"Keywords 2\"", "\"Keywords 3\"", "\"Keywords 4\""}) {
    EXPECT_NE(workbook.find(name), std::string::npos) << name << " in " << workbook;
  }
  EXPECT_EQ(workbook.find("\"Keywords 5\""), std::string::npos);
  // Sheet order: Stages, Keywords, Seasonality, About, Keywords 2..4 (sheet5..7).
  std::string all;
  for (int sheet : {2, 5, 6, 7}) {
    std::string xml = Unzip(xlsx, "xl/worksheets/sheet" + std::to_string(sheet) + ".xml");
    EXPECT_NE(xml.find(">Keyword<"), std::string::npos) << "header on sheet " << sheet;
    EXPECT_NE(xml.find("<pane "), std::string::npos) << "frozen header on sheet " << sheet;
    EXPECT_NE(xml.find("<autoFilter"), std::string::npos) << "filter on sheet " << sheet;
    all += xml;
  }
  for (int i = 0; i < 10; ++i) EXPECT_EQ(Count(all, ">fiets " + std::to_string(i) + "<"), 1u) << i;
  EXPECT_NE(Unzip(xlsx, "xl/worksheets/sheet7.xml").find(">fiets 9<"), std::string::npos);
  EXPECT_NE(Unzip(xlsx, "xl/worksheets/sheet4.xml").find("Keywords 2 to Keywords 4"), std::string::npos);
}

}  // namespace
}  // namespace kr::reports
