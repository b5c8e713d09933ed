// Progress of long work (import, report, serp, crawl, batch) on stderr.
//
// On a terminal: one line rewritten in place ("\r") at most every 200 ms
// with the count, the rate and, when the total is known, the share done and
// the time left. Otherwise (a pipe, a log file, CI): one plain line every
// few seconds. Work that ends before the first line is due prints nothing,
// so short runs stay silent. Quiet prints nothing. Thread-safe: several
// threads may call Add/Set; printing happens on whichever thread is due.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>

namespace kr {

class Progress {
 public:
  enum class Mode { kAuto, kTerminal, kLines, kQuiet };
  using Clock = std::chrono::steady_clock;

  struct Options {
    Mode mode = Mode::kAuto;            // kAuto: kTerminal when `out` is a tty, else kLines
    std::FILE* out = stderr;
    std::chrono::milliseconds terminal_every{200};
    std::chrono::milliseconds lines_every{5000};
    std::function<Clock::time_point()> now;  // for tests; default Clock::now
  };

  // `what` names the work ("import keywords.csv"), `unit` the counted thing
  // ("rows"); total 0 = unknown.
  Progress(std::string what, std::string unit, uint64_t total, Options options);
  Progress(std::string what, std::string unit, uint64_t total = 0);
  ~Progress();  // Finish()
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void Add(uint64_t n);       // n more units done
  void Set(uint64_t done);    // done units so far
  void SetTotal(uint64_t total);
  // Ends the line with the count and the elapsed time, when a line was
  // printed before.
  void Finish();

  // A line about the next phase of long work ("writing report.xlsx"),
  // printed only when progress was shown before (short work stays silent).
  void Note(const std::string& text);

  uint64_t done() const { return done_.load(std::memory_order_relaxed); }
  Mode mode() const { return mode_; }

  // "1,234,567"
  static std::string Thousands(uint64_t n);
  // The line printed for `done` of `total` after `seconds` (no "\r", no newline).
  static std::string Line(const std::string& what, const std::string& unit, uint64_t done, uint64_t total,
                          double seconds);

 private:
  void MaybePrint(bool final);

  std::string what_, unit_;
  std::atomic<uint64_t> done_{0};
  std::atomic<uint64_t> total_{0};
  Options options_;
  Mode mode_;
  Clock::time_point start_;
  std::atomic<int64_t> next_due_ns_{0};
  std::mutex print_mu_;
  bool printed_ = false;
  bool finished_ = false;
  size_t last_width_ = 0;
};

// The options for a command: quiet when asked, else the mode from the
// KLANTREIS_PROGRESS environment variable (never|lines|tty; default auto)
// and, for line mode, the interval from KLANTREIS_PROGRESS_MS.
Progress::Options ProgressOptions(bool quiet);

}  // namespace kr
