// Builds report data from a project's store and writes it through the
// report sinks. Keywords classified by an older model/configuration are
// re-classified (and the store updated) first, so a report always comes
// from exactly one model version, which it names.
#pragma once

#include <string>
#include <vector>

#include "klantreis/app/project.h"
#include "klantreis/reports/report.h"

namespace kr::app {

// REQUIRES: project opened kReadWrite (stale classifications are rewritten).
Result<reports::ReportData> BuildReport(Project& project);

// Writes `formats` (e.g. {"csv","md"}) into out_dir (created when missing);
// appends the written paths to *written.
Status WriteReport(const reports::ReportData& data, const std::string& out_dir,
                   const std::vector<std::string>& formats, std::vector<std::string>* written);

}  // namespace kr::app
