#include "html_charts.h"

#include <algorithm>
#include <cstdio>

#include "klantreis/core/text.h"
#include "report_common.h"

namespace kr::reports::internal {
namespace {

constexpr const char* kSalesColour = "#3b6fd8";
constexpr const char* kServiceColour = "#2f9e6e";
// Ten distinguishable line colours, one per stage.
constexpr const char* kStageColours[kNumStages] = {"#1f4e9c", "#3b6fd8", "#6a9bf0", "#8e6bd8", "#c0559b",
                                                    "#d8663b", "#2f9e6e", "#59b88a", "#8a9a2f", "#b08a1f"};

std::string H(std::string_view s) { return HtmlEscape(SanitizeUtf8(s)); }

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

const char* FunnelColour(Stage s) { return FunnelOf(s) == Funnel::kSales ? kSalesColour : kServiceColour; }

}  // namespace

std::string StageVolumeChart(const std::array<StageLine, kNumStages>& stages) {
  constexpr int kRow = 26, kLabel = 170, kBar = 430, kTop = 8;
  int64_t max = 1;
  for (const auto& s : stages) max = std::max(max, s.monthly_volume);
  const int height = kTop + kRow * kNumStages + 8;
  std::string svg = "<svg id=\"chart-stages\" class=\"chart\" role=\"img\" viewBox=\"0 0 760 " +
                    std::to_string(height) + "\" width=\"760\" height=\"" + std::to_string(height) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\"><title>Search volume per stage, in funnel order</title>";
  for (int i = 0; i < kNumStages; ++i) {
    const StageLine& s = stages[i];
    const int y = kTop + i * kRow;
    const double w = s.monthly_volume > 0 ? std::max(1.0, kBar * static_cast<double>(s.monthly_volume) / max) : 0;
    svg += "<g class=\"bar-stage\" data-stage=\"" + std::string(StageId(s.stage)) + "\">";
    svg += "<text x=\"" + std::to_string(kLabel - 8) + "\" y=\"" + std::to_string(y + 17) +
           "\" text-anchor=\"end\" font-size=\"13\">" + std::to_string(i + 1) + ". " + H(StageTitle(s.stage)) +
           "</text>";
    svg += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" + Num(w) +
           "\" height=\"" + std::to_string(kRow - 8) + "\" fill=\"" + FunnelColour(s.stage) + "\"><title>" +
           H(StageTitle(s.stage)) + ": " + FormatThousands(s.monthly_volume) + " (" + FormatPercent(s.volume_share) +
           ")</title></rect>";
    svg += "<text x=\"" + Num(kLabel + w + 6) + "\" y=\"" + std::to_string(y + 17) + "\" font-size=\"12\" fill=\"#44506a\">" +
           FormatThousands(s.monthly_volume) + " \u00b7 " + FormatPercent(s.volume_share) + "</text></g>";
  }
  svg += "</svg>";
  return svg;
}

std::string FunnelShareChart(const std::array<StageLine, kNumStages>& stages) {
  int64_t sales = 0, service = 0;
  for (const auto& s : stages) (FunnelOf(s.stage) == Funnel::kSales ? sales : service) += s.monthly_volume;
  const double total = static_cast<double>(sales + service);
  const double share = total > 0 ? sales / total : 0;
  constexpr double kWidth = 600;
  const double ws = kWidth * share;
  std::string svg = "<svg id=\"chart-funnel\" class=\"chart\" role=\"img\" viewBox=\"0 0 760 56\" width=\"760\" "
                    "height=\"56\" xmlns=\"http://www.w3.org/2000/svg\"><title>Sales vs service share of the search "
                    "volume</title>";
  svg += "<rect x=\"0\" y=\"4\" width=\"" + Num(ws) + "\" height=\"24\" fill=\"" + kSalesColour + "\"/>";
  svg += "<rect x=\"" + Num(ws) + "\" y=\"4\" width=\"" + Num(kWidth - ws) + "\" height=\"24\" fill=\"" +
         kServiceColour + "\"/>";
  if (total <= 0) svg += "<rect x=\"0\" y=\"4\" width=\"600\" height=\"24\" fill=\"#edf0f5\"/>";
  svg += "<text x=\"0\" y=\"48\" font-size=\"13\">Sales funnel (stages 1\u20136): " + FormatThousands(sales) + " \u00b7 " +
         FormatPercent(share) + "</text>";
  svg += "<text x=\"600\" y=\"48\" font-size=\"13\" text-anchor=\"end\">Service funnel (stages 7\u201310): " +
         FormatThousands(service) + " \u00b7 " + FormatPercent(total > 0 ? 1 - share : 0) + "</text></svg>";
  return svg;
}

std::string SeasonalityChart(const std::array<StageLine, kNumStages>& stages, const std::vector<std::string>& months) {
  if (months.empty()) return "";
  constexpr int kLeft = 60, kWidth = 520, kTop = 10, kHeight = 220;
  int64_t max = 1;
  for (const auto& s : stages) {
    for (const auto& [m, v] : s.monthly) max = std::max(max, v);
  }
  const double dx = months.size() > 1 ? static_cast<double>(kWidth) / (months.size() - 1) : 0;
  auto x = [&](size_t i) { return kLeft + dx * i; };
  auto y = [&](int64_t v) { return kTop + kHeight - kHeight * static_cast<double>(v) / max; };
  std::string svg = "<svg id=\"chart-seasonality\" class=\"chart\" role=\"img\" viewBox=\"0 0 760 " +
                    std::to_string(kTop + kHeight + 40) + "\" width=\"760\" height=\"" +
                    std::to_string(kTop + kHeight + 40) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\"><title>Monthly searches per stage</title>";
  svg += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" + std::to_string(kTop + kHeight) + "\" x2=\"" +
         std::to_string(kLeft + kWidth) + "\" y2=\"" + std::to_string(kTop + kHeight) + "\" stroke=\"#999\"/>";
  svg += "<text x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + std::to_string(kTop + 10) +
         "\" font-size=\"11\" text-anchor=\"end\">" + FormatThousands(max) + "</text>";
  svg += "<text x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + std::to_string(kTop + kHeight) +
         "\" font-size=\"11\" text-anchor=\"end\">0</text>";
  const size_t step = std::max<size_t>(1, (months.size() + 11) / 12);
  for (size_t i = 0; i < months.size(); i += step) {
    svg += "<text x=\"" + Num(x(i)) + "\" y=\"" + std::to_string(kTop + kHeight + 16) +
           "\" font-size=\"11\" text-anchor=\"middle\">" + H(months[i]) + "</text>";
  }
  int legend = 0;
  for (int si = 0; si < kNumStages; ++si) {
    const StageLine& s = stages[si];
    if (s.monthly.empty()) continue;
    std::string points;
    for (size_t i = 0; i < months.size(); ++i) {
      auto it = s.monthly.find(months[i]);
      points += Num(x(i)) + "," + Num(y(it == s.monthly.end() ? 0 : it->second)) + " ";
    }
    svg += "<polyline class=\"season-line\" data-stage=\"" + std::string(StageId(s.stage)) + "\" fill=\"none\" stroke=\"" +
           kStageColours[si] + "\" stroke-width=\"2\" points=\"" + points + "\"><title>" + H(StageTitle(s.stage)) +
           "</title></polyline>";
    const int ly = kTop + 12 + legend * 18;
    svg += "<rect x=\"600\" y=\"" + std::to_string(ly - 9) + "\" width=\"12\" height=\"4\" fill=\"" +
           kStageColours[si] + "\"/><text x=\"618\" y=\"" + std::to_string(ly) + "\" font-size=\"12\">" +
           H(StageTitle(s.stage)) + "</text>";
    ++legend;
  }
  svg += "</svg>";
  return svg;
}

}  // namespace kr::reports::internal
