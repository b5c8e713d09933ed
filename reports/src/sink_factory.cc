#include <filesystem>
#include <string>

#include "klantreis/reports/report.h"
#include "sinks.h"

namespace kr::reports {

namespace internal {
std::string OutPath(const std::string& out_dir, const std::string& name) {
  if (out_dir.empty()) return name;
  return out_dir.back() == '/' ? out_dir + name : out_dir + "/" + name;
}

Status CheckOutDir(const std::string& out_dir) {
  std::error_code ec;
  const std::string dir = out_dir.empty() ? "." : out_dir;
  if (!std::filesystem::is_directory(dir, ec)) return Status::IoError(dir + ": no such directory");
  return Status::Ok();
}
}  // namespace internal

std::vector<std::string> SinkFormats() { return {"csv", "md", "json", "html", "xlsx"}; }

Result<std::unique_ptr<ReportSink>> MakeSink(std::string_view format) { return MakeSink(format, SinkOptions{}); }

Result<std::unique_ptr<ReportSink>> MakeSink(std::string_view format, const SinkOptions& options) {
  if (format == "csv") {
    if (options.csv_dialect == "standard") return internal::NewCsvSink(false);
    if (options.csv_dialect == "excel") return internal::NewCsvSink(true);
    return Status::InvalidArgument("unknown CSV dialect '" + options.csv_dialect + "' (known: standard, excel)");
  }
  if (format == "md" || format == "markdown") return internal::NewMarkdownSink();
  if (format == "json") return internal::NewJsonSink();
  if (format == "html") return internal::NewHtmlSink();
  if (format == "xlsx") return internal::NewXlsxSink();
  std::string known;
  for (const auto& f : SinkFormats()) known += (known.empty() ? "" : ", ") + f;
  return Status::InvalidArgument("unknown report format '" + std::string(format) + "' (known: " + known + ")");
}

}  // namespace kr::reports
