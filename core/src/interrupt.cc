#include "klantreis/core/interrupt.h"

namespace kr {
namespace {
std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "set from a signal handler");
}  // namespace

std::atomic<bool>& StopFlag() { return g_stop; }
int StopSignal() { return g_signal.load(std::memory_order_relaxed); }
void RequestStop(int signo) {
  g_signal.store(signo, std::memory_order_relaxed);
  g_stop.store(true, std::memory_order_relaxed);
}
void ClearStop() {
  g_signal.store(0, std::memory_order_relaxed);
  g_stop.store(false, std::memory_order_relaxed);
}

StopSignalHandlers::StopSignalHandlers(void (*handler)(int), int flags) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int_);
  sigaction(SIGTERM, &sa, &old_term_);
}

StopSignalHandlers::~StopSignalHandlers() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

}  // namespace kr
