// A process-wide stop request: the CLI's SIGINT/SIGTERM handler sets it
// (cli/interrupt.h), long work (import, report, serp fetch, crawl) polls it
// between rows, keywords or pages and ends early, keeping what it committed.
#pragma once

#include <signal.h>

#include <atomic>

namespace kr {

// The flag itself (for APIs that take a `const std::atomic<bool>*`).
std::atomic<bool>& StopFlag();
inline bool StopRequested() { return StopFlag().load(std::memory_order_relaxed); }
// The signal that asked to stop (SIGINT, SIGTERM), 0 when none or set otherwise.
int StopSignal();
// Async-signal-safe: sets the flag and remembers `signo`.
void RequestStop(int signo);
// Clears the flag (tests; a command that starts afresh).
void ClearStop();

// Installs `handler` for SIGINT and SIGTERM while it lives (`flags`:
// sigaction's sa_flags, e.g. SA_RESETHAND), then restores the previous ones.
class StopSignalHandlers {
 public:
  StopSignalHandlers(void (*handler)(int), int flags);
  ~StopSignalHandlers();
  StopSignalHandlers(const StopSignalHandlers&) = delete;
  StopSignalHandlers& operator=(const StopSignalHandlers&) = delete;
  // The disposition before (SIGINT or SIGTERM).
  const struct sigaction& previous(int signo) const { return signo == SIGINT ? old_int_ : old_term_; }

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

}  // namespace kr
