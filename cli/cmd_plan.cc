// klantreis plan [-p DIR] [--top N] [--format text|tsv|json] [-q]
// The article plan for the terminal: per stage in funnel order the topics
// with the highest priority (label, volume, keyword count, content type,
// page or "new", priority, questions; the peak month when the imports had
// monthly figures), then the five likeability moments.
// The same topics and figures as plan.csv and report.md (docs/plan.md).
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_text.h"
#include "klantreis/app/project.h"
#include "klantreis/app/report_builder.h"
#include "klantreis/core/progress.h"
#include "klantreis/core/number_format.h"
#include "klantreis/plan/article_plan.h"

namespace kr::cli {
namespace {

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? std::string(sep) : "") + v[i];
  return out;
}

std::string StageHeading(Stage s, const plan::PlanConfig& cfg) {
  return std::to_string(StageIndex(s) + 1) + " " + std::string(StageId(s)) + " (" + std::string(StageDutchName(s)) +
         ", " + std::string(FunnelId(FunnelOf(s))) + "): " + cfg.content_types[StageIndex(s)];
}

// The topic's peak month and its share of the topic's searches (4 decimals,
// as plan.csv), tab-separated; two empty cells without monthly figures.
std::string PeakTsv(const std::optional<plan::MonthPeak>& peak) {
  if (!peak) return "\t";
  char share[32];
  std::snprintf(share, sizeof share, "%.4f", peak->share());
  return peak->month + "\t" + share;
}

void PrintText(const app::Project& project, const plan::Topics& topics, size_t top) {
  const plan::PlanConfig& cfg = topics.config();
  std::cout << project.name << ": " << topics.topic_count() << " topics over " << topics.keyword_count()
            << " keywords, " << Thousands(topics.total_volume()) << " searches a month; per stage the " << top
            << " with the highest priority\n";
  for (Stage s : kAllStages) {
    const auto ids = plan::TopTopics(topics, s, top);
    if (ids.empty()) continue;
    std::cout << "\n" << StageHeading(s, cfg) << "\n";
    // The peak month column only when the imports had monthly figures.
    const bool peaks = topics.has_monthly();
    const std::string peak_head = peaks ? "peak     " : "";
    std::printf("  %8s %10s %5s  %s%-5s  %s\n", "priority", "volume", "kws", peak_head.c_str(), "page", "topic");
    std::fflush(stdout);
    for (uint32_t id : ids) {
      const plan::PlanRow r = plan::MakePlanRow(topics, topics.topic(id));
      char peak[32] = "";
      if (peaks) std::snprintf(peak, sizeof peak, "%-7s  ", r.peak ? r.peak->month.c_str() : "-");
      std::printf("  %8s %10s %5zu  %s%-5s  %s (#%u)\n", Fixed2(r.priority).c_str(), Thousands(r.monthly_volume).c_str(),
                  r.keywords.size(), peak, r.url.empty() ? "new" : r.url.c_str(), r.label.c_str(), r.cluster);
      for (const auto& q : r.questions)
        std::printf("  %8s %10s %5s  %s%-5s    ? %s\n", "", "", "", peaks ? "         " : "", "", q.c_str());
    }
    std::fflush(stdout);
  }
  std::cout << "\nLikeability moments\n";
  const auto moments = plan::LikeabilityMoments(topics, 5);
  if (moments.empty()) std::cout << "  no topic has volume yet\n";
  for (size_t i = 0; i < moments.size(); ++i) {
    const auto& m = moments[i];
    std::cout << "  " << i + 1 << ". " << m.label << " x " << StageId(m.stage) << " (priority " << Fixed2(m.priority)
              << "): " << m.why << "\n";
  }
}

// One table: section (topic | moment), stage, rank, then the topic's figures;
// moment rows carry the slice's volume and the one line of why.
void PrintTsv(const plan::Topics& topics, size_t top) {
  std::cout << "section\tstage\trank\tcluster\tlabel\tmonthly_volume\tkeyword_count\tcontent_type\turl\tpriority\t"
               "questions\twhy\tpeak_month\tpeak_share\n";
  const plan::PlanConfig& cfg = topics.config();
  for (Stage s : kAllStages) {
    size_t rank = 0;
    for (uint32_t id : plan::TopTopics(topics, s, top)) {
      const plan::PlanRow r = plan::MakePlanRow(topics, topics.topic(id));
      std::cout << "topic\t" << StageId(s) << '\t' << ++rank << '\t' << r.cluster << '\t' << TsvCell(r.label) << '\t'
                << r.monthly_volume << '\t' << r.keywords.size() << '\t' << TsvCell(r.content_type) << '\t' << TsvCell(r.url)
                << '\t' << Fixed2(r.priority) << '\t' << TsvCell(Join(r.questions, " | ")) << "\t\t" << PeakTsv(r.peak)
                << "\n";
    }
  }
  size_t rank = 0;
  for (const auto& m : plan::LikeabilityMoments(topics, 5)) {
    const auto& t = topics.topic(m.cluster);
    const plan::PlanRow r = plan::MakePlanRow(topics, t);
    std::cout << "moment\t" << StageId(m.stage) << '\t' << ++rank << '\t' << m.cluster << '\t' << TsvCell(m.label) << '\t'
              << m.monthly_volume << '\t' << t.count << '\t' << TsvCell(cfg.content_types[StageIndex(m.stage)]) << '\t'
              << TsvCell(r.url) << '\t' << Fixed2(m.priority) << "\t\t" << TsvCell(m.why) << '\t' << PeakTsv(r.peak)
              << "\n";
  }
}

void PrintJson(const app::Project& project, const plan::Topics& topics, size_t top) {
  using nlohmann::ordered_json;
  const plan::PlanConfig& cfg = topics.config();
  ordered_json j;
  j["project"] = project.name;
  j["topics"] = topics.topic_count();
  j["keywords"] = topics.keyword_count();
  j["monthly_volume"] = topics.total_volume();
  j["top"] = top;
  ordered_json stages = ordered_json::array();
  for (Stage s : kAllStages) {
    ordered_json st;
    st["stage"] = StageId(s);
    st["funnel"] = FunnelId(FunnelOf(s));
    st["content_type"] = cfg.content_types[StageIndex(s)];
    st["topics"] = ordered_json::array();
    for (uint32_t id : plan::TopTopics(topics, s, top)) {
      const plan::PlanRow r = plan::MakePlanRow(topics, topics.topic(id));
      ordered_json t;
      t["cluster"] = r.cluster;
      t["label"] = r.label;
      t["monthly_volume"] = r.monthly_volume;
      t["keyword_count"] = r.keywords.size();
      t["content_type"] = r.content_type;
      t["url"] = r.url;
      t["priority"] = r.priority;
      t["questions"] = r.questions;
      if (r.peak) t["peak_month"] = r.peak->month, t["peak_share"] = std::round(r.peak->share() * 10000) / 10000;
      t["keywords"] = r.keywords;
      st["topics"].push_back(std::move(t));
    }
    stages.push_back(std::move(st));
  }
  j["stages"] = std::move(stages);
  ordered_json moments = ordered_json::array();
  for (const auto& m : plan::LikeabilityMoments(topics, 5)) {
    ordered_json o;
    o["cluster"] = m.cluster;
    o["label"] = m.label;
    o["stage"] = StageId(m.stage);
    o["monthly_volume"] = m.monthly_volume;
    o["priority"] = m.priority;
    o["why"] = m.why;
    moments.push_back(std::move(o));
  }
  j["likeability_moments"] = std::move(moments);
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace

void AddPlanCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand(
      "plan", "The article plan: per stage the topics to write (volume, questions, content type, page, priority) "
              "and the five likeability moments");
  struct Opts {
    size_t top = 5;
    std::string format = "text";
    bool quiet = false;
  };
  auto o = std::make_shared<Opts>();
  AddProjectOptions(cmd, &g);
  cmd->add_option("--top", o->top, "topics shown per stage")->check(CLI::Range(size_t{1}, size_t{1000000}))->capture_default_str();
  cmd->add_option("--format", o->format, "text, tsv or json")
      ->check(CLI::IsMember({"text", "tsv", "json"}))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", o->quiet, "no progress on stderr");
  cmd->callback([&g, o] {
    std::string note;
    auto project = app::OpenProjectForReading(g.project_dir, g.config_files, &note);
    if (!project.ok()) {
      g.exit_code = Fail(project.status());
      return;
    }
    if (!note.empty()) std::cerr << "klantreis: plan: " << note << "\n";
    Progress progress("plan", "keywords", 0, ProgressOptions(o->quiet));
    auto topics = app::BuildProjectTopics(*project, &progress);
    progress.Finish();
    if (!topics.ok()) {
      g.exit_code = Fail(app::DamagedStoreHint(project->dir, topics.status()));
      return;
    }
    if (o->format == "json") PrintJson(*project, **topics, o->top);
    else if (o->format == "tsv") PrintTsv(**topics, o->top);
    else PrintText(*project, **topics, o->top);
  });
}

}  // namespace kr::cli
