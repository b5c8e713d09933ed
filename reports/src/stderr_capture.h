// Internal: libxlsxwriter prints its own "[ERROR] ..." and "[WARNING]: ..."
// lines to stderr. While a StderrCapture lives, fd 2 is a pipe read by a
// thread that passes every other line (another thread's progress, say) on to
// the real stderr at once and keeps the library's lines, so the caller can
// turn them into klantreis's own one-line message. One capture at a time per
// process (a mutex); one nested on the same thread does nothing (its lines go
// to the outer one). The destructor restores fd 2.
#pragma once

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kr::reports::internal {

class StderrCapture {
 public:
  StderrCapture();
  ~StderrCapture();
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;

  // Restores fd 2 (idempotent) and returns the library's lines kept.
  const std::vector<std::string>& Stop();

 private:
  void Forward();
  std::unique_lock<std::mutex> lock_;
  int saved_ = -1;  // the real stderr
  int read_ = -1;   // the pipe's read end
  std::thread reader_;
  std::vector<std::string> kept_;
  bool stopped_ = false;
};

// The cause libxlsxwriter gave in its kept lines ("System error = File too
// large" -> "File too large"), or "" when none.
std::string LibrarySystemError(const std::vector<std::string>& lines);
// What the library was doing in its first kept line, in words ("creating the
// file", "zipping the workbook"), or "" when unknown.
std::string LibraryActivity(const std::vector<std::string>& lines);

}  // namespace kr::reports::internal
