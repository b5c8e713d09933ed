#include "klantreis/app/report_builder.h"

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "klantreis/app/serp.h"
#include "klantreis/classify/analyzer.h"

namespace fs = std::filesystem;

namespace kr::app {
namespace {

constexpr size_t kTopKeywordsPerStage = 10;
constexpr size_t kReclassifyBatch = 10000;

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

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

}  // namespace

Result<reports::ReportData> BuildReport(Project& project) {
  reports::ReportData data;
  data.meta.project = project.name;
  data.meta.market = project.market;
  data.meta.model_version = project.classifier.Version();
  data.meta.config_source = project.config_source;
  data.meta.generated_at = NowIso();
  data.meta.tool_version = "klantreis 0.1.0";

  auto classifier = classify::Classifier::Create(project.classifier);
  if (!classifier.ok()) return classifier.status();
  auto analyzer = classify::Analyzer::Create(project.classifier.analyzer);
  if (!analyzer.ok()) return analyzer.status();
  data.meta.analyzer_version = (*analyzer)->Version();
  std::vector<std::pair<std::string, Classification>> stale;
  Status write_status;
  const std::string version = project.classifier.Version();

  Status st = project.store->ForEachKeyword([&](const store::KeywordRecord& k) {
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
      stale.emplace_back(k.key, c);
      if (stale.size() >= kReclassifyBatch) {
        write_status = project.store->PutClassifications(stale);
        stale.clear();
        if (!write_status.ok()) return false;
      }
    }
    reports::KeywordLine line;
    line.keyword = k.display;
    line.lang = c.lang;
    line.stage = c.stage;
    line.monthly_volume = k.MonthlyVolume(&line.volume_kind);
    line.confidence = c.confidence;
    line.navigational = c.navigational;
    line.runner_up = c.runner_up;
    line.evidence = EvidenceSummary(c);
    line.monthly = k.Monthly();
    for (const auto& s : k.sources) {
      if (std::find(line.sources.begin(), line.sources.end(), s.format) == line.sources.end())
        line.sources.push_back(s.format);
    }
    data.keywords.push_back(std::move(line));
    return true;
  });
  if (!st.ok()) return st;
  if (!write_status.ok()) return write_status;
  if (!stale.empty()) KR_RETURN_IF_ERROR(project.store->PutClassifications(stale));

  // Stage aggregates, always all ten in model order.
  data.stages.resize(kNumStages);
  int64_t total = 0;
  for (int i = 0; i < kNumStages; ++i) data.stages[i].stage = static_cast<Stage>(i);
  for (const auto& k : data.keywords) {
    auto& s = data.stages[StageIndex(k.stage)];
    ++s.keywords;
    s.monthly_volume += k.monthly_volume;
    total += k.monthly_volume;
    for (const auto& [month, v] : k.monthly) s.monthly[month] += v;
  }
  for (auto& s : data.stages) s.volume_share = total > 0 ? static_cast<double>(s.monthly_volume) / total : 0.0;

  std::stable_sort(data.keywords.begin(), data.keywords.end(), [](const auto& a, const auto& b) {
    if (a.stage != b.stage) return StageIndex(a.stage) < StageIndex(b.stage);
    if (a.monthly_volume != b.monthly_volume) return a.monthly_volume > b.monthly_volume;
    return a.keyword < b.keyword;
  });
  for (const auto& k : data.keywords) {
    auto& s = data.stages[StageIndex(k.stage)];
    if (s.top_keywords.size() < kTopKeywordsPerStage) s.top_keywords.push_back(k.keyword);
  }
  return data;
}

Status WriteReport(const reports::ReportData& data, const std::string& out_dir,
                   const std::vector<std::string>& formats, std::vector<std::string>* written) {
  std::vector<std::unique_ptr<reports::ReportSink>> sinks;
  for (const auto& f : formats) {  // validate all formats before writing anything
    auto sink = reports::MakeSink(f);
    if (!sink.ok()) return sink.status();
    sinks.push_back(std::move(sink).value());
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return Status::IoError(out_dir + ": " + ec.message());
  for (auto& sink : sinks) {
    auto paths = sink->Write(data, out_dir);
    if (!paths.ok()) return paths.status();
    written->insert(written->end(), paths->begin(), paths->end());
  }
  return Status::Ok();
}

}  // namespace kr::app
