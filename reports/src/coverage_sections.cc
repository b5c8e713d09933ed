// The "Site coverage" sections of report.md and report.html, the chart and
// the JSON object: per stage keywords and volume covered vs gap, the
// cannibalised keywords, the biggest gaps. Every piece of data is escaped
// (MarkdownEscape, HtmlEscape after UTF-8 repair).
#include <algorithm>
#include <cstdio>

#include "coverage_files.h"
#include "klantreis/core/text.h"
#include "report_common.h"

namespace kr::reports::internal {
namespace {

std::string H(std::string_view s) { return HtmlEscape(SanitizeUtf8(s)); }
std::string M(std::string_view s) { return MarkdownEscape(SanitizeUtf8(s)); }

constexpr const char* kCoveredColour = "#2f9e6e";
constexpr const char* kGapColour = "#d8663b";

double Share(int64_t part, int64_t whole) { return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0; }

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Score(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

std::string CoverageSentence(const CoverageSummary& c) {
  const uint64_t kw = c.covered_keywords() + c.gap_keywords();
  const int64_t vol = c.covered_volume() + c.gap_volume();
  std::string s = std::to_string(c.covered_keywords()) + " of " + std::to_string(kw) + " keywords (" +
                  FormatPercent(kw ? static_cast<double>(c.covered_keywords()) / static_cast<double>(kw) : 0) + "), " +
                  FormatThousands(c.covered_volume()) + " of " + FormatThousands(vol) + " monthly searches (" +
                  FormatPercent(Share(c.covered_volume(), vol)) + ") are covered by a page of the site (" +
                  std::to_string(c.pages) + " indexable of " + std::to_string(c.crawled_pages) + " crawled pages).";
  if (c.cannibalised_keywords > 0) {
    s += " " + std::to_string(c.cannibalised_keywords) +
         " keywords are covered well by two or more pages (cannibalisation, see coverage.csv).";
  }
  return s;
}

std::string CoverageMarkdown(const CoverageSummary& c) {
  std::string md = "\n## Site coverage\n\n" + M(CoverageSentence(c)) + "\n\n";
  md += "| Stage | Keywords covered | Keywords gap | Volume covered | Volume gap | Covered share | Cannibalised |\n";
  md += "|-------|---:|---:|---:|---:|---:|---:|\n";
  for (Stage st : kAllStages) {
    const CoverageStage& s = c.stages[StageIndex(st)];
    md += "| " + M(StageTitle(st)) + " | " + std::to_string(s.covered_keywords) + " | " + std::to_string(s.gap_keywords) +
          " | " + FormatThousands(s.covered_volume) + " | " + FormatThousands(s.gap_volume) + " | " +
          FormatPercent(Share(s.covered_volume, s.covered_volume + s.gap_volume)) + " | " +
          std::to_string(s.cannibalised_keywords) + " |\n";
  }
  md += "\n### The biggest gaps\n\n";
  if (c.top_gaps.empty()) {
    md += "_No gaps: every keyword has a covering page._\n";
    return md;
  }
  md += "| Keyword | Stage | Volume | Nearest page (score) |\n|---|---|---:|---|\n";
  for (const CoverageGap& g : c.top_gaps) {
    md += "| " + M(g.keyword) + " | " + M(StageTitle(g.stage)) + " | " + FormatThousands(g.monthly_volume) + " | " +
          (g.nearest_url.empty() ? std::string("\u2013") : M(g.nearest_url) + " (" + Score(g.score) + ")") + " |\n";
  }
  md += "\nPer stage:\n\n";
  for (Stage st : kAllStages) {
    const CoverageStage& s = c.stages[StageIndex(st)];
    if (s.top_gaps.empty()) continue;
    md += "- **" + M(StageTitle(st)) + "**: ";
    for (size_t i = 0; i < s.top_gaps.size() && i < 5; ++i) {
      if (i) md += ", ";
      md += M(s.top_gaps[i].keyword) + " (" + FormatThousands(s.top_gaps[i].monthly_volume) + ")";
    }
    md += "\n";
  }
  return md;
}

std::string CoverageChart(const CoverageSummary& c) {
  constexpr int kRow = 26, kLabel = 170, kBar = 430, kTop = 8;
  int64_t max = 1;
  for (const auto& s : c.stages) max = std::max(max, s.covered_volume + s.gap_volume);
  const int height = kTop + kRow * kNumStages + 28;
  std::string svg = "<svg id=\"chart-coverage\" class=\"chart\" role=\"img\" viewBox=\"0 0 760 " +
                    std::to_string(height) + "\" width=\"760\" height=\"" + std::to_string(height) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\"><title>Search volume per stage: covered by a page of the "
                    "site vs gap</title>";
  for (int i = 0; i < kNumStages; ++i) {
    const Stage st = kAllStages[i];
    const CoverageStage& s = c.stages[i];
    const int y = kTop + i * kRow;
    const double wc = kBar * static_cast<double>(s.covered_volume) / static_cast<double>(max);
    const double wg = kBar * static_cast<double>(s.gap_volume) / static_cast<double>(max);
    svg += "<g class=\"bar-coverage\" data-stage=\"" + std::string(StageId(st)) + "\">";
    svg += "<text x=\"" + std::to_string(kLabel - 8) + "\" y=\"" + std::to_string(y + 17) +
           "\" text-anchor=\"end\" font-size=\"13\">" + std::to_string(i + 1) + ". " + H(StageTitle(st)) + "</text>";
    svg += "<rect class=\"covered\" x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
           Num(wc) + "\" height=\"" + std::to_string(kRow - 8) + "\" fill=\"" + kCoveredColour + "\"><title>" +
           H(StageTitle(st)) + " covered: " + FormatThousands(s.covered_volume) + " (" +
           std::to_string(s.covered_keywords) + " keywords)</title></rect>";
    svg += "<rect class=\"gap\" x=\"" + Num(kLabel + wc) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" + Num(wg) +
           "\" height=\"" + std::to_string(kRow - 8) + "\" fill=\"" + kGapColour + "\"><title>" + H(StageTitle(st)) +
           " gap: " + FormatThousands(s.gap_volume) + " (" + std::to_string(s.gap_keywords) + " keywords)</title></rect>";
    svg += "<text x=\"" + Num(kLabel + wc + wg + 6) + "\" y=\"" + std::to_string(y + 17) +
           "\" font-size=\"12\" fill=\"#44506a\">" + FormatThousands(s.covered_volume) + " covered \u00b7 " +
           FormatThousands(s.gap_volume) + " gap</text></g>";
  }
  const int ly = kTop + kRow * kNumStages + 16;
  svg += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(ly - 10) + "\" width=\"12\" height=\"12\" fill=\"" +
         kCoveredColour + "\"/><text x=\"" + std::to_string(kLabel + 18) + "\" y=\"" + std::to_string(ly) +
         "\" font-size=\"12\">covered by a page</text>";
  svg += "<rect x=\"" + std::to_string(kLabel + 160) + "\" y=\"" + std::to_string(ly - 10) +
         "\" width=\"12\" height=\"12\" fill=\"" + kGapColour + "\"/><text x=\"" + std::to_string(kLabel + 178) +
         "\" y=\"" + std::to_string(ly) + "\" font-size=\"12\">gap (no page)</text>";
  svg += "</svg>";
  return svg;
}

std::string CoverageHtml(const CoverageSummary& c) {
  std::string h = "<h2 id=\"coverage\">Site coverage</h2>\n<p>" + H(CoverageSentence(c)) + "</p>\n" + CoverageChart(c) +
                  "\n<table class=\"coverage\">\n<thead><tr><th>Stage</th><th class=\"n\">Keywords covered</th><th "
                  "class=\"n\">Keywords gap</th><th class=\"n\">Volume covered</th><th class=\"n\">Volume gap</th><th "
                  "class=\"n\">Covered share</th><th class=\"n\">Cannibalised</th></tr></thead>\n<tbody>\n";
  for (Stage st : kAllStages) {
    const CoverageStage& s = c.stages[StageIndex(st)];
    h += "<tr><td>" + H(StageTitle(st)) + "</td><td class=\"n\">" + std::to_string(s.covered_keywords) +
         "</td><td class=\"n\">" + std::to_string(s.gap_keywords) + "</td><td class=\"n\">" +
         FormatThousands(s.covered_volume) + "</td><td class=\"n\">" + FormatThousands(s.gap_volume) +
         "</td><td class=\"n\">" + FormatPercent(Share(s.covered_volume, s.covered_volume + s.gap_volume)) +
         "</td><td class=\"n\">" + std::to_string(s.cannibalised_keywords) + "</td></tr>\n";
  }
  h += "</tbody>\n</table>\n<h3>The biggest gaps</h3>\n";
  if (c.top_gaps.empty()) return h + "<p class=\"muted\">No gaps: every keyword has a covering page.</p>\n";
  h += "<table class=\"gaps\">\n<thead><tr><th>Keyword</th><th>Stage</th><th class=\"n\">Volume</th><th>Nearest page "
       "(score)</th></tr></thead>\n<tbody>\n";
  for (const CoverageGap& g : c.top_gaps) {
    h += "<tr><td>" + H(g.keyword) + "</td><td>" + H(StageTitle(g.stage)) + "</td><td class=\"n\">" +
         FormatThousands(g.monthly_volume) + "</td><td>" +
         (g.nearest_url.empty() ? std::string("\u2013") : H(g.nearest_url) + " (" + Score(g.score) + ")") +
         "</td></tr>\n";
  }
  return h + "</tbody>\n</table>\n";
}

nlohmann::ordered_json CoverageJson(const CoverageSummary& c) {
  using Json = nlohmann::ordered_json;
  auto gap = [](const CoverageGap& g) {
    Json j;
    j["keyword"] = g.keyword;
    j["stage"] = StageId(g.stage);
    j["monthly_volume"] = g.monthly_volume;
    j["nearest_url"] = g.nearest_url;
    j["score"] = g.score;
    return j;
  };
  Json root;
  root["pages"] = c.pages;
  root["crawled_pages"] = c.crawled_pages;
  root["covered_keywords"] = c.covered_keywords();
  root["gap_keywords"] = c.gap_keywords();
  root["covered_volume"] = c.covered_volume();
  root["gap_volume"] = c.gap_volume();
  root["cannibalised_keywords"] = c.cannibalised_keywords;
  Json stages = Json::array();
  for (Stage st : kAllStages) {
    const CoverageStage& s = c.stages[StageIndex(st)];
    Json j;
    j["stage"] = StageId(st);
    j["covered_keywords"] = s.covered_keywords;
    j["gap_keywords"] = s.gap_keywords;
    j["covered_volume"] = s.covered_volume;
    j["gap_volume"] = s.gap_volume;
    j["cannibalised_keywords"] = s.cannibalised_keywords;
    Json gaps = Json::array();
    for (const CoverageGap& g : s.top_gaps) gaps.push_back(gap(g));
    j["top_gaps"] = std::move(gaps);
    stages.push_back(std::move(j));
  }
  root["stages"] = std::move(stages);
  Json gaps = Json::array();
  for (const CoverageGap& g : c.top_gaps) gaps.push_back(gap(g));
  root["top_gaps"] = std::move(gaps);
  return root;
}

}  // namespace kr::reports::internal
