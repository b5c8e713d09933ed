// Reports: the data a report shows (ReportData, built by the app from the
// store) and one sink per output format behind one interface (ReportSink),
// as ripgrep does with its printers. Sinks escape HTML, neutralise CSV/XLSX
// formulas, and always say which model and configuration produced them.
// Thread-safety: sinks are stateless; one Write() at a time per sink.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "klantreis/core/keyword.h"
#include "klantreis/core/status.h"

namespace kr::reports {

struct ReportMeta {
  std::string project;
  std::string market;            // "nl-NL"
  std::string model_version;     // classifier model@config hash
  std::string analyzer_version;
  std::string config_source;     // "shipped" or the toml path(s)
  std::string generated_at;      // ISO 8601 UTC
  std::string tool_version;      // klantreis version
};

struct KeywordLine {
  std::string keyword;
  Language lang = Language::kUnd;
  Stage stage = Stage::kConcreteNeed;
  int64_t monthly_volume = 0;
  VolumeKind volume_kind = VolumeKind::kNone;
  double confidence = 0;
  bool navigational = false;
  std::optional<Stage> runner_up;
  std::string evidence;          // short trace: "cue:kopen[kopen]; ..."
  std::map<std::string, int64_t> monthly;  // YYYY-MM -> searches
  std::vector<std::string> sources;        // formats, e.g. "planner", "gsc"
};

struct StageLine {
  Stage stage = Stage::kConcreteNeed;
  uint64_t keywords = 0;
  int64_t monthly_volume = 0;
  double volume_share = 0;       // 0..1 of the project's total volume
  std::map<std::string, int64_t> monthly;  // seasonality: YYYY-MM -> searches
  std::vector<std::string> top_keywords;   // by volume, for article plans
};

struct ReportData {
  ReportMeta meta;
  std::vector<StageLine> stages;     // always all ten, in model order
  std::vector<KeywordLine> keywords; // by stage, then volume desc
};

class ReportSink {
 public:
  virtual ~ReportSink() = default;
  virtual std::string_view format() const = 0;  // "csv", "md", "json", "html", "xlsx"
  // Writes this format's file(s) into out_dir (which exists); returns the paths written.
  virtual Result<std::vector<std::string>> Write(const ReportData& data, const std::string& out_dir) = 0;
};

// "csv" writes stages.csv and keywords.csv; "md" report.md; "json" report.json;
// "html" report.html; "xlsx" report.xlsx. InvalidArgument for other names.
Result<std::unique_ptr<ReportSink>> MakeSink(std::string_view format);
std::vector<std::string> SinkFormats();

}  // namespace kr::reports
