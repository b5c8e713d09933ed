// JsonReportSink: report.json, the whole report for programs:
//   {"report_version":1, "meta":{...}, "stages":[...ten...], "keywords":[...]}
// The keywords are streamed (one object per line) to a spool file and
// copied in after the stages, so memory does not grow with the project.
// Keys keep this order (nlohmann::ordered_json); invalid UTF-8 in the data is
// replaced by U+FFFD instead of failing the write.
#include <nlohmann/json.hpp>

#include "klantreis/core/text.h"
#include "report_common.h"
#include "sinks.h"
#include "stream_file.h"

namespace kr::reports::internal {
namespace {

using Json = nlohmann::ordered_json;

Json MonthlyJson(const std::map<std::string, int64_t>& monthly) {
  Json m = Json::object();
  for (const auto& [month, v] : monthly) m[month] = v;
  return m;
}

Json OptJson(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }
Json OptJson(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(nullptr); }

class JsonReportSink final : public ReportSink {
 public:
  std::string_view format() const override { return "json"; }

  Status Begin(const ReportMeta&, const std::string& out_dir) override {
    out_dir_ = out_dir;
    count_ = 0;
    KR_RETURN_IF_ERROR(CheckOutDir(out_dir).WithContext("json report"));
    // The keywords are spooled to a temporary file and copied after the stages.
    return spool_.Open(OutPath(out_dir, "report.json.keywords")).WithContext("json report");
  }

  Status Keyword(const KeywordLine& kw) override {
    Json k;
    k["keyword"] = kw.keyword;
    k["lang"] = LanguageId(kw.lang);
    k["stage"] = StageId(kw.stage);
    k["funnel"] = FunnelId(FunnelOf(kw.stage));
    k["monthly_volume"] = kw.monthly_volume;
    k["volume_source"] = VolumeKindId(kw.volume_kind);
    k["confidence"] = kw.confidence;
    k["intent"] = IntentId(IntentOf(kw.stage, kw.navigational));
    k["stage5"] = Stage5Id(Stage5Of(kw.stage));
    k["navigational"] = kw.navigational;
    k["runner_up"] = kw.runner_up ? Json(StageId(*kw.runner_up)) : Json(nullptr);
    k["evidence"] = kw.evidence;
    k["monthly"] = MonthlyJson(kw.monthly);
    k["sources"] = kw.sources;
    k["cpc"] = OptJson(kw.cpc);
    k["difficulty"] = OptJson(kw.difficulty);
    k["position"] = OptJson(kw.position);
    k["clicks"] = OptJson(kw.clicks);
    k["impressions"] = OptJson(kw.impressions);
    k["serp_features"] = kw.serp_features;
    k["parent_topic"] = kw.parent_topic;
    spool_.Append(count_++ ? ",\n  " : "\n  ");
    spool_.Append(k.dump(-1, ' ', false, Json::error_handler_t::replace));
    return Status::Ok();
  }

  Result<std::vector<std::string>> Finish(const ReportData& data) override {
    std::string head;
    try {
      Json root;
      root["report_version"] = 1;
      Json& meta = root["meta"];
      meta["project"] = data.meta.project;
      meta["market"] = data.meta.market;
      meta["model_version"] = data.meta.model_version;
      meta["analyzer_version"] = data.meta.analyzer_version;
      meta["config_source"] = data.meta.config_source;
      meta["generated_at"] = data.meta.generated_at;
      meta["tool_version"] = data.meta.tool_version;
      meta["keywords"] = data.keyword_count;

      Json& stages = root["stages"] = Json::array();
      for (const auto& st : StagesInOrder(data)) {
        Json s;
        s["stage"] = StageId(st.stage);
        s["dutch_name"] = StageDutchName(st.stage);
        s["funnel"] = FunnelId(FunnelOf(st.stage));
        s["stage5"] = Stage5Id(Stage5Of(st.stage));
        s["keywords"] = st.keywords;
        s["monthly_volume"] = st.monthly_volume;
        s["volume_share"] = st.volume_share;
        s["monthly"] = MonthlyJson(st.monthly);
        s["top_keywords"] = st.top_keywords;
        stages.push_back(std::move(s));
      }
      head = root.dump(1, ' ', false, Json::error_handler_t::replace);
    } catch (const std::exception& e) {
      return Status::InvalidArgument(std::string("json report: ") + e.what());
    }
    // The dump ends with "\n}": the keywords array goes before that brace.
    head.resize(head.size() - 2);
    const std::string path = OutPath(out_dir_, "report.json");
    StreamFile out;
    KR_RETURN_IF_ERROR(out.Open(path).WithContext("json report"));
    out.Append(head);
    out.Append(",\n \"keywords\": [");
    KR_RETURN_IF_ERROR(spool_.CopyTo(&out).WithContext("json report"));
    out.Append(count_ ? "\n ]\n}\n" : "]\n}\n");
    KR_RETURN_IF_ERROR(out.Commit().WithContext("json report"));
    return std::vector<std::string>{path};
  }

 private:
  std::string out_dir_;
  StreamFile spool_;
  uint64_t count_ = 0;
};

}  // namespace

std::unique_ptr<ReportSink> NewJsonSink() { return std::make_unique<JsonReportSink>(); }

}  // namespace kr::reports::internal
