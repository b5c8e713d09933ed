// HtmlReportSink: report.html, one self-contained page (inline CSS, no
// scripts, no external resources): metadata, the stage table with a bar for
// each stage's share of the search volume, the article plan, seasonality,
// content gaps and the biggest keywords per stage. Every piece of data goes
// through kr::HtmlEscape (after UTF-8 repair), so keywords cannot inject markup.
#include <algorithm>
#include <cstdio>

#include "klantreis/core/text.h"
#include "report_common.h"
#include "sinks.h"

namespace kr::reports::internal {
namespace {

constexpr size_t kKeywordsPerStage = 50;
constexpr size_t kPlanKeywords = 8;

std::string H(std::string_view s) { return HtmlEscape(SanitizeUtf8(s)); }

// "nl" from "nl-NL"; "nl" when the market names no plain language code.
std::string LangOf(const std::string& market) {
  std::string lang = market.substr(0, market.find('-'));
  bool ok = lang.size() >= 2 && lang.size() <= 3 &&
            std::all_of(lang.begin(), lang.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
  return ok ? lang : "nl";
}

std::string Percent1(double share) {
  if (!(share >= 0)) share = 0;
  if (share > 1) share = 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", share * 100);
  return buf;
}

constexpr char kStyle[] = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2430;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d8dde6;padding-bottom:.25rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;font-size:.9rem;color:#44506a}
dl.meta dt{font-weight:600}dl.meta dd{margin:0}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}th,td{padding:.3rem .6rem;border-bottom:1px solid #e4e8ef;text-align:left;vertical-align:top}
th{background:#f3f5f9}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;width:10rem;height:.8rem;background:#edf0f5;border-radius:2px;vertical-align:middle;margin-right:.4rem}
.bar span{display:block;height:100%;background:#3b6fd8;border-radius:2px}
.service .bar span{background:#2f9e6e}
.muted{color:#6b7588}.gap{color:#a04a00}
ul.plan li{margin:.2rem 0}
)";

class HtmlReportSink final : public SummarySink {
 public:
  std::string_view format() const override { return "html"; }

  Result<std::vector<std::string>> Finish(const ReportData& data) override {
    const std::string& out_dir = out_dir_;
    const auto stages = StagesInOrder(data);
    std::string h;
    h.reserve(64 * 1024);
    h += "<!DOCTYPE html>\n<html lang=\"" + H(LangOf(data.meta.market)) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += "<title>" + H(Title(data.meta)) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
    h += "<h1>" + H(Title(data.meta)) + "</h1>\n<dl class=\"meta\">\n";
    for (const auto& [label, value] : MetaRows(data.meta)) {
      h += "<dt>" + H(label) + "</dt><dd>" + (value.empty() ? std::string("—") : H(value)) + "</dd>\n";
    }
    h += "</dl>\n";

    // Stages with a bar for the share of volume.
    h += "<h2>Stages</h2>\n<table>\n<thead><tr><th class=\"n\">#</th><th>Stage</th><th>Dutch name</th><th>Funnel</th>"
         "<th class=\"n\">Keywords</th><th class=\"n\">Monthly volume</th><th>Share of volume</th></tr></thead>\n<tbody>\n";
    for (const auto& st : stages) {
      std::string funnel(FunnelId(FunnelOf(st.stage)));
      h += "<tr class=\"" + funnel + "\"><td class=\"n\">" + std::to_string(StageIndex(st.stage) + 1) + "</td><td>" +
           H(StageTitle(st.stage)) + "</td><td>" + H(StageDutchName(st.stage)) + "</td><td>" + funnel +
           "</td><td class=\"n\">" + std::to_string(st.keywords) + "</td><td class=\"n\">" +
           FormatThousands(st.monthly_volume) + "</td><td><span class=\"bar\"><span style=\"width:" +
           Percent1(st.volume_share) + "%\"></span></span>" + FormatPercent(st.volume_share) + "</td></tr>\n";
    }
    h += "</tbody>\n</table>\n<p class=\"muted\">Total: " + FormatThousands(TotalVolume(stages)) +
         " monthly searches over " + std::to_string(data.keyword_count) + " keywords.";
    if (AnyImpressions(data)) {
      h += " Some volumes are Search Console impressions (marked *): how often a page was shown, not how often "
           "people searched.";
    }
    h += "</p>\n";

    h += "<h2>Article plan: the biggest keywords per stage</h2>\n<ul class=\"plan\">\n";
    for (const auto& st : stages) {
      h += "<li><strong>" + H(StageTitle(st.stage)) + "</strong> (" + H(StageDutchName(st.stage)) + "): ";
      if (st.top_keywords.empty()) {
        h += "<span class=\"muted\">no keywords yet</span>";
      } else {
        for (size_t i = 0; i < st.top_keywords.size() && i < kPlanKeywords; ++i) {
          h += (i ? ", " : "") + H(st.top_keywords[i]);
        }
      }
      h += "</li>\n";
    }
    h += "</ul>\n";

    const auto months = Months(data);
    if (!months.empty()) {
      h += "<h2>Seasonality (monthly searches)</h2>\n<table>\n<thead><tr><th>Stage</th>";
      for (const auto& m : months) h += "<th class=\"n\">" + H(m) + "</th>";
      h += "</tr></thead>\n<tbody>\n";
      for (const auto& st : stages) {
        h += "<tr><td>" + H(StageTitle(st.stage)) + "</td>";
        for (const auto& m : months) {
          auto it = st.monthly.find(m);
          h += "<td class=\"n\">" + FormatThousands(it == st.monthly.end() ? 0 : it->second) + "</td>";
        }
        h += "</tr>\n";
      }
      h += "</tbody>\n</table>\n";
    }

    h += "<h2>Content gaps</h2>\n";
    const auto gaps = ContentGaps(stages);
    if (gaps.empty()) {
      h += "<p>Every stage has at least " + std::to_string(kFewKeywords) + " keywords.</p>\n";
    } else {
      h += "<p>Stages with no or few keywords (fewer than " + std::to_string(kFewKeywords) + "):</p>\n<ul>\n";
      for (const auto& g : gaps) {
        h += "<li class=\"gap\"><strong>" + H(StageTitle(g.stage)) + "</strong> (" + H(StageDutchName(g.stage)) +
             "): " + H(g.reason) + "</li>\n";
      }
      h += "</ul>\n";
    }

    WriteKeywords(data, &h);
    h += "</body>\n</html>\n";

    const std::string path = OutPath(out_dir, "report.html");
    KR_RETURN_IF_ERROR(WriteFileAtomic(path, h).WithContext("html report"));
    return std::vector<std::string>{path};
  }

 private:
  // The biggest keywords of each stage (the full list is in keywords.csv / report.xlsx).
  static void WriteKeywords(const ReportData& data, std::string* h) {
    *h += "<h2>Keywords</h2>\n<p class=\"muted\">Up to " + std::to_string(kKeywordsPerStage) +
          " per stage, by volume; all keywords are in keywords.csv and report.xlsx.</p>\n";
    for (const auto& st : StagesInOrder(data)) {
      if (st.top.empty()) continue;
      size_t n = std::min(st.top.size(), kKeywordsPerStage);
      Stage s = st.stage;
      *h += "<h3>" + H(StageTitle(s)) + " (" + H(StageDutchName(s)) + ") — " + std::to_string(st.keywords) +
            " keywords</h3>\n<table>\n<thead><tr><th>Keyword</th><th>Lang</th><th class=\"n\">Monthly volume</th>"
            "<th class=\"n\">Confidence</th><th>Runner-up</th><th>Evidence</th></tr></thead>\n<tbody>\n";
      for (size_t j = 0; j < n; ++j) {
        const KeywordLine& k = st.top[j];
        *h += "<tr><td>" + H(k.keyword) + (k.navigational ? " <span class=\"muted\">(navigational)</span>" : "") +
              "</td><td>" + std::string(LanguageId(k.lang)) + "</td><td class=\"n\">" + FormatThousands(k.monthly_volume) +
              (k.volume_kind == VolumeKind::kImpressions ? "*" : "") + "</td><td class=\"n\">" +
              FormatConfidence(k.confidence) + "</td><td>" + (k.runner_up ? H(StageTitle(*k.runner_up)) : "") +
              "</td><td class=\"muted\">" + H(k.evidence) + "</td></tr>\n";
      }
      *h += "</tbody>\n</table>\n";
    }
  }
};

}  // namespace

std::unique_ptr<ReportSink> NewHtmlSink() { return std::make_unique<HtmlReportSink>(); }

}  // namespace kr::reports::internal
