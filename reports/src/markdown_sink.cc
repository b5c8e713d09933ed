// MarkdownReportSink: report.md, a readable summary for people: metadata,
// the stage table (with Dutch names), an article plan (the biggest keywords
// of each stage), seasonality and content gaps. Every piece of data goes
// through kr::MarkdownEscape, so a keyword with "|" cannot break a table.
#include "klantreis/core/text.h"
#include "compare_files.h"
#include "coverage_files.h"
#include "plan_files.h"
#include "report_common.h"
#include "sinks.h"

namespace kr::reports::internal {
namespace {

constexpr size_t kPlanKeywords = 8;

std::string Esc(std::string_view s) { return MarkdownEscape(s); }

class MarkdownReportSink final : public SummarySink {
 public:
  std::string_view format() const override { return "md"; }

  Result<std::vector<std::string>> Finish(const ReportData& data) override {
    const std::string& out_dir = out_dir_;
    const auto stages = StagesInOrder(data);
    std::string md;
    md += "# " + Esc(Title(data.meta)) + "\n\n";
    for (const auto& [label, value] : MetaRows(data.meta)) {
      md += "- **" + label + ":** " + (value.empty() ? "—" : Esc(value)) + "\n";
    }

    md += "\n## Stages\n\n";
    md += "| # | Stage | Dutch name | Funnel | Keywords | " + std::string(VolumeHeader(data)) + " | Share |\n";
    md += "|--:|-------|------------|--------|---------:|---------------:|------:|\n";
    for (const auto& st : stages) {
      md += "| " + std::to_string(StageIndex(st.stage) + 1) + " | " + Esc(StageTitle(st.stage)) + " | " +
            Esc(StageDutchName(st.stage)) + " | " + std::string(FunnelId(FunnelOf(st.stage))) + " | " +
            std::to_string(st.keywords) + " | " + FormatThousands(st.monthly_volume) + " | " +
            FormatPercent(st.volume_share) + " |\n";
    }
    md += "\nTotal: " + FormatThousands(TotalVolume(stages)) + " " + std::string(VolumeUnit(data)) + " over " +
          std::to_string(data.keyword_count) + " keywords.\n";
    md += "\n" + Esc(UncertainSentence(data)) + "\n";
    if (AnyImpressions(data) && !OnlyImpressions(data)) {
      md += "\nSome volumes are Search Console impressions (no other figure was available): they count "
            "how often a page was shown, not how often people searched.\n";
    }

    md += "\n## Article plan: the biggest keywords per stage\n\n";
    for (const auto& st : stages) {
      md += "- **" + Esc(StageTitle(st.stage)) + "** (" + Esc(StageDutchName(st.stage)) + "): ";
      if (st.top_keywords.empty()) {
        md += "_no keywords yet_\n";
        continue;
      }
      for (size_t i = 0; i < st.top_keywords.size() && i < kPlanKeywords; ++i) {
        if (i) md += ", ";
        md += Esc(st.top_keywords[i]);
      }
      md += "\n";
    }

    if (data.topics) md += PlanMarkdown(*data.topics);
    if (data.comparison) md += CompareMarkdown(*data.comparison);
    if (data.coverage) md += CoverageMarkdown(*data.coverage);

    const auto months = Months(data);
    if (!months.empty()) {
      md += "\n## Seasonality (monthly searches)\n\n| Stage |";
      for (const auto& m : months) md.append(" ").append(Esc(m)).append(" |");
      md += "\n|-------|";
      for (size_t i = 0; i < months.size(); ++i) md += "--:|";
      md += "\n";
      for (const auto& st : stages) {
        md += "| " + Esc(StageTitle(st.stage)) + " |";
        for (const auto& m : months) {
          auto it = st.monthly.find(m);
          md.append(" ").append(FormatThousands(it == st.monthly.end() ? 0 : it->second)).append(" |");
        }
        md += "\n";
      }
    }

    md += "\n## Content gaps\n\n";
    const auto gaps = ContentGaps(stages);
    if (gaps.empty()) {
      md += "Every stage has at least " + std::to_string(kFewKeywords) + " keywords.\n";
    } else {
      md += "Stages with no or few keywords (fewer than " + std::to_string(kFewKeywords) +
            "): content for these steps of the customer journey is missing or thin.\n\n";
      for (const auto& g : gaps) {
        md += "- **" + Esc(StageTitle(g.stage)) + "** (" + Esc(StageDutchName(g.stage)) + ", " +
              std::string(FunnelId(FunnelOf(g.stage))) + " funnel): " + g.reason + "\n";
      }
    }

    const std::string path = OutPath(out_dir, "report.md");
    KR_RETURN_IF_ERROR(WriteFileAtomic(path, md).WithContext("markdown report"));
    return std::vector<std::string>{path};
  }
};

}  // namespace

std::unique_ptr<ReportSink> NewMarkdownSink() { return std::make_unique<MarkdownReportSink>(); }

}  // namespace kr::reports::internal
