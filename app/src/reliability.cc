#include "klantreis/app/reliability.h"

#include <algorithm>
#include <cmath>

namespace kr::app {

Calibration ComputeCalibration(const std::vector<ScoredVerdict>& verdicts, int bins) {
  Calibration cal;
  cal.bins.resize(static_cast<size_t>(bins));
  for (int b = 0; b < bins; ++b) {
    cal.bins[b].lo = static_cast<double>(b) / bins;
    cal.bins[b].hi = static_cast<double>(b + 1) / bins;
  }
  for (int e = 0; e < kNumEvidenceClasses; ++e) cal.per_evidence[e].evidence = static_cast<EvidenceClass>(e);
  std::vector<double> conf_sum(bins, 0.0);
  std::vector<int64_t> right(bins, 0);
  int64_t correct = 0;
  double conf_total = 0;
  for (const ScoredVerdict& v : verdicts) {
    double c = std::clamp(v.confidence, 0.0, 1.0);
    int b = std::min(bins - 1, static_cast<int>(std::floor(c * bins)));
    ++cal.bins[b].count;
    conf_sum[b] += c;
    right[b] += v.correct;
    correct += v.correct;
    conf_total += c;
    EvidenceClassStats& es = cal.per_evidence[static_cast<int>(v.evidence)];
    ++es.count;
    es.correct += v.correct;
    es.mean_confidence += c;
    if (v.evidence == EvidenceClass::kNone) ++cal.uncertain;
  }
  cal.total = static_cast<int64_t>(verdicts.size());
  if (cal.total == 0) return cal;
  cal.accuracy = static_cast<double>(correct) / cal.total;
  cal.mean_confidence = conf_total / cal.total;
  for (int b = 0; b < bins; ++b) {
    ReliabilityBin& bin = cal.bins[b];
    if (bin.count == 0) continue;
    bin.mean_confidence = conf_sum[b] / bin.count;
    bin.accuracy = static_cast<double>(right[b]) / bin.count;
    cal.ece += static_cast<double>(bin.count) / cal.total * std::abs(bin.accuracy - bin.mean_confidence);
  }
  for (EvidenceClassStats& es : cal.per_evidence) {
    if (es.count) es.mean_confidence /= es.count;
  }
  return cal;
}

}  // namespace kr::app
