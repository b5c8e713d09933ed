// Internal: the inline SVG charts of the HTML report, drawn from the
// summary (no scripts, no outside resources). Every label is HTML-escaped.
// Pure functions.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "klantreis/reports/report.h"

namespace kr::reports::internal {

// Horizontal bars: volume per stage in funnel order, sales blue, service green.
std::string StageVolumeChart(const std::array<StageLine, kNumStages>& stages);
// One bar split into the sales and the service funnel's share of the volume.
std::string FunnelShareChart(const std::array<StageLine, kNumStages>& stages);
// Lines: monthly volume per stage over `months` (empty string when no months).
std::string SeasonalityChart(const std::array<StageLine, kNumStages>& stages, const std::vector<std::string>& months);

}  // namespace kr::reports::internal
