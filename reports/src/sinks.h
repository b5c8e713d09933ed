// Internal: one ReportSink per output format (named by mechanism), created
// by MakeSink (sink_factory.cc).
#pragma once

#include <cstdint>
#include <memory>

#include "klantreis/reports/report.h"

namespace kr::reports::internal {

// stages.csv, keywords.csv, seasonality.csv; `excel`: BOM and the market's separators.
std::unique_ptr<ReportSink> NewCsvSink(bool excel = false);
std::unique_ptr<ReportSink> NewMarkdownSink();  // report.md
std::unique_ptr<ReportSink> NewJsonSink();      // report.json
std::unique_ptr<ReportSink> NewHtmlSink();      // report.html
// report.xlsx; rows_per_sheet (header included, 0 = Excel's 1,048,576) for tests.
std::unique_ptr<ReportSink> NewXlsxSink(uint32_t rows_per_sheet = 0);

// out_dir + "/" + name.
std::string OutPath(const std::string& out_dir, const std::string& name);

// IoError naming the directory when out_dir is not an existing directory.
Status CheckOutDir(const std::string& out_dir);

// A sink that only reads the summary (Markdown, HTML): Begin remembers the
// directory, Keyword ignores the keyword.
class SummarySink : public ReportSink {
 public:
  Status Begin(const ReportMeta& meta, const std::string& out_dir) override {
    out_dir_ = out_dir;
    return CheckOutDir(out_dir);
  }
  Status Keyword(const KeywordLine&) override { return Status::Ok(); }

 protected:
  std::string out_dir_;
};

}  // namespace kr::reports::internal
