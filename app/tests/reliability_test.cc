// ComputeCalibration: ECE over equal-width bins, the reliability table, per evidence class.
#include "klantreis/app/reliability.h"

#include <gtest/gtest.h>

namespace kr::app {
namespace {

TEST(Reliability, PerfectlyCalibratedVerdictsHaveZeroEce) {
  std::vector<ScoredVerdict> v;
  // 10 verdicts at 0.85: 8.5 right is impossible, so use 0.8 with 8 of 10 right, 0.3 with 3 of 10.
  for (int i = 0; i < 10; ++i) v.push_back({0.8, i < 8, EvidenceClass::kCues});
  for (int i = 0; i < 10; ++i) v.push_back({0.3, i < 3, EvidenceClass::kNone});
  Calibration c = ComputeCalibration(v);
  EXPECT_NEAR(c.ece, 0.0, 1e-12);
  EXPECT_EQ(c.total, 20);
  EXPECT_EQ(c.uncertain, 10);
  ASSERT_EQ(c.bins.size(), 10u);
  EXPECT_EQ(c.bins[8].count, 10);
  EXPECT_DOUBLE_EQ(c.bins[8].accuracy, 0.8);
  EXPECT_EQ(c.bins[3].count, 10);
  EXPECT_EQ(c.per_evidence[static_cast<int>(EvidenceClass::kNone)].correct, 3);
}

TEST(Reliability, EceWeighsEachBinsGapByItsShare) {
  // 3 verdicts at 0.95, all right (gap 0.05); 1 at 0.3, wrong (gap 0.3).
  std::vector<ScoredVerdict> v = {{0.95, true}, {0.95, true}, {0.95, true}, {0.3, false}};
  Calibration c = ComputeCalibration(v);
  EXPECT_NEAR(c.ece, 0.75 * 0.05 + 0.25 * 0.3, 1e-12);
  EXPECT_DOUBLE_EQ(c.accuracy, 0.75);
}

TEST(Reliability, OneGoesIntoTheLastBinAndOutOfRangeIsClamped) {
  Calibration c = ComputeCalibration({{1.0, true}, {1.7, true}, {-0.2, false}, {0.0, false}});
  EXPECT_EQ(c.bins[9].count, 2);
  EXPECT_EQ(c.bins[0].count, 2);
  EXPECT_NEAR(c.ece, 0.0, 1e-12);
  EXPECT_EQ(ComputeCalibration({}).total, 0);
  EXPECT_EQ(ComputeCalibration({}).ece, 0);
}

}  // namespace
}  // namespace kr::app
