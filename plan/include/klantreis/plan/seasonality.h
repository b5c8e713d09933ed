// A topic's seasonality peak: the month in which its keywords are searched
// most (Topics::MonthlyVolumes, from imports with monthly figures such as
// Keyword Planner's "Searches: Jan 2024" columns), and how to say it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "klantreis/plan/topics.h"

namespace kr::plan {

struct MonthPeak {
  std::string month;    // "YYYY-MM"
  int64_t searches = 0; // the topic's searches in that month
  int64_t total = 0;    // over all its months
  size_t months = 0;    // months with figures
  double share() const { return total > 0 ? static_cast<double>(searches) / static_cast<double>(total) : 0; }
  // Worth saying ("peaks in July"): at least 3 months of figures and the peak
  // at least 1.25 times the monthly mean.
  bool informative() const {
    return months >= 3 && static_cast<double>(searches) * static_cast<double>(months) >= 1.25 * static_cast<double>(total);
  }
};

// The month with the most searches (ties: the earliest); none when the
// topic has no monthly figures or they are all 0.
std::optional<MonthPeak> PeakMonth(const Topics& topics, const Topics::Topic& t);

// "2024-07" -> "July" ("" when not of that form).
std::string MonthName(std::string_view yyyy_mm);
// "2024-07" -> "June" (the month before: when to publish for the peak).
std::string MonthBeforeName(std::string_view yyyy_mm);

}  // namespace kr::plan
