// One line per verdict, as `klantreis classify` prints it (jsonl or tsv).
// jsonl fields: query, lang, stage, funnel, confidence, runner_up (null when
// no close second), navigational, intent, stage5; with explain also rules
// [{rule, stage, weight, tokens}] margin and words (the calibration keys); last evidence (the EvidenceClassId:
// cues, hint, category, none, remap, override) and uncertain (true for
// evidence "none": the rule-7 default without a product or service
// category); with explain last why (EvidenceExplanation). tsv: the same fields in that order (rules as
// "rule:stage[tokens]" joined by "; "), no header. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "klantreis/core/keyword.h"

namespace kr::app {

enum class VerdictFormat { kJsonl, kTsv };

// Appends one line (with '\n') describing `c` for `query` to *out.
void AppendVerdictLine(std::string* out, std::string_view query, const Classification& c, VerdictFormat format,
                       bool explain);

}  // namespace kr::app
