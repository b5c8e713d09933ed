// Internal: a report's files are written into a staging directory inside
// the output folder, OUT/.klantreis-report.tmp.PID/, and moved onto their
// names only once every format was written: the folder holds the previous
// report or the new one, never a mix. An interrupt (kr::StopRequested) or
// a failing sink removes the staging directory and replaces nothing.
#pragma once

#include <string>
#include <vector>

#include "klantreis/app/project.h"
#include "klantreis/app/report_builder.h"
#include "klantreis/core/status.h"

namespace kr::app::internal {

class ReportStaging {
 public:
  // Creates the staging directory (and out_dir when missing); removes the
  // staging directories of klantreis processes that no longer run.
  static Result<ReportStaging> Begin(const std::string& out_dir);
  ReportStaging(ReportStaging&& o) noexcept
      : out_(std::move(o.out_)), dir_(std::move(o.dir_)), linked_(std::move(o.linked_)) {
    o.dir_.clear();
  }
  ReportStaging& operator=(ReportStaging&&) = delete;
  ~ReportStaging();  // removes the staging directory when not published

  const std::string& dir() const { return dir_; }
  // Moves the staged files named in *written onto their names in out_dir,
  // with SIGINT/SIGTERM held off until the last one was moved, and rewrites
  // *written to the final paths. Aborted (nothing moved) when a stop was
  // requested before.
  Status Publish(std::vector<std::string>* written);
  // `s` with the staging directory in its message replaced by out_dir.
  Status Unstaged(const Status& s) const;

 private:
  ReportStaging(std::string out, std::string dir) : out_(std::move(out)), dir_(std::move(dir)) {}
  std::string out_, dir_;
  std::vector<std::string> linked_;  // out_dir's files, hard-linked into dir_ by Begin
};

// The report itself (report_builder.cc), into `dir` as it is given.
Result<reports::ReportData> WriteReportFiles(Project& project, const std::string& dir,
                                             const std::vector<std::string>& formats,
                                             std::vector<std::string>* written, Progress* progress,
                                             const reports::SinkOptions& sink_options, const CompareSpec& compare);

}  // namespace kr::app::internal
