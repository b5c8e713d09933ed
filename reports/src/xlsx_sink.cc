// XlsxReportSink: report.xlsx via libxlsxwriter, sheets "Stages",
// "Keywords", "Seasonality" and "About" (the metadata). Text cells are
// written with worksheet_write_string after kr::NeutraliseFormula (never as
// formulas), numbers as numbers. Written to a temporary name in out_dir and
// renamed, so a reader never sees half a workbook. constant_memory mode
// keeps memory flat for large keyword lists.
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstdio>

#include "klantreis/core/text.h"
#include "report_common.h"
#include "sinks.h"

namespace kr::reports::internal {
namespace {

constexpr size_t kMaxCellBytes = 32767;  // Excel's limit for a text cell
constexpr lxw_row_t kMaxRows = 1048576;

// Valid UTF-8, formula-neutralised, cut (at a character boundary) to what a cell holds.
std::string CellText(std::string_view s) {
  std::string t = NeutraliseFormula(SanitizeUtf8(s));
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

class XlsxReportSink final : public ReportSink {
 public:
  std::string_view format() const override { return "xlsx"; }

  Result<std::vector<std::string>> Write(const ReportData& data, const std::string& out_dir) override {
    const std::string path = OutPath(out_dir, "report.xlsx");
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    std::string tmpdir = out_dir.empty() ? "." : out_dir;
    // libxlsxwriter only opens the file when closing, and prints its own
    // error then: check the directory first for a clear message.
    struct stat st;
    if (::stat(tmpdir.c_str(), &st) != 0) return PosixError(tmpdir, errno).WithContext("xlsx report: " + path);
    if (!S_ISDIR(st.st_mode)) return Status::IoError("xlsx report: " + path + ": " + tmpdir + " is not a directory");
    lxw_workbook_options options = {};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = tmpdir.data();
    lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &options);
    if (wb == nullptr) return Status::IoError("xlsx report: " + tmp + ": cannot create workbook");

    lxw_error err = LXW_NO_ERROR;
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* pct = workbook_add_format(wb);
    format_set_num_format(pct, "0.0%");
    lxw_format* thousands = workbook_add_format(wb);
    format_set_num_format(thousands, "#,##0");
    lxw_format* two = workbook_add_format(wb);
    format_set_num_format(two, "0.00");

    const auto stages = StagesInOrder(data);
    {
      Sheet s(workbook_add_worksheet(wb, "Stages"), &err);
      const char* head[] = {"stage", "dutch_name", "funnel", "keywords", "monthly_volume", "volume_share"};
      for (lxw_col_t c = 0; c < 6; ++c) s.Text(0, c, head[c], bold);
      lxw_row_t r = 1;
      for (const auto& st : stages) {
        s.Text(r, 0, StageId(st.stage));
        s.Text(r, 1, StageDutchName(st.stage));
        s.Text(r, 2, FunnelId(FunnelOf(st.stage)));
        s.Number(r, 3, static_cast<double>(st.keywords));
        s.Number(r, 4, static_cast<double>(st.monthly_volume), thousands);
        s.Number(r, 5, st.volume_share, pct);
        ++r;
      }
      worksheet_set_column(s.ws(), 0, 2, 20, nullptr);
      worksheet_set_column(s.ws(), 3, 5, 16, nullptr);
      worksheet_freeze_panes(s.ws(), 1, 0);
    }

    bool truncated = false;
    {
      Sheet s(workbook_add_worksheet(wb, "Keywords"), &err);
      const char* head[] = {"keyword",       "lang",   "stage",  "funnel",       "monthly_volume",
                            "confidence",    "volume_source", "intent", "stage5", "navigational",
                            "runner_up",     "evidence", "sources"};
      constexpr lxw_col_t kCols = sizeof(head) / sizeof(head[0]);
      for (lxw_col_t c = 0; c < kCols; ++c) s.Text(0, c, head[c], bold);
      worksheet_set_column(s.ws(), 0, 0, 40, nullptr);
      worksheet_set_column(s.ws(), 1, 10, 14, nullptr);
      worksheet_set_column(s.ws(), 11, 11, 60, nullptr);
      worksheet_freeze_panes(s.ws(), 1, 0);
      lxw_row_t r = 1;
      for (const KeywordLine& k : data.keywords) {
        if (r >= kMaxRows) {
          truncated = true;
          break;
        }
        s.Text(r, 0, k.keyword);
        s.Text(r, 1, LanguageId(k.lang));
        s.Text(r, 2, StageId(k.stage));
        s.Text(r, 3, FunnelId(FunnelOf(k.stage)));
        s.Number(r, 4, static_cast<double>(k.monthly_volume), thousands);
        s.Number(r, 5, k.confidence, two);
        s.Text(r, 6, VolumeKindId(k.volume_kind));
        s.Text(r, 7, IntentId(IntentOf(k.stage, k.navigational)));
        s.Text(r, 8, Stage5Id(Stage5Of(k.stage)));
        s.Text(r, 9, k.navigational ? "true" : "false");
        s.Text(r, 10, k.runner_up ? StageId(*k.runner_up) : "");
        s.Text(r, 11, k.evidence);
        s.Text(r, 12, JoinSources(k.sources));
        ++r;
      }
      worksheet_autofilter(s.ws(), 0, 0, r - 1, kCols - 1);
    }

    {
      Sheet s(workbook_add_worksheet(wb, "Seasonality"), &err);
      const auto months = Months(data);
      s.Text(0, 0, "stage", bold);
      for (size_t i = 0; i < months.size(); ++i) s.Text(0, static_cast<lxw_col_t>(i + 1), months[i], bold);
      lxw_row_t r = 1;
      for (const auto& st : stages) {
        s.Text(r, 0, StageId(st.stage));
        for (size_t i = 0; i < months.size(); ++i) {
          auto it = st.monthly.find(months[i]);
          s.Number(r, static_cast<lxw_col_t>(i + 1), static_cast<double>(it == st.monthly.end() ? 0 : it->second),
                   thousands);
        }
        ++r;
      }
      if (months.empty()) s.Text(r + 1, 0, "No monthly search volumes in the imported data.");
      worksheet_set_column(s.ws(), 0, 0, 20, nullptr);
    }

    {
      Sheet s(workbook_add_worksheet(wb, "About"), &err);
      lxw_row_t r = 0;
      s.Text(r++, 0, Title(data.meta), bold);
      for (const auto& [label, value] : MetaRows(data.meta)) {
        s.Text(r, 0, label, bold);
        s.Text(r, 1, value);
        ++r;
      }
      s.Text(r, 0, "Keywords", bold);
      s.Number(r, 1, static_cast<double>(data.keywords.size()));
      ++r;
      if (truncated) {
        s.Text(r++, 0, "The Keywords sheet holds the first 1,048,575 keywords (Excel's row limit); keywords.csv has all.");
      }
      worksheet_set_column(s.ws(), 0, 0, 22, nullptr);
      worksheet_set_column(s.ws(), 1, 1, 60, nullptr);
    }

    lxw_error close_err = workbook_close(wb);  // frees wb
    if (err == LXW_NO_ERROR) err = close_err;
    if (err != LXW_NO_ERROR) {
      std::remove(tmp.c_str());
      return Status::IoError("xlsx report: " + path + ": " + lxw_strerror(err));
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
      int e = errno;
      std::remove(tmp.c_str());
      return PosixError(path, e).WithContext("xlsx report");
    }
    return std::vector<std::string>{path};
  }
};

}  // namespace

std::unique_ptr<ReportSink> NewXlsxSink() { return std::make_unique<XlsxReportSink>(); }

}  // namespace kr::reports::internal
