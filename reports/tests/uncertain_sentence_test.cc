// The report's sentence about uncertain verdicts (rule-7 defaults with no
// cue and no category), in the words a strategist reads.
#include <gtest/gtest.h>

#include "../src/report_common.h"

namespace kr::reports {
namespace {

using internal::UncertainSentence;

TEST(UncertainSentence, NamesTheShareAndTheCountAndHowToReviewThem) {
  ReportData d;
  d.keyword_count = 5;
  d.uncertain_keywords = 1;
  d.uncertain_share = 0.2;
  std::string s = UncertainSentence(d);
  EXPECT_NE(s.find("Uncertain stage: 20.0% of the volume (1 of 5 keywords)"), std::string::npos) << s;
  EXPECT_NE(s.find("klantreis review"), std::string::npos) << s;
}

TEST(UncertainSentence, SaysSoWhenNoVerdictIsUncertain) {
  ReportData d;
  d.keyword_count = 50;
  std::string s = UncertainSentence(d);
  EXPECT_EQ(s, "Uncertain stage: none of the 50 keywords; each matched a cue or a product or service category.");
}

}  // namespace
}  // namespace kr::reports
