#include "report_staging.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include "klantreis/core/interrupt.h"

namespace fs = std::filesystem;

namespace kr::app {
namespace internal {
namespace {

constexpr std::string_view kStagingPrefix = ".klantreis-report.tmp.";

std::atomic<int> g_held_signal{0};
extern "C" void HoldSignal(int signo) {
  g_held_signal.store(signo);
  kr::RequestStop(signo);
}

// SIGINT and SIGTERM only set the stop request while it lives; one that came
// is delivered again with the previous disposition when it ends, so a
// process without a handler still ends, after the last file was moved.
class HoldSignals {
 public:
  HoldSignals() { handlers_.emplace((g_held_signal.store(0), &HoldSignal), 0); }
  ~HoldSignals() {
    const int held = g_held_signal.exchange(0);
    void (*before)(int) = nullptr;
    if (held != 0) before = handlers_->previous(held).sa_handler;
    handlers_.reset();  // the previous dispositions are back
    if (held == 0) return;
    if (before == SIG_DFL) ::raise(held);
    else if (before != SIG_IGN) kr::RequestStop(held);
  }

 private:
  std::optional<StopSignalHandlers> handlers_;
};

bool ProcessGone(const std::string& pid_text) {
  if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos || pid_text.size() > 9) {
    return false;
  }
  const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
  return pid > 0 && pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH;
}

}  // namespace

Status ReportStaging::Unstaged(const Status& s) const {
  if (s.ok() || dir_.empty()) return s;
  std::string msg = s.message();
  const std::string staged = dir_ + "/";
  const std::string out = out_.back() == '/' ? out_ : out_ + "/";
  for (size_t at = msg.find(staged); at != std::string::npos; at = msg.find(staged, at + out.size())) {
    msg.replace(at, staged.size(), out);
  }
  for (size_t at = msg.find(dir_); at != std::string::npos; at = msg.find(dir_, at + out_.size())) {
    msg.replace(at, dir_.size(), out_);
  }
  using C = Status::Code;
  switch (s.code()) {
    case C::kInvalidArgument: return Status::InvalidArgument(msg);
    case C::kNotFound: return Status::NotFound(msg);
    case C::kCorruption: return Status::Corruption(msg);
    case C::kParseError: return Status::ParseError(msg);
    case C::kBusy: return Status::Busy(msg);
    case C::kUnavailable: return Status::Unavailable(msg);
    case C::kAborted: return Status::Aborted(msg);
    default: return Status::IoError(msg);
  }
}

Result<ReportStaging> ReportStaging::Begin(const std::string& out_dir) {
  const std::string out = out_dir.empty() ? "." : out_dir;
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return Status::IoError(out + ": " + ec.message());
  for (const auto& e : fs::directory_iterator(out, ec)) {  // left by a killed report
    const std::string name = e.path().filename().string();
    if (name.rfind(kStagingPrefix, 0) == 0 && ProcessGone(name.substr(kStagingPrefix.size()))) {
      std::error_code rm;
      fs::remove_all(e.path(), rm);
    }
  }
  std::string dir = (fs::path(out) / (std::string(kStagingPrefix) + std::to_string(::getpid()))).string();
  fs::remove_all(dir, ec);
  if (!fs::create_directory(dir, ec) || ec) {
    return Status::IoError(out + ": cannot create the staging directory " + dir + ": " +
                           (ec ? ec.message() : std::string("exists")));
  }
  // The staging folder starts as a view of out_dir (hard links of its files),
  // so a format that removes a file of an earlier report (compare*.csv,
  // seasonality.csv) removes it here, and Publish removes it from out_dir.
  ReportStaging staging(out, dir);
  for (const auto& e : fs::directory_iterator(out, ec)) {
    std::error_code fe;
    if (!e.is_regular_file(fe)) continue;
    const std::string name = e.path().filename().string();
    if (::link(e.path().c_str(), (fs::path(dir) / name).c_str()) == 0) staging.linked_.push_back(name);
  }
  return staging;
}

ReportStaging::~ReportStaging() {
  if (dir_.empty()) return;
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

Status ReportStaging::Publish(std::vector<std::string>* written) {
  if (kr::StopRequested()) return Status::Aborted("stopped before any file was replaced");
  const std::string prefix = dir_ + "/";
  Status st;
  {
    HoldSignals hold;
    for (const std::string& name : linked_) {  // removed by a format: it goes from out_dir too
      std::error_code ec;
      if (!fs::exists(fs::path(dir_) / name, ec) && !ec) fs::remove(fs::path(out_) / name, ec);
    }
    for (std::string& path : *written) {
      if (path.rfind(prefix, 0) != 0) continue;
      std::string final_path = (fs::path(out_) / path.substr(prefix.size())).string();
      if (::rename(path.c_str(), final_path.c_str()) != 0) {
        st = PosixError(final_path, errno).WithContext("report");
        break;
      }
      path = std::move(final_path);
    }
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
  dir_.clear();
  return st;
}

}  // namespace internal

Result<reports::ReportData> WriteProjectReport(Project& project, const std::string& out_dir,
                                               const std::vector<std::string>& formats,
                                               std::vector<std::string>* written, Progress* progress,
                                               const reports::SinkOptions& sink_options,
                                               const CompareSpec& compare) {
  for (const auto& f : formats) {  // a bad format creates nothing
    auto sink = reports::MakeSink(f, sink_options);
    if (!sink.ok()) return sink.status();
  }
  auto staging = internal::ReportStaging::Begin(out_dir);
  if (!staging.ok()) return staging.status();
  std::vector<std::string> staged;
  auto data = internal::WriteReportFiles(project, staging->dir(), formats, &staged, progress, sink_options, compare);
  if (!data.ok()) return staging->Unstaged(data.status());  // errors name the final paths
  KR_RETURN_IF_ERROR(staging->Publish(&staged));
  written->insert(written->end(), staged.begin(), staged.end());
  return data;
}

}  // namespace kr::app
