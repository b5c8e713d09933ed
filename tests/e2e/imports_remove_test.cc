// `klantreis imports remove RUN`: one run goes, keywords with other sources
// stay with their figure recomputed, the file can be imported again.
#include <gtest/gtest.h>

#include "cli_run.h"

namespace {

using kr::e2e::CliTest;
using kr::e2e::CmdResult;
using kr::e2e::Lines;
using kr::e2e::Quote;
using kr::testutil::ReadAll;

TEST_F(CliTest, ImportsRemoveDropsOneRunAndRecomputesTheBestFigureOfSharedKeywords) {
  tmp_.Write("a.csv", "keyword,volume\nfiets kopen,100\nfiets huren,20\n");
  tmp_.Write("b.csv", "keyword,volume\nfiets kopen,300\nebike,5\n");
  ASSERT_EQ(InProject("import " + Quote(tmp_.File("a.csv")) + " " + Quote(tmp_.File("b.csv"))).code, 0);
  CmdResult removed = InProject("imports remove r000001");
  ASSERT_EQ(removed.code, 0) << removed.err;
  EXPECT_NE(removed.out.find("removed run r000001"), std::string::npos) << removed.out;
  EXPECT_NE(removed.out.find("1 keywords only it brought in are gone, 2 keywords remain"), std::string::npos)
      << removed.out;
  CmdResult list = InProject("imports");
  EXPECT_EQ(list.out.find("r000001"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("r000002"), std::string::npos) << list.out;

  ASSERT_EQ(InProject("report --format csv --out " + Quote(tmp_.File("rep"))).code, 0);
  std::string kw = ReadAll(tmp_.File("rep/keywords.csv"));
  EXPECT_EQ(kw.find("fiets huren"), std::string::npos) << kw;
  EXPECT_NE(kw.find("fiets kopen,nl,purchase,sales,300,"), std::string::npos) << kw;
  EXPECT_EQ(Lines(kw).size(), 3u);

  CmdResult again = InProject("imports remove r000001");
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("no import run r000001"), std::string::npos) << again.err;
  // The removed file is a new import again, not "already imported".
  CmdResult reimport = InProject("import " + Quote(tmp_.File("a.csv")));
  EXPECT_EQ(reimport.code, 0) << reimport.err;
  EXPECT_NE(reimport.out.find("2 stored"), std::string::npos) << reimport.out;
}

}  // namespace
