// CsvReportSink: stages.csv, keywords.csv and (with monthly data)
// seasonality.csv. Every cell goes through kr::CsvField (RFC 4180 quoting,
// spreadsheet formulas neutralised). Column order is a contract:
//   stages.csv    stage,funnel,keywords,monthly_volume,volume_share,
//                 uncertain_keywords,uncertain_volume,uncertain_share,
//                 covered_keywords,covered_volume,gap_keywords,gap_volume,
//                 cannibalised_keywords (the last five only when the project has a crawl)
//   keywords.csv  keyword,lang,stage,funnel,monthly_volume,confidence, then
//                 volume_source,intent,stage5,navigational,runner_up,evidence,sources,
//                 cpc,difficulty,position,clicks,impressions,serp_features,parent_topic,
//                 evidence_class,uncertain
//                 (streamed in the order the keywords come: store key order)
//   seasonality.csv  stage,<YYYY-MM>...
// New columns only ever go at the end.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "compare_files.h"
#include "csv_line.h"
#include "klantreis/core/text.h"
#include "plan_files.h"
#include "report_common.h"
#include "sinks.h"
#include "stream_file.h"

namespace kr::reports::internal {
namespace {


std::string Opt(const std::optional<double>& v) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", *v);
  return buf;
}
std::string Opt(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : ""; }

class CsvReportSink final : public ReportSink {
 public:
  explicit CsvReportSink(bool excel) : excel_(excel) {}
  std::string_view format() const override { return "csv"; }

  Status Begin(const ReportMeta& meta, const std::string& out_dir) override {
    out_dir_ = out_dir;
    dialect_ = excel_ ? ExcelDialect(meta.market) : Dialect{};
    KR_RETURN_IF_ERROR(CheckOutDir(out_dir).WithContext("csv report"));
    KR_RETURN_IF_ERROR(keywords_.Open(OutPath(out_dir, "keywords.csv")).WithContext("csv report"));
    row_ = dialect_.bom ? kBom : "";
    Line(&row_, dialect_)
        .Cell("keyword").Cell("lang").Cell("stage").Cell("funnel").Cell("monthly_volume").Cell("confidence")
        .Cell("volume_source").Cell("intent").Cell("stage5").Cell("navigational").Cell("runner_up").Cell("evidence")
        .Cell("sources").Cell("cpc").Cell("difficulty").Cell("position").Cell("clicks").Cell("impressions")
        .Cell("serp_features").Cell("parent_topic").Cell("evidence_class").Cell("uncertain");
    keywords_.Append(row_);
    return Status::Ok();
  }

  Status Keyword(const KeywordLine& kw) override {
    row_.clear();
    Line(&row_, dialect_)
        .Cell(kw.keyword)
        .Cell(LanguageId(kw.lang))
        .Cell(StageId(kw.stage))
        .Cell(FunnelId(FunnelOf(kw.stage)))
        .Num(kw.monthly_volume)
        .Dec(FormatConfidence(kw.confidence))
        .Cell(VolumeKindId(kw.volume_kind))
        .Cell(IntentId(IntentOf(kw.stage, kw.navigational)))
        .Cell(Stage5Id(Stage5Of(kw.stage)))
        .Cell(kw.navigational ? "true" : "false")
        .Cell(kw.runner_up ? StageId(*kw.runner_up) : "")
        .Cell(kw.evidence)
        .Cell(JoinSources(kw.sources))
        .Dec(Opt(kw.cpc))
        .Dec(Opt(kw.difficulty))
        .Dec(Opt(kw.position))
        .Cell(Opt(kw.clicks))
        .Cell(Opt(kw.impressions))
        .Cell(kw.serp_features)
        .Cell(kw.parent_topic)
        .Cell(EvidenceClassId(kw.evidence_class))
        .Cell(kw.uncertain() ? "true" : "false");
    keywords_.Append(row_);
    return Status::Ok();
  }

  Result<std::vector<std::string>> Finish(const ReportData& data) override {
    std::vector<std::string> written;
    const auto stages = StagesInOrder(data);

    std::string s = dialect_.bom ? kBom : "";
    {
      auto head = Line(&s, dialect_);
      head.Cell("stage").Cell("funnel").Cell("keywords").Cell("monthly_volume").Cell("volume_share")
          .Cell("uncertain_keywords").Cell("uncertain_volume").Cell("uncertain_share");
      if (data.coverage) {
        head.Cell("covered_keywords").Cell("covered_volume").Cell("gap_keywords").Cell("gap_volume")
            .Cell("cannibalised_keywords");
      }
    }
    for (const auto& st : stages) {
      auto line = Line(&s, dialect_);
      line
          .Cell(StageId(st.stage))
          .Cell(FunnelId(FunnelOf(st.stage)))
          .Num(static_cast<int64_t>(st.keywords))
          .Num(st.monthly_volume)
          .Dec(FormatShare(st.volume_share))
          .Num(static_cast<int64_t>(st.uncertain_keywords))
          .Num(st.uncertain_volume)
          .Dec(FormatShare(st.monthly_volume > 0 ? static_cast<double>(st.uncertain_volume) /
                                                        static_cast<double>(st.monthly_volume)
                                                  : 0.0));
      if (data.coverage) {  // the site's coverage (coverage.csv), when the project has a crawl
        const CoverageStage& c = data.coverage->stages[StageIndex(st.stage)];
        line.Num(static_cast<int64_t>(c.covered_keywords))
            .Num(c.covered_volume)
            .Num(static_cast<int64_t>(c.gap_keywords))
            .Num(c.gap_volume)
            .Num(static_cast<int64_t>(c.cannibalised_keywords));
      }
    }
    KR_RETURN_IF_ERROR(Put(out_dir_, "stages.csv", s, &written));

    KR_RETURN_IF_ERROR(keywords_.Commit().WithContext("csv report"));
    written.push_back(keywords_.path());

    if (data.topics) {
      KR_RETURN_IF_ERROR(WriteClustersCsv(*data.topics, out_dir_, &written));
      KR_RETURN_IF_ERROR(WritePlanCsv(*data.topics, out_dir_, &written));
    }
    if (data.comparison) {
      KR_RETURN_IF_ERROR(WriteCompareCsv(*data.comparison, out_dir_, dialect_, &written));
    } else {
      RemoveCompareCsv(out_dir_);  // they would describe an earlier comparison
    }

    const auto months = Months(data);
    if (!months.empty()) {
      std::string m = dialect_.bom ? kBom : "";
      {
        Line header(&m, dialect_);
        header.Cell("stage");
        for (const auto& month : months) header.Cell(month);
      }
      for (const auto& st : stages) {
        Line row(&m, dialect_);
        row.Cell(StageId(st.stage));
        for (const auto& month : months) {
          auto it = st.monthly.find(month);
          row.Num(it == st.monthly.end() ? 0 : it->second);
        }
      }
      KR_RETURN_IF_ERROR(Put(out_dir_, "seasonality.csv", m, &written));
    } else {
      // No monthly data: a seasonality.csv left by an earlier report would
      // describe other data, so it goes.
      std::error_code ec;
      std::filesystem::remove(std::filesystem::path(out_dir_) / "seasonality.csv", ec);
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

  static constexpr const char* kBom = "\xEF\xBB\xBF";
  bool excel_;
  Dialect dialect_;
  std::string out_dir_;
  StreamFile keywords_;
  std::string row_;
};

}  // namespace

std::unique_ptr<ReportSink> NewCsvSink(bool excel) { return std::make_unique<CsvReportSink>(excel); }

}  // namespace kr::reports::internal
