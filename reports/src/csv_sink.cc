// CsvReportSink: stages.csv, keywords.csv and (with monthly data)
// seasonality.csv. Every cell goes through kr::CsvField (RFC 4180 quoting,
// spreadsheet formulas neutralised). Column order is a contract:
//   stages.csv    stage,funnel,keywords,monthly_volume,volume_share
//   keywords.csv  keyword,lang,stage,funnel,monthly_volume,confidence, then
//                 volume_source,intent,stage5,navigational,runner_up,evidence,sources
//   seasonality.csv  stage,<YYYY-MM>...
// New columns only ever go at the end.
#include <filesystem>

#include "klantreis/core/text.h"
#include "report_common.h"
#include "sinks.h"

namespace kr::reports::internal {
namespace {

class Line {
 public:
  explicit Line(std::string* out) : out_(out) {}
  Line& Cell(std::string_view v) {
    if (!first_) out_->push_back(',');
    first_ = false;
    out_->append(CsvField(v));
    return *this;
  }
  Line& Num(int64_t v) { return Cell(std::to_string(v)); }
  ~Line() { out_->push_back('\n'); }

 private:
  std::string* out_;
  bool first_ = true;
};

class CsvReportSink final : public ReportSink {
 public:
  std::string_view format() const override { return "csv"; }

  Result<std::vector<std::string>> Write(const ReportData& data, const std::string& out_dir) override {
    std::vector<std::string> written;
    const auto stages = StagesInOrder(data);

    std::string s;
    Line(&s).Cell("stage").Cell("funnel").Cell("keywords").Cell("monthly_volume").Cell("volume_share");
    for (const auto& st : stages) {
      Line(&s)
          .Cell(StageId(st.stage))
          .Cell(FunnelId(FunnelOf(st.stage)))
          .Num(static_cast<int64_t>(st.keywords))
          .Num(st.monthly_volume)
          .Cell(FormatShare(st.volume_share));
    }
    KR_RETURN_IF_ERROR(Put(out_dir, "stages.csv", s, &written));

    std::string k;
    k.reserve(data.keywords.size() * 120 + 256);
    Line(&k)
        .Cell("keyword").Cell("lang").Cell("stage").Cell("funnel").Cell("monthly_volume").Cell("confidence")
        .Cell("volume_source").Cell("intent").Cell("stage5").Cell("navigational").Cell("runner_up").Cell("evidence")
        .Cell("sources");
    for (const KeywordLine& kw : data.keywords) {
      Line(&k)
          .Cell(kw.keyword)
          .Cell(LanguageId(kw.lang))
          .Cell(StageId(kw.stage))
          .Cell(FunnelId(FunnelOf(kw.stage)))
          .Num(kw.monthly_volume)
          .Cell(FormatConfidence(kw.confidence))
          .Cell(VolumeKindId(kw.volume_kind))
          .Cell(IntentId(IntentOf(kw.stage, kw.navigational)))
          .Cell(Stage5Id(Stage5Of(kw.stage)))
          .Cell(kw.navigational ? "true" : "false")
          .Cell(kw.runner_up ? StageId(*kw.runner_up) : "")
          .Cell(kw.evidence)
          .Cell(JoinSources(kw.sources));
    }
    KR_RETURN_IF_ERROR(Put(out_dir, "keywords.csv", k, &written));

    const auto months = Months(data);
    if (!months.empty()) {
      std::string m;
      {
        Line header(&m);
        header.Cell("stage");
        for (const auto& month : months) header.Cell(month);
      }
      for (const auto& st : stages) {
        Line row(&m);
        row.Cell(StageId(st.stage));
        for (const auto& month : months) {
          auto it = st.monthly.find(month);
          row.Num(it == st.monthly.end() ? 0 : it->second);
        }
      }
      KR_RETURN_IF_ERROR(Put(out_dir, "seasonality.csv", m, &written));
    } else {
      // No monthly data: a seasonality.csv left by an earlier report would
      // describe other data, so it goes.
      std::error_code ec;
      std::filesystem::remove(std::filesystem::path(out_dir) / "seasonality.csv", ec);
    }
    return written;
  }

 private:
  static Status Put(const std::string& out_dir, const std::string& name, const std::string& text,
                    std::vector<std::string>* written) {
    std::string path = OutPath(out_dir, name);
    KR_RETURN_IF_ERROR(WriteFileAtomic(path, text).WithContext("csv report"));
    written->push_back(path);
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<ReportSink> NewCsvSink() { return std::make_unique<CsvReportSink>(); }

}  // namespace kr::reports::internal
