#include "klantreis/plan/seasonality.h"

namespace kr::plan {
namespace {

constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

// 1..12 from "YYYY-MM", 0 when not of that form.
int MonthNumber(std::string_view m) {
  if (m.size() != 7 || m[4] != '-') return 0;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (m[i] < '0' || m[i] > '9') return 0;
  }
  const int n = (m[5] - '0') * 10 + (m[6] - '0');
  return n >= 1 && n <= 12 ? n : 0;
}

}  // namespace

std::optional<MonthPeak> PeakMonth(const Topics& topics, const Topics::Topic& t) {
  const auto months = topics.MonthlyVolumes(t);
  if (months.empty()) return std::nullopt;
  MonthPeak p;
  const Topics::MonthVolume* best = nullptr;
  for (const auto& m : months) {  // chronological: a later month must beat the earlier one
    p.total += m.searches;
    if (best == nullptr || m.searches > best->searches) best = &m;
  }
  if (p.total <= 0) return std::nullopt;
  p.month = std::string(best->month);
  p.searches = best->searches;
  p.months = months.size();
  return p;
}

std::string MonthName(std::string_view yyyy_mm) {
  const int n = MonthNumber(yyyy_mm);
  return n == 0 ? std::string() : kMonthNames[n - 1];
}

std::string MonthBeforeName(std::string_view yyyy_mm) {
  const int n = MonthNumber(yyyy_mm);
  return n == 0 ? std::string() : kMonthNames[(n + 10) % 12];
}

}  // namespace kr::plan
