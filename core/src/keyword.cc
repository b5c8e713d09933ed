#include "klantreis/core/keyword.h"

namespace kr {

std::string_view VolumeKindId(VolumeKind k) {
  switch (k) {
    case VolumeKind::kPlannerAverage: return "planner";
    case VolumeKind::kToolVolume: return "tool";
    case VolumeKind::kPlannerRange: return "planner_range";
    case VolumeKind::kListVolume: return "list";
    case VolumeKind::kImpressions: return "gsc_impressions";
    case VolumeKind::kNone: return "none";
  }
  return "none";
}

std::optional<VolumeKind> VolumeKindFromId(std::string_view id) {
  for (VolumeKind k : {VolumeKind::kPlannerAverage, VolumeKind::kToolVolume, VolumeKind::kPlannerRange,
                       VolumeKind::kListVolume, VolumeKind::kImpressions, VolumeKind::kNone})
    if (VolumeKindId(k) == id) return k;
  return std::nullopt;
}

}  // namespace kr
