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

}  // namespace kr::reports::internal
