// Internal: a verdict's evidence trace ("cue:nl:kopen[kopen]; signal:...")
// in plain words for the HTML report ("“kopen” points to this stage").
// Pure function.
#pragma once

#include <string>
#include <string_view>

namespace kr::reports::internal {

std::string EvidenceInWords(std::string_view trace);

}  // namespace kr::reports::internal
