// KeywordRecord's derived figures: the best volume over a keyword's
// sources, and its month-by-month searches.
#include "klantreis/store/store.h"

namespace kr::store {
namespace {

// True when a figure of kind `k` from a later source should replace the
// current best of kind `best`: lower VolumeKind is better, ties go to the
// later source (sources are ordered by run, then by row).
bool Replaces(VolumeKind k, VolumeKind best) { return static_cast<uint8_t>(k) <= static_cast<uint8_t>(best); }

}  // namespace

int64_t KeywordRecord::MonthlyVolume(VolumeKind* kind) const {
  bool found = false;
  VolumeKind best_kind = VolumeKind::kNone;
  int64_t best = 0;
  for (const SourceRef& s : sources) {
    if (!s.volume) continue;
    if (!found || Replaces(s.volume_kind, best_kind)) {
      best = *s.volume;
      best_kind = s.volume_kind;
      found = true;
    }
  }
  if (kind != nullptr) *kind = found ? best_kind : VolumeKind::kNone;
  return found ? best : 0;
}

std::map<std::string, int64_t> KeywordRecord::Monthly() const {
  std::map<std::string, std::pair<VolumeKind, int64_t>> best;
  for (const SourceRef& s : sources) {
    for (const auto& m : s.monthly) {
      auto it = best.find(m.month);
      if (it == best.end()) {
        best.emplace(m.month, std::make_pair(s.volume_kind, m.searches));
      } else if (Replaces(s.volume_kind, it->second.first)) {
        it->second = {s.volume_kind, m.searches};
      }
    }
  }
  std::map<std::string, int64_t> out;
  for (const auto& [month, v] : best) out.emplace(month, v.second);
  return out;
}

}  // namespace kr::store
