#include "../src/numbers.h"

#include <gtest/gtest.h>

namespace kr::ingest::internal {
namespace {

struct VolumeCase {
  const char* text;
  NumberLocale locale;
  ParsedVolume::Kind kind;
  int64_t value;
  int64_t high;
};

TEST(ParseVolume, ReadsEveryWayToolsWriteACount) {
  using K = ParsedVolume::Kind;
  const NumberLocale en = NumberLocale::En(), nl = NumberLocale::Nl();
  const VolumeCase cases[] = {
      {"1234", en, K::kExact, 1234, 0},
      {"1,234", en, K::kExact, 1234, 0},
      {"1.234", en, K::kExact, 1234, 0},  // a count has no fractions: thousands separator
      {"1.234", nl, K::kExact, 1234, 0},
      {"1,234", nl, K::kExact, 1234, 0},
      {"1 234", en, K::kExact, 1234, 0},
      {"1\xC2\xA0" "234", nl, K::kExact, 1234, 0},      // no-break space
      {"1\xE2\x80\xAF" "234", nl, K::kExact, 1234, 0},  // narrow no-break space
      {"1'234", en, K::kExact, 1234, 0},
      {"12,345,678", en, K::kExact, 12345678, 0},
      {"12.345.678", nl, K::kExact, 12345678, 0},
      {"1.234,5", nl, K::kExact, 1235, 0},
      {"1,234.5", en, K::kExact, 1235, 0},
      {"454200.0", en, K::kExact, 454200, 0},  // Keyword Planner saved-keywords export
      {"50.0", en, K::kExact, 50, 0},
      {"1.2K", en, K::kExact, 1200, 0},
      {"1,2K", nl, K::kExact, 1200, 0},
      {"1,2K", en, K::kExact, 1200, 0},
      {"12k", en, K::kExact, 12000, 0},
      {"1.5M", en, K::kExact, 1500000, 0},
      {"2,5 mln", nl, K::kExact, 2500000, 0},
      {"  590 ", en, K::kExact, 590, 0},
      {"0", en, K::kExact, 0, 0},
      {"1K \xE2\x80\x93 10K", en, K::kRange, 1000, 10000},  // "1K – 10K"
      {"10 \xE2\x80\x93 100", nl, K::kRange, 10, 100},
      {"100K-1M", en, K::kRange, 100000, 1000000},
      {"0 - 10", en, K::kRange, 0, 10},
      {"", en, K::kEmpty, 0, 0},
      {"  ", en, K::kEmpty, 0, 0},
      {"-", en, K::kEmpty, 0, 0},
      {"\xE2\x80\x94", en, K::kEmpty, 0, 0},
      {"n/a", en, K::kEmpty, 0, 0},
      {"abc", en, K::kInvalid, 0, 0},
      {"12abc", en, K::kInvalid, 0, 0},
      {"-5", en, K::kInvalid, 0, 0},
      {"1,23,4", en, K::kInvalid, 0, 0},
      {"1..2", en, K::kInvalid, 0, 0},
      {"10K \xE2\x80\x93 1K", en, K::kInvalid, 0, 0},  // upside-down range
      {"\xE2\x88\x9E", en, K::kInvalid, 0, 0},          // "∞"
      {"12%", en, K::kInvalid, 0, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    ParsedVolume v = ParseVolume(c.text, c.locale);
    EXPECT_EQ(v.kind, c.kind);
    if (c.kind == K::kExact || c.kind == K::kRange) {
      EXPECT_EQ(v.value, c.value);
    }
    if (c.kind == K::kRange) {
      EXPECT_EQ(v.high, c.high);
    }
  }
}

TEST(ParseNumber, LocaleDecidesAmbiguousDecimals) {
  const NumberLocale en = NumberLocale::En(), nl = NumberLocale::Nl();
  EXPECT_DOUBLE_EQ(*ParseNumber("1,234", en, false), 1234);
  EXPECT_DOUBLE_EQ(*ParseNumber("1,234", nl, false), 1.234);
  EXPECT_DOUBLE_EQ(*ParseNumber("1.234", en, false), 1.234);
  EXPECT_DOUBLE_EQ(*ParseNumber("1.234", nl, false), 1234);
  EXPECT_DOUBLE_EQ(*ParseNumber("2,83", en, false), 2.83);
  EXPECT_DOUBLE_EQ(*ParseNumber("2.83", nl, false), 2.83);
  EXPECT_DOUBLE_EQ(*ParseNumber("-72%", en, false), -72);
  EXPECT_DOUBLE_EQ(*ParseNumber("\xE2\x88\x92" "3", en, false), -3);  // U+2212 minus
  EXPECT_FALSE(ParseNumber("Low", en, false).has_value());
  EXPECT_FALSE(ParseNumber("", en, false).has_value());
}

TEST(CanonicalNumberText, WritesCLocaleDigitsAsWritten) {
  const NumberLocale en = NumberLocale::En(), nl = NumberLocale::Nl();
  EXPECT_EQ(*CanonicalNumberText("1,60", nl), "1.60");
  EXPECT_EQ(*CanonicalNumberText("1.60", en), "1.60");
  EXPECT_EQ(*CanonicalNumberText("40.74%", en), "40.74%");
  EXPECT_EQ(*CanonicalNumberText("0%", en), "0%");
  EXPECT_EQ(*CanonicalNumberText("-55%", en), "-55%");
  EXPECT_EQ(*CanonicalNumberText("1.2K", en), "1200");
  EXPECT_EQ(*CanonicalNumberText("562000000", en), "562000000");
  EXPECT_FALSE(CanonicalNumberText("\xE2\x88\x9E", en).has_value());
}

TEST(ParseMonthHeader, ReadsPlannerAndPlainMonthColumns) {
  const std::pair<const char*, const char*> cases[] = {
      {"Searches: Mar 2025", "2025-03"},
      {"Searches: Feb 2026", "2026-02"},
      {"Zoekopdrachten: mrt 2025", "2025-03"},
      {"Zoekopdrachten: okt. 2024", "2024-10"},
      {"Zoekopdrachten: mei 2025", "2025-05"},
      {"Suchanfragen: Mär 2025", "2025-03"},
      {"Suchanfragen: MÄR 2025", "2025-03"},
      {"Recherches : déc. 2024", "2024-12"},
      {"Búsquedas: ene 2025", "2025-01"},
      {"Sep 2025", "2025-09"},
      {"2025-11", "2025-11"},
      {"december 2024", "2024-12"},
  };
  for (const auto& [in, want] : cases) {
    SCOPED_TRACE(in);
    auto m = ParseMonthHeader(in);
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(*m, want);
  }
  for (const char* not_month : {"Searches", "Last Update", "Volume", "2025-13", "Foo 2025", "Mar 25", "First seen"}) {
    EXPECT_FALSE(ParseMonthHeader(not_month).has_value()) << not_month;
  }
}

}  // namespace
}  // namespace kr::ingest::internal
