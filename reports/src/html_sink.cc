// HtmlReportSink: report.html, one self-contained page that works from
// file:// (inline CSS, inline SVG charts, a small inline script, nothing
// loaded from elsewhere): metadata without local paths, the stage table and
// charts (volume per stage in funnel order, sales vs service, seasonality),
// the article plan, content gaps, and per stage a keyword table that the
// script makes searchable, filterable and sortable, with the evidence in
// plain words on demand. Every piece of data goes through kr::HtmlEscape
// (after UTF-8 repair) and the script only sets textContent/hidden, so
// keywords cannot inject markup. "#q=WORD" in the URL pre-fills the search.
#include <algorithm>
#include <cstdio>

#include "klantreis/reports/branding.h"
#include "klantreis/core/text.h"
#include "html_charts.h"
#include "html_evidence.h"
#include "compare_files.h"
#include "coverage_files.h"
#include "plan_files.h"
#include "report_common.h"
#include "sinks.h"

namespace kr::reports::internal {
namespace {

constexpr size_t kKeywordsPerStage = kTopPerStage;
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
.chart{max-width:100%;height:auto;display:block;margin:.5rem 0}
.tools{display:flex;gap:1rem;flex-wrap:wrap;align-items:center;margin:.5rem 0;font-size:.9rem}
.tools input,.tools select{font:inherit;padding:.2rem .4rem}
table.kw th{cursor:pointer;user-select:none}table.kw th[aria-sort=ascending]::after{content:" \25b2"}
table.kw th[aria-sort=descending]::after{content:" \25bc"}
details summary{cursor:pointer;color:#3b6fd8}details p{margin:.2rem 0;max-width:28rem}
)";

// Search (all tables), intent filter, minimum volume, click-to-sort headers.
constexpr char kScript[] = R"(
(function(){
var q=document.getElementById('kw-search'),it=document.getElementById('kw-intent'),mv=document.getElementById('kw-min');
var tables=[].slice.call(document.querySelectorAll('table.kw'));
function apply(){var t=q.value.toLowerCase(),i=it.value,m=parseFloat(mv.value)||0,shown=0;
tables.forEach(function(tb){[].forEach.call(tb.tBodies[0].rows,function(r){
var ok=r.cells[0].textContent.toLowerCase().indexOf(t)>=0&&(!i||r.dataset.intent===i)&&parseFloat(r.dataset.volume)>=m;
r.hidden=!ok;if(ok)shown++;});});document.getElementById('kw-shown').textContent=shown+' shown';}
function sort(th){var tb=th.closest('table'),c=th.cellIndex,num=th.classList.contains('n');
var dir=th.getAttribute('aria-sort')==='descending'?1:-1;
[].forEach.call(th.parentNode.cells,function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir>0?'ascending':'descending');
var rows=[].slice.call(tb.tBodies[0].rows);rows.sort(function(a,b){
var x=a.cells[c].dataset.v!==undefined?a.cells[c].dataset.v:a.cells[c].textContent,y=b.cells[c].dataset.v!==undefined?b.cells[c].dataset.v:b.cells[c].textContent;
if(num){x=parseFloat(x);y=parseFloat(y);if(isNaN(x))x=-1;if(isNaN(y))y=-1;return (x-y)*dir;}
return x.localeCompare(y)*dir;});rows.forEach(function(r){tb.tBodies[0].appendChild(r);});}
tables.forEach(function(tb){[].forEach.call(tb.tHead.rows[0].cells,function(th){
if(th.dataset.sort!=='no')th.addEventListener('click',function(){sort(th);});});});
[q,it,mv].forEach(function(e){e.addEventListener('input',apply);});
var h=location.hash.match(/[#&]q=([^&]*)/);if(h)q.value=decodeURIComponent(h[1]);
apply();document.body.setAttribute('data-ready','1');
})();
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
    h += "<title>" + H(Title(data.meta)) + "</title>\n<style>" + std::string(kStyle) + BrandingCss(data.meta.branding) +
         "</style>\n</head>\n<body>\n" + BrandingHeaderHtml(data.meta.branding);
    h += "<h1>" + H(Title(data.meta)) + "</h1>\n<dl class=\"meta\">\n";
    for (const auto& [label, value] : MetaRows(data.meta)) {
      h += "<dt>" + H(label) + "</dt><dd>" + (value.empty() ? std::string("—") : H(value)) + "</dd>\n";
    }
    h += "</dl>\n";

    // Stages with a bar for the share of volume.
    h += "<h2>Stages</h2>\n<table>\n<thead><tr><th class=\"n\">#</th><th>Stage</th><th>Dutch name</th><th>Funnel</th>"
         "<th class=\"n\">Keywords</th><th class=\"n\">" + std::string(VolumeHeader(data)) + "</th><th>Share of volume</th></tr></thead>\n<tbody>\n";
    for (const auto& st : stages) {
      std::string funnel(FunnelId(FunnelOf(st.stage)));
      h += "<tr class=\"" + funnel + "\"><td class=\"n\">" + std::to_string(StageIndex(st.stage) + 1) + "</td><td>" +
           H(StageTitle(st.stage)) + "</td><td>" + H(StageDutchName(st.stage)) + "</td><td>" + funnel +
           "</td><td class=\"n\">" + std::to_string(st.keywords) + "</td><td class=\"n\">" +
           FormatThousands(st.monthly_volume) + "</td><td><span class=\"bar\"><span style=\"width:" +
           Percent1(st.volume_share) + "%\"></span></span>" + FormatPercent(st.volume_share) + "</td></tr>\n";
    }
    h += "</tbody>\n</table>\n<p class=\"muted\">Total: " + FormatThousands(TotalVolume(stages)) +
         " " + std::string(VolumeUnit(data)) + " over " + std::to_string(data.keyword_count) + " keywords.";
    if (AnyImpressions(data) && !OnlyImpressions(data)) {
      h += " Some volumes are Search Console impressions (marked *): how often a page was shown, not how often "
           "people searched.";
    }
    h += "</p>\n<p class=\"uncertain\">" + H(UncertainSentence(data)) + "</p>\n";
    h += "<h2>Search volume per stage</h2>\n" + StageVolumeChart(stages) + "\n";
    h += "<h2>Sales vs service</h2>\n" + FunnelShareChart(stages) + "\n";
    if (data.comparison) h += CompareHtml(*data.comparison);
    if (data.coverage) h += CoverageHtml(*data.coverage);
    WriteVolumeSources(data, &h);

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
    if (data.topics) h += PlanHtml(*data.topics);

    const auto months = Months(data);
    if (!months.empty()) {
      h += "<h2>Seasonality (monthly searches)</h2>\n<p class=\"muted\">" + std::to_string(months.size()) +
           " months, " + H(months.front()) + " to " + H(months.back()) + ", from the monthly columns of: " +
           H(JoinSources(data.monthly_sources)) + ".</p>\n" + SeasonalityChart(stages, months) + "\n<table>\n<thead><tr><th>Stage</th>";
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
    h += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";

    const std::string path = OutPath(out_dir, "report.html");
    KR_RETURN_IF_ERROR(WriteFileAtomic(path, h).WithContext("html report"));
    return std::vector<std::string>{path};
  }

 private:
  // Per source kind what its numbers are, so nobody reads impressions as searches.
  static void WriteVolumeSources(const ReportData& data, std::string* h) {
    if (data.volume_kinds.empty()) return;
    *h += "<h2>Where the volumes come from</h2>\n<ul>\n";
    for (const auto& [kind, n] : data.volume_kinds) {
      *h += "<li><strong>" + H(kind) + "</strong>: " + H(VolumeKindWords(kind)) + " \u2014 " + std::to_string(n) +
            (n == 1 ? " keyword" : " keywords") + "</li>\n";
    }
    *h += "</ul>\n";
  }

  static std::string MetricCell(const std::optional<double>& v, int decimals) {
    if (!v) return "<td class=\"n\" data-v=\"\"></td>";
    char buf[32];
    std::snprintf(buf, sizeof buf, decimals ? "%.2f" : "%.0f", *v);
    return std::string("<td class=\"n\" data-v=\"") + buf + "\">" + buf + "</td>";
  }

  // The biggest keywords of each stage (the full list is in keywords.csv / report.xlsx).
  static void WriteKeywords(const ReportData& data, std::string* h) {
    *h += "<h2>Keywords</h2>\n<p class=\"muted\">Up to " + std::to_string(kKeywordsPerStage) +
          " per stage, by volume; all keywords are in keywords.csv and report.xlsx. Click a column to sort.</p>\n";
    *h += "<div class=\"tools\"><label>Search <input id=\"kw-search\" type=\"search\" placeholder=\"keyword\"></label>"
          "<label>Intent <select id=\"kw-intent\"><option value=\"\">all</option><option>informational</option>"
          "<option>commercial</option><option>transactional</option><option>navigational</option></select></label>"
          "<label>Min. volume <input id=\"kw-min\" type=\"number\" min=\"0\" value=\"0\" style=\"width:7rem\"></label>"
          "<span id=\"kw-shown\" class=\"muted\"></span></div>\n";
    const bool metrics = data.metric_keywords > 0;
    for (const auto& st : StagesInOrder(data)) {
      if (st.top.empty()) continue;
      size_t n = std::min(st.top.size(), kKeywordsPerStage);
      Stage s = st.stage;
      *h += "<h3>" + H(StageTitle(s)) + " (" + H(StageDutchName(s)) + ") \u2014 " + std::to_string(st.keywords) +
            " keywords</h3>\n<table class=\"kw\" data-stage=\"" + std::string(StageId(s)) +
            "\">\n<thead><tr><th>Keyword</th><th>Lang</th><th class=\"n\">Volume</th><th>Intent</th>"
            "<th class=\"n\">Confidence</th>";
      if (metrics) *h += "<th class=\"n\">CPC</th><th class=\"n\">Difficulty</th><th class=\"n\">Position</th><th class=\"n\">Clicks</th>";
      *h += "<th data-sort=\"no\">Why</th></tr></thead>\n<tbody>\n";
      for (size_t j = 0; j < n; ++j) {
        const KeywordLine& k = st.top[j];
        const std::string intent(IntentId(IntentOf(k.stage, k.navigational)));
        *h += "<tr data-intent=\"" + intent + "\" data-volume=\"" + std::to_string(k.monthly_volume) + "\"><td>" +
              H(k.keyword) + "</td><td>" + std::string(LanguageId(k.lang)) + "</td><td class=\"n\" data-v=\"" +
              std::to_string(k.monthly_volume) + "\">" + FormatThousands(k.monthly_volume) +
              (k.volume_kind == VolumeKind::kImpressions ? "*" : "") + "</td><td>" + intent + "</td><td class=\"n\">" +
              FormatConfidence(k.confidence) + "</td>";
        if (metrics) {
          std::optional<double> clicks;
          if (k.clicks) clicks = static_cast<double>(*k.clicks);
          *h += MetricCell(k.cpc, 2) + MetricCell(k.difficulty, 0) + MetricCell(k.position, 2) + MetricCell(clicks, 0);
        }
        std::string why = EvidenceInWords(k.evidence);
        if (k.runner_up) why += " Second choice: " + StageTitle(*k.runner_up) + ".";
        *h += "<td><details><summary>why</summary><p>" + H(why) + "</p></details></td></tr>\n";
      }
      *h += "</tbody>\n</table>\n";
    }
  }
};

}  // namespace

std::unique_ptr<ReportSink> NewHtmlSink() { return std::make_unique<HtmlReportSink>(); }

}  // namespace kr::reports::internal
