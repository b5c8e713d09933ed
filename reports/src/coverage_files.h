// Internal: the "Site coverage" output of the summary formats, from a
// CoverageSummary (coverage.h): the Markdown and HTML sections with the
// chart, the JSON object (coverage_sections.cc). coverage.csv itself is
// streamed by CoverageCsvWriter (coverage_csv.cc). Every piece of data is
// escaped by the format's escaper.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "klantreis/reports/coverage.h"

namespace kr::reports::internal {

// "12 of 40 keywords (30.0%), 5,400 of 20,000 monthly searches (27.0%) are covered by a page of the site (18 indexable pages)."
std::string CoverageSentence(const CoverageSummary& c);
std::string CoverageMarkdown(const CoverageSummary& c);
std::string CoverageHtml(const CoverageSummary& c);
// Per stage in funnel order, one bar of the stage's volume split covered / gap (inline SVG).
std::string CoverageChart(const CoverageSummary& c);
// The "coverage" object of report.json: totals, per stage, the biggest gaps.
nlohmann::ordered_json CoverageJson(const CoverageSummary& c);

}  // namespace kr::reports::internal
