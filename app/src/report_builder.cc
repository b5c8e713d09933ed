#include "klantreis/app/report_builder.h"

#include "report_staging.h"
#include "sink_threads.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "klantreis/app/serp.h"
#include "klantreis/app/site_report.h"
#include "klantreis/classify/analyzer.h"
#include "klantreis/core/interrupt.h"
#include "compare_consumer.h"
#include "coverage_consumer.h"
#include "topic_consumer.h"

namespace fs = std::filesystem;

namespace kr::app {
namespace {

constexpr size_t kReclassifyBatch = 10000;

std::string EvidenceSummary(const Classification& c) {
  std::string out;
  for (const auto& r : c.rules) {
    if (!out.empty()) out += "; ";
    out += r.rule;
    if (!r.tokens.empty()) {
      out += "[";
      for (size_t i = 0; i < r.tokens.size(); ++i) {
        if (i) out += " ";
        out += r.tokens[i];
      }
      out += "]";
    }
  }
  return out;
}

std::optional<double> ToDouble(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Export columns naming the page that ranks for a keyword (Semrush "URL",
// Ahrefs "Current URL", Semrush strategy builder / Search Console "Page").
bool IsPageUrlAttribute(const std::string& name) {
  return name == "url" || name == "page" || name == "current_url" || name == "landing_page" || name == "top_url" ||
         name == "ranking_url" || name == "pagina";
}

// The imported metrics of a keyword: per attribute, the latest source that has it.
void FillMetrics(const store::KeywordRecord& k, reports::KeywordLine* line) {
  for (const auto& src : k.sources) {
    for (const auto& [name, value] : src.attrs) {
      if (name == "cpc") {
        if (auto v = ToDouble(value)) line->cpc = v;
      } else if (name == "kd") {
        if (auto v = ToDouble(value)) line->difficulty = v;
      } else if (name == "position") {
        if (auto v = ToDouble(value)) line->position = v;
      } else if (name == "clicks") {
        if (auto v = ToDouble(value)) line->clicks = static_cast<int64_t>(std::llround(*v));
      } else if (name == "impressions") {
        if (auto v = ToDouble(value)) line->impressions = static_cast<int64_t>(std::llround(*v));
      } else if (name == "serp_features") {
        line->serp_features = value;
      } else if (name == "parent_keyword") {
        line->parent_topic = value;
      } else if (IsPageUrlAttribute(name) && !value.empty()) {
        line->page_url = value;
      }
    }
  }
}

}  // namespace

std::string FormatUtc(int64_t unix_seconds, const char* format) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::string NowIso() { return FormatUtc(std::time(nullptr), "%Y-%m-%dT%H:%M:%SZ"); }

Status StreamReport(Project& project, const std::vector<ReportKeywordConsumer*>& consumers,
                    reports::ReportMeta* meta_out, Progress* progress) {
  reports::ReportMeta& meta = *meta_out;
  meta.project = project.name;
  meta.market = project.market;
  meta.model_version = project.classifier.Version();
  meta.branding = project.branding;
  meta.config_source = project.config_source;
  meta.generated_at = NowIso();
  meta.tool_version = "klantreis 0.1.0";

  auto classifier = classify::Classifier::Create(project.classifier);
  if (!classifier.ok()) return classifier.status();
  auto analyzer = classify::Analyzer::Create(project.classifier.analyzer);
  if (!analyzer.ok()) return analyzer.status();
  meta.analyzer_version = (*analyzer)->Version();
  std::vector<std::pair<std::string, Classification>> stale;
  Status status;
  const std::string version = project.classifier.Version();
  reports::KeywordLine line;
  if (progress != nullptr) {
    // The rows stored by all runs bound the keyword count (a keyword imported
    // twice counts twice): an estimate for the time left, never shown as exact.
    uint64_t rows = 0;
    if (auto runs = project.store->ListImports(); runs.ok()) {
      for (const auto& r : *runs) rows += r.committed ? r.rows_stored : 0;
    }
    progress->SetTotal(rows);
  }
  constexpr uint64_t kProgressEvery = 4096;
  uint64_t uncounted = 0;

  Status st = project.store->ForEachKeyword([&](const store::KeywordRecord& k) {
    if (progress != nullptr && ++uncounted == kProgressEvery) {
      progress->Add(uncounted);
      uncounted = 0;
    }
    Classification c;
    if (k.classification && k.classification->model_version == version) {
      c = *k.classification;
    } else {
      // Keep SERP evidence in the new verdict (it is part of the model's input).
      std::vector<RuleHit> evidence;
      bool has_serp = false;
      for (const auto& src : k.sources) has_serp |= src.format == "serp";
      if (has_serp) {
        auto ev = StoredSerpEvidence(*project.store, k.key);
        if (ev.ok()) evidence = std::move(ev).value();
      }
      classify::ClassifyOptions opts;
      opts.evidence = evidence.empty() ? nullptr : &evidence;
      c = (*classifier)->Classify(k.display, opts);
      if (!project.store->read_only()) stale.emplace_back(k.key, c);  // read-only: re-classified in memory only
      if (stale.size() >= kReclassifyBatch) {
        status = project.store->PutClassifications(stale);
        stale.clear();
        if (!status.ok()) return false;
      }
    }
    line = reports::KeywordLine{};
    line.keyword = k.display;
    line.lang = c.lang;
    line.stage = c.stage;
    line.monthly_volume = k.MonthlyVolume(&line.volume_kind);
    line.confidence = c.confidence;
    line.navigational = c.navigational;
    line.runner_up = c.runner_up;
    line.evidence = EvidenceSummary(c);
    line.evidence_class = EvidenceOf(c);
    line.monthly = k.Monthly();
    for (const auto& s : k.sources) {
      if (std::find(line.sources.begin(), line.sources.end(), s.format) == line.sources.end())
        line.sources.push_back(s.format);
    }
    FillMetrics(k, &line);
    for (ReportKeywordConsumer* consumer : consumers) {
      status = consumer->ConsumeRecord(line, k);
      if (!status.ok()) return false;
    }
    return true;
  });
  if (progress != nullptr) progress->Add(uncounted);
  if (!st.ok()) return st;
  if (!status.ok()) return status;
  if (!stale.empty()) KR_RETURN_IF_ERROR(project.store->PutClassifications(stale));
  return Status::Ok();
}

namespace {

// Feeds the accumulator and every sink.
// Feeds the accumulator and, through their threads, every sink.
class SinkFanout final : public ReportKeywordConsumer {
 public:
  SinkFanout(reports::ReportAccumulator* acc, SinkThreads* sinks) : acc_(acc), sinks_(sinks) {}
  Status Consume(const reports::KeywordLine& k) override {
    if (StopRequested()) return Status::Aborted("stopped while reading the keywords");  // Ctrl-C
    acc_->Add(k);
    return sinks_->Keyword(k);
  }

 private:
  reports::ReportAccumulator* acc_;
  SinkThreads* sinks_;
};

class Collector final : public ReportKeywordConsumer {
 public:
  explicit Collector(reports::ReportAccumulator* acc) : acc_(acc) {}
  Status Consume(const reports::KeywordLine& k) override {
    acc_->Add(k);
    keywords.push_back(k);
    return Status::Ok();
  }
  std::vector<reports::KeywordLine> keywords;

 private:
  reports::ReportAccumulator* acc_;
};

// The comparison consumer when one is asked for (null otherwise), added to `consumers`.
Result<std::unique_ptr<internal::CompareConsumer>> MaybeCompare(Project& project, const CompareSpec& compare,
                                                                std::vector<ReportKeywordConsumer*>* consumers) {
  if (compare.mode == CompareSpec::Mode::kNone) return std::unique_ptr<internal::CompareConsumer>();
  auto c = internal::CompareConsumer::Create(project, compare);
  if (!c.ok()) return c.status();
  consumers->push_back(c->get());
  return c;
}

Status FinishCompare(internal::CompareConsumer* compare, reports::ReportData* data) {
  if (compare == nullptr) return Status::Ok();
  auto c = compare->Build(data->topics.get());
  if (!c.ok()) return c.status();
  data->comparison = std::move(c).value();
  return Status::Ok();
}

}  // namespace

Result<reports::ReportData> BuildReport(Project& project, const CompareSpec& compare_spec) {
  reports::ReportAccumulator acc;
  Collector collector(&acc);
  reports::ReportMeta meta;
  auto topics = internal::TopicConsumer::Create(project);
  if (!topics.ok()) return topics.status();
  auto coverage = internal::CoverageConsumer::Create(project, "");
  if (!coverage.ok()) return coverage.status();
  std::vector<ReportKeywordConsumer*> consumers = {&collector, topics->get()};
  if (*coverage) consumers.push_back(coverage->get());
  auto compare = MaybeCompare(project, compare_spec, &consumers);
  if (!compare.ok()) return compare.status();
  KR_RETURN_IF_ERROR(StreamReport(project, consumers, &meta));
  reports::ReportData data = acc.Finish(std::move(meta));
  data.keywords = std::move(collector.keywords);
  data.topics = (*topics)->Build(coverage->get());
  KR_RETURN_IF_ERROR(FinishCompare(compare->get(), &data));
  if (*coverage) {
    auto summary = (*coverage)->Finish(nullptr);
    if (!summary.ok()) return summary.status();
    data.coverage = std::move(summary).value();
  }
  return data;
}

Result<std::shared_ptr<const plan::Topics>> BuildProjectTopics(Project& project, Progress* progress) {
  auto topics = internal::TopicConsumer::Create(project);
  if (!topics.ok()) return topics.status();
  reports::ReportMeta meta;
  auto coverage = internal::CoverageConsumer::Create(project, "");  // the plan's covering pages, when crawled
  if (!coverage.ok()) return coverage.status();
  KR_RETURN_IF_ERROR(StreamReport(project, {topics->get()}, &meta, progress));
  if (progress != nullptr) progress->Finish();
  if (progress != nullptr) progress->Note("clustering the keywords into topics");
  return (*topics)->Build(coverage->get());
}

// Into out_dir as given: WriteProjectReport (report_staging.cc) passes its staging directory.
Result<reports::ReportData> internal::WriteReportFiles(Project& project, const std::string& out_dir,
                                                       const std::vector<std::string>& formats,
                                                       std::vector<std::string>* written, Progress* progress,
                                                       const reports::SinkOptions& sink_options,
                                                       const CompareSpec& compare_spec) {
  std::vector<std::unique_ptr<reports::ReportSink>> sinks;
  for (const auto& f : formats) {  // validate all formats before writing anything
    auto sink = reports::MakeSink(f, sink_options);
    if (!sink.ok()) return sink.status();
    sinks.push_back(std::move(sink).value());
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return Status::IoError(out_dir + ": " + ec.message());
  reports::ReportMeta meta;
  meta.project = project.name;
  meta.market = project.market;
  meta.model_version = project.classifier.Version();
  meta.branding = project.branding;
  for (auto& sink : sinks) KR_RETURN_IF_ERROR(sink->Begin(meta, out_dir));
  reports::ReportAccumulator acc;
  SinkThreads threads(sinks);
  SinkFanout fanout(&acc, &threads);
  auto topics = internal::TopicConsumer::Create(project);
  if (!topics.ok()) return topics.status();
  const bool csv = std::find(formats.begin(), formats.end(), "csv") != formats.end();
  const bool excel = sink_options.csv_dialect == "excel";
  auto coverage = internal::CoverageConsumer::Create(project, csv ? out_dir : "", excel);  // coverage.csv, when crawled
  if (!coverage.ok()) return coverage.status();
  std::vector<ReportKeywordConsumer*> consumers = {&fanout, topics->get()};
  if (*coverage) consumers.push_back(coverage->get());
  auto compare = MaybeCompare(project, compare_spec, &consumers);
  if (!compare.ok()) return compare.status();
  KR_RETURN_IF_ERROR(StreamReport(project, consumers, &meta, progress));
  reports::ReportData data = acc.Finish(std::move(meta));
  if (*coverage) {
    auto summary = (*coverage)->Finish(written);
    if (!summary.ok()) return summary.status();
    data.coverage = std::move(summary).value();
  }
  if (progress != nullptr) progress->Finish();
  if (progress != nullptr) progress->Note("clustering the keywords into topics");
  data.topics = (*topics)->Build(coverage->get());  // read-only from here: the sink threads share it
  KR_RETURN_IF_ERROR(FinishCompare(compare->get(), &data));
  auto paths = threads.Finish(data, progress);
  if (!paths.ok()) return paths.status();
  written->insert(written->end(), paths->begin(), paths->end());
  if (csv) {
    // pages.csv, when the site was crawled, with the keywords each page covers.
    KR_RETURN_IF_ERROR(
        WritePagesReport(project, out_dir, written, *coverage ? &(*coverage)->targets() : nullptr, excel));
  }
  return data;
}

}  // namespace kr::app
