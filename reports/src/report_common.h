// Internal helpers shared by the report sinks: the ten stage lines in model
// order whatever the caller passed, the months of the seasonality tables,
// the content-gap rule, and number formatting. Pure functions.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/reports/report.h"

namespace kr::reports::internal {

// All ten stages in model order; a stage missing from data.stages is all zeros.
std::array<StageLine, kNumStages> StagesInOrder(const ReportData& data);

// Every month (YYYY-MM) with searches in any stage, ascending; empty when
// the report has no monthly data.
std::vector<std::string> Months(const ReportData& data);

// Sum of monthly_volume over the stages.
int64_t TotalVolume(const std::array<StageLine, kNumStages>& stages);

// Content gaps: a stage with no keywords, or with fewer than kFewKeywords.
inline constexpr uint64_t kFewKeywords = 5;
struct Gap {
  Stage stage;
  std::string reason;  // "no keywords" | "only 3 keywords"
};
std::vector<Gap> ContentGaps(const std::array<StageLine, kNumStages>& stages);

// True when every keyword's volume is Search Console impressions (then the
// report says "impressions", never "monthly searches").
inline bool OnlyImpressions(const ReportData& data) {
  return data.keyword_count > 0 && data.impression_keywords == data.keyword_count;
}
// "Monthly volume", or "Impressions" when OnlyImpressions; and the unit for totals.
inline const char* VolumeHeader(const ReportData& d) { return OnlyImpressions(d) ? "Impressions" : "Monthly volume"; }
inline const char* VolumeUnit(const ReportData& d) {
  return OnlyImpressions(d) ? "Search Console impressions (over the export's period)" : "monthly searches";
}

// The share of volume whose stage is uncertain, for people: "Uncertain
// stage: 12.3% of the monthly searches (40 keywords) ... `klantreis
// review`". Plain text (callers escape it).
std::string UncertainSentence(const ReportData& data);

// True when some keyword's volume comes from Search Console impressions.
bool AnyImpressions(const ReportData& data);

std::string FormatShare(double share);       // "0.1234" (4 decimals, clamped to 0..1)
std::string FormatPercent(double share);     // "12.3%"
std::string FormatConfidence(double c);      // "0.85"
std::string FormatThousands(int64_t v);      // "12,100"
std::string JoinSources(const std::vector<std::string>& sources);  // "planner+gsc"

// "Latent need", "Concrete need", ... (the id made readable).
std::string StageTitle(Stage s);

// A short title for the report ("Klantreis report: <project>").
std::string Title(const ReportMeta& meta);

// Absolute paths in text cut to their file names ("shipped + /home/x/klantreis.toml"
// -> "shipped + klantreis.toml"): reports go to clients, local paths do not.
std::string WithoutPaths(std::string_view text);

// What a volume kind's figures are, in plain words.
std::string VolumeKindWords(std::string_view kind);

// The metadata block as (label, value) pairs, in display order.
std::vector<std::pair<std::string, std::string>> MetaRows(const ReportMeta& meta);

}  // namespace kr::reports::internal
