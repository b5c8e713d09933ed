// Internal: the "Change since last time" output of every format, from a
// Comparison (compare.h): the CSV files (compare_csv.cc), the Markdown and
// HTML sections with the chart (compare_sections.cc), the JSON object
// (compare_json.cc). Every piece of data is escaped by the format's escaper.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "klantreis/reports/compare.h"
#include "klantreis/core/status.h"

namespace kr::reports::internal {

// compare.csv (per stage + total), compare_topics.csv, compare_keywords.csv.
struct Dialect;
Status WriteCompareCsv(const Comparison& c, const std::string& out_dir, const Dialect& dialect,
                       std::vector<std::string>* written);
// Removes the compare CSVs an earlier report left in out_dir (a report without a comparison).
void RemoveCompareCsv(const std::string& out_dir);

// "Previous 28 days (r000001, imported 2026-12-02 20:31 UTC from gsc.csv)": a period for people.
std::string PeriodWords(const ComparePeriod& p);
// "+12" / "-3" / "0".
std::string Signed(int64_t v);

std::string CompareMarkdown(const Comparison& c);
std::string CompareHtml(const Comparison& c);
// Grouped bars per stage: clicks and impressions before and after (inline SVG).
std::string CompareChart(const Comparison& c);

// The "compare" object of report.json: periods, per stage, per topic, every keyword, the movers.
nlohmann::ordered_json CompareJson(const Comparison& c);

}  // namespace kr::reports::internal
