// The importer against real exports (../shared/data/keyword_exports, see
// its PROVENANCE.md for what each file is and the counts checked here).
#include <gtest/gtest.h>

#include "import_helpers.h"
#include "klantreis/testutil.h"

namespace kr::ingest {
namespace {

using testing::AttrOf;
using testing::ImportAll;

constexpr const char* kDir = "data/keyword_exports/";

std::vector<MonthlyVolume> Months(std::initializer_list<std::pair<const char*, int64_t>> list) {
  std::vector<MonthlyVolume> out;
  for (const auto& [m, v] : list) out.push_back({m, v});
  return out;
}

TEST(IngestRealFiles, PlannerSavedKeywordsStats) {
  KR_REQUIRE_SHARED(path, std::string(kDir) + "gkp_saved_keywords_stats_en_us_utf16le.csv");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kPlanner);
  EXPECT_EQ(r.info.encoding, "UTF-16LE");
  EXPECT_EQ(r.info.delimiter, '\t');
  EXPECT_EQ(r.info.header_line, 3u);
  EXPECT_EQ(r.rows.size(), 381u);
  EXPECT_EQ(r.info.rows_skipped, 2u);  // the "All" / "United States" segmentation rows
  EXPECT_EQ(r.info.rows_read, 381u);
  EXPECT_TRUE(r.errors.empty());

  const SourceRow& first = r.rows.front();
  EXPECT_EQ(first.keyword, "a secure");
  EXPECT_EQ(first.line, 6u);
  ASSERT_TRUE(first.volume.has_value());
  EXPECT_EQ(*first.volume, 50);  // written "50.0"
  EXPECT_EQ(first.volume_kind, VolumeKind::kPlannerAverage);
  EXPECT_FALSE(first.volume_range.has_value());
  EXPECT_EQ(first.monthly, Months({{"2025-03", 50}, {"2025-04", 70}, {"2025-05", 50}, {"2025-06", 40},
                                   {"2025-07", 40}, {"2025-08", 50}, {"2025-09", 70}, {"2025-10", 70},
                                   {"2025-11", 50}, {"2025-12", 40}, {"2026-01", 70}, {"2026-02", 70}}));
  EXPECT_EQ(AttrOf(first, "currency"), "USD");
  EXPECT_EQ(AttrOf(first, "competition"), "Low");
  EXPECT_EQ(AttrOf(first, "competition_index"), "5");
  EXPECT_EQ(AttrOf(first, "bid_low"), "2.83");
  EXPECT_EQ(AttrOf(first, "bid_high"), "11.64");
  EXPECT_EQ(AttrOf(first, "three_month_change"), "75%");
  EXPECT_EQ(AttrOf(first, "yoy_change"), "40%");
  EXPECT_EQ(AttrOf(first, "segmentation"), "");  // empty cells are not kept

  const SourceRow* top = r.Find("managed it services");
  ASSERT_NE(top, nullptr);
  EXPECT_EQ(top->volume, 33100);
  const SourceRow* inf = r.Find("check down server");
  ASSERT_NE(inf, nullptr);
  EXPECT_EQ(AttrOf(*inf, "yoy_change"), "\xE2\x88\x9E");  // "∞" kept as written
  EXPECT_EQ(r.rows.back().keyword, "web server down");
  EXPECT_EQ(r.rows.back().monthly.back(), (MonthlyVolume{"2026-02", 170}));
  // One keyword has no average volume: no figure, not a zero.
  size_t without = 0;
  for (const auto& row : r.rows) without += !row.volume.has_value();
  EXPECT_EQ(without, 1u);
}

TEST(IngestRealFiles, PlannerKeywordStatsPlan) {
  KR_REQUIRE_SHARED(path, std::string(kDir) + "gkp_keyword_stats_plan_en_us_utf16le.csv");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kPlanner);
  EXPECT_EQ(r.rows.size(), 32u);
  EXPECT_EQ(r.info.rows_skipped, 0u);
  EXPECT_TRUE(r.errors.empty());
  const SourceRow& first = r.rows.front();
  EXPECT_EQ(first.keyword, "web development company los angeles");
  EXPECT_EQ(first.volume, 70);
  EXPECT_EQ(first.monthly, Months({{"2026-03", 70}}));
  EXPECT_EQ(AttrOf(first, "in_plan"), "Y");
  EXPECT_EQ(AttrOf(first, "bid_high"), "24.28");
  const SourceRow* la = r.Find("web developers los angeles");
  ASSERT_NE(la, nullptr);
  EXPECT_EQ(la->volume, 590);
  EXPECT_EQ(AttrOf(*la, "yoy_change"), "-55%");
}

TEST(IngestRealFiles, SearchConsoleEnglishTopQueriesWithMultiLineQueries) {
  KR_REQUIRE_SHARED(path, std::string(kDir) + "gsc_queries_en_top_queries.csv");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kGsc);
  EXPECT_EQ(r.info.encoding, "UTF-8");
  EXPECT_EQ(r.rows.size(), 795u);
  EXPECT_TRUE(r.errors.empty());
  const SourceRow& first = r.rows.front();
  EXPECT_EQ(first.keyword, "adelphi living");
  EXPECT_EQ(first.volume, 765);
  EXPECT_EQ(first.volume_kind, VolumeKind::kImpressions);
  EXPECT_EQ(AttrOf(first, "clicks"), "255");
  EXPECT_EQ(AttrOf(first, "impressions"), "765");
  EXPECT_EQ(AttrOf(first, "ctr"), "33.33%");
  EXPECT_EQ(AttrOf(first, "position"), "1.06");
  // The hard-wrapped query is one row; the line break became a space.
  const SourceRow* wrapped = r.Find(
      "perth disability service provider and participant connection expo 2021, perth convention and exhibition "
      "centre, 11 june");
  ASSERT_NE(wrapped, nullptr);
  EXPECT_EQ(wrapped->line, 299u);
  EXPECT_EQ(AttrOf(*wrapped, "position"), "10");
  const SourceRow* next = r.Find("disability service provider and participant connection expo");
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->line, 301u);
}

TEST(IngestRealFiles, SearchConsoleDutchHeaders) {
  KR_REQUIRE_SHARED(path, std::string(kDir) + "gsc_queries_nl_be_zoekopdrachten.csv");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kGsc);
  EXPECT_EQ(r.rows.size(), 949u);
  EXPECT_TRUE(r.errors.empty());
  const SourceRow* q = r.Find("wat is een creditnota");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->volume, 148);
  EXPECT_EQ(AttrOf(*q, "clicks"), "3");
  EXPECT_EQ(AttrOf(*q, "ctr"), "2.03%");
  EXPECT_EQ(AttrOf(*q, "position"), "5.16");
  const SourceRow* be = r.Find("tankkaart belgi\xC3\xAB");
  ASSERT_NE(be, nullptr);
  EXPECT_EQ(be->volume, 11);
}

TEST(IngestRealFiles, SearchConsoleSpanishHeadersWithSixWrappedQueries) {
  KR_REQUIRE_SHARED(path, std::string(kDir) + "gsc_queries_es_consultas.csv");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kGsc);
  EXPECT_EQ(r.rows.size(), 563u);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.rows.front().keyword, "malaga event gear");
  EXPECT_EQ(AttrOf(r.rows.front(), "position"), "1.2");
  EXPECT_NE(r.Find("how do i choose the top party supplies for a wedding reception on a budget in spain?"), nullptr);
  for (const auto& row : r.rows) EXPECT_EQ(row.keyword.find('\n'), std::string::npos) << row.keyword;
}

TEST(IngestRealFiles, SearchConsoleCompareModeKeepsBothPeriods) {
  KR_REQUIRE_SHARED(path, std::string(kDir) + "gsc_queries_en_compare_last28d_vs_previous.csv");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kGsc);
  EXPECT_EQ(r.rows.size(), 973u);
  EXPECT_TRUE(r.errors.empty());
  const SourceRow& first = r.rows.front();
  EXPECT_EQ(first.keyword, "gallery tool");
  EXPECT_EQ(first.volume, 89);  // this period's impressions
  EXPECT_EQ(AttrOf(first, "clicks"), "53");
  EXPECT_EQ(AttrOf(first, "clicks_previous"), "55");
  EXPECT_EQ(AttrOf(first, "impressions_previous"), "94");
  EXPECT_EQ(AttrOf(first, "ctr"), "59.55%");
  EXPECT_EQ(AttrOf(first, "ctr_previous"), "58.51%");
  EXPECT_EQ(AttrOf(first, "period"), "Last 28 days");  // the periods as the headers name them
  EXPECT_EQ(AttrOf(first, "period_previous"), "Previous 28 days");
  EXPECT_NE(r.Find("\xD1\x82\xD0\xBE\xD0\xBF \xD0\xB8\xD0\xBD\xD1\x81\xD1\x82\xD0\xB0\xD0\xB3\xD1\x80\xD0\xB0\xD0\xBC "
                   "\xD0\xBC\xD0\xB8\xD1\x80\xD0\xB0"),
            nullptr);  // "топ инстаграм мира"
}

TEST(IngestRealFiles, SearchConsoleOtherSheetsAreRefusedWithAClearMessage) {
  KR_REQUIRE_SHARED(devices, std::string(kDir) + "gsc_devices_es_dispositivos.csv");
  KR_REQUIRE_SHARED(filters, std::string(kDir) + "gsc_filters_es_filtros.csv");
  for (const auto& path : {devices, filters}) {
    auto r = ImportAll(path);
    EXPECT_FALSE(r.status.ok()) << path;
    EXPECT_NE(r.status.message().find(path), std::string::npos) << r.status.message();
    EXPECT_NE(r.status.message().find("sheet"), std::string::npos) << r.status.message();
    EXPECT_TRUE(r.rows.empty());
  }
}

TEST(IngestRealFiles, AhrefsMatchingTerms) {
  KR_REQUIRE_SHARED(path, std::string(kDir) + "ahrefs_matching_terms_en_us_ai-tools.csv");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kAhrefs);
  EXPECT_EQ(r.rows.size(), 2272u);
  EXPECT_TRUE(r.errors.empty());
  const SourceRow& first = r.rows.front();
  EXPECT_EQ(first.keyword, "ai tools");
  EXPECT_EQ(first.volume, 30000);
  EXPECT_EQ(first.volume_kind, VolumeKind::kToolVolume);
  EXPECT_EQ(AttrOf(first, "kd"), "79");
  EXPECT_EQ(AttrOf(first, "cpc"), "1.60");
  EXPECT_EQ(AttrOf(first, "cps"), "0.64");
  EXPECT_EQ(AttrOf(first, "parent_keyword"), "ai tools");
  EXPECT_EQ(AttrOf(first, "intent"), "Informational,Non-branded,Non-local");
  EXPECT_EQ(AttrOf(first, "serp_features"), "People also ask,Top stories,Thumbnail,Sitelinks,Video preview");
  EXPECT_EQ(AttrOf(first, "global_volume"), "176000");
  EXPECT_EQ(AttrOf(first, "traffic_potential"), "50000");
  EXPECT_EQ(AttrOf(first, "country"), "us");
  EXPECT_EQ(AttrOf(first, "#"), "");  // the row number column is dropped
  const SourceRow& last = r.rows.back();
  EXPECT_EQ(last.keyword, "best free ai tools for teachers");
  EXPECT_EQ(last.line, 2273u);
  EXPECT_EQ(AttrOf(last, "cpc"), "");  // empty: not analysed by Ahrefs
}

TEST(IngestRealFiles, SemrushKeywordStrategyBuilder) {
  KR_REQUIRE_SHARED(path, std::string(kDir) + "semrush_keyword_strategy_builder_en_us_video-editing.csv");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kSemrush);
  EXPECT_EQ(r.rows.size(), 68u);
  EXPECT_TRUE(r.errors.empty());
  const SourceRow& first = r.rows.front();
  EXPECT_EQ(first.keyword, "reels video editing tips");
  EXPECT_EQ(first.volume, 5400);
  EXPECT_EQ(first.volume_kind, VolumeKind::kToolVolume);
  EXPECT_EQ(AttrOf(first, "kd"), "14");
  EXPECT_EQ(AttrOf(first, "intent"), "Informational");
  EXPECT_EQ(AttrOf(first, "trend"), "0.00,0.16,0.81,1.00,0.04,0.00,0.00,0.00,0.00,0.00,0.00,0.00");
  EXPECT_EQ(AttrOf(first, "seed_keyword"), "video editing");
  EXPECT_EQ(AttrOf(first, "results"), "163");
  EXPECT_EQ(AttrOf(first, "currency"), "USD");
  EXPECT_EQ(AttrOf(first, "database"), "us");
  EXPECT_TRUE(first.monthly.empty());  // the trend is normalised, not searches
  EXPECT_EQ(AttrOf(r.rows[1], "results"), "562000000");
}

TEST(IngestRealFiles, SemrushKeywordMagicCrlf) {
  KR_REQUIRE_SHARED(path, std::string(kDir) + "semrush_keyword_magic_en_us_menopause_first300rows.csv");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kSemrush);
  EXPECT_EQ(r.rows.size(), 300u);
  EXPECT_TRUE(r.errors.empty());
  const SourceRow& first = r.rows.front();
  EXPECT_EQ(first.keyword, "perimenopause");
  EXPECT_EQ(first.volume, 201000);
  EXPECT_EQ(AttrOf(first, "competition"), "0.26");
  EXPECT_EQ(AttrOf(first, "cpc"), "0.34");
  EXPECT_EQ(AttrOf(first, "serp_features"),
            "Sitelinks, Image, Video, People also ask, Related searches, Things to know");
  const SourceRow* multi = r.Find("clear blue menopause");
  ASSERT_NE(multi, nullptr);
  EXPECT_EQ(AttrOf(*multi, "intent"), "Informational, Navigational");
  EXPECT_EQ(r.rows.back().keyword, "menopause itching");
  EXPECT_EQ(r.rows.back().line, 301u);
  for (const auto& row : r.rows) EXPECT_EQ(row.keyword.find('\r'), std::string::npos);
}

TEST(IngestRealFiles, ForcedFormatMustMatch) {
  KR_REQUIRE_SHARED(path, std::string(kDir) + "gsc_queries_en_top_queries.csv");
  ImportOptions o;
  o.format = Format::kPlanner;
  auto r = ImportAll(path, o);
  EXPECT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("planner"), std::string::npos) << r.status.message();
}

}  // namespace
}  // namespace kr::ingest
