// "Change since last time" (klantreis report --compare): which two periods
// a report compares. The comparison itself is computed in the report's one
// pass over the store (report_builder.h) and rendered by the sinks
// (reports/compare.h).
#pragma once

#include <string>
#include <string_view>

#include "klantreis/core/status.h"

namespace kr::app {

struct CompareSpec {
  enum class Mode {
    kNone,    // no comparison
    kAuto,    // a Search Console compare export's two periods when the project holds one (the newest),
              // else the two newest imports of the same format
    kExport,  // the newest Search Console compare export's two periods
    kRuns,    // two import runs: before_run, then after_run
  };
  Mode mode = Mode::kNone;
  std::string before_run, after_run;  // "r000001" (kRuns)
  // kAuto: no comparison (instead of an error) when there is nothing to
  // compare yet (a batch project's first month).
  bool optional = false;
};

// The value of --compare: "" or "auto" -> kAuto; "export" -> kExport;
// "RUN_A,RUN_B" -> kRuns (ids as `klantreis imports` shows them, r000001 or 1).
// InvalidArgument naming the value otherwise.
Result<CompareSpec> ParseCompareSpec(std::string_view text);

}  // namespace kr::app
