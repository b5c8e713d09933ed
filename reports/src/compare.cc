// CompareBuilder: per stage and per topic sums of two periods, and the
// keywords that moved most.
#include "klantreis/reports/compare.h"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace kr::reports {
namespace {

int Sign(int64_t v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

// The size of a group's movement, for ordering topics: clicks first.
std::array<int64_t, 3> Magnitude(const CompareTotals& t) {
  return {std::llabs(t.clicks_after - t.clicks_before), std::llabs(t.impressions_after - t.impressions_before),
          std::llabs(t.volume_after - t.volume_before)};
}

}  // namespace

void CompareTotals::Add(const CompareKeyword& k) {
  ++keywords;
  new_keywords += k.is_new() ? 1 : 0;
  lost_keywords += k.is_lost() ? 1 : 0;
  clicks_before += k.before.clicks;
  clicks_after += k.after.clicks;
  impressions_before += k.before.impressions;
  impressions_after += k.after.impressions;
  volume_before += k.before.volume;
  volume_after += k.after.volume;
}

int CompareMovement(const CompareKeyword& a, const CompareKeyword& b) {
  if (int s = Sign(a.clicks_change() - b.clicks_change())) return s;
  if (int s = Sign(a.impressions_change() - b.impressions_change())) return s;
  return Sign(a.volume_change() - b.volume_change());
}

Comparison CompareBuilder::Finish(std::string mode, ComparePeriod before, ComparePeriod after,
                                  std::string volume_kind, const plan::Topics* topics) {
  Comparison c;
  c.mode = std::move(mode);
  c.before = std::move(before);
  c.after = std::move(after);
  c.volume_kind = std::move(volume_kind);
  c.keywords = std::move(keywords_);
  std::sort(c.keywords.begin(), c.keywords.end(),
            [](const CompareKeyword& a, const CompareKeyword& b) { return a.keyword < b.keyword; });

  std::map<uint32_t, CompareTopic> by_topic;
  for (auto& k : c.keywords) {
    if (topics != nullptr && k.report_index < topics->keyword_count() && topics->keyword(k.report_index) == k.keyword) {
      k.topic = topics->topic_of(k.report_index);
    }
    c.stages[StageIndex(k.stage)].Add(k);
    c.total.Add(k);
    if (k.topic == 0 || topics == nullptr) continue;
    CompareTopic& t = by_topic[k.topic];
    if (t.id == 0) {
      const plan::Topics::Topic& tt = topics->topic(k.topic);
      t.id = k.topic;
      t.label = std::string(topics->keyword(tt.label));
      t.stage = tt.stage;
    }
    t.totals.Add(k);
  }
  for (auto& [id, t] : by_topic) c.topics.push_back(std::move(t));
  std::stable_sort(c.topics.begin(), c.topics.end(), [](const CompareTopic& a, const CompareTopic& b) {
    const auto ma = Magnitude(a.totals), mb = Magnitude(b.totals);
    if (ma != mb) return ma > mb;
    return a.id < b.id;
  });

  // Risers: movement > 0, the biggest first; fallers: < 0, the biggest drop first (ties: keyword order).
  const CompareKeyword still{};
  for (uint32_t i = 0; i < c.keywords.size(); ++i) {
    const int m = CompareMovement(c.keywords[i], still);
    if (m > 0) c.up.push_back(i);
    if (m < 0) c.down.push_back(i);
  }
  auto rank = [&](std::vector<uint32_t>* v, int dir) {
    std::stable_sort(v->begin(), v->end(), [&](uint32_t a, uint32_t b) {
      return CompareMovement(c.keywords[a], c.keywords[b]) * dir > 0;
    });
    if (v->size() > kCompareMovers) v->resize(kCompareMovers);
  };
  rank(&c.up, 1);
  rank(&c.down, -1);
  return c;
}

}  // namespace kr::reports
