// The "compare" object of report.json:
//   {"mode", "before": {label, run_id, file, imported_at}, "after": {...}, "volume_kind",
//    "total": totals, "stages": [{stage, ...totals}], "topics": [{topic, label, stage, ...totals}],
//    "moved_up": [keyword...], "moved_down": [...], "keywords": [every compared keyword], "notes": [...]}
// totals = keywords, new_keywords, lost_keywords, clicks_before/after/change,
// impressions_before/after/change, volume_before/after/change.
#include "compare_files.h"

namespace kr::reports::internal {
namespace {

using Json = nlohmann::ordered_json;

Json PeriodJson(const ComparePeriod& p) {
  Json j;
  j["label"] = p.label;
  j["run_id"] = p.run_id;
  j["file"] = p.file;
  j["imported_at"] = p.imported_at;
  return j;
}

void PutTotals(const CompareTotals& t, Json* j) {
  Json& o = *j;
  o["keywords"] = t.keywords;
  o["new_keywords"] = t.new_keywords;
  o["lost_keywords"] = t.lost_keywords;
  o["clicks_before"] = t.clicks_before;
  o["clicks_after"] = t.clicks_after;
  o["clicks_change"] = t.clicks_after - t.clicks_before;
  o["impressions_before"] = t.impressions_before;
  o["impressions_after"] = t.impressions_after;
  o["impressions_change"] = t.impressions_after - t.impressions_before;
  o["volume_before"] = t.volume_before;
  o["volume_after"] = t.volume_after;
  o["volume_change"] = t.volume_after - t.volume_before;
}

Json Figures(const PeriodFigures& p) {
  Json j;
  j["present"] = p.present;
  j["clicks"] = p.clicks;
  j["impressions"] = p.impressions;
  j["volume"] = p.volume;
  j["position"] = p.position ? Json(*p.position) : Json(nullptr);
  return j;
}

Json KeywordJson(const CompareKeyword& k) {
  Json j;
  j["keyword"] = k.keyword;
  j["stage"] = StageId(k.stage);
  j["topic"] = k.topic;
  j["status"] = k.status();
  j["before"] = Figures(k.before);
  j["after"] = Figures(k.after);
  j["clicks_change"] = k.clicks_change();
  j["impressions_change"] = k.impressions_change();
  j["volume_change"] = k.volume_change();
  return j;
}

}  // namespace

nlohmann::ordered_json CompareJson(const Comparison& c) {
  Json j;
  j["mode"] = c.mode;
  j["before"] = PeriodJson(c.before);
  j["after"] = PeriodJson(c.after);
  j["volume_kind"] = c.volume_kind;
  PutTotals(c.total, &j["total"]);
  Json& stages = j["stages"] = Json::array();
  for (Stage s : kAllStages) {
    Json o;
    o["stage"] = StageId(s);
    PutTotals(c.stages[StageIndex(s)], &o);
    stages.push_back(std::move(o));
  }
  Json& topics = j["topics"] = Json::array();
  for (const auto& t : c.topics) {
    Json o;
    o["topic"] = t.id;
    o["label"] = t.label;
    o["stage"] = StageId(t.stage);
    PutTotals(t.totals, &o);
    topics.push_back(std::move(o));
  }
  Json& up = j["moved_up"] = Json::array();
  for (uint32_t i : c.up) up.push_back(KeywordJson(c.keywords[i]));
  Json& down = j["moved_down"] = Json::array();
  for (uint32_t i : c.down) down.push_back(KeywordJson(c.keywords[i]));
  Json& kws = j["keywords"] = Json::array();
  for (const auto& k : c.keywords) kws.push_back(KeywordJson(k));
  j["notes"] = c.notes;
  return j;
}

}  // namespace kr::reports::internal
