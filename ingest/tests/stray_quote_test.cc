// A quote opened on one line and closed lines later must not merge those
// lines into one keyword: queries never hold line breaks, except where
// Search Console hard-wraps a long query (after a space, on a long line).
#include <gtest/gtest.h>

#include <string>

#include "import_helpers.h"
#include "klantreis/testutil.h"

namespace kr::ingest {
namespace {

using testing::ImportAll;
using testutil::TempDir;

class StrayQuote : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& bytes) {
    dir_.Write(name, bytes);
    return dir_.File(name);
  }
  TempDir dir_;
};

TEST_F(StrayQuote, QuoteClosedLinesLaterIsARowErrorWithBothLinesAndTheLinesBetweenAreRows) {
  std::string path = Write("q.csv",
                           "keyword,volume\n"
                           "fiets kopen,10\n"
                           "fiets huren,20\n"
                           "\"fiets repareren,30\n"  // line 4: the stray quote
                           "fiets lease,40\n"
                           "fietsenwinkel,50\n"
                           "e-bike,60\n"
                           "bakfiets,70\n"
                           "racefiets,80\n"
                           "mountainbike,90\n"
                           "fietsbel\",100\n"  // line 11: a quote that "closes" it
                           "fietspomp,110\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 4u);
  EXPECT_NE(r.errors[0].message.find("line 4"), std::string::npos) << r.errors[0].message;
  EXPECT_NE(r.errors[0].message.find("line 11"), std::string::npos) << r.errors[0].message;
  // Every other line is its own row; no keyword holds another row.
  ASSERT_EQ(r.rows.size(), 10u);
  EXPECT_EQ(r.rows[2].keyword, "fiets lease");
  EXPECT_EQ(r.rows[2].line, 5u);
  EXPECT_EQ(r.rows[2].volume, 40);
  EXPECT_EQ(r.rows[9].keyword, "fietspomp");
  for (const auto& row : r.rows) EXPECT_EQ(row.keyword.find(','), std::string::npos) << row.keyword;
}

TEST_F(StrayQuote, QuoteClosedByAQuoteWithTextAfterItNamesBothLines) {
  std::string path = Write("q2.csv", "keyword,volume\n\"fiets,1\nhuren,2\n\"step\" kopen,3\nbel,4\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_GE(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 2u);
  EXPECT_NE(r.errors[0].message.find("line 4"), std::string::npos) << r.errors[0].message;
  ASSERT_NE(r.Find("huren"), nullptr);
  ASSERT_NE(r.Find("bel"), nullptr);
}

TEST_F(StrayQuote, HardWrappedLongQueryAfterASpaceIsStillOneKeyword) {
  std::string path = Write("gsc.csv",
                           "Top queries,Clicks,Impressions,CTR,Position\n"
                           "\"how do i choose the best event venue for a wedding reception on a budget in \n"
                           "spain?\",0,3,0%,9.5\n"
                           "fiets,1,2,50%,1\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].message;
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].keyword,
            "how do i choose the best event venue for a wedding reception on a budget in spain?");
}

}  // namespace
}  // namespace kr::ingest
