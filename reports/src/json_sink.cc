// JsonReportSink: report.json, the whole report for programs:
//   {"report_version":1, "meta":{...}, "stages":[...ten...], "keywords":[...]}
// The keywords are streamed (one object per line) to a spool file and
// copied in after the stages, so memory does not grow with the project.
// Keys keep this order (nlohmann::ordered_json); invalid UTF-8 in the data is
// replaced by U+FFFD instead of failing the write.
#include <nlohmann/json.hpp>

#include "compare_files.h"
#include "coverage_files.h"
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

  // Written by hand (not through a Json object): the keyword list is the
  // bulk of a big report, and this is several times faster.
  Status Keyword(const KeywordLine& kw) override {
    std::string& o = buf_;
    o.clear();
    o += count_++ ? ",\n  {" : "\n  {";
    Str("keyword", kw.keyword, false);
    Str("lang", LanguageId(kw.lang));
    Str("stage", StageId(kw.stage));
    Str("funnel", FunnelId(FunnelOf(kw.stage)));
    Int("monthly_volume", kw.monthly_volume);
    Str("volume_source", VolumeKindId(kw.volume_kind));
    Dbl("confidence", kw.confidence);
    Str("intent", IntentId(IntentOf(kw.stage, kw.navigational)));
    Str("stage5", Stage5Id(Stage5Of(kw.stage)));
    o += ",\"navigational\":";
    o += kw.navigational ? "true" : "false";
    if (kw.runner_up) {
      Str("runner_up", StageId(*kw.runner_up));
    } else {
      o += ",\"runner_up\":null";
    }
    Str("evidence", kw.evidence);
    o += ",\"monthly\":{";
    bool first = true;
    for (const auto& [month, v] : kw.monthly) {
      if (!first) o += ',';
      first = false;
      o += '"' + JsonEscape(SanitizeUtf8(month)) + "\":" + std::to_string(v);
    }
    o += "},\"sources\":[";
    for (size_t i = 0; i < kw.sources.size(); ++i) o += (i ? ",\"" : "\"") + JsonEscape(SanitizeUtf8(kw.sources[i])) + '"';
    o += ']';
    OptDbl("cpc", kw.cpc);
    OptDbl("difficulty", kw.difficulty);
    OptDbl("position", kw.position);
    OptInt("clicks", kw.clicks);
    OptInt("impressions", kw.impressions);
    Str("serp_features", kw.serp_features);
    Str("parent_topic", kw.parent_topic);
    Str("evidence_class", EvidenceClassId(kw.evidence_class));
    o += ",\"uncertain\":";
    o += kw.uncertain() ? "true" : "false";
    o += '}';
    spool_.Append(o);
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
      // Keywords whose stage is uncertain: the rule-7 default with no cue,
      // product or service category (`klantreis review` lists them).
      meta["uncertain_keywords"] = data.uncertain_keywords;
      meta["uncertain_volume"] = data.uncertain_volume;
      meta["uncertain_share"] = data.uncertain_share;

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
        s["uncertain_keywords"] = st.uncertain_keywords;
        s["uncertain_volume"] = st.uncertain_volume;
        s["monthly"] = MonthlyJson(st.monthly);
        s["top_keywords"] = st.top_keywords;
        stages.push_back(std::move(s));
      }
      if (data.comparison) root["compare"] = CompareJson(*data.comparison);
      if (data.coverage) root["coverage"] = CoverageJson(*data.coverage);
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
  void Key(std::string_view key, bool comma) {
    if (comma) buf_ += ',';
    buf_ += '"';
    buf_ += key;
    buf_ += "\":";
  }
  void Str(std::string_view key, std::string_view v, bool comma = true) {
    Key(key, comma);
    buf_ += '"';
    buf_ += JsonEscape(SanitizeUtf8(v));
    buf_ += '"';
  }
  void Int(std::string_view key, int64_t v) {
    Key(key, true);
    buf_ += std::to_string(v);
  }
  void Dbl(std::string_view key, double v) {
    Key(key, true);
    buf_ += Json(v).dump();  // the shortest form that reads back the same; null for NaN
  }
  void OptDbl(std::string_view key, const std::optional<double>& v) {
    if (v) return Dbl(key, *v);
    Key(key, true);
    buf_ += "null";
  }
  void OptInt(std::string_view key, const std::optional<int64_t>& v) {
    if (v) return Int(key, *v);
    Key(key, true);
    buf_ += "null";
  }

  std::string out_dir_;
  std::string buf_;
  StreamFile spool_;
  uint64_t count_ = 0;
};

}  // namespace

std::unique_ptr<ReportSink> NewJsonSink() { return std::make_unique<JsonReportSink>(); }

}  // namespace kr::reports::internal
