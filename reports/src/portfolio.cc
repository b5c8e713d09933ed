// The portfolio of a batch: summary.csv and index.html.
#include "klantreis/reports/portfolio.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>

#include "klantreis/core/text.h"
#include "klantreis/reports/branding.h"
#include "report_common.h"

namespace kr::reports {
namespace {

using internal::FormatPercent;
using internal::FormatShare;
using internal::FormatThousands;
using internal::StageTitle;

constexpr const char* kSalesColour = "#3b6fd8";
constexpr const char* kServiceColour = "#2f9e6e";

std::string H(std::string_view s) { return HtmlEscape(SanitizeUtf8(s)); }

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Percent-encodes a path segment for an href (the name is also HTML-escaped by the caller).
std::string UrlPath(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Ten columns, one per stage in funnel order, height = share of the volume.
std::string MiniChart(const PortfolioProject& p) {
  constexpr int kW = 18, kGap = 4, kH = 60;
  double max = 0;
  for (const auto& s : p.stages) max = std::max(max, s.volume_share);
  std::string svg = "<svg class=\"mini\" role=\"img\" viewBox=\"0 0 " + std::to_string(kNumStages * (kW + kGap)) + " " +
                    std::to_string(kH + 14) + "\" width=\"" + std::to_string(kNumStages * (kW + kGap)) +
                    "\" height=\"" + std::to_string(kH + 14) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\"><title>Share of the volume per stage, in funnel order: " +
                    H(p.name) + "</title>";
  for (size_t i = 0; i < kNumStages; ++i) {
    const PortfolioStage& s = p.stages[i];
    Stage stage = kAllStages[i];
    double h = max > 0 ? kH * s.volume_share / max : 0;
    if (s.monthly_volume > 0) h = std::max(h, 1.0);
    const int x = static_cast<int>(i) * (kW + kGap);
    svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + Num(kH - h) + "\" width=\"" + std::to_string(kW) +
           "\" height=\"" + Num(h) + "\" fill=\"" + (FunnelOf(stage) == Funnel::kSales ? kSalesColour : kServiceColour) +
           "\"><title>" + std::to_string(i + 1) + ". " + H(StageTitle(stage)) + ": " + std::to_string(s.keywords) +
           " keywords, " + FormatThousands(s.monthly_volume) + " (" + FormatPercent(s.volume_share) + ")</title></rect>";
    svg += "<text x=\"" + std::to_string(x + kW / 2) + "\" y=\"" + std::to_string(kH + 12) +
           "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#6b7588\">" + std::to_string(i + 1) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

// Stages without keywords or with only a few: where content is missing.
std::string Gaps(const PortfolioProject& p) {
  std::string none, few;
  for (size_t i = 0; i < kNumStages; ++i) {
    const auto& s = p.stages[i];
    std::string title = StageTitle(kAllStages[i]);
    if (s.keywords == 0) {
      none += (none.empty() ? "" : ", ") + title;
    } else if (s.keywords < internal::kFewKeywords) {
      few += (few.empty() ? "" : ", ") + title + " (" + std::to_string(s.keywords) + ")";
    }
  }
  std::string out;
  if (!none.empty()) out += "no keywords: " + none;
  if (!few.empty()) out += std::string(out.empty() ? "" : "; ") + "few: " + few;
  return out.empty() ? "none" : out;
}

// Site coverage: how much volume no page covers, and the biggest such keywords.
std::string SiteGaps(const PortfolioProject& p) {
  const int64_t total = p.gap_volume + p.covered_volume;
  std::string h = "<div class=\"site-gaps\"><span class=\"label\">Biggest gaps</span>" +
                  FormatThousands(p.gap_volume) + " of " + FormatThousands(total) + " (" +
                  FormatPercent(total > 0 ? static_cast<double>(p.gap_volume) / total : 0) + ") of the volume, " +
                  std::to_string(p.gap_keywords) + " keywords, has no page on the site";
  if (!p.gaps.empty()) {
    h += ": <ol class=\"moments gaps\">";
    for (const auto& g : p.gaps) {
      h += "<li><strong>" + H(g.keyword) + "</strong> \u00d7 " + H(StageTitle(g.stage)) + " <span class=\"muted\">(" +
           FormatThousands(g.monthly_volume) + ")</span></li>";
    }
    h += "</ol>";
  }
  return h + "</div>\n";
}

// The client's top likeability moments, "topic × stage (volume)" with why on hover.
std::string Moments(const PortfolioProject& p) {
  if (p.moments.empty()) return "<span class=\"muted\">none yet</span>";
  std::string h = "<ol class=\"moments\">";
  for (const auto& m : p.moments) {
    h += "<li title=\"" + H(m.why) + "\"><strong>" + H(m.label) + "</strong> \u00d7 " + H(StageTitle(m.stage)) +
         " <span class=\"muted\">(" + FormatThousands(m.monthly_volume) + ")</span></li>";
  }
  return h + "</ol>";
}

constexpr char kStyle[] = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#1d2430;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.5rem}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0;width:100%}th,td{padding:.4rem .6rem;border-bottom:1px solid #e4e8ef;text-align:left;vertical-align:top}
th{background:#f3f5f9}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#6b7588}.failed{color:#a01c1c}.gap{color:#a04a00;font-size:.85rem}
.mini{display:block}
.change,.site-gaps{font-size:.85rem;margin-bottom:.2rem}
td.client{overflow-wrap:anywhere;min-width:12rem;max-width:20rem}td.gap{max-width:18rem}
tr.moments-row td{border-top:none;padding-top:0}tr:has(+tr.moments-row) td{border-bottom:none}
.label{font-size:.8rem;font-weight:600;color:#44506a;margin-right:.6rem}
ol.moments{display:inline-flex;flex-wrap:wrap;gap:.2rem 1.6rem;margin:0;padding-left:1.2rem;font-size:.85rem}
ol.moments li{margin:0}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
)";

}  // namespace

int64_t TotalVolume(const PortfolioProject& p) {
  int64_t total = 0;
  for (const auto& s : p.stages) total += s.monthly_volume;
  return total;
}

std::string PortfolioCsv(const std::vector<PortfolioProject>& projects) {
  std::string out = "project,stage,keywords,monthly_volume,volume_share,funnel\n";
  for (const auto& p : projects) {
    if (!p.ok) continue;
    for (size_t i = 0; i < kNumStages; ++i) {
      const auto& s = p.stages[i];
      out += CsvField(p.name) + "," + std::string(StageId(kAllStages[i])) + "," + std::to_string(s.keywords) + "," +
             std::to_string(s.monthly_volume) + "," + FormatShare(s.volume_share) + "," +
             std::string(FunnelId(FunnelOf(kAllStages[i]))) + "\n";
    }
  }
  return out;
}

std::string PortfolioHtml(const std::vector<PortfolioProject>& projects, const std::string& generated_at,
                          const Branding& branding) {
  size_t ok = 0;
  uint64_t keywords = 0;
  for (const auto& p : projects) {
    if (!p.ok) continue;
    ++ok;
    keywords += p.keywords;
  }
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                  "img-src data:\">\n<title>Klantreis portfolio</title>\n<style>" +
                  std::string(kStyle) + BrandingCss(branding) + "</style>\n</head>\n<body>\n" +
                  BrandingHeaderHtml(branding) + "<h1>Klantreis portfolio</h1>\n";
  h += "<p>" + std::to_string(projects.size()) + " projects: " + std::to_string(ok) + " ok, " +
       std::to_string(projects.size() - ok) + " failed; " + FormatThousands(static_cast<int64_t>(keywords)) +
       " keywords in all.</p>\n";
  h += "<p class=\"legend muted\">Charts: share of the volume per stage 1\u201310 in funnel order<span style=\"background:" +
       std::string(kSalesColour) + "\"></span>sales<span style=\"background:" + kServiceColour +
       "\"></span>service</p>\n";
  h += "<table>\n<thead><tr><th>Client</th><th>Status</th><th class=\"n\">Keywords</th><th class=\"n\">Volume</th>"
       "<th class=\"n\">Sales</th><th class=\"n\">Service</th><th>Stages</th><th>Gaps</th><th>Report</th></tr></thead>\n"
       "<tbody>\n";
  for (const auto& p : projects) {
    h += "<tr data-project=\"" + H(p.name) + "\"><td class=\"client\">" + H(p.name);
    h += "</td>";
    if (!p.ok) {
      h += "<td class=\"failed\">failed</td><td colspan=\"7\" class=\"failed\">" + H(internal::WithoutPaths(p.error)) +
           "</td></tr>\n";
      continue;
    }
    int64_t total = TotalVolume(p), sales = 0;
    for (size_t i = 0; i < kNumStages; ++i) {
      if (FunnelOf(kAllStages[i]) == Funnel::kSales) sales += p.stages[i].monthly_volume;
    }
    double sales_share = total > 0 ? static_cast<double>(sales) / total : 0;
    h += "<td>ok</td><td class=\"n\">" + FormatThousands(static_cast<int64_t>(p.keywords)) + "</td><td class=\"n\">" +
         FormatThousands(total) + (p.only_impressions ? " <span class=\"muted\">impressions</span>" : "") +
         "</td><td class=\"n\">" + FormatPercent(sales_share) + "</td><td class=\"n\">" +
         FormatPercent(total > 0 ? 1 - sales_share : 0) + "</td><td>" + MiniChart(p) + "</td><td class=\"gap\">" +
         H(Gaps(p)) + "</td><td>";
    if (!p.report.empty()) {
      h += "<a href=\"" + H(UrlPath(p.report)) + "\">" + H(p.report.substr(p.report.find('/') + 1)) + "</a>";
    }
    h += "</td></tr>\n";
    // The likeability moments on a row of their own under the client, across the table.
    h += "<tr class=\"moments-row\" data-moments=\"" + H(p.name) +
         "\"><td></td><td colspan=\"8\">";
    if (!p.change.empty()) {
      h += "<div class=\"change\"><span class=\"label\">Since last time</span>" + H(p.change) + "</div>";
    }
    if (p.crawled) h += SiteGaps(p);
    h += "<span class=\"label\">Likeability moments</span>" + Moments(p) + "</td></tr>\n";
  }
  h += "</tbody>\n</table>\n<p class=\"muted\">Generated " + H(generated_at) +
       " by klantreis batch. Volumes are monthly searches, or Search Console impressions where a client has only "
       "those.</p>\n</body>\n</html>\n";
  return h;
}

Status WritePortfolio(const std::string& out_dir, const std::vector<PortfolioProject>& projects,
                      const std::string& generated_at, const Branding& branding) {
  std::filesystem::path dir(out_dir);
  KR_RETURN_IF_ERROR(WriteFileAtomic((dir / "summary.csv").string(), PortfolioCsv(projects)));
  return WriteFileAtomic((dir / "index.html").string(), PortfolioHtml(projects, generated_at, branding));
}

}  // namespace kr::reports
