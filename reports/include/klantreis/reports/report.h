// Reports: the data a report shows and one sink per output format behind
// one streaming interface (ReportSink). A report is one pass: the app calls
// Begin(), then Keyword() once per keyword (in store order), then Finish()
// with the summary (ReportData: stage aggregates and the top keywords per
// stage, built by ReportAccumulator). Sinks that list every keyword
// (keywords.csv, report.json, the XLSX Keywords sheet) stream them to disk;
// the others only read the summary, so memory stays flat as projects grow.
// Sinks escape HTML, neutralise CSV/XLSX formulas, and always say which
// model and configuration produced them.
// Thread-safety: a sink is used by one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "klantreis/core/evidence.h"
#include "klantreis/core/keyword.h"
#include "klantreis/core/status.h"
#include "klantreis/plan/topics.h"
#include "klantreis/reports/compare.h"
#include "klantreis/reports/coverage.h"

namespace kr::reports {

// Who a report comes from: shown in the HTML and XLSX reports. The logo
// is embedded (a data URI in HTML, an image in XLSX), never a path.
struct Branding {
  std::string agency;         // "Bureau Noord"
  std::string logo_mime;      // "image/png", "image/jpeg", "image/svg+xml" ("" = no logo)
  std::string logo;           // the logo file's bytes
  std::string primary_colour; // "#1f4e9c" (checked #rgb / #rrggbb), "" = default
  std::string accent_colour;
  bool empty() const { return agency.empty() && logo.empty() && primary_colour.empty() && accent_colour.empty(); }
};

struct ReportMeta {
  std::string project;
  std::string market;            // "nl-NL"
  std::string model_version;     // classifier model@config hash
  std::string analyzer_version;
  std::string config_source;     // "shipped" or the toml path(s)
  std::string generated_at;      // ISO 8601 UTC
  std::string tool_version;      // klantreis version
  Branding branding;
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
  EvidenceClass evidence_class = EvidenceClass::kCues;  // what decided the stage (core/evidence.h)
  bool uncertain() const { return evidence_class == EvidenceClass::kNone; }
  std::map<std::string, int64_t> monthly;  // YYYY-MM -> searches
  std::vector<std::string> sources;        // formats, e.g. "planner", "gsc"
  // Imported metrics, where an export had them (else empty/absent).
  std::optional<double> cpc;           // cost per click
  std::optional<double> difficulty;    // keyword difficulty (Semrush/Ahrefs), 0..100
  std::optional<double> position;      // Search Console / rank tracker average position
  std::optional<int64_t> clicks;       // Search Console clicks
  std::optional<int64_t> impressions;  // Search Console impressions (never summed as searches)
  std::string serp_features;
  std::string parent_topic;
  std::string page_url;  // the page an export names for this keyword (Semrush/Ahrefs URL, Search Console page)
};

struct StageLine {
  Stage stage = Stage::kConcreteNeed;
  uint64_t keywords = 0;
  int64_t monthly_volume = 0;
  double volume_share = 0;       // 0..1 of the project's total volume
  std::map<std::string, int64_t> monthly;  // seasonality: YYYY-MM -> searches
  std::vector<std::string> top_keywords;   // by volume, for article plans
  std::vector<KeywordLine> top;            // the biggest keywords (volume desc, then keyword), at most kTopPerStage
  int64_t impressions = 0;                 // the part of monthly_volume that is Search Console impressions
  uint64_t uncertain_keywords = 0;         // keywords whose stage is uncertain (rule-7 default, no evidence)
  int64_t uncertain_volume = 0;            // their monthly volume
};

inline constexpr size_t kTopPerStage = 100;

// The summary of a report: everything but the full keyword list.
struct ReportData {
  ReportMeta meta;
  std::vector<StageLine> stages;     // always all ten, in model order
  uint64_t keyword_count = 0;        // keywords in the report
  uint64_t impression_keywords = 0;  // keywords whose volume is Search Console impressions
  uint64_t metric_keywords = 0;      // keywords with an imported metric (CPC, difficulty, position, clicks)
  std::map<std::string, uint64_t> volume_kinds;  // VolumeKindId -> keywords whose volume is of that kind
  std::vector<std::string> monthly_sources;      // formats of the keywords with monthly figures, sorted
  uint64_t uncertain_keywords = 0;   // keywords whose stage is uncertain (KeywordLine::uncertain)
  int64_t uncertain_volume = 0;      // their monthly volume
  double uncertain_share = 0;        // uncertain_volume / total volume (0 when there is no volume)
  // The topic clusters of every keyword (plan/), when the report was built
  // with them: clusters.csv, plan.csv and the plan sections.
  std::shared_ptr<const plan::Topics> topics;
  // The change since last time (report --compare), when asked for:
  // compare*.csv and the "Change since last time" sections.
  std::shared_ptr<const Comparison> comparison;
  // Which keywords the user's crawled site covers (coverage.h), when the
  // project has a crawl; absent otherwise.
  std::optional<CoverageSummary> coverage;
  // Only for small in-memory reports (tests, ReportSink::Write): the
  // keywords streamed to the sinks. Sinks never read it in Finish().
  std::vector<KeywordLine> keywords;
};

// Builds the summary from a stream of keywords in bounded memory: stage
// totals, monthly sums, and the top kTopPerStage keywords of each stage.
class ReportAccumulator {
 public:
  ReportAccumulator();
  void Add(const KeywordLine& k);
  // The summary with `meta`; shares computed, tops sorted. Callable once.
  ReportData Finish(ReportMeta meta);

 private:
  ReportData data_;
  int64_t total_ = 0;
};

class ReportSink {
 public:
  virtual ~ReportSink() = default;
  virtual std::string_view format() const = 0;  // "csv", "md", "json", "html", "xlsx"
  // Starts a report into out_dir (which must exist; IoError naming it otherwise).
  virtual Status Begin(const ReportMeta& meta, const std::string& out_dir) = 0;
  // One keyword; sinks that do not list keywords ignore it.
  virtual Status Keyword(const KeywordLine& k) = 0;
  // Completes the files from the summary; returns the paths written. Nothing
  // is visible under a final name before Finish succeeds.
  virtual Result<std::vector<std::string>> Finish(const ReportData& summary) = 0;

  // Convenience for small reports: Begin, every data.keywords, Finish(data).
  Result<std::vector<std::string>> Write(const ReportData& data, const std::string& out_dir);
};

// Output choices; a sink ignores those that are not its own.
struct SinkOptions {
  // CSV: "standard" (RFC 4180: comma, decimal point, no BOM: for programs)
  // or "excel" (a UTF-8 BOM, and the list and decimal separators Excel uses
  // in the project's market: ';' and ',' for nl, de, fr, ... markets; ','
  // and '.' for en markets), so a double-click opens it in columns with
  // accents intact.
  std::string csv_dialect = "standard";
};

// "csv" writes stages.csv and keywords.csv; "md" report.md; "json" report.json;
// "html" report.html; "xlsx" report.xlsx. InvalidArgument for other names
// and for an unknown option value.
Result<std::unique_ptr<ReportSink>> MakeSink(std::string_view format, const SinkOptions& options);
Result<std::unique_ptr<ReportSink>> MakeSink(std::string_view format);
std::vector<std::string> SinkFormats();

}  // namespace kr::reports
