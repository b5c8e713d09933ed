// The plan sections of report.md and report.html: per stage the topics to
// write (label, volume, peak month when the imports had monthly figures,
// keywords, questions, content type, page, priority) and the five
// "Likeability moments". Every piece of data is escaped
// (MarkdownEscape, HtmlEscape).
#include <cstdio>

#include "klantreis/core/text.h"
#include "klantreis/plan/article_plan.h"
#include "plan_files.h"
#include "report_common.h"

namespace kr::reports::internal {
namespace {

constexpr size_t kShownKeywords = 5;
constexpr size_t kShownQuestions = 3;

template <typename Esc>
std::string List(const std::vector<std::string>& v, size_t max, Esc esc) {
  std::string out;
  for (size_t i = 0; i < v.size() && i < max; ++i) out += (i ? "; " : "") + esc(v[i]);
  if (v.size() > max) out += " (+" + std::to_string(v.size() - max) + ")";
  return out;
}

// "July 2025 (14.2%)": the peak month and its share of the topic's searches; "" without.
std::string PeakCell(const std::optional<plan::MonthPeak>& peak) {
  if (!peak) return "";
  const std::string name = plan::MonthName(peak->month);
  return (name.empty() ? peak->month : name + " " + peak->month.substr(0, 4)) + " (" + FormatPercent(peak->share()) + ")";
}

}  // namespace

std::string PlanMarkdown(const plan::Topics& topics) {
  auto esc = [](std::string_view s) { return MarkdownEscape(s); };
  std::string md = "\n## Article plan: topics per stage\n\n";
  md += std::to_string(topics.topic_count()) + " topics over " + std::to_string(topics.keyword_count()) +
        " keywords (all in plan.csv and clusters.csv); per stage the " + std::to_string(kPlanTopicsPerStage) +
        " with the highest priority.\n";
  for (Stage s : kAllStages) {
    const auto ids = plan::TopTopics(topics, s, kPlanTopicsPerStage);
    if (ids.empty()) continue;
    md += "\n### " + esc(StageTitle(s)) + " (" + esc(StageDutchName(s)) + "): " +
          esc(topics.config().content_types[StageIndex(s)]) + "\n\n";
    const bool peaks = topics.has_monthly();
    md += peaks ? "| Topic | Volume | Peak month | Keywords | Questions | Page | Priority |\n|---|--:|---|---|---|---|--:|\n"
                : "| Topic | Volume | Keywords | Questions | Page | Priority |\n|---|--:|---|---|---|--:|\n";
    for (uint32_t id : ids) {
      const plan::PlanRow r = plan::MakePlanRow(topics, topics.topic(id));
      md += "| " + esc(r.label) + " | " + FormatThousands(r.monthly_volume) + " | " +
            (peaks ? esc(PeakCell(r.peak)) + " | " : std::string()) + List(r.keywords, kShownKeywords, esc) +
            " | " + List(r.questions, kShownQuestions, esc) + " | " + (r.url.empty() ? "new" : esc(r.url)) + " | " +
            Fixed2(r.priority) + " |\n";
    }
  }
  md += "\n## Likeability moments\n\n";
  const auto moments = plan::LikeabilityMoments(topics, 5);
  if (moments.empty()) md += "_No topic has volume yet._\n";
  for (size_t i = 0; i < moments.size(); ++i) {
    const auto& m = moments[i];
    md += std::to_string(i + 1) + ". **" + esc(m.label) + "** × " + esc(StageTitle(m.stage)) + ": " + esc(m.why) + "\n";
  }
  return md;
}

std::string PlanHtml(const plan::Topics& topics) {
  auto esc = [](std::string_view s) { return HtmlEscape(s); };
  const bool peaks = topics.has_monthly();
  std::string h = "<h2>Article plan: topics per stage</h2>\n<p class=\"muted\">" + std::to_string(topics.topic_count()) +
                  " topics over " + std::to_string(topics.keyword_count()) +
                  " keywords (all in plan.csv and clusters.csv); per stage the " +
                  std::to_string(kPlanTopicsPerStage) + " with the highest priority.</p>\n";
  for (Stage s : kAllStages) {
    const auto ids = plan::TopTopics(topics, s, kPlanTopicsPerStage);
    if (ids.empty()) continue;
    h += "<h3>" + esc(StageTitle(s)) + " (" + esc(StageDutchName(s)) + "): " +
         esc(topics.config().content_types[StageIndex(s)]) + "</h3>\n<table class=\"plan-topics\">\n<thead><tr>"
         "<th>Topic</th><th class=\"n\">Volume</th>" + (peaks ? "<th>Peak month</th>" : "") +
         "<th>Keywords</th><th>Questions</th><th>Page</th><th class=\"n\">Priority</th></tr></thead>\n<tbody>\n";
    for (uint32_t id : ids) {
      const plan::PlanRow r = plan::MakePlanRow(topics, topics.topic(id));
      h += "<tr><td>" + esc(r.label) + "</td><td class=\"n\">" + FormatThousands(r.monthly_volume) + "</td><td>" +
           (peaks ? esc(PeakCell(r.peak)) + "</td><td>" : std::string()) +
           List(r.keywords, kShownKeywords, esc) + "</td><td>" + List(r.questions, kShownQuestions, esc) + "</td><td>" +
           (r.url.empty() ? std::string("new") : esc(r.url)) + "</td><td class=\"n\">" + Fixed2(r.priority) +
           "</td></tr>\n";
    }
    h += "</tbody>\n</table>\n";
  }
  h += "<h2>Likeability moments</h2>\n";
  const auto moments = plan::LikeabilityMoments(topics, 5);
  if (moments.empty()) {
    h += "<p class=\"muted\">No topic has volume yet.</p>\n";
  } else {
    h += "<ol class=\"moments\">\n";
    for (const auto& m : moments) {
      h += "<li><strong>" + esc(m.label) + "</strong> × " + esc(StageTitle(m.stage)) + ": " + esc(m.why) + "</li>\n";
    }
    h += "</ol>\n";
  }
  return h;
}

}  // namespace kr::reports::internal
