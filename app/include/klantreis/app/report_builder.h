// Builds report data from a project's store and writes it through the
// report sinks. Keywords classified by an older model/configuration are
// re-classified (and the store updated) first, so a report always comes
// from exactly one model version, which it names.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "klantreis/app/compare.h"
#include "klantreis/app/project.h"
#include "klantreis/core/progress.h"
#include "klantreis/reports/report.h"

namespace kr::app {

// The current UTC time as reports state it ("2026-01-31T12:00:00Z").
std::string NowIso();
// A time in UTC through strftime's `format` ("%Y-%m-%d %H:%M" -> "2026-01-31 12:00").
std::string FormatUtc(int64_t unix_seconds, const char* format);

// Receives the report's keywords one at a time (the report stream).
class ReportKeywordConsumer {
 public:
  virtual ~ReportKeywordConsumer() = default;
  virtual Status Consume(const reports::KeywordLine& k) = 0;  // an error stops the pass
  // The same keyword with its stored record (every source, by run), for
  // consumers that need more than the report line; StreamReport calls this.
  virtual Status ConsumeRecord(const reports::KeywordLine& k, const store::KeywordRecord&) { return Consume(k); }
};

// One pass over the store: every keyword, in key order, to each consumer;
// fills *meta (model, analyzer, config). Memory does not grow with the store.
// Keywords are counted on `progress` when given.
// REQUIRES: project opened kReadWrite (stale classifications are rewritten).
Status StreamReport(Project& project, const std::vector<ReportKeywordConsumer*>& consumers,
                    reports::ReportMeta* meta, Progress* progress = nullptr);

// The whole report in memory (summary and every keyword): for small
// projects and tests. REQUIRES as StreamReport.
// With `compare` (not kNone): data.comparison, the change since last time.
Result<reports::ReportData> BuildReport(Project& project, const CompareSpec& compare = {});

// Only the topic clusters and what the article plan is made of (klantreis
// plan): one pass over the store, nothing written. REQUIRES as StreamReport
// (a read-only project re-classifies stale keywords in memory only).
Result<std::shared_ptr<const plan::Topics>> BuildProjectTopics(Project& project, Progress* progress = nullptr);

// The streaming report: `formats` into out_dir (created when missing) in one
// pass over the store; returns the summary; appends the written paths.
Result<reports::ReportData> WriteProjectReport(Project& project, const std::string& out_dir,
                                               const std::vector<std::string>& formats,
                                               std::vector<std::string>* written,
                                               Progress* progress = nullptr,
                                               const reports::SinkOptions& sink_options = {},
                                               const CompareSpec& compare = {});

}  // namespace kr::app
