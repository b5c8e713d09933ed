// The "Change since last time" sections of report.md and report.html, and
// the chart: per stage the totals of both periods and their change, the
// topics that moved most, the keywords that rose and fell most. Every piece
// of data is escaped (MarkdownEscape, HtmlEscape after UTF-8 repair).
#include <algorithm>
#include <cstdio>
#include <functional>

#include "compare_files.h"
#include "klantreis/core/text.h"
#include "report_common.h"

namespace kr::reports::internal {
namespace {

std::string H(std::string_view s) { return HtmlEscape(SanitizeUtf8(s)); }
std::string M(std::string_view s) { return MarkdownEscape(SanitizeUtf8(s)); }

// Which figures the comparison has: Search Console clicks/impressions, and a
// volume that is not just those impressions again.
struct Shown {
  bool gsc = false;
  bool volume = false;
};
Shown ShownOf(const Comparison& c) {
  Shown s;
  const CompareTotals& t = c.total;
  s.gsc = t.clicks_before || t.clicks_after || t.impressions_before || t.impressions_after;
  s.volume = c.volume_kind != "gsc_impressions" && (t.volume_before || t.volume_after || !s.gsc);
  return s;
}

// "53 → 60 (+7)"
std::string Move(int64_t before, int64_t after) {
  return FormatThousands(before) + " \u2192 " + FormatThousands(after) + " (" + Signed(after - before) + ")";
}

std::string PositionMove(const CompareKeyword& k) {
  auto one = [](const PeriodFigures& p) {
    if (!p.position || !p.present) return std::string("\u2013");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", *p.position);
    return std::string(buf);
  };
  if (!k.before.position && !k.after.position) return "";
  return one(k.before) + " \u2192 " + one(k.after);
}

std::string Summary(const Comparison& c, const Shown& shown) {
  const CompareTotals& t = c.total;
  std::string s = std::to_string(t.keywords) + " keywords compared: " +
                  std::to_string(t.keywords - t.new_keywords - t.lost_keywords) + " in both periods, " +
                  std::to_string(t.new_keywords) + " new, " + std::to_string(t.lost_keywords) + " lost.";
  if (shown.gsc) {
    s += " Clicks " + Move(t.clicks_before, t.clicks_after) + ", impressions " +
         Move(t.impressions_before, t.impressions_after) + ".";
  }
  if (shown.volume) s += " Volume (" + VolumeKindWords(c.volume_kind) + ") " + Move(t.volume_before, t.volume_after) + ".";
  return s;
}

// The header and cells of a totals table, per what is shown.
std::vector<std::string> TotalsHeads(const Shown& shown) {
  std::vector<std::string> h = {"Keywords", "New", "Lost"};
  if (shown.gsc) h.insert(h.end(), {"Clicks before", "Clicks after", "Clicks change", "Impressions before",
                                    "Impressions after", "Impressions change"});
  if (shown.volume) h.insert(h.end(), {"Volume before", "Volume after", "Volume change"});
  return h;
}
std::vector<std::string> TotalsCells(const CompareTotals& t, const Shown& shown) {
  std::vector<std::string> v = {std::to_string(t.keywords), std::to_string(t.new_keywords),
                                std::to_string(t.lost_keywords)};
  if (shown.gsc) {
    v.insert(v.end(), {FormatThousands(t.clicks_before), FormatThousands(t.clicks_after),
                       Signed(t.clicks_after - t.clicks_before), FormatThousands(t.impressions_before),
                       FormatThousands(t.impressions_after), Signed(t.impressions_after - t.impressions_before)});
  }
  if (shown.volume) {
    v.insert(v.end(), {FormatThousands(t.volume_before), FormatThousands(t.volume_after),
                       Signed(t.volume_after - t.volume_before)});
  }
  return v;
}

// The mover tables' cells: keyword, stage, then per figure "before → after (change)".
std::vector<std::string> MoverHeads(const Shown& shown) {
  std::vector<std::string> h = {"Keyword", "Stage", "Status"};
  if (shown.gsc) h.insert(h.end(), {"Clicks", "Impressions", "Position"});
  if (shown.volume) h.push_back("Volume");
  return h;
}
std::vector<std::string> MoverCells(const CompareKeyword& k, const Shown& shown) {
  std::vector<std::string> v = {k.keyword, StageTitle(k.stage), k.status()};
  if (shown.gsc) {
    v.push_back(Move(k.before.clicks, k.after.clicks));
    v.push_back(Move(k.before.impressions, k.after.impressions));
    v.push_back(PositionMove(k));
  }
  if (shown.volume) v.push_back(Move(k.before.volume, k.after.volume));
  return v;
}

void MdTable(std::string* md, const std::vector<std::string>& heads, size_t text_cols,
             const std::vector<std::vector<std::string>>& rows) {
  *md += "|";
  for (const auto& h : heads) *md += " " + M(h) + " |";
  *md += "\n|";
  for (size_t i = 0; i < heads.size(); ++i) *md += i < text_cols ? "---|" : "--:|";
  *md += "\n";
  for (const auto& r : rows) {
    *md += "|";
    for (const auto& cell : r) *md += " " + M(cell) + " |";
    *md += "\n";
  }
}

void HtmlTable(std::string* h, const char* cls, const std::vector<std::string>& heads, size_t text_cols,
               const std::vector<std::vector<std::string>>& rows) {
  *h += std::string("<table class=\"") + cls + "\">\n<thead><tr>";
  for (size_t i = 0; i < heads.size(); ++i) *h += (i < text_cols ? "<th>" : "<th class=\"n\">") + H(heads[i]) + "</th>";
  *h += "</tr></thead>\n<tbody>\n";
  for (const auto& r : rows) {
    *h += "<tr>";
    for (size_t i = 0; i < r.size(); ++i) *h += (i < text_cols ? "<td>" : "<td class=\"n\">") + H(r[i]) + "</td>";
    *h += "</tr>\n";
  }
  *h += "</tbody>\n</table>\n";
}

// The tables of the section, as (title, heads, text columns, rows).
struct Table {
  std::string title;
  std::string note;
  std::vector<std::string> heads;
  size_t text_cols = 1;
  std::vector<std::vector<std::string>> rows;
  const char* cls = "compare";
};

std::vector<Table> Tables(const Comparison& c) {
  const Shown shown = ShownOf(c);
  std::vector<Table> out;
  Table stages{"Per stage", "", {"Stage"}, 1, {}, "compare compare-stages"};
  for (const auto& h : TotalsHeads(shown)) stages.heads.push_back(h);
  for (Stage s : kAllStages) {
    std::vector<std::string> r = {std::to_string(StageIndex(s) + 1) + ". " + StageTitle(s)};
    for (auto& cell : TotalsCells(c.stages[StageIndex(s)], shown)) r.push_back(std::move(cell));
    stages.rows.push_back(std::move(r));
  }
  std::vector<std::string> total = {"Total"};
  for (auto& cell : TotalsCells(c.total, shown)) total.push_back(std::move(cell));
  stages.rows.push_back(std::move(total));
  out.push_back(std::move(stages));

  if (!c.topics.empty()) {
    Table topics{"Per topic", "", {"Topic", "Stage"}, 2, {}, "compare compare-topics"};
    topics.note = "The " + std::to_string(std::min(c.topics.size(), kCompareTopicsShown)) + " of " +
                  std::to_string(c.topics.size()) + " topics that moved most (all in compare_topics.csv).";
    for (const auto& h : TotalsHeads(shown)) topics.heads.push_back(h);
    for (size_t i = 0; i < c.topics.size() && i < kCompareTopicsShown; ++i) {
      const CompareTopic& t = c.topics[i];
      std::vector<std::string> r = {t.label, StageTitle(t.stage)};
      for (auto& cell : TotalsCells(t.totals, shown)) r.push_back(std::move(cell));
      topics.rows.push_back(std::move(r));
    }
    out.push_back(std::move(topics));
  }
  for (int dir = 0; dir < 2; ++dir) {
    const auto& idx = dir == 0 ? c.up : c.down;
    Table t{dir == 0 ? "Moved up most" : "Moved down most", "", MoverHeads(shown), 3, {},
            dir == 0 ? "compare compare-up" : "compare compare-down"};
    if (idx.empty()) t.note = dir == 0 ? "No keyword rose." : "No keyword fell.";
    for (uint32_t i : idx) t.rows.push_back(MoverCells(c.keywords[i], shown));
    out.push_back(std::move(t));
  }
  return out;
}

std::string Intro(const Comparison& c) {
  if (c.mode == "export") {  // one run: name it once
    ComparePeriod run = c.after;
    run.label.clear();
    return "Before: " + c.before.label + ". After: " + c.after.label + ". From the Search Console compare export " +
           PeriodWords(run) + ".";
  }
  return "Before: " + PeriodWords(c.before) + ". After: " + PeriodWords(c.after) + ".";
}

}  // namespace

std::string Signed(int64_t v) {
  if (v > 0) return "+" + FormatThousands(v);
  if (v < 0) return "-" + FormatThousands(-v);
  return "0";
}

std::string PeriodWords(const ComparePeriod& p) {
  std::string s = p.label;
  std::string detail = p.run_id;
  if (!p.imported_at.empty()) detail += (detail.empty() ? "" : ", ") + std::string("imported ") + p.imported_at;
  if (!p.file.empty()) detail += (detail.empty() ? "" : " ") + std::string("from ") + p.file;
  if (s.empty()) return p.file + (p.run_id.empty() ? "" : " (" + p.run_id + (p.imported_at.empty() ? "" : ", imported " + p.imported_at) + ")");
  if (!detail.empty() && detail != s) s += " (" + detail + ")";
  return s;
}

std::string CompareMarkdown(const Comparison& c) {
  const Shown shown = ShownOf(c);
  std::string md = "\n## Change since last time\n\n" + M(Intro(c)) + "\n\n" + M(Summary(c, shown)) + "\n";
  for (const auto& n : c.notes) md += "\n_" + M(n) + "_\n";
  for (const auto& t : Tables(c)) {
    md += "\n### " + M(t.title) + "\n\n";
    if (!t.note.empty()) md += M(t.note) + "\n\n";
    if (!t.rows.empty()) MdTable(&md, t.heads, t.text_cols, t.rows);
  }
  md += "\nEvery compared keyword is in compare_keywords.csv.\n";
  return md;
}

std::string CompareHtml(const Comparison& c) {
  const Shown shown = ShownOf(c);
  std::string h = "<section id=\"compare\">\n<h2>Change since last time</h2>\n<p>" + H(Intro(c)) + "</p>\n<p>" +
                  H(Summary(c, shown)) + "</p>\n";
  for (const auto& n : c.notes) h += "<p class=\"muted\">" + H(n) + "</p>\n";
  h += CompareChart(c) + "\n";
  for (const auto& t : Tables(c)) {
    h += "<h3>" + H(t.title) + "</h3>\n";
    if (!t.note.empty()) h += "<p class=\"muted\">" + H(t.note) + "</p>\n";
    if (!t.rows.empty()) HtmlTable(&h, t.cls, t.heads, t.text_cols, t.rows);
  }
  h += "<p class=\"muted\">Every compared keyword is in compare_keywords.csv.</p>\n</section>\n";
  return h;
}

std::string CompareChart(const Comparison& c) {
  const Shown shown = ShownOf(c);
  struct Panel {
    std::string title;
    std::function<std::pair<int64_t, int64_t>(const CompareTotals&)> get;
  };
  std::vector<Panel> panels;
  if (shown.gsc) {
    panels.push_back({"Clicks", [](const CompareTotals& t) { return std::make_pair(t.clicks_before, t.clicks_after); }});
    panels.push_back({"Impressions", [](const CompareTotals& t) {
                        return std::make_pair(t.impressions_before, t.impressions_after);
                      }});
  }
  if (shown.volume) {
    panels.push_back({"Volume", [](const CompareTotals& t) { return std::make_pair(t.volume_before, t.volume_after); }});
  }
  constexpr int kLabel = 170, kRow = 30, kTop = 40, kWidth = 760;
  const int panel_w = (kWidth - kLabel) / static_cast<int>(panels.size());
  const int bar_max = panel_w - 70;
  const int height = kTop + kRow * kNumStages + 10;
  auto num = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return std::string(buf);
  };
  std::string svg = "<svg id=\"chart-compare\" class=\"chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(kWidth) +
                    " " + std::to_string(height) + "\" width=\"" + std::to_string(kWidth) + "\" height=\"" +
                    std::to_string(height) + "\" xmlns=\"http://www.w3.org/2000/svg\"><title>Change per stage: " +
                    H(c.before.label) + " vs " + H(c.after.label) + "</title>";
  // Legend: the earlier period light, the later dark.
  svg += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"4\" width=\"12\" height=\"8\" fill=\"#a9bde6\"/><text x=\"" +
         std::to_string(kLabel + 16) + "\" y=\"12\" font-size=\"11\">" + H(c.before.label) + "</text>";
  svg += "<rect x=\"" + std::to_string(kLabel + 240) + "\" y=\"4\" width=\"12\" height=\"8\" fill=\"#1f4e9c\"/><text x=\"" +
         std::to_string(kLabel + 256) + "\" y=\"12\" font-size=\"11\">" + H(c.after.label) + "</text>";
  for (size_t p = 0; p < panels.size(); ++p) {
    const int x0 = kLabel + static_cast<int>(p) * panel_w;
    int64_t max = 1;
    for (const auto& t : c.stages) {
      auto [b, a] = panels[p].get(t);
      max = std::max({max, b, a});
    }
    svg += "<text x=\"" + std::to_string(x0) + "\" y=\"32\" font-size=\"12\" font-weight=\"600\">" + H(panels[p].title) +
           "</text>";
    for (int i = 0; i < kNumStages; ++i) {
      const Stage s = kAllStages[i];
      auto [b, a] = panels[p].get(c.stages[i]);
      const int y = kTop + i * kRow;
      auto w = [&](int64_t v) { return v > 0 ? std::max(1.0, bar_max * static_cast<double>(v) / max) : 0.0; };
      svg += "<g class=\"compare-bar\" data-stage=\"" + std::string(StageId(s)) + "\" data-metric=\"" +
             H(panels[p].title) + "\"><title>" + H(StageTitle(s)) + ", " + H(panels[p].title) + ": " + Move(b, a) +
             "</title>";
      svg += "<rect x=\"" + std::to_string(x0) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" + num(w(b)) +
             "\" height=\"10\" fill=\"#a9bde6\"/>";
      svg += "<rect x=\"" + std::to_string(x0) + "\" y=\"" + std::to_string(y + 14) + "\" width=\"" + num(w(a)) +
             "\" height=\"10\" fill=\"#1f4e9c\"/>";
      const int64_t d = a - b;
      svg += "<text x=\"" + num(x0 + std::max(w(a), w(b)) + 4) + "\" y=\"" + std::to_string(y + 22) +
             "\" font-size=\"11\" fill=\"" + (d > 0 ? "#1a7f37" : d < 0 ? "#b42318" : "#6b7588") + "\">" + Signed(d) +
             "</text></g>";
    }
  }
  for (int i = 0; i < kNumStages; ++i) {
    svg += "<text x=\"" + std::to_string(kLabel - 8) + "\" y=\"" + std::to_string(kTop + i * kRow + 18) +
           "\" text-anchor=\"end\" font-size=\"12\">" + std::to_string(i + 1) + ". " + H(StageTitle(kAllStages[i])) +
           "</text>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace kr::reports::internal
