// Calibration metrics of verdict confidences (`klantreis eval`): expected
// calibration error over equal-width confidence bins with the reliability
// table behind it, and accuracy per evidence class (core/evidence.h).
// A confidence is calibrated when, of the verdicts given confidence p,
// a share p is right.
// Thread-safety: free functions over value types.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "klantreis/core/evidence.h"

namespace kr::app {

// One scored verdict: its confidence, whether it was right, its evidence class.
struct ScoredVerdict {
  double confidence = 0;
  bool correct = false;
  EvidenceClass evidence = EvidenceClass::kCues;
};

struct ReliabilityBin {
  double lo = 0, hi = 0;         // [lo, hi); the last bin includes 1.0
  int64_t count = 0;
  double mean_confidence = 0;    // 0 when empty
  double accuracy = 0;           // 0 when empty
};

struct EvidenceClassStats {
  EvidenceClass evidence = EvidenceClass::kCues;
  int64_t count = 0;
  int64_t correct = 0;
  double mean_confidence = 0;
};

struct Calibration {
  int64_t total = 0;
  double ece = 0;                // sum over bins of count/total * |accuracy - mean_confidence|
  double mean_confidence = 0;
  double accuracy = 0;
  std::vector<ReliabilityBin> bins;
  std::array<EvidenceClassStats, kNumEvidenceClasses> per_evidence{};  // in EvidenceClass order
  int64_t uncertain = 0;         // verdicts of class kNone
};

inline constexpr int kCalibrationBins = 10;

// REQUIRES: bins >= 1. Confidences outside [0, 1] are clamped into it.
Calibration ComputeCalibration(const std::vector<ScoredVerdict>& verdicts, int bins = kCalibrationBins);

}  // namespace kr::app
