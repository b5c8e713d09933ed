// JsonReportSink: report.json, the whole report for programs:
//   {"report_version":1, "meta":{...}, "stages":[...ten...], "keywords":[...]}
// Keys keep this order (nlohmann::ordered_json); invalid UTF-8 in the data is
// replaced by U+FFFD instead of failing the write.
#include <nlohmann/json.hpp>

#include "klantreis/core/text.h"
#include "report_common.h"
#include "sinks.h"

namespace kr::reports::internal {
namespace {

using Json = nlohmann::ordered_json;

Json MonthlyJson(const std::map<std::string, int64_t>& monthly) {
  Json m = Json::object();
  for (const auto& [month, v] : monthly) m[month] = v;
  return m;
}

class JsonReportSink final : public ReportSink {
 public:
  std::string_view format() const override { return "json"; }

  Result<std::vector<std::string>> Write(const ReportData& data, const std::string& out_dir) override {
    std::string text;
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

      Json& keywords = root["keywords"] = Json::array();
      for (const KeywordLine& kw : data.keywords) {
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
        keywords.push_back(std::move(k));
      }
      text = root.dump(1, ' ', false, Json::error_handler_t::replace);
      text += '\n';
    } catch (const std::exception& e) {
      return Status::InvalidArgument(std::string("json report: ") + e.what());
    }
    const std::string path = OutPath(out_dir, "report.json");
    KR_RETURN_IF_ERROR(WriteFileAtomic(path, text).WithContext("json report"));
    return std::vector<std::string>{path};
  }
};

}  // namespace

std::unique_ptr<ReportSink> NewJsonSink() { return std::make_unique<JsonReportSink>(); }

}  // namespace kr::reports::internal
