#include "klantreis/plan/article_plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "klantreis/core/number_format.h"

namespace kr::plan {
namespace {

// The covering page of a topic: the site coverage's (Topics::covering_url), "" = none.
std::string CoveringUrl(const Topics& topics, const Topics::Topic& t) { return std::string(topics.covering_url(t.id)); }

}  // namespace

double Priority(int64_t volume, Stage stage, bool covered, std::optional<double> cpc, std::optional<double> difficulty,
                const PlanConfig& cfg) {
  double p = std::log10(1.0 + static_cast<double>(std::max<int64_t>(0, volume))) * cfg.stage_weights[StageIndex(stage)];
  if (covered) p *= 0.25;
  if (cpc) p *= 1.0 + std::min(std::max(*cpc, 0.0), 10.0) / 10.0;
  if (difficulty) p *= 1.0 - std::min(std::max(*difficulty, 0.0), 100.0) / 200.0;
  return std::round(p * 100.0) / 100.0;
}

PlanRow MakePlanRow(const Topics& topics, const Topics::Topic& t) {
  PlanRow r;
  r.cluster = t.id;
  r.label = std::string(topics.keyword(t.label));
  r.stage = t.stage;
  r.monthly_volume = t.monthly_volume;
  for (uint32_t m : topics.MemberSpan(t)) {
    r.keywords.emplace_back(topics.keyword(m));
    if (topics.question(m)) r.questions.emplace_back(topics.keyword(m));
  }
  // Then the People-also-ask questions of its members' stored SERPs (members
  // by volume, each page's order), once each: case and a final "?" ignored.
  auto fold = [](std::string_view q) {
    std::string f;
    for (char c : q) f.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    while (!f.empty() && (f.back() == '?' || f.back() == ' ')) f.pop_back();
    return f;
  };
  std::vector<std::string> seen;
  for (const auto& q : r.questions) seen.push_back(fold(q));
  for (uint32_t m : topics.MemberSpan(t)) {
    if (!topics.has_serp(m)) continue;
    for (std::string_view q : topics.Paa(m)) {
      std::string f = fold(q);
      if (f.empty() || std::find(seen.begin(), seen.end(), f) != seen.end()) continue;
      seen.push_back(std::move(f));
      r.questions.emplace_back(q);
    }
  }
  r.content_type = topics.config().content_types[StageIndex(t.stage)];
  r.url = CoveringUrl(topics, t);
  r.cpc = t.cpc;
  r.difficulty = t.difficulty;
  r.priority = Priority(t.monthly_volume, t.stage, !r.url.empty(), t.cpc, t.difficulty, topics.config());
  if (topics.has_monthly()) r.peak = PeakMonth(topics, t);
  return r;
}

std::vector<uint32_t> TopTopics(const Topics& topics, Stage stage, size_t n) {
  std::vector<std::pair<double, uint32_t>> best;  // (-priority, id): a bounded selection
  for (const auto& t : topics.topics()) {
    if (t.stage != stage) continue;
    const double p = Priority(t.monthly_volume, t.stage, !CoveringUrl(topics, t).empty(), t.cpc, t.difficulty,
                              topics.config());
    best.emplace_back(-p, t.id);
    if (best.size() > 4 * n + 64) {
      std::nth_element(best.begin(), best.begin() + static_cast<long>(n), best.end());
      best.resize(n);
    }
  }
  std::sort(best.begin(), best.end());
  if (best.size() > n) best.resize(n);
  std::vector<uint32_t> out;
  for (const auto& [p, id] : best) out.push_back(id);
  return out;
}

std::vector<Moment> LikeabilityMoments(const Topics& topics, size_t n) {
  const PlanConfig& cfg = topics.config();
  struct Cand {
    double neg_priority;
    uint32_t id;
    int stage;
  };
  std::vector<Cand> cands;
  for (const auto& t : topics.topics()) {
    const bool covered = !CoveringUrl(topics, t).empty();
    const auto stage_volume = topics.StageVolumes(t);
    for (int s = 0; s < kNumStages; ++s) {
      if (stage_volume[s] <= 0) continue;
      cands.push_back({-Priority(stage_volume[s], static_cast<Stage>(s), covered, t.cpc, t.difficulty, cfg), t.id, s});
    }
    if (cands.size() > 20 * n + 256) {  // keep the best few per stage only
      std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
        return a.neg_priority != b.neg_priority ? a.neg_priority < b.neg_priority : a.id < b.id;
      });
      std::array<size_t, kNumStages> per{};
      std::erase_if(cands, [&](const Cand& c) { return ++per[c.stage] > n; });
    }
  }
  std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
    if (a.neg_priority != b.neg_priority) return a.neg_priority < b.neg_priority;
    return a.id != b.id ? a.id < b.id : a.stage < b.stage;
  });
  std::vector<Moment> out;
  std::array<int, kNumStages> per{};
  for (int pass = 0; pass < 2 && out.size() < n; ++pass) {  // at most two per stage, then fill
    for (const auto& c : cands) {
      if (out.size() >= n) break;
      if (pass == 0 && per[c.stage] >= 2) continue;
      bool dup = false;  // pass 0: one moment per topic; pass 1: one per topic x stage
      for (const auto& m : out) dup |= m.cluster == c.id && (pass == 0 || StageIndex(m.stage) == c.stage);
      if (dup) continue;
      ++per[c.stage];
      const auto& t = topics.topic(c.id);
      Moment m;
      m.cluster = c.id;
      m.label = std::string(topics.keyword(t.label));
      m.stage = static_cast<Stage>(c.stage);
      m.monthly_volume = topics.StageVolumes(t)[c.stage];
      m.priority = -c.neg_priority;
      std::string stage_words(StageId(m.stage));
      std::replace(stage_words.begin(), stage_words.end(), '_', ' ');
      std::string why = Thousands(m.monthly_volume) + " searches a month at the " + stage_words + " stage (" +
                        std::string(FunnelId(FunnelOf(m.stage))) + " funnel) in a topic of " +
                        std::to_string(t.count) + (t.count == 1 ? " keyword" : " keywords") +
                        ", no page covers it yet: a " + cfg.content_types[c.stage] + " meets the searcher there";
      if (topics.has_monthly()) {
        const auto peak = PeakMonth(topics, t);
        if (peak && peak->informative() && !MonthName(peak->month).empty())
          why += "; peaks in " + MonthName(peak->month) + ": publish by " + MonthBeforeName(peak->month);
      }
      char buf[64];
      if (t.cpc) std::snprintf(buf, sizeof buf, "; CPC %.2f", *t.cpc), why += buf;
      if (t.difficulty) std::snprintf(buf, sizeof buf, "; difficulty %.0f", *t.difficulty), why += buf;
      m.why = why;
      out.push_back(std::move(m));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Moment& a, const Moment& b) { return a.priority > b.priority; });
  return out;
}

}  // namespace kr::plan
