// Internal: the plan's CSV files (plan_csv.cc), written by the CSV sink when
// the report carries topics.
#pragma once

#include <string>
#include <vector>

#include "klantreis/plan/topics.h"
#include "sinks.h"

namespace kr::reports::internal {

// clusters.csv: one row per keyword.
Status WriteClustersCsv(const plan::Topics& topics, const std::string& out_dir, std::vector<std::string>* written);
// plan.csv: one row per topic.
Status WritePlanCsv(const plan::Topics& topics, const std::string& out_dir, std::vector<std::string>* written);

// "4.77": a priority or a money amount with two decimals.
std::string Fixed2(double v);

// How many topics per stage the plan sections of report.md, report.html and report.xlsx show.
inline constexpr size_t kPlanTopicsPerStage = 10;

// The sections "Article plan: topics per stage" and "Likeability moments" (plan_sections.cc).
std::string PlanMarkdown(const plan::Topics& topics);
std::string PlanHtml(const plan::Topics& topics);

}  // namespace kr::reports::internal
