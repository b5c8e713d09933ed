#include "klantreis/core/number_format.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace kr {
namespace {

TEST(ThousandsTest, GroupsDigitsInThrees) {
  EXPECT_EQ(Thousands(0), "0");
  EXPECT_EQ(Thousands(999), "999");
  EXPECT_EQ(Thousands(1000), "1,000");
  EXPECT_EQ(Thousands(12100), "12,100");
  EXPECT_EQ(Thousands(1234567), "1,234,567");
}

TEST(ThousandsTest, NegativeNumbersKeepTheirSignAndTheLowestValue) {
  EXPECT_EQ(Thousands(-5000), "-5,000");
  EXPECT_EQ(Thousands(-12), "-12");
  EXPECT_EQ(Thousands(std::numeric_limits<int64_t>::min()), "-9,223,372,036,854,775,808");
}

}  // namespace
}  // namespace kr
