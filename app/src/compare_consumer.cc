#include "compare_consumer.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>

#include "klantreis/store/schema.h"

namespace kr::app {

Result<CompareSpec> ParseCompareSpec(std::string_view text) {
  CompareSpec spec;
  if (text.empty() || text == "auto") {
    spec.mode = CompareSpec::Mode::kAuto;
    return spec;
  }
  if (text == "export") {
    spec.mode = CompareSpec::Mode::kExport;
    return spec;
  }
  const size_t comma = text.find(',');
  auto run = [](std::string_view id) -> std::optional<std::string> {
    if (auto n = store::schema::ParseRunId(id)) return store::schema::RunId(*n);
    if (!id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        id.size() <= 9) {
      const unsigned long n = std::strtoul(std::string(id).c_str(), nullptr, 10);
      if (n >= 1 && n < store::schema::kReclassifiedRun) return store::schema::RunId(static_cast<uint32_t>(n));
    }
    return std::nullopt;
  };
  if (comma != std::string_view::npos && text.find(',', comma + 1) == std::string_view::npos) {
    auto a = run(text.substr(0, comma)), b = run(text.substr(comma + 1));
    if (a && b) {
      spec.mode = CompareSpec::Mode::kRuns;
      spec.before_run = *a;
      spec.after_run = *b;
      return spec;
    }
  }
  return Status::InvalidArgument("--compare '" + std::string(text) +
                                 "': expected nothing or 'auto' (a Search Console compare export, else the two "
                                 "newest imports of one format), 'export', or two runs 'r000001,r000002' "
                                 "(before,after; see klantreis imports)");
}

namespace internal {
namespace {

std::optional<double> Number(const store::SourceRef& src, std::string_view name) {
  for (const auto& [k, v] : src.attrs) {
    if (k != name) continue;
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (end == v.c_str() || !std::isfinite(d)) return std::nullopt;
    return d;
  }
  return std::nullopt;
}

const std::string* Attr(const store::SourceRef& src, std::string_view name) {
  for (const auto& [k, v] : src.attrs)
    if (k == name) return &v;
  return nullptr;
}

bool IsCompareRow(const store::SourceRef& src) {
  return Attr(src, "clicks_previous") != nullptr || Attr(src, "impressions_previous") != nullptr;
}

int64_t Round(std::optional<double> v) { return v ? static_cast<int64_t>(std::llround(*v)) : 0; }

// Adds one source row's figures to a period; `position_weight` sums the
// impressions the position average is weighted by.
void AddFigures(reports::PeriodFigures* p, double* position_weight, int64_t clicks, int64_t impressions,
                int64_t volume, bool volume_sums, std::optional<double> position) {
  p->clicks += clicks;
  p->impressions += impressions;
  p->volume = volume_sums ? p->volume + volume : std::max(p->volume, volume);
  if (position && *position > 0) {
    const double w = impressions > 0 ? static_cast<double>(impressions) : 1.0;
    const double sum = p->position.value_or(0) * *position_weight + *position * w;
    *position_weight += w;
    p->position = sum / *position_weight;
  }
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Time(int64_t unix_seconds) { return unix_seconds > 0 ? FormatUtc(unix_seconds, "%Y-%m-%d %H:%M UTC") : ""; }

bool Comparable(const store::ImportRun& r) { return r.format != "suggest" && r.format != "serp"; }

}  // namespace

Result<std::unique_ptr<CompareConsumer>> CompareConsumer::Create(Project& project, const CompareSpec& spec) {
  std::unique_ptr<CompareConsumer> c(new CompareConsumer());
  c->spec_ = spec;
  auto runs = project.store->ListImports();
  if (!runs.ok()) return runs.status();
  for (const auto& r : *runs)
    if (r.committed) c->runs_.emplace(r.id, r);
  if (spec.mode == CompareSpec::Mode::kRuns) {
    for (const auto* id : {&spec.before_run, &spec.after_run}) {
      if (!c->runs_.count(*id)) {
        return Status::InvalidArgument("--compare: no import run " + *id + " in project " + project.dir +
                                " (klantreis imports -p " + project.dir + " lists them)");
      }
    }
    if (spec.before_run == spec.after_run) {
      return Status::InvalidArgument("--compare " + spec.before_run + "," + spec.after_run +
                                     ": a run compared with itself; give two different runs");
    }
    c->before_run_ = spec.before_run;
    c->after_run_ = spec.after_run;
  } else if (spec.mode == CompareSpec::Mode::kAuto) {
    // The newest import and the newest earlier one of the same format.
    for (auto after = c->runs_.rbegin(); after != c->runs_.rend() && c->before_run_.empty(); ++after) {
      if (!Comparable(after->second)) continue;
      for (auto before = std::next(after); before != c->runs_.rend(); ++before) {
        if (Comparable(before->second) && before->second.format == after->second.format) {
          c->before_run_ = before->first;
          c->after_run_ = after->first;
          break;
        }
      }
      break;  // only the newest import counts as "this time"
    }
  }
  return c;
}

Status CompareConsumer::Consume(const reports::KeywordLine&) {
  ++index_;
  return Status::Ok();
}

Status CompareConsumer::ConsumeRecord(const reports::KeywordLine& k, const store::KeywordRecord& rec) {
  if (spec_.mode != CompareSpec::Mode::kRuns) TakeExport(k, rec);
  if (!before_run_.empty()) TakeRuns(k, rec);
  ++index_;
  return Status::Ok();
}

void CompareConsumer::TakeExport(const reports::KeywordLine& k, const store::KeywordRecord& rec) {
  // Run ids sort like their numbers ("r" + six digits), so the newest is the greatest.
  for (const auto& src : rec.sources) {
    if (!IsCompareRow(src) || src.run_id <= export_run_) continue;
    export_run_ = src.run_id;
    export_ = reports::CompareBuilder();  // the keywords seen so far had no row in this newer export
    const std::string* now = Attr(src, "period");
    const std::string* prev = Attr(src, "period_previous");
    export_label_ = now ? *now : "Current period";
    export_label_previous_ = prev ? *prev : "Previous period";
  }
  if (export_run_.empty()) return;
  reports::CompareKeyword ck;
  double wb = 0, wa = 0;
  bool any = false;
  for (const auto& src : rec.sources) {
    if (src.run_id != export_run_ || !IsCompareRow(src)) continue;
    any = true;
    const int64_t clicks = Round(Number(src, "clicks")), impressions = Round(Number(src, "impressions"));
    const int64_t clicks_p = Round(Number(src, "clicks_previous"));
    const int64_t impressions_p = Round(Number(src, "impressions_previous"));
    AddFigures(&ck.after, &wa, clicks, impressions, impressions, true, Number(src, "position"));
    AddFigures(&ck.before, &wb, clicks_p, impressions_p, impressions_p, true, Number(src, "position_previous"));
  }
  if (!any) return;
  // Search Console shows a query missing from a period as 0 clicks, 0 impressions, position 0.
  ck.after.present = ck.after.clicks > 0 || ck.after.impressions > 0;
  ck.before.present = ck.before.clicks > 0 || ck.before.impressions > 0;
  if (!ck.after.present && !ck.before.present) return;
  ck.keyword = k.keyword;
  ck.stage = k.stage;
  ck.report_index = index_;
  export_.Add(std::move(ck));
}

void CompareConsumer::TakeRuns(const reports::KeywordLine& k, const store::KeywordRecord& rec) {
  reports::CompareKeyword ck;
  double wb = 0, wa = 0;
  for (const auto& src : rec.sources) {
    const bool before = src.run_id == before_run_, after = src.run_id == after_run_;
    if (!before && !after) continue;
    if (after || !pair_kind_) pair_kind_ = src.volume_kind;
    reports::PeriodFigures* p = after ? &ck.after : &ck.before;
    p->present = true;
    AddFigures(p, after ? &wa : &wb, Round(Number(src, "clicks")), Round(Number(src, "impressions")),
               src.volume.value_or(0), src.volume_kind == VolumeKind::kImpressions, Number(src, "position"));
  }
  if (!ck.before.present && !ck.after.present) return;
  ck.keyword = k.keyword;
  ck.stage = k.stage;
  ck.report_index = index_;
  pair_.Add(std::move(ck));
}

Result<std::shared_ptr<const reports::Comparison>> CompareConsumer::Build(const plan::Topics* topics) {
  auto period = [&](const std::string& run_id, std::string label) {
    reports::ComparePeriod p;
    p.run_id = run_id;
    auto it = runs_.find(run_id);
    if (it != runs_.end()) {
      p.file = BaseName(it->second.file);
      p.imported_at = Time(it->second.started_at);
    }
    p.label = label.empty() ? run_id + (p.imported_at.empty() ? "" : " (" + p.imported_at + ")") : std::move(label);
    return p;
  };
  const bool use_export =
      !export_run_.empty() && (spec_.mode == CompareSpec::Mode::kExport || spec_.mode == CompareSpec::Mode::kAuto);
  if (use_export) {
    auto c = std::make_shared<reports::Comparison>(
        export_.Finish("export", period(export_run_, export_label_previous_), period(export_run_, export_label_),
                       std::string(VolumeKindId(VolumeKind::kImpressions)), topics));
    return std::shared_ptr<const reports::Comparison>(std::move(c));
  }
  if (spec_.mode == CompareSpec::Mode::kExport) {
    return Status::InvalidArgument(
        "--compare export: the project holds no Search Console compare export (a Queries export made with "
        "'Compare' on, with columns like 'Last 28 days Clicks' and 'Previous 28 days Clicks'); give two import "
        "runs instead: --compare r000001,r000002");
  }
  if (before_run_.empty()) {
    if (spec_.optional) return std::shared_ptr<const reports::Comparison>();
    return Status::InvalidArgument(
        "--compare: nothing to compare: the project holds no Search Console compare export and no two imports "
        "of the same format; import a newer export of the same source, or give two runs: --compare "
        "r000001,r000002 (klantreis imports lists them)");
  }
  const store::ImportRun& b = runs_.at(before_run_);
  const store::ImportRun& a = runs_.at(after_run_);
  auto c = std::make_shared<reports::Comparison>(
      pair_.Finish("runs", period(before_run_, ""), period(after_run_, ""),
                   std::string(VolumeKindId(pair_kind_.value_or(VolumeKind::kNone))), topics));
  if (b.format != a.format) {
    c->notes.push_back(before_run_ + " is a " + b.format + " import and " + after_run_ + " a " + a.format +
                       " import: their figures may be of different kinds.");
  }
  if (b.started_at > a.started_at) {
    c->notes.push_back(before_run_ + " (before) was imported after " + after_run_ + " (after): the order given is kept.");
  }
  return std::shared_ptr<const reports::Comparison>(std::move(c));
}

}  // namespace internal
}  // namespace kr::app
