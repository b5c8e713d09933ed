// ReportAccumulator and ReportSink::Write: the summary of a keyword stream
// in bounded memory (a heap of kTopPerStage per stage).
#include <algorithm>

#include "klantreis/reports/report.h"

namespace kr::reports {
namespace {

constexpr size_t kTopKeywordNames = 10;

// True when a ranks before b: more volume, then the keyword's bytes.
bool Better(const KeywordLine& a, const KeywordLine& b) {
  if (a.monthly_volume != b.monthly_volume) return a.monthly_volume > b.monthly_volume;
  return a.keyword < b.keyword;
}

bool HasMetric(const KeywordLine& k) {
  return k.cpc || k.difficulty || k.position || k.clicks;
}

}  // namespace

ReportAccumulator::ReportAccumulator() {
  data_.stages.resize(kNumStages);
  for (int i = 0; i < kNumStages; ++i) data_.stages[i].stage = kAllStages[i];
}

void ReportAccumulator::Add(const KeywordLine& k) {
  int i = StageIndex(k.stage);
  if (i < 0 || i >= kNumStages) return;
  StageLine& s = data_.stages[i];
  ++s.keywords;
  s.monthly_volume += k.monthly_volume;
  total_ += k.monthly_volume;
  for (const auto& [month, v] : k.monthly) s.monthly[month] += v;
  ++data_.keyword_count;
  if (k.volume_kind == VolumeKind::kImpressions) {
    ++data_.impression_keywords;
    s.impressions += k.monthly_volume;
  }
  ++data_.volume_kinds[std::string(VolumeKindId(k.volume_kind))];
  if (!k.monthly.empty()) {
    for (const auto& src : k.sources) {
      auto& ms = data_.monthly_sources;
      if (std::find(ms.begin(), ms.end(), src) == ms.end()) ms.insert(std::upper_bound(ms.begin(), ms.end(), src), src);
    }
  }
  if (HasMetric(k)) ++data_.metric_keywords;
  if (k.uncertain()) {
    ++s.uncertain_keywords;
    s.uncertain_volume += k.monthly_volume;
    ++data_.uncertain_keywords;
    data_.uncertain_volume += k.monthly_volume;
  }
  // s.top is a heap whose front is the weakest of the kept keywords.
  if (s.top.size() < kTopPerStage) {
    s.top.push_back(k);
    std::push_heap(s.top.begin(), s.top.end(), Better);
  } else if (Better(k, s.top.front())) {
    std::pop_heap(s.top.begin(), s.top.end(), Better);
    s.top.back() = k;
    std::push_heap(s.top.begin(), s.top.end(), Better);
  }
}

ReportData ReportAccumulator::Finish(ReportMeta meta) {
  data_.meta = std::move(meta);
  data_.uncertain_share =
      total_ > 0 ? static_cast<double>(data_.uncertain_volume) / static_cast<double>(total_) : 0.0;
  for (StageLine& s : data_.stages) {
    s.volume_share = total_ > 0 ? static_cast<double>(s.monthly_volume) / static_cast<double>(total_) : 0.0;
    std::sort(s.top.begin(), s.top.end(), Better);
    s.top_keywords.clear();
    for (size_t j = 0; j < s.top.size() && j < kTopKeywordNames; ++j) s.top_keywords.push_back(s.top[j].keyword);
  }
  return std::move(data_);
}

Result<std::vector<std::string>> ReportSink::Write(const ReportData& data, const std::string& out_dir) {
  KR_RETURN_IF_ERROR(Begin(data.meta, out_dir));
  for (const KeywordLine& k : data.keywords) KR_RETURN_IF_ERROR(Keyword(k));
  return Finish(data);
}

}  // namespace kr::reports
