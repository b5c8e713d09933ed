// XlsxReportSink: report.xlsx via libxlsxwriter, sheets "Stages",
// "Keywords", "Seasonality" and "About" (the metadata). Text cells are
// written with worksheet_write_string, so they are strings that Excel never
// evaluates and need no apostrophe (`=1+1 fiets`, `@home`, `-50% korting`
// show as typed); numbers as numbers. Written to a temporary name in out_dir and
// renamed, so a reader never sees half a workbook. constant_memory mode
// keeps memory flat for large keyword lists.
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "klantreis/core/text.h"
#include "klantreis/plan/article_plan.h"
#include "compare_files.h"
#include "coverage_files.h"
#include "plan_files.h"
#include "report_common.h"
#include "sinks.h"
#include "stderr_capture.h"

namespace kr::reports::internal {
namespace {

constexpr size_t kMaxCellBytes = 32767;  // Excel's limit for a text cell
constexpr lxw_row_t kMaxRows = 1048576;

// Valid UTF-8, cut (at a character boundary) to what a cell holds.
std::string CellText(std::string_view s) {
  std::string t = SanitizeUtf8(s);
  if (t.size() > kMaxCellBytes) {
    size_t n = kMaxCellBytes;
    while (n > 0 && (static_cast<unsigned char>(t[n]) & 0xC0) == 0x80) --n;
    t.resize(n);
  }
  return t;
}

class Sheet {
 public:
  Sheet(lxw_worksheet* ws, lxw_error* err) : ws_(ws), err_(err) {}
  void Text(lxw_row_t r, lxw_col_t c, std::string_view s, lxw_format* f = nullptr) {
    Check(worksheet_write_string(ws_, r, c, CellText(s).c_str(), f));
  }
  void Number(lxw_row_t r, lxw_col_t c, double v, lxw_format* f = nullptr) {
    Check(worksheet_write_number(ws_, r, c, v, f));
  }
  lxw_worksheet* ws() { return ws_; }

 private:
  void Check(lxw_error e) {
    if (e != LXW_NO_ERROR && *err_ == LXW_NO_ERROR) *err_ = e;
  }
  lxw_worksheet* ws_;
  lxw_error* err_;
};

void SetOpt(Sheet& s, lxw_row_t r, lxw_col_t c, const std::optional<double>& v, lxw_format* f) {
  if (v) s.Number(r, c, *v, f);
}
void SetOpt(Sheet& s, lxw_row_t r, lxw_col_t c, const std::optional<int64_t>& v, lxw_format* f) {
  if (v) s.Number(r, c, static_cast<double>(*v), f);
}

// The Keywords sheet, for people: readable headers, the columns a
// strategist filters on first. keywords.csv keeps every machine column.
struct KeywordColumn {
  const char* head;
  double width;
};
constexpr KeywordColumn kKeywordColumns[] = {
    {"Keyword", 40},      {"Stage", 15},      {"Funnel", 9},         {"Monthly volume", 15},
    {"Volume is", 16},    {"Confidence", 11}, {"Uncertain", 10},     {"Intent", 14},
    {"Why this stage", 60}, {"Runner-up", 15}, {"Language", 9},      {"Sources", 14},
    {"CPC", 8},           {"Difficulty", 10}, {"Position", 9},       {"Clicks", 10},
    {"Impressions", 12},  {"SERP features", 24}, {"Parent topic", 30}};
constexpr lxw_col_t kKeywordCols = sizeof(kKeywordColumns) / sizeof(kKeywordColumns[0]);

class XlsxReportSink final : public ReportSink {
 public:
  explicit XlsxReportSink(lxw_row_t rows_per_sheet) : rows_per_sheet_(rows_per_sheet) {}
  std::string_view format() const override { return "xlsx"; }
  ~XlsxReportSink() override { Abandon(); }

  Status Begin(const ReportMeta& meta, const std::string& out_dir) override {
    Abandon();
    path_ = OutPath(out_dir, "report.xlsx");
    tmp_ = path_ + ".tmp." + std::to_string(::getpid());
    tmpdir_ = out_dir.empty() ? "." : out_dir;
    // libxlsxwriter only opens the file when closing, and prints its own
    // error then: check the directory first for a clear message.
    struct stat st;
    if (::stat(tmpdir_.c_str(), &st) != 0) return PosixError(tmpdir_, errno).WithContext("xlsx report: " + path_);
    if (!S_ISDIR(st.st_mode)) return Status::IoError("xlsx report: " + path_ + ": " + tmpdir_ + " is not a directory");
    StderrCapture capture;  // the library's own messages become ours
    lxw_workbook_options options = {};
    options.constant_memory = LXW_TRUE;  // rows go to a temporary file as they are written
    options.tmpdir = tmpdir_.data();
    wb_ = workbook_new_opt(tmp_.c_str(), &options);
    if (wb_ == nullptr) return Failure(capture.Stop(), "cannot create the workbook");
    err_ = LXW_NO_ERROR;
    bold_ = workbook_add_format(wb_);
    format_set_bold(bold_);
    if (!meta.branding.primary_colour.empty()) {  // headings in the brand colour
      format_set_font_color(bold_,
                            static_cast<lxw_color_t>(std::stoul(ExpandColour(meta.branding.primary_colour), nullptr, 16)));
    }
    pct_ = workbook_add_format(wb_);
    format_set_num_format(pct_, "0.0%");
    thousands_ = workbook_add_format(wb_);
    format_set_num_format(thousands_, "#,##0");
    two_ = workbook_add_format(wb_);
    format_set_num_format(two_, "0.00");
    // Sheet order in the workbook; each is filled in row order (constant memory).
    stages_ = workbook_add_worksheet(wb_, "Stages");
    keyword_sheets_.clear();
    keyword_rows_.clear();
    AddKeywordSheet("Keywords");
    seasonality_ = workbook_add_worksheet(wb_, "Seasonality");
    about_ = workbook_add_worksheet(wb_, "About");
    row_ = 1;
    if (stages_ == nullptr || keyword_sheets_.back() == nullptr || seasonality_ == nullptr || about_ == nullptr) {
      Abandon();
      return Failure(capture.Stop(), "cannot add a worksheet");
    }
    return Status::Ok();
  }

  Status Keyword(const KeywordLine& k) override {
    if (wb_ == nullptr) return Status::IoError("xlsx report: not begun");
    if (row_ >= rows_per_sheet_) {  // a sheet is full (Excel: 1,048,576 rows): go on in the next one
      keyword_rows_.back() = row_;
      StderrCapture capture;
      AddKeywordSheet("Keywords " + std::to_string(keyword_sheets_.size() + 1));
      if (keyword_sheets_.back() == nullptr) {
        keyword_sheets_.pop_back();
        keyword_rows_.pop_back();
        Abandon();
        return Failure(capture.Stop(), "cannot add a worksheet");
      }
      row_ = 1;
    }
    Sheet s(keyword_sheets_.back(), &err_);
    const lxw_row_t r = row_++;
    s.Text(r, 0, k.keyword);
    s.Text(r, 1, StageId(k.stage));
    s.Text(r, 2, FunnelId(FunnelOf(k.stage)));
    s.Number(r, 3, static_cast<double>(k.monthly_volume), thousands_);
    s.Text(r, 4, VolumeKindId(k.volume_kind));
    s.Number(r, 5, k.confidence, two_);
    if (k.uncertain()) s.Text(r, 6, "uncertain");
    s.Text(r, 7, IntentId(IntentOf(k.stage, k.navigational)));
    s.Text(r, 8, k.evidence);
    if (k.runner_up) s.Text(r, 9, StageId(*k.runner_up));
    s.Text(r, 10, LanguageId(k.lang));
    s.Text(r, 11, JoinSources(k.sources));
    SetOpt(s, r, 12, k.cpc, two_);
    SetOpt(s, r, 13, k.difficulty, nullptr);
    SetOpt(s, r, 14, k.position, two_);
    SetOpt(s, r, 15, k.clicks, thousands_);
    SetOpt(s, r, 16, k.impressions, thousands_);
    if (!k.serp_features.empty()) s.Text(r, 17, k.serp_features);
    if (!k.parent_topic.empty()) s.Text(r, 18, k.parent_topic);
    return Status::Ok();
  }

  Result<std::vector<std::string>> Finish(const ReportData& data) override {
    if (wb_ == nullptr) return Status::IoError("xlsx report: not begun");
    StderrCapture capture;  // the library prints its own [ERROR] lines, mostly while closing
    keyword_rows_.back() = row_;
    for (size_t i = 0; i < keyword_sheets_.size(); ++i) {
      worksheet_autofilter(keyword_sheets_[i], 0, 0, keyword_rows_[i] - 1, kKeywordCols - 1);
    }
    const auto stages = StagesInOrder(data);
    WriteStages(stages);
    WritePlan(data);
    if (data.comparison) WriteComparison(*data.comparison);
    if (data.coverage) WriteCoverage(*data.coverage);
    WriteSeasonality(data, stages);
    WriteAbout(data);

    // In constant-memory mode the rows went to one temporary file per sheet,
    // and libxlsxwriter does not check those writes: a full disk would give
    // a short workbook without an error. Check them before it is assembled.
    if (int e = SheetDataError(); e != 0) {
      Abandon();
      return Failure({}, std::string(std::strerror(e)) + " (writing the worksheet data)");
    }
    lxw_error close_err = workbook_close(wb_);  // frees wb_
    wb_ = nullptr;
    if (err_ == LXW_NO_ERROR) err_ = close_err;
    if (err_ != LXW_NO_ERROR) {
      std::remove(tmp_.c_str());
      return Failure(capture.Stop(), lxw_strerror(err_));
    }
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
      int e = errno;
      std::remove(tmp_.c_str());
      return PosixError(path_, e).WithContext("xlsx report");
    }
    return std::vector<std::string>{path_};
  }

 private:
  // errno of the first failed write of a sheet's temporary file, 0 when none.
  int SheetDataError() {
    lxw_worksheet* ws = nullptr;
    LXW_FOREACH_WORKSHEET(ws, wb_) {
      std::FILE* f = ws->optimize_tmpfile;
      if (f == nullptr) continue;
      errno = 0;
      if (std::fflush(f) != 0 || std::ferror(f)) return errno != 0 ? errno : EIO;
    }
    return 0;
  }

  // "xlsx report: O/report.xlsx: <the system's cause> (<what failed>); the
  // previous report.xlsx, if any, is unchanged", from the library's lines.
  Status Failure(const std::vector<std::string>& library_lines, const std::string& what) const {
    std::string cause = LibrarySystemError(library_lines);
    std::string activity = LibraryActivity(library_lines);
    if (activity.empty()) activity = what;
    std::string msg = "xlsx report: " + path_ + ": ";
    msg += cause.empty() ? activity : cause + " (" + activity + ")";  // what: "<cause> (<activity>)" or words
    return Status::IoError(msg + "; the previous report.xlsx, if any, is unchanged");
  }

  void Abandon() {
    if (wb_ == nullptr) return;
    StderrCapture capture;  // an abandoned workbook's errors are not news
    workbook_close(wb_);
    wb_ = nullptr;
    std::remove(tmp_.c_str());
  }

  // A sheet libxlsxwriter could not add (its temporary file in constant-memory mode): the error is kept.
  bool Missing(lxw_worksheet* ws) {
    if (ws == nullptr && err_ == LXW_NO_ERROR) err_ = LXW_ERROR_CREATING_TMPFILE;
    return ws == nullptr;
  }

  void AddKeywordSheet(const std::string& name) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    keyword_rows_.push_back(1);
    keyword_sheets_.push_back(ws);
    if (ws == nullptr) return;  // the caller says why
    Sheet s(ws, &err_);
    for (lxw_col_t c = 0; c < kKeywordCols; ++c) {
      s.Text(0, c, kKeywordColumns[c].head, bold_);
      worksheet_set_column(ws, c, c, kKeywordColumns[c].width, nullptr);
    }
    worksheet_freeze_panes(ws, 1, 0);
  }

  // Plan: per stage the topics with the highest priority (all topics: plan.csv);
  // Likeability moments: the five, with why.
  void WritePlan(const ReportData& data) {
    // Added last (after any Keywords 2, 3, ...), so the other sheets keep their places.
    plan_ = workbook_add_worksheet(wb_, "Plan");
    moments_ = workbook_add_worksheet(wb_, "Likeability moments");
    if (Missing(plan_) || Missing(moments_)) return;
    Sheet p(plan_, &err_);
    const char* head[] = {"stage", "cluster", "label", "monthly_volume", "keywords", "questions", "content_type",
                          "url", "priority", "peak_month", "peak_share"};
    for (lxw_col_t c = 0; c < 11; ++c) p.Text(0, c, head[c], bold_);
    worksheet_set_column(plan_, 2, 2, 32, nullptr);
    worksheet_set_column(plan_, 4, 5, 48, nullptr);
    worksheet_set_column(plan_, 6, 6, 24, nullptr);
    Sheet m(moments_, &err_);
    m.Text(0, 0, "Likeability moments", bold_);
    const char* mhead[] = {"#", "topic", "stage", "monthly_volume", "priority", "why"};
    for (lxw_col_t c = 0; c < 6; ++c) m.Text(1, c, mhead[c], bold_);
    worksheet_set_column(moments_, 1, 1, 32, nullptr);
    worksheet_set_column(moments_, 5, 5, 100, nullptr);
    if (!data.topics) return;
    const plan::Topics& topics = *data.topics;
    auto join = [](const std::vector<std::string>& v) {
      std::string out;
      for (const auto& s : v) out += (out.empty() ? "" : " | ") + s;
      return out.size() > 30000 ? out.substr(0, 30000) + " ..." : out;  // Excel cells hold 32,767 characters
    };
    lxw_row_t r = 1;
    for (Stage s : kAllStages) {
      for (uint32_t id : plan::TopTopics(topics, s, kPlanTopicsPerStage)) {
        const plan::PlanRow row = plan::MakePlanRow(topics, topics.topic(id));
        p.Text(r, 0, StageId(row.stage));
        p.Number(r, 1, row.cluster);
        p.Text(r, 2, row.label);
        p.Number(r, 3, static_cast<double>(row.monthly_volume), thousands_);
        p.Text(r, 4, join(row.keywords));
        p.Text(r, 5, join(row.questions));
        p.Text(r, 6, row.content_type);
        p.Text(r, 7, row.url.empty() ? "new" : row.url);
        p.Number(r, 8, row.priority, two_);
        if (row.peak) {  // imports with monthly figures only
          p.Text(r, 9, row.peak->month);
          p.Number(r, 10, row.peak->share(), pct_);
        }
        ++r;
      }
    }
    r = 2;
    for (const auto& mo : plan::LikeabilityMoments(topics, 5)) {
      m.Number(r, 0, r - 1);
      m.Text(r, 1, mo.label);
      m.Text(r, 2, StageId(mo.stage));
      m.Number(r, 3, static_cast<double>(mo.monthly_volume), thousands_);
      m.Number(r, 4, mo.priority, two_);
      m.Text(r, 5, mo.why);
      ++r;
    }
  }

  // "Change since last time" (report --compare): the periods, per stage and
  // per topic both periods' figures and the change, the biggest movers.
  // Added after the plan sheets, so the other sheets keep their places.
  void WriteComparison(const Comparison& c) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, "Change since last time");
    if (Missing(ws)) return;
    Sheet s(ws, &err_);
    lxw_row_t r = 0;
    s.Text(r++, 0, "Change since last time", bold_);
    s.Text(r, 0, "Before", bold_);
    s.Text(r++, 1, PeriodWords(c.before));
    s.Text(r, 0, "After", bold_);
    s.Text(r++, 1, PeriodWords(c.after));
    s.Text(r, 0, "Volume", bold_);
    s.Text(r++, 1, VolumeKindWords(c.volume_kind));
    for (const auto& n : c.notes) s.Text(r++, 1, n);
    const char* head[] = {"keywords",           "new_keywords",      "lost_keywords",     "clicks_before",
                          "clicks_after",       "clicks_change",     "impressions_before", "impressions_after",
                          "impressions_change", "volume_before",     "volume_after",      "volume_change"};
    auto totals = [&](lxw_row_t row, lxw_col_t c0, const CompareTotals& t) {
      const double v[] = {static_cast<double>(t.keywords),
                          static_cast<double>(t.new_keywords),
                          static_cast<double>(t.lost_keywords),
                          static_cast<double>(t.clicks_before),
                          static_cast<double>(t.clicks_after),
                          static_cast<double>(t.clicks_after - t.clicks_before),
                          static_cast<double>(t.impressions_before),
                          static_cast<double>(t.impressions_after),
                          static_cast<double>(t.impressions_after - t.impressions_before),
                          static_cast<double>(t.volume_before),
                          static_cast<double>(t.volume_after),
                          static_cast<double>(t.volume_after - t.volume_before)};
      for (lxw_col_t i = 0; i < 12; ++i) s.Number(row, c0 + i, v[i], thousands_);
    };
    ++r;
    s.Text(r, 0, "stage", bold_);
    s.Text(r, 1, "", bold_);
    for (lxw_col_t i = 0; i < 12; ++i) s.Text(r, 2 + i, head[i], bold_);
    ++r;
    for (Stage st : kAllStages) {
      s.Text(r, 0, StageId(st));
      totals(r++, 2, c.stages[StageIndex(st)]);
    }
    s.Text(r, 0, "total", bold_);
    totals(r++, 2, c.total);
    ++r;
    s.Text(r, 0, "topic", bold_);
    s.Text(r, 1, "label", bold_);
    for (lxw_col_t i = 0; i < 12; ++i) s.Text(r, 2 + i, head[i], bold_);
    ++r;
    for (size_t i = 0; i < c.topics.size() && i < kCompareTopicsShown; ++i) {
      s.Number(r, 0, c.topics[i].id);
      s.Text(r, 1, c.topics[i].label);
      totals(r++, 2, c.topics[i].totals);
    }
    if (c.topics.size() > kCompareTopicsShown) {
      s.Text(r++, 1, "(all " + std::to_string(c.topics.size()) + " topics in compare_topics.csv)");
    }
    for (int dir = 0; dir < 2; ++dir) {
      ++r;
      s.Text(r++, 0, dir == 0 ? "Moved up most" : "Moved down most", bold_);
      const char* mhead[] = {"keyword", "stage", "status", "clicks_before", "clicks_after", "clicks_change",
                             "impressions_before", "impressions_after", "impressions_change", "volume_before",
                             "volume_after", "volume_change"};
      for (lxw_col_t i = 0; i < 12; ++i) s.Text(r, i, mhead[i], bold_);
      ++r;
      for (uint32_t i : dir == 0 ? c.up : c.down) {
        const CompareKeyword& k = c.keywords[i];
        s.Text(r, 0, k.keyword);
        s.Text(r, 1, StageId(k.stage));
        s.Text(r, 2, k.status());
        const double v[] = {static_cast<double>(k.before.clicks),      static_cast<double>(k.after.clicks),
                            static_cast<double>(k.clicks_change()),    static_cast<double>(k.before.impressions),
                            static_cast<double>(k.after.impressions),  static_cast<double>(k.impressions_change()),
                            static_cast<double>(k.before.volume),      static_cast<double>(k.after.volume),
                            static_cast<double>(k.volume_change())};
        for (lxw_col_t j = 0; j < 9; ++j) s.Number(r, 3 + j, v[j], thousands_);
        ++r;
      }
    }
    worksheet_set_column(ws, 0, 0, 24, nullptr);
    worksheet_set_column(ws, 1, 1, 32, nullptr);
    worksheet_set_column(ws, 2, 13, 14, nullptr);
  }

  // "Site coverage" (a crawled site): per stage keywords and volume covered
  // vs gap, the cannibalised keywords, the biggest gaps. Added after the
  // other sheets, so they keep their places.
  void WriteCoverage(const CoverageSummary& c) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, "Site coverage");
    if (Missing(ws)) return;
    Sheet s(ws, &err_);
    lxw_row_t r = 0;
    s.Text(r++, 0, "Site coverage", bold_);
    s.Text(r++, 0, CoverageSentence(c));
    ++r;
    const char* head[] = {"stage", "covered_keywords", "gap_keywords", "covered_volume", "gap_volume",
                          "cannibalised_keywords"};
    for (lxw_col_t i = 0; i < 6; ++i) s.Text(r, i, head[i], bold_);
    ++r;
    for (Stage st : kAllStages) {
      const CoverageStage& cs = c.stages[StageIndex(st)];
      s.Text(r, 0, StageId(st));
      s.Number(r, 1, static_cast<double>(cs.covered_keywords), thousands_);
      s.Number(r, 2, static_cast<double>(cs.gap_keywords), thousands_);
      s.Number(r, 3, static_cast<double>(cs.covered_volume), thousands_);
      s.Number(r, 4, static_cast<double>(cs.gap_volume), thousands_);
      s.Number(r, 5, static_cast<double>(cs.cannibalised_keywords), thousands_);
      ++r;
    }
    ++r;
    s.Text(r++, 0, "The biggest gaps", bold_);
    const char* ghead[] = {"keyword", "stage", "monthly_volume", "nearest_url", "score"};
    for (lxw_col_t i = 0; i < 5; ++i) s.Text(r, i, ghead[i], bold_);
    ++r;
    for (const CoverageGap& g : c.top_gaps) {
      s.Text(r, 0, g.keyword);
      s.Text(r, 1, StageId(g.stage));
      s.Number(r, 2, static_cast<double>(g.monthly_volume), thousands_);
      s.Text(r, 3, g.nearest_url);
      if (!g.nearest_url.empty()) s.Number(r, 4, g.score, two_);
      ++r;
    }
    worksheet_set_column(ws, 0, 0, 28, nullptr);
    worksheet_set_column(ws, 1, 2, 16, nullptr);
    worksheet_set_column(ws, 3, 3, 48, nullptr);
    worksheet_set_column(ws, 4, 5, 16, nullptr);
  }

  void WriteStages(const std::array<StageLine, kNumStages>& stages) {
    Sheet s(stages_, &err_);
    const char* head[] = {"stage",          "dutch_name",         "funnel",          "keywords",
                          "monthly_volume", "volume_share",       "uncertain_keywords", "uncertain_volume",
                          "uncertain_share"};
    for (lxw_col_t c = 0; c < 9; ++c) s.Text(0, c, head[c], bold_);
    lxw_row_t r = 1;
    for (const auto& st : stages) {
      s.Text(r, 0, StageId(st.stage));
      s.Text(r, 1, StageDutchName(st.stage));
      s.Text(r, 2, FunnelId(FunnelOf(st.stage)));
      s.Number(r, 3, static_cast<double>(st.keywords));
      s.Number(r, 4, static_cast<double>(st.monthly_volume), thousands_);
      s.Number(r, 5, st.volume_share, pct_);
      s.Number(r, 6, static_cast<double>(st.uncertain_keywords));
      s.Number(r, 7, static_cast<double>(st.uncertain_volume), thousands_);
      s.Number(r, 8, st.monthly_volume > 0 ? static_cast<double>(st.uncertain_volume) / st.monthly_volume : 0.0, pct_);
      ++r;
    }
    worksheet_set_column(stages_, 0, 2, 20, nullptr);
    worksheet_set_column(stages_, 3, 8, 16, nullptr);
    worksheet_freeze_panes(stages_, 1, 0);
    lxw_chart* chart = workbook_add_chart(wb_, LXW_CHART_COLUMN);
    lxw_chart_series* series = chart_add_series(chart, "=Stages!$A$2:$A$11", "=Stages!$E$2:$E$11");
    chart_series_set_name(series, "Monthly volume");
    chart_title_set_name(chart, "Search volume per stage (funnel order)");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    worksheet_insert_chart(stages_, 1, 10, chart);
  }

  void WriteSeasonality(const ReportData& data, const std::array<StageLine, kNumStages>& stages) {
    Sheet s(seasonality_, &err_);
    const auto months = Months(data);
    s.Text(0, 0, "stage", bold_);
    for (size_t i = 0; i < months.size(); ++i) s.Text(0, static_cast<lxw_col_t>(i + 1), months[i], bold_);
    lxw_row_t r = 1;
    for (const auto& st : stages) {
      s.Text(r, 0, StageId(st.stage));
      for (size_t i = 0; i < months.size(); ++i) {
        auto it = st.monthly.find(months[i]);
        s.Number(r, static_cast<lxw_col_t>(i + 1), static_cast<double>(it == st.monthly.end() ? 0 : it->second),
                 thousands_);
      }
      ++r;
    }
    worksheet_set_column(seasonality_, 0, 0, 20, nullptr);
    if (months.empty()) {
      s.Text(r + 1, 0, "No monthly search volumes in the imported data.");
      return;
    }
    lxw_chart* chart = workbook_add_chart(wb_, LXW_CHART_LINE);
    const lxw_col_t last = static_cast<lxw_col_t>(months.size());
    for (lxw_row_t row = 1; row <= kNumStages; ++row) {
      if (stages[row - 1].monthly.empty()) continue;
      lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
      chart_series_set_categories(series, "Seasonality", 0, 1, 0, last);
      chart_series_set_values(series, "Seasonality", row, 1, row, last);
      chart_series_set_name_range(series, "Seasonality", row, 0);
    }
    chart_title_set_name(chart, "Monthly searches per stage");
    worksheet_insert_chart(seasonality_, kNumStages + 2, 0, chart);
  }

  void WriteAbout(const ReportData& data) {
    Sheet s(about_, &err_);
    lxw_row_t r = 0;
    const Branding& brand = data.meta.branding;
    if (!brand.agency.empty()) {
      s.Text(r, 0, "Prepared by", bold_);
      s.Text(r++, 1, brand.agency);
    }
    if (!brand.logo.empty() && brand.logo_mime != "image/svg+xml") {  // Excel images: PNG, JPEG
      lxw_image_options opt = {};
      opt.x_scale = opt.y_scale = 0.5;
      worksheet_insert_image_buffer_opt(about_, r, 3, reinterpret_cast<const unsigned char*>(brand.logo.data()),
                                        brand.logo.size(), &opt);
    }
    s.Text(r++, 0, Title(data.meta), bold_);
    for (const auto& [label, value] : MetaRows(data.meta)) {
      s.Text(r, 0, label, bold_);
      s.Text(r, 1, value);
      ++r;
    }
    s.Text(r, 0, "Keywords", bold_);
    s.Number(r, 1, static_cast<double>(data.keyword_count));
    ++r;
    s.Text(r, 0, "Uncertain stage", bold_);
    s.Text(r, 1, UncertainSentence(data));
    ++r;
    if (data.impression_keywords > 0) {
      s.Text(r++, 0, "Volumes marked gsc_impressions are Search Console impressions over the export's period, "
                     "not monthly searches.");
    }
    if (keyword_sheets_.size() > 1) {
      s.Text(r++, 0, "More keywords than one sheet holds (" + std::to_string(rows_per_sheet_ - 1) +
                         " rows): they go on in the sheets Keywords 2 to Keywords " +
                         std::to_string(keyword_sheets_.size()) + ", in the same order.");
    }
    worksheet_set_column(about_, 0, 0, 22, nullptr);
    worksheet_set_column(about_, 1, 1, 60, nullptr);
  }

  // "#abc" -> "aabbcc", "#a1b2c3" -> "a1b2c3" (checked by MakeBranding).
  static std::string ExpandColour(const std::string& c) {
    if (c.size() == 4) return std::string{c[1], c[1], c[2], c[2], c[3], c[3]};
    return c.substr(1);
  }

  lxw_workbook* wb_ = nullptr;
  lxw_worksheet* stages_ = nullptr;
  lxw_worksheet* plan_ = nullptr;
  lxw_worksheet* moments_ = nullptr;
  std::vector<lxw_worksheet*> keyword_sheets_;  // Keywords, Keywords 2, ...
  std::vector<lxw_row_t> keyword_rows_;         // rows used in each (header included)
  lxw_worksheet* seasonality_ = nullptr;
  lxw_worksheet* about_ = nullptr;
  lxw_format* bold_ = nullptr;
  lxw_format* pct_ = nullptr;
  lxw_format* thousands_ = nullptr;
  lxw_format* two_ = nullptr;
  lxw_error err_ = LXW_NO_ERROR;
  lxw_row_t rows_per_sheet_;
  lxw_row_t row_ = 1;
  std::string path_, tmp_, tmpdir_;
};

}  // namespace

std::unique_ptr<ReportSink> NewXlsxSink(uint32_t rows_per_sheet) {
  return std::make_unique<XlsxReportSink>(rows_per_sheet == 0 ? kMaxRows : rows_per_sheet);
}

}  // namespace kr::reports::internal
