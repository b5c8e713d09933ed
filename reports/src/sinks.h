// Internal: one ReportSink per output format (named by mechanism), created
// by MakeSink (sink_factory.cc).
#pragma once

#include <memory>

#include "klantreis/reports/report.h"

namespace kr::reports::internal {

std::unique_ptr<ReportSink> NewCsvSink();       // stages.csv, keywords.csv, seasonality.csv
std::unique_ptr<ReportSink> NewMarkdownSink();  // report.md
std::unique_ptr<ReportSink> NewJsonSink();      // report.json
std::unique_ptr<ReportSink> NewHtmlSink();      // report.html
std::unique_ptr<ReportSink> NewXlsxSink();      // report.xlsx

// out_dir + "/" + name.
std::string OutPath(const std::string& out_dir, const std::string& name);

}  // namespace kr::reports::internal
