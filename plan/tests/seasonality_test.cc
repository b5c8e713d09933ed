// Per-topic monthly volumes and the seasonality peak of the article plan.
#include "klantreis/plan/seasonality.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "klantreis/plan/article_plan.h"

namespace kr::plan {
namespace {

using Months = std::map<std::string, int64_t>;

struct Kw {
  const char* text;
  Stage stage;
  int64_t volume;
  Months monthly;  // empty: the import had no monthly figures for it
};

std::unique_ptr<Topics> Cluster(const std::vector<Kw>& kws) {
  auto b = TopicBuilder::Create(ShippedPlanConfig(), classify::AnalyzerOptions{}, Language::kNl);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  for (const auto& k : kws) {
    KeywordInput in;
    in.keyword = k.text;
    in.stage = k.stage;
    in.monthly_volume = k.volume;
    in.monthly = &k.monthly;
    (*b)->Add(in);
  }
  return (*b)->Build();
}

uint32_t TopicOf(const Topics& t, std::string_view keyword) {
  for (uint32_t i = 0; i < t.keyword_count(); ++i) {
    if (t.keyword(i) == keyword) return t.topic_of(i);
  }
  ADD_FAILURE() << "no keyword " << keyword;
  return 1;
}

TEST(TopicSeasonality, PeakIsTheMonthWithTheMostSearchesSummedOverTheMembersNotTheHeadsOwnPeak) {
  auto t = Cluster({
      {"e-bike accu opladen", Stage::kUse, 900, {{"2024-06", 50}, {"2024-07", 60}, {"2024-12", 100}}},
      {"ebike accu opladen", Stage::kUse, 300, {{"2024-07", 200}, {"2024-12", 10}}},
      {"accu e-bike opladen hoe lang", Stage::kUse, 50, {}},  // no monthly figures: counts for nothing
      {"fiets", Stage::kConcreteNeed, 5000, {}},
  });
  const uint32_t id = TopicOf(*t, "e-bike accu opladen");
  ASSERT_EQ(id, TopicOf(*t, "ebike accu opladen"));
  ASSERT_EQ(id, TopicOf(*t, "accu e-bike opladen hoe lang"));
  ASSERT_TRUE(t->has_monthly());
  const auto months = t->MonthlyVolumes(t->topic(id));
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].month, "2024-06");
  EXPECT_EQ(months[0].searches, 50);
  EXPECT_EQ(months[1].month, "2024-07");
  EXPECT_EQ(months[1].searches, 260);
  EXPECT_EQ(months[2].month, "2024-12");
  EXPECT_EQ(months[2].searches, 110);
  const auto peak = PeakMonth(*t, t->topic(id));
  ASSERT_TRUE(peak.has_value());
  EXPECT_EQ(peak->month, "2024-07");
  EXPECT_EQ(peak->searches, 260);
  EXPECT_EQ(peak->total, 420);
  EXPECT_DOUBLE_EQ(peak->share(), 260.0 / 420.0);
  const PlanRow row = MakePlanRow(*t, t->topic(id));
  ASSERT_TRUE(row.peak.has_value());
  EXPECT_EQ(row.peak->month, "2024-07");

  // A topic none of whose keywords has monthly figures has no peak.
  const uint32_t fiets = TopicOf(*t, "fiets");
  EXPECT_TRUE(t->MonthlyVolumes(t->topic(fiets)).empty());
  EXPECT_FALSE(PeakMonth(*t, t->topic(fiets)).has_value());
  EXPECT_FALSE(MakePlanRow(*t, t->topic(fiets)).peak.has_value());
}

TEST(TopicSeasonality, TheSumsDoNotDependOnTheOrderKeywordsAndMonthsWereAddedIn) {
  std::vector<Kw> kws = {
      {"fiets", Stage::kConcreteNeed, 5000, {{"2025-03", 400}, {"2025-01", 100}}},
      {"fietsen", Stage::kConcreteNeed, 4000, {{"2025-02", 700}, {"2025-03", 100}}},
      {"beste e-bike", Stage::kConsideration, 700, {{"2024-11", 70}}},
  };
  auto a = Cluster(kws);
  std::reverse(kws.begin(), kws.end());
  auto b = Cluster(kws);
  auto dump = [](const Topics& t, std::string_view kw) {
    std::string out;
    for (const auto& m : t.MonthlyVolumes(t.topic(TopicOf(t, kw)))) out += std::string(m.month) + "=" + std::to_string(m.searches) + " ";
    return out;
  };
  EXPECT_EQ(dump(*a, "fiets"), "2025-01=100 2025-02=700 2025-03=500 ");
  EXPECT_EQ(dump(*b, "fiets"), dump(*a, "fiets"));
  EXPECT_EQ(dump(*b, "beste e-bike"), "2024-11=70 ");
}

TEST(TopicSeasonality, TiesGoToTheEarliestMonthAndAllZeroFiguresHaveNoPeak) {
  auto t = Cluster({
      {"fiets", Stage::kConcreteNeed, 5000, {{"2025-05", 300}, {"2025-02", 300}, {"2025-01", 10}}},
      {"beste e-bike", Stage::kConsideration, 700, {{"2025-01", 0}, {"2025-02", 0}}},
  });
  const auto peak = PeakMonth(*t, t->topic(TopicOf(*t, "fiets")));
  ASSERT_TRUE(peak.has_value());
  EXPECT_EQ(peak->month, "2025-02");
  EXPECT_EQ(t->MonthlyVolumes(t->topic(TopicOf(*t, "beste e-bike"))).size(), 2u);
  EXPECT_FALSE(PeakMonth(*t, t->topic(TopicOf(*t, "beste e-bike"))).has_value());
}

TEST(TopicSeasonality, WithoutMonthlyFiguresNothingIsKeptAndTheTopicStays64Bytes) {
  auto t = Cluster({{"fiets", Stage::kConcreteNeed, 5000, {}}, {"fietsen", Stage::kConcreteNeed, 4000, {}}});
  EXPECT_FALSE(t->has_monthly());
  EXPECT_FALSE(MakePlanRow(*t, t->topic(1)).peak.has_value());
  EXPECT_LE(sizeof(Topics::Topic), 64u);
}

TEST(TopicSeasonality, LikeabilityMomentSaysWhenToPublishOnlyForAClearPeak) {
  Months peaked, flat;
  for (int m = 1; m <= 12; ++m) {
    char month[8];
    std::snprintf(month, sizeof month, "2025-%02d", m);
    peaked[month] = m == 7 ? 900 : 100;
    flat[month] = m == 7 ? 110 : 100;  // the peak is only 1.1x the mean
  }
  auto t = Cluster({{"fiets", Stage::kConcreteNeed, 5000, peaked}, {"beste e-bike", Stage::kConsideration, 700, flat}});
  const auto moments = LikeabilityMoments(*t, 5);
  ASSERT_EQ(moments.size(), 2u);
  for (const auto& m : moments) {
    if (m.label == "fiets") {
      EXPECT_NE(m.why.find("; peaks in July: publish by June"), std::string::npos) << m.why;
    } else {
      EXPECT_EQ(m.why.find("peaks in"), std::string::npos) << m.why;
    }
  }
}

TEST(TopicSeasonality, MonthNamesAndTheMonthBefore) {
  EXPECT_EQ(MonthName("2024-07"), "July");
  EXPECT_EQ(MonthBeforeName("2024-07"), "June");
  EXPECT_EQ(MonthName("2025-01"), "January");
  EXPECT_EQ(MonthBeforeName("2025-01"), "December");
  EXPECT_EQ(MonthName("2025-13"), "");
  EXPECT_EQ(MonthName("July"), "");
}

}  // namespace
}  // namespace kr::plan

namespace kr::plan {
namespace {

TEST(ByteChunks, VarintsReadBackAcrossChunkBoundaries) {
  ByteChunks b;
  std::vector<uint64_t> values;
  for (uint64_t i = 0; i < 100000; ++i) values.push_back((i * 0x9E3779B97F4A7C15ull) >> (i % 64));
  for (uint64_t v : values) b.PutVarint(v);
  EXPECT_GT(b.size(), uint64_t{1} << 17);  // more than two 64 KiB chunks
  uint64_t pos = 0;
  for (size_t i = 0; i < values.size(); ++i) ASSERT_EQ(b.GetVarint(&pos), values[i]) << i;
  EXPECT_EQ(pos, b.size());
  b.clear();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.capacity(), 0u);
}

TEST(TopicSeasonality, EveryTopicOfManyGetsItsOwnSums) {
  // 40 one-keyword topics (records in groups of 8), each with its own peak month.
  std::vector<Kw> kws;
  std::vector<std::string> texts;
  for (int i = 0; i < 40; ++i) texts.push_back("onderwerp" + std::string(1, static_cast<char>('a' + i % 26)) +
                                               std::string(1, static_cast<char>('a' + i / 26)));
  for (int i = 0; i < 40; ++i) {
    Months m;
    for (int month = 1; month <= 12; ++month) {
      char key[8];
      std::snprintf(key, sizeof key, "2025-%02d", month);
      m[key] = month == i % 12 + 1 ? 100000 + i : 10;
    }
    kws.push_back({texts[i].c_str(), Stage::kConcreteNeed, 1000 - i, m});
  }
  auto t = Cluster(kws);
  ASSERT_EQ(t->topic_count(), 40u);
  for (int i = 0; i < 40; ++i) {
    const auto peak = PeakMonth(*t, t->topic(TopicOf(*t, texts[i])));
    ASSERT_TRUE(peak.has_value()) << texts[i];
    char want[8];
    std::snprintf(want, sizeof want, "2025-%02d", i % 12 + 1);
    EXPECT_EQ(peak->month, want) << texts[i];
    EXPECT_EQ(peak->searches, 100000 + i) << texts[i];
    EXPECT_EQ(peak->total, 100000 + i + 110) << texts[i];
  }
}

}  // namespace
}  // namespace kr::plan
